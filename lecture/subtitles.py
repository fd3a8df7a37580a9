"""Subtitles and chapters of a clip, from the beats its part recorded while it played.

A part scene writes its beats (``scenes.common.beats``): when each beat starts and ends, and each
sentence on screen with the times it appears and leaves. From that record:

- :func:`webvtt_text`: a WebVTT file (webvtt-py writes it), one cue per sentence, timed to when
  it is on screen;
- :func:`chapters_metadata`: an FFmpeg metadata file with one chapter per beat, named by the
  beat's first sentence;
- :func:`embed`: the clip with both inside it, a ``mov_text`` subtitle track in the clip's language
  and the chapters, remuxed without re-encoding the video (ffprobe lists them).
"""

from __future__ import annotations

from pathlib import Path

from . import media
from .errors import LectureError

__all__ = ["webvtt_text", "chapters_metadata", "embed", "chapter_titles", "LANGUAGES"]

#: ISO 639-2 codes of the clip languages, as MP4 tracks name them
LANGUAGES = {"en": "eng", "ko": "kor"}


def _stamp(seconds: float) -> str:
    ms = int(round(max(seconds, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _cues(beats: dict) -> list[tuple[float, float, str]]:
    """(start, end, text) of every sentence, within the clip, in order of appearance."""
    duration = float(beats.get("duration") or 0.0)
    out = []
    for c in beats.get("captions", []):
        if not c.get("sentence"):
            continue
        start = float(c["start"])
        end = min(float(c["end"] if c.get("end") is not None else duration), duration)
        if end > start and c["text"].strip():
            out.append((start, end, c["text"].strip()))
    return out


def webvtt_text(beats: dict) -> str:
    """The WebVTT file of a clip's sentences (an empty but valid file when it shows none)."""
    from webvtt import Caption, WebVTT

    vtt = WebVTT()
    for start, end, text in _cues(beats):
        vtt.captions.append(Caption(_stamp(start), _stamp(end), text))
    return vtt.content if vtt.captions else "WEBVTT\n"


def chapter_titles(beats: dict) -> list[str]:
    """One title per beat: its first sentence, or "Beat N" for a beat that shows none."""
    return [(b.get("captions") or [f"Beat {b['index']}"])[0] for b in beats.get("beats", [])]


def _escape(value: str) -> str:
    """FFmetadata escaping: '=', ';', '#', '\\' and newlines take a backslash."""
    out = value
    for ch in ("\\", "=", ";", "#"):
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\\n")


def chapters_metadata(beats: dict) -> str:
    """An FFmpeg metadata file (``;FFMETADATA1``) with one chapter per beat, in milliseconds."""
    lines = [";FFMETADATA1"]
    for b, title in zip(beats.get("beats", []), chapter_titles(beats), strict=True):
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={int(round(b['start'] * 1000))}",
                  f"END={int(round(b['end'] * 1000))}", f"title={_escape(title)}"]
    return "\n".join(lines) + "\n"


def embed(video: Path, beats: dict, lang: str, out: Path) -> Path:
    """``video`` with the sentences as a ``mov_text`` subtitle track and the beats as chapters, at ``out``.

    The video stream is copied as it is (no re-encoding); ``out`` must not be ``video``.
    """
    video, out = Path(video), Path(out)
    vtt = out.with_name(out.stem + ".vtt.tmp")
    meta = out.with_name(out.stem + ".chapters.tmp")
    vtt.write_text(webvtt_text(beats), encoding="utf-8")
    meta.write_text(chapters_metadata(beats), encoding="utf-8")
    args = ["-i", video, "-f", "webvtt", "-i", vtt, "-f", "ffmetadata", "-i", meta, "-map", "0:v", "-map", "1:s?",
            "-map_chapters", "2", "-map_metadata", "0", "-c:v", "copy", "-c:s", "mov_text",
            "-metadata:s:s:0", f"language={LANGUAGES.get(lang, 'und')}", "-movflags", "+faststart", "-f", "mp4", out]
    try:
        media.ffmpeg(args, video, why="to put subtitles and chapters in clips", what="add subtitles and chapters")
    except LectureError:
        out.unlink(missing_ok=True)
        raise
    finally:
        vtt.unlink(missing_ok=True)
        meta.unlink(missing_ok=True)
    return out
