#!/usr/bin/env bash
# Install what is missing, quickly when nothing is: Debian packages, .venv, the package and its pins.
# Sourced by the README's commands; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
  libcairo2-dev libpango1.0-dev pkg-config ffmpeg          # manim's Cairo/Pango renderer and encoder
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm  # MathTex (standalone.cls)
  fonts-nanum fonts-dejavu-core                            # Korean and Latin text (a missing font draws boxes)
  chromium firefox-esr                                     # the HTML deck's browser tests
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  python3 -m venv .venv
fi
# Reinstall only when the pins changed since the last install.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setup: installing the package and its pinned dependencies into .venv" >&2
  # pip's own exit status decides; only its noise about this machine's extra indexes is filtered
  .venv/bin/python -m pip install -q --upgrade pip 2> >(grep -v "is ignored" >&2)
  .venv/bin/python -m pip install -q -e ".[dev,bench,cluster,notebook]" 2> >(grep -v "is ignored" >&2)
  .venv/bin/python -c "import engine, lecture.cli, manim, torch"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
