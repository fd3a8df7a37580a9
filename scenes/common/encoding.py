"""Manim's file writer with an encoder that converts a held frame once.

Manim hands its segment encoder one RGBA frame and a repeat count for a hold (a ``wait`` with nothing
moving is drawn once). Manim 0.22's encoder then copies and converts that frame from RGBA to the
codec's YUV once per repeat: a 3 s hold at 1080p60 is 180 full-frame copies and colour conversions of
the same pixels. Profiled on the encoding floor (docs/benchmarks.md, issue 32) that conversion is most
of the floor's cost beyond x264's own. :class:`HeldFrameEncoder` converts each frame handed to it once
and gives x264 the converted frame ``repeat`` times at consecutive timestamps: the same frames, in
the same order, through the same conversion (the codec context's own thread count), so the clip's
decoded pixels are unchanged (tests/test_encoding.py decodes both through a lossless codec). The same
array handed again (scenes/common/repeated_frames.py writes an unchanged frame again, one call per frame,
as the frames of a play come) is the same picture under manim's contract (a frame handed to the writer
is never mutated): it is converted once too.

A frame drawn in dirty rectangles (scenes/common/repeated_frames.py hands it as a ``ChangedRows`` view
naming the bands of rows drawn again since the frame before) is converted band by band into the last
converted frame: only those rows, with the rows whose chroma they touch, from a band with rows of context
around it, so the planes equal a whole conversion's (tests/test_encoding.py, random pixels at three
sizes). Conversion was a tenth of a part's CPU (perf, lstm.unrolled at -qh).

A part scene uses it through its renderer (``CairoRenderer(file_writer_class=HeldFrameFileWriter)``);
manim is pinned (pyproject) because this leans on its segment encoder's fields.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from av.video.stream import VideoStream
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from .collector import FrozenDuringPlays
from .drawing import lean_camera
from .repeated_frames import ChangedRows, RepeatingRenderer

__all__ = ["HeldFrameEncoder", "HeldFrameFileWriter", "HeldFrameRendering", "PartRenderer"]


class HeldFrameEncoder(VideoSegmentEncoder):
    """A segment encoder that converts a frame once however often it is repeated."""

    _last_pixels: np.ndarray | None = None   # the last array handed in, and its converted frame
    _last_frame: av.VideoFrame | None = None
    _reformatter: VideoReformatter | None = None

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        stream = cast(VideoStream, self._stream)   # manim opens one video stream
        try:
            if pixels is self._last_pixels and self._last_frame is not None:
                # the array handed again (scenes/common/repeated_frames.py writes an unchanged frame again);
                # manim's contract: a frame handed to the writer is never mutated, so it is the same picture
                frame = self._last_frame
            else:
                updated = self._rows_updated(pixels, stream)
                if updated is not None:
                    frame = updated
                else:
                    frame = _rgba_frame(pixels)
                    if frame.format.name != stream.pix_fmt:
                        # what the codec context does to every frame it is given, done once here
                        frame = self._reformat(frame, stream)
                self._last_pixels, self._last_frame = pixels, frame
            frame.time_base = time_base
            for _ in range(repeat):
                frame.pts = self._next_pts
                self._next_pts += 1
                for packet in stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    def _reformat(self, frame: av.VideoFrame, stream: VideoStream) -> av.VideoFrame:
        """``frame`` in the codec's pixel format, by one reformatter for the segment: a frame's own
        (``frame.reformat``) is made anew for every frame and starts its scaler's threads again each time."""
        if self._reformatter is None:
            self._reformatter = VideoReformatter()
        return self._reformatter.reformat(frame, stream.width, frame.height, stream.pix_fmt,
                                          threads=stream.codec_context.thread_count)

    def _rows_updated(self, pixels, stream: VideoStream) -> av.VideoFrame | None:
        """The last converted frame with the rows that changed converted again (:class:`ChangedRows`, a
        frame drawn in dirty rectangles), in place: x264 copies a frame when it is given one. ``None`` where
        the whole frame must be converted. The chroma of a YUV 4:2:0 row is filtered from the rows around
        it, so rows ``_ROW_MARGIN`` beyond a change are taken again, from a band converted with
        ``_ROW_MARGIN`` more rows of context on each side: the planes equal a whole conversion's
        (tests/test_encoding.py)."""
        last = self._last_frame
        if (not isinstance(pixels, ChangedRows) or last is None or pixels.after() is not self._last_pixels
                or stream.pix_fmt != "yuv420p" or last.format.name != "yuv420p" or stream.height % 2):
            return None
        for top, bottom in _taken_again(pixels.rows, stream.height):
            band_top, band_bottom = max(0, top - _ROW_MARGIN), min(stream.height, bottom + _ROW_MARGIN)
            band = self._reformat(_rgba_frame(np.asarray(pixels)[band_top:band_bottom]), stream)
            for plane, source, scale in zip(last.planes, band.planes, (1, 2, 2)):
                rows = slice((top - band_top) // scale, (bottom - band_top) // scale)
                _plane_rows(plane)[top // scale:bottom // scale] = _plane_rows(source)[rows]
        return last


#: rows around a change converted again, and rows of context around those (see ``_rows_updated``)
_ROW_MARGIN = 8


def _taken_again(bands, height: int) -> list[tuple[int, int]]:
    """The rows to convert again for ``bands`` of changed rows: each widened by ``_ROW_MARGIN`` to even rows
    (a chroma row is two rows), overlapping ones joined, in order."""
    out: list[tuple[int, int]] = []
    for first, end in sorted(bands):
        if first >= end:
            continue
        top, bottom = max(0, first // 2 * 2 - _ROW_MARGIN), min(height, (end + 1) // 2 * 2 + _ROW_MARGIN)
        if out and top <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], bottom))
        else:
            out.append((top, bottom))
    return out


