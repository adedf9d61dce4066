"""The soundscape: every clip has one (AAC-LC, 48 kHz stereo), −16 LUFS under −1 dBTP by an independent BS.1770
meter, exactly the loop's length and seamless at its seam; silent provider videos get one, sound of their own stays."""

import av
import numpy as np
import pyloudnorm
import pytest
from django.core.files.storage import default_storage
from scipy.signal import resample_poly

from tests.factories import DreamFactory
from tests.fakes.media import make_mp4
from tests.videogen.pipeline import run_to_end
from videogen.render import ensure_sound, has_audio, render_clip, sound_of
from videogen.render.sound import RATE, soundscape

LOOP = 5 * RATE
DREAMS = {
    "calm garden": ("flowers in a sunny garden, a butterfly", ["garden", "flowers", "sun", "butterfly"]),
    "nightmare": ("a monster chased me through the dark, my heart pounding", ["chase", "monster", "darkness", "heart"]),
    "rainy owl": ("an owl on a roof in the rain", ["owl", "roof", "rain"]),
    "burning city": ("the city was on fire, smoke everywhere", ["city", "fire", "smoke"]),
    "sea and wind": ("a storm over the sea, the wind howling", ["sea", "storm", "wind"]),
}


def decoded(path) -> tuple[np.ndarray, av.audio.stream.AudioStream]:
    """The file's sound as its decoder gives it, (2, samples) float32, and its stream."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = np.concatenate([frame.to_ndarray() for frame in container.decode(stream)], axis=1)
        return samples, stream


def true_peak_db(samples: np.ndarray) -> float:
    """BS.1770 true peak: 4× oversampled by a polyphase filter (not the renderer's own FFT method)."""
    return float(20 * np.log10(np.abs(resample_poly(samples, 4, 1, axis=1)).max()))


def lufs(samples: np.ndarray) -> float:
    return pyloudnorm.Meter(RATE).integrated_loudness(samples.T.astype(np.float64))


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    path = tmp_path_factory.mktemp("sound") / "owl.mp4"
    render_clip(*DREAMS["rainy owl"], path)
    return path


def test_every_rendered_clip_has_an_aac_lc_stereo_48_khz_track_under_96_kbits(clip):
    with av.open(str(clip)) as container:
        stream = container.streams.audio[0]
        assert (stream.codec_context.name, stream.codec_context.profile) == ("aac", "LC")
        assert (stream.rate, stream.channels) == (48_000, 2)
        assert stream.bit_rate <= 96_000
        bits = sum(packet.size for packet in container.demux(stream) if packet.size) * 8
    assert bits / 5 <= 96_000


def test_the_sound_lasts_exactly_the_loop_sample_for_sample(clip):
    samples, stream = decoded(clip)
    assert stream.duration * stream.time_base == 5  # the edit list: no priming, no padding heard
    assert samples.shape[1] >= LOOP
    video = av.open(str(clip)).streams.video[0]
    assert video.duration * video.time_base == 5


def test_the_loop_has_no_click_at_the_seam(clip):
    """The step from the last sample to the first is no larger than the steps inside the loop."""
    samples, _ = decoded(clip)
    loop = samples[:, :LOOP]
    steps = np.abs(np.diff(loop, axis=1))
    seam = np.abs(loop[:, 0] - loop[:, -1])
    assert (seam <= np.percentile(steps, 99, axis=1)).all(), (seam, np.percentile(steps, 99, axis=1))


def test_the_synthesised_loop_is_periodic_to_the_sample():
    samples = sound_of(*DREAMS["sea and wind"])
    assert samples.shape == (2, LOOP)
    steps = np.abs(np.diff(samples, axis=1))
    assert (np.abs(samples[:, 0] - samples[:, -1]) <= np.percentile(steps, 99, axis=1)).all()


@pytest.mark.parametrize("name", DREAMS)
def test_the_soundscape_is_minus_16_lufs_under_minus_1_dbtp(name):
    samples = sound_of(*DREAMS[name])
    assert abs(lufs(samples) - -16) <= 1
    assert true_peak_db(samples) <= -1


def test_the_encoded_track_keeps_its_loudness_and_peak(clip):
    samples, _ = decoded(clip)
    assert abs(lufs(samples[:, :LOOP]) - -16) <= 1
    assert true_peak_db(samples) <= -1


def band_share(samples: np.ndarray, low: float, high: float) -> float:
    power = np.abs(np.fft.rfft(samples.mean(axis=0))) ** 2
    frequencies = np.fft.rfftfreq(samples.shape[1], 1 / RATE)
    return float(power[(frequencies >= low) & (frequencies < high)].sum() / power.sum())


def test_a_nightmare_rumbles_low_where_a_calm_dream_does_not():
    nightmare, calm = sound_of(*DREAMS["nightmare"]), sound_of(*DREAMS["calm garden"])
    assert band_share(nightmare, 20, 120) > 3 * band_share(calm, 20, 120)


def test_rain_hisses_higher_than_the_sea():
    rain = soundscape(["rain"], seed=1, seconds=5)
    sea = soundscape(["water"], seed=1, seconds=5)
    assert band_share(rain, 2000, 12000) > 3 * band_share(sea, 2000, 12000)


def video_packets(path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(packet) for packet in container.demux(container.streams.video[0]) if packet.size]


def test_a_silent_provider_video_gets_the_soundscape_and_keeps_its_pictures(tmp_path):
    path = make_mp4(tmp_path / "silent.mp4", seconds=3.0, faststart=True)
    pictures = video_packets(path)
    assert not has_audio(path)
    assert ensure_sound(path, ["sea", "storm"], 3.0)
    samples, stream = decoded(path)
    assert abs(float(stream.duration * stream.time_base) - 3.0) < 0.01
    assert abs(lufs(samples) - -16) <= 1
    assert video_packets(path) == pictures


def test_a_video_with_its_own_sound_keeps_it(tmp_path):
    path = tmp_path / "own.mp4"
    render_clip(*DREAMS["calm garden"], path)
    before = path.read_bytes()
    assert ensure_sound(path, ["fire"], 5.0)
    assert path.read_bytes() == before


@pytest.mark.django_db(transaction=True)
def test_a_provider_video_is_stored_with_sound_unless_the_setting_is_off(fake_providers_configured, settings):
    dream = DreamFactory(symbols=["sea", "moon"])
    job = run_to_end(dream, "luma")
    assert job.state == "ready", job.error_message
    assert dream.video_has_audio and has_audio(default_storage.path(dream.video.name))
    settings.VIDEOGEN_SOUNDSCAPE = False
    other = DreamFactory(symbols=["sea", "snow"])
    job = run_to_end(other, "kling")
    assert job.state == "ready", job.error_message
    assert not other.video_has_audio and not has_audio(default_storage.path(other.video.name))
