"""Where recordings live and how they are keyed: a hash of config + schema + torch version."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import torch

from .experiments import ExperimentConfig
from .recording import SCHEMA_VERSION

__all__ = ["media_dir", "recordings_dir", "cache_key", "cache_path"]


def media_dir() -> Path:
    """``$LECTURE_MEDIA_DIR`` or ``./media`` (manim.cfg writes under the same folder)."""
    return Path(os.environ.get("LECTURE_MEDIA_DIR") or "media")


def recordings_dir(root: str | os.PathLike | None = None) -> Path:
    return Path(root) / "recordings" if root is not None else media_dir() / "recordings"


def cache_key(cfg: ExperimentConfig) -> str:
    blob = json.dumps(
        {"config": cfg.to_dict(), "schema": SCHEMA_VERSION, "torch": torch.__version__},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def cache_path(cfg: ExperimentConfig, root: str | os.PathLike | None = None) -> Path:
    return recordings_dir(root) / cfg.lecture / f"{cfg.name}-{cache_key(cfg)}.safetensors"
