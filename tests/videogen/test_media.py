"""A downloaded video: probing, faststart, re-encoding and posters."""

import av
import numpy as np
import pytest
from PIL import Image

from tests.fakes.media import make_mp4, mp4_bytes, png_bytes
from videogen import media
from videogen.media_errors import MediaError


def test_probe_describes_a_video(tmp_path):
    info = media.probe(make_mp4(tmp_path / "clip.mp4"))
    assert info == media.VideoInfo(
        duration=2.0, width=72, height=128, codec="h264", fps=12.0, container="mov,mp4,m4a,3gp,3g2,mj2"
    )


@pytest.mark.parametrize("content", [b"<html>Access denied</html>" * 40, png_bytes(), b""])
def test_probe_refuses_what_is_not_a_video(tmp_path, content):
    path = tmp_path / "clip.mp4"
    path.write_bytes(content)
    with pytest.raises(MediaError) as caught:
        media.probe(path)
    assert caught.value.message == "The provider's file is not a video we can play."


@pytest.mark.parametrize("seconds", [0.5, 21])
def test_probe_refuses_a_video_too_short_or_too_long(tmp_path, seconds):
    path = make_mp4(tmp_path / "clip.mp4", seconds=seconds, fps=2)
    with pytest.raises(MediaError) as caught:
        media.probe(path)
    assert "1 to 20 seconds" in caught.value.message


def test_faststart_moves_the_index_to_the_front_without_re_encoding(tmp_path):
    path = make_mp4(tmp_path / "clip.mp4")
    assert media.top_level_boxes(path).index("moov") > media.top_level_boxes(path).index("mdat")
    before = media.probe(path)
    assert media.ensure_faststart(path) == path
    boxes = media.top_level_boxes(path)
    assert boxes.index("moov") < boxes.index("mdat")
    assert media.probe(path) == before
    assert [entry.name for entry in tmp_path.iterdir()] == ["clip.mp4"]


def test_faststart_leaves_a_file_that_already_starts_fast(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(mp4_bytes(faststart=True))
    modified = path.stat().st_mtime_ns
    media.ensure_faststart(path)
    assert path.stat().st_mtime_ns == modified


def test_poster_is_a_small_jpeg_of_the_first_frame(tmp_path):
    poster = media.make_poster(make_mp4(tmp_path / "clip.mp4"), tmp_path / "posters" / "clip.jpg")
    with Image.open(poster) as image:
        assert image.format == "JPEG" and image.size == (72, 128)
    assert poster.stat().st_size < 80 * 1024


def test_poster_of_a_busy_full_hd_frame_is_scaled_and_under_80_kb(tmp_path):
    path = tmp_path / "noise.mp4"
    noise = np.random.default_rng(1).integers(0, 256, (1920, 1080, 3), dtype=np.uint8)
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=1, options={"preset": "ultrafast", "crf": "0"})
        stream.width, stream.height, stream.pix_fmt = 1080, 1920, "yuv420p"
        for packet in stream.encode(av.VideoFrame.from_ndarray(noise, format="rgb24")):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    poster = media.make_poster(path, tmp_path / "poster.jpg", width=720)
    with Image.open(poster) as image:
        assert image.width <= 720
    assert poster.stat().st_size < 80 * 1024


def test_a_video_in_another_codec_is_re_encoded_to_an_h264_mp4(tmp_path):
    frames = [Image.new("RGB", (64, 96), (index * 10, 40, 200 - index * 5)) for index in range(24)]
    gif = tmp_path / "clip.gif"
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=100, loop=0)
    info = media.probe(gif)
    assert info.codec == "gif"
    media.ensure_playable(gif, info)
    after = media.probe(gif)
    assert (after.codec, after.width, after.height) == ("h264", 64, 96)
    assert "mp4" in after.container.split(",") and not media.needs_faststart(gif)
    assert 2.0 <= after.duration <= 2.6


def test_a_large_video_in_another_codec_is_scaled_down_to_fit_a_phone(tmp_path):
    frames = [Image.new("RGB", (2160, 3840), (index * 40, 30, 90)) for index in range(6)]
    gif = tmp_path / "big.gif"
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=250, loop=0)
    media.ensure_playable(gif, media.probe(gif))
    after = media.probe(gif)
    assert (after.codec, after.width, after.height) == ("h264", 720, 1280)
