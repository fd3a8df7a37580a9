"""The held-frame encoder writes the frames manim 0.22's own encoder writes (issue 32 item 2): the same
frames decode to the same pixels, while a held frame is converted once instead of once per repeat."""

from fractions import Fraction

import av
import numpy as np
import pytest
from av.video.reformatter import VideoReformatter
from manim import Scene, ThreeDCamera, ThreeDScene
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from scenes.common.encoding import HeldFrameEncoder, HeldFrameFileWriter, HeldFrameRendering
from scenes.common.lesson import PartScene, PartScene3D
from scenes.common.repeated_frames import ChangedRows

W, H = 192, 108
SPEC = VideoEncoderSpec("mp4", "libx264", "yuv420p", W, H, Fraction(60), (("crf", "23"), ("preset", "veryfast")))


def _lossless(w: int, h: int) -> VideoEncoderSpec:
    """A lossless codec taking the same YUV frames: its clip decodes to exactly the frames it was handed. x264
    here is not a function of its input alone: two encodes of the same frames by manim's own encoder, one
    after the other, decoded differently about one time in ten at 192x108 (also on one thread)."""
    return VideoEncoderSpec("matroska", "ffv1", "yuv420p", w, h, Fraction(60), ())


def _frames(w=W, h=H):
    """A moving square, then one frame held 40 times, then a second held frame: (pixels, repeat) pairs."""
    out = []
    for i in range(12):
        img = np.zeros((h, w, 4), np.uint8)
        img[..., 3] = 255
        img[20:60, 10 + 8 * i:50 + 8 * i, :3] = (40 + 15 * i, 200, 90)
        out.append((img, 1))
    held = out[-1][0].copy()
    held[70:100, 100:180, 0] = 230
    out += [(held, 40), (np.roll(held, 5, axis=1).copy(), 7)]
    return out