def _plane_rows(plane) -> np.ndarray:
    """A frame plane's pixels as a writable ``(height, width)`` array over its buffer."""
    return np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, :plane.width]


def _rgba_frame(pixels) -> av.VideoFrame:
    """``pixels`` as a frame read in place: manim's ``from_ndarray`` copies them first (3.7 ms a frame at
    1080p). The colour conversion reads the same bytes either way (tests/test_encoding.py: 480p, 720p)."""
    return av.VideoFrame.from_numpy_buffer(pixels, format="rgba")


class HeldFrameFileWriter(SceneFileWriter):
    """Manim's file writer, writing its segments with :class:`HeldFrameEncoder`."""

    def _create_segment_encoder(self, target: Path) -> VideoSegmentEncoder:
        if self.video_encoder is None:
            raise RuntimeError("Video segment encoding requires resolved settings.")
        return HeldFrameEncoder(target=target, spec=self.video_encoder)


class PartRenderer(FrozenDuringPlays, RepeatingRenderer):
    """The Cairo renderer of a part: a frame written again or drawn in dirty rectangles where little changed
    (scenes/common/repeated_frames.py), the garbage collector kept off what the scene built before each
    play (scenes/common/collector.py)."""


class HeldFrameRendering:
    """Mixin for a scene (before ``Scene`` or ``ThreeDScene`` in its bases): Cairo renders it through
    :class:`HeldFrameFileWriter`, drawing with the lean camera of scenes/common/drawing.py, with
    :class:`PartRenderer`. A renderer passed in, or the OpenGL renderer, is left alone."""

    def __init__(self, *args, **kwargs):
        from manim import Camera, ThreeDCamera, ThreeDScene, config
        from manim.constants import RendererType

        if kwargs.get("renderer") is None and config.renderer == RendererType.CAIRO:
            camera = kwargs.get("camera_class") or (ThreeDCamera if isinstance(self, ThreeDScene) else Camera)
            kwargs["renderer"] = PartRenderer(file_writer_class=HeldFrameFileWriter, camera_class=lean_camera(camera),
                                              skip_animations=kwargs.get("skip_animations", False))
        super().__init__(*args, **kwargs)
