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


class _CountingReformatter:
    """The encoder's reformatter, counting the conversions it is asked for."""

    def __init__(self):
        self.calls = 0
        self._real = VideoReformatter()

    def reformat(self, *args, **kwargs):
        self.calls += 1
        return self._real.reformat(*args, **kwargs)


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