def _decoded(path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24").tobytes() for f in c.decode(video=0)]


@pytest.mark.parametrize("size", [(W, H), (854, 480), (1280, 720)])
def test_held_frames_decode_to_what_manims_encoder_writes(tmp_path, size):
    w, h = size
    spec = _lossless(w, h)
    frames = _frames(w, h)
    frames.insert(5, (frames[4][0], 1))   # the same array handed again, as a repeated frame is
    clips = {}
    for cls in (VideoSegmentEncoder, HeldFrameEncoder):
        enc = cls(target=tmp_path / f"{cls.__name__}.mkv", spec=spec)
        for pixels, repeat in frames:
            enc.write_frame(pixels, repeat=repeat)
        enc.finish()
        clips[cls] = _decoded(enc.target)
    assert len(clips[HeldFrameEncoder]) == 13 + 40 + 7
    assert clips[HeldFrameEncoder] == clips[VideoSegmentEncoder]


def _banded(w: int, h: int) -> tuple[list, list[np.ndarray]]:
    """Frames changing in bands of rows, each after the first handed as the renderer hands a frame drawn in
    dirty rectangles (``ChangedRows`` after the frame before it), and the same frames as plain arrays. The
    bands: a few rows, the first row, the last, none, across the middle, all but the edges, one row, three
    apart, two overlapping; then a frame unlike the last that names a frame from before as the one it
    follows (converted whole)."""
    rng = np.random.default_rng(7)
    plain = [rng.integers(0, 256, (h, w, 4), np.uint8)]
    plain[0][..., 3] = 255
    handed: list = [plain[0]]
    for bands in [[(10, 30)], [(0, 1)], [(h - 1, h)], [], [(h // 2 - 3, h // 2 + 4)], [(1, h - 1)],
                  [(37, 38)], [(h - 9, h - 2), (2, 5), (h // 2, h // 2 + 1)], [(30, 40), (36, 60)]]:
        pixels = plain[-1].copy()
        for first, end in bands:
            pixels[first:end, :, :3] = rng.integers(0, 256, (end - first, w, 3), np.uint8)
        plain.append(pixels)
        handed.append(ChangedRows.of(pixels.copy(), bands, handed[-1]))
    unlike = np.roll(plain[-1], 17, axis=0)
    plain.append(unlike)
    handed.append(ChangedRows.of(unlike.copy(), [(3, 4)], handed[2]))
    return handed, plain


def _decoded_planes(path) -> list[bytes]:
    with av.open(str(path)) as c:
        return [f.to_ndarray().tobytes() for f in c.decode(video=0)]   # Y, U and V as decoded, no conversion


@pytest.mark.parametrize("size", [(W, H), (854, 480), (1280, 720)])
def test_rows_converted_again_give_the_planes_of_a_whole_conversion(tmp_path, size):
    w, h = size
    handed, plain = _banded(w, h)
    ours = HeldFrameEncoder(target=tmp_path / "rows.mkv", spec=_lossless(w, h))
    counter = _counted(ours)
    for pixels in handed:
        ours.write_frame(pixels)
    ours.finish()
    manims = VideoSegmentEncoder(target=tmp_path / "whole.mkv", spec=_lossless(w, h))
    for pixels in plain:
        manims.write_frame(pixels)
    manims.finish()
    assert _decoded_planes(ours.target) == _decoded_planes(manims.target)
    # the frame with no rows changed converts nothing; whole frames: the first, the one changed in all rows
    # but its edges (with the rows around a change, all of them) and the one after a frame from before
    assert counter.heights.count(h) == 3 and len(counter.heights) > 10


def test_x264_is_given_each_frame_before_its_planes_are_converted_again(tmp_path):
    """The converted frame is updated in place for the next frame: x264 must have copied it when it was given
    it. (x264 is not a function of its input alone here, so its clips are compared within a tolerance.)"""
    handed, plain = _banded(W, H)
    clips = []
    for cls, frames in ((HeldFrameEncoder, handed), (VideoSegmentEncoder, plain)):
        enc = cls(target=tmp_path / f"{cls.__name__}.mp4", spec=SPEC)
        for pixels in frames:
            enc.write_frame(pixels)
        enc.finish()
        with av.open(str(enc.target)) as c:
            clips.append([f.to_ndarray(format="rgb24").astype(int) for f in c.decode(video=0)])
    assert len(clips[0]) == len(clips[1]) == len(plain)
    # measured: equal in 37 of 40 runs, at most 0.64 apart otherwise; a frame encoded from the next frame's
    # planes would be 10 to 57 levels off in four of these frames (5.6 in a fifth)
    assert max(np.abs(a - b).mean() for a, b in zip(*clips)) < 5


class _CountingReformatter:
    """The encoder's reformatter, counting the conversions it is asked for and the heights converted."""

    def __init__(self):
        self.calls = 0
        self.heights: list[int] = []
        self._real = VideoReformatter()

    def reformat(self, frame, *args, **kwargs):
        self.calls += 1
        self.heights.append(frame.height)
        return self._real.reformat(frame, *args, **kwargs)


def _counted(enc: HeldFrameEncoder) -> _CountingReformatter:
    counter = _CountingReformatter()
    enc._reformatter = counter   # type: ignore[assignment]
    return counter


def test_an_array_handed_again_is_converted_once(tmp_path):
    enc = HeldFrameEncoder(target=tmp_path / "again.mp4", spec=SPEC)
    counter = _counted(enc)
    first, second = _frames()[:2]
    for pixels in (first[0], first[0], first[0], second[0]):
        enc.write_frame(pixels)
    enc.finish()
    assert counter.calls == 2
    assert enc._reformatter is counter   # one reformatter for the segment, not one made for every frame


def test_the_held_frame_is_converted_once(tmp_path):
    enc = HeldFrameEncoder(target=tmp_path / "held.mp4", spec=SPEC)
    counter = _counted(enc)
    enc.write_frame(_frames()[-2][0], repeat=40)
    enc.finish()
    assert counter.calls == 1


def test_a_bad_frame_is_refused_as_manim_refuses_it(tmp_path):
    enc = HeldFrameEncoder(target=tmp_path / "bad.mp4", spec=SPEC)
    with pytest.raises(ValueError, match="repeat"):
        enc.write_frame(_frames()[0][0], repeat=0)
    enc.abort()


@pytest.mark.parametrize("scene_class", [PartScene, PartScene3D])
def test_part_scenes_render_through_the_held_frame_writer(scene_class):
    scene = scene_class()
    assert isinstance(scene.renderer.file_writer, HeldFrameFileWriter)
    if issubclass(scene_class, ThreeDScene):
        assert isinstance(scene.renderer.camera, ThreeDCamera)


def test_a_renderer_given_is_kept():
    from manim.renderer.cairo_renderer import CairoRenderer

    class Own(HeldFrameRendering, Scene):
        pass

    given = CairoRenderer()
    assert Own(renderer=given).renderer is given
