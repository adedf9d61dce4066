"""Content credentials (C2PA): every stored video and its poster carry a signed manifest, read back with c2pa.Reader,
saying what made them and when, and nothing about the dream, its client or its therapist."""

import json
import re
import subprocess
import sys
from pathlib import Path

import c2pa
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings as django_settings
from django.core.files.storage import default_storage

from tests.conftest import encryption_env
from tests.factories import DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import credentials, media

pytestmark = pytest.mark.django_db(transaction=True)
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def stored(dream) -> tuple:
    return default_storage.path(dream.video.name), default_storage.path(dream.poster.name)


def assert_no_personal_data(store: dict, dream) -> None:
    """No word of the dream, and no name of its client or therapist, anywhere in the manifests (hashes aside)."""
    for manifest in store["manifests"].values():
        manifest["assertions"] = [a for a in manifest["assertions"] if not a["label"].startswith("c2pa.hash")]
    text = json.dumps(store).lower()
    private = [dream.title, dream.content, dream.client.user.username, dream.author.username, *dream.symbols]
    private += re.findall(r"\w{4,}", f"{dream.title} {dream.content}".lower())
    assert [word for word in private if re.search(rf"\b{re.escape(word.lower())}\b", text)] == []


def test_a_local_render_is_signed_as_algorithmic_media_in_video_and_poster():
    dream = DreamFactory(title="Grandmother's whale", content="A whale swam through grandmother's flat.")
    job = run_to_end(dream, "local")
    assert job.state == "ready", job.error_message
    for path in stored(dream):
        store = credentials.read(path)
        action = credentials.created_action(store)
        assert action["digitalSourceType"] == IPTC + "algorithmicMedia"
        assert action["softwareAgent"]["name"] == "DreamTok local renderer" and action["when"]
        active = store["manifests"][store["active_manifest"]]
        assert active["claim_generator_info"][0]["name"] == "DreamTok"
        assert_no_personal_data(store, dream)


@pytest.mark.parametrize("provider", ["luma", "kling"])
def test_a_provider_video_is_signed_as_trained_algorithmic_media_naming_its_model(fake_providers_configured, provider):
    dream = DreamFactory(title="Mariska by the lighthouse", symbols=["moon", "sea"])
    job = run_to_end(dream, provider)
    assert job.state == "ready", job.error_message
    model = getattr(django_settings, credentials.MODEL_SETTINGS[provider])
    for path in stored(dream):
        store = credentials.read(path)
        action = credentials.created_action(store)
        assert action["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
        assert action["softwareAgent"]["name"] == f"{provider} {model}"
        assert_no_personal_data(store, dream)
    assert dream.video_credentials["model"] == model


def test_signing_keeps_the_video_faststart_and_playable():
    dream = DreamFactory()
    run_to_end(dream, "local")
    video, _ = stored(dream)
    boxes = media.top_level_boxes(Path(video))
    assert boxes.index("moov") < boxes.index("mdat")
    assert media.probe(video).duration == 5


def self_signed(folder) -> tuple:
    """A bare self-signed leaf: what C2PA refuses."""
    import datetime as dt

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "bare")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    chain, private = folder / "bare.pem", folder / "bare.key"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return chain, private


def test_a_refused_certificate_fails_the_job_clearly_and_stores_nothing(settings, tmp_path):
    settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY = self_signed(tmp_path)
    dream = DreamFactory()
    job = run_to_end(dream, "local")
    assert job.state == "failed" and "content credentials" in job.error_message
    assert not dream.video and not dream.poster


def test_with_credentials_switched_off_videos_are_stored_unsigned(settings):
    settings.C2PA_ENABLED = False
    dream = DreamFactory()
    job = run_to_end(dream, "local")
    assert job.state == "ready", job.error_message
    with pytest.raises(c2pa.C2paError):
        credentials.read(stored(dream)[0])
    assert dream.video_credentials == {}


def test_the_dream_page_says_who_made_the_video_and_when(client):
    dream = DreamFactory()
    run_to_end(dream, "local")
    client.force_login(dream.client.user)
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    day = dream.video_credentials["created"][:10]
    assert f"Content credentials: made by DreamTok (local renderer) on {day}" in page
    assert 'id="credentials"' in page


def test_the_feeds_ai_label_links_to_the_credentials_and_sound_shows_only_with_sound(client):
    heard = DreamFactory(title="Heard", video="videos/a.mp4", poster="posters/a.jpg", video_has_audio=True)
    DreamFactory(client=heard.client, title="Silent", video="videos/b.mp4", poster="posters/b.jpg")
    client.force_login(heard.client.user)
    page = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    items = {title: body for title, body in _items(page)}
    assert 'class="sound"' in items["Heard"] and 'class="sound"' not in items["Silent"]
    assert f'href="/dreams/{heard.pk}/#credentials"' in items["Heard"]


def _items(page: str):
    for body in page.split('<article class="feed-item')[1:]:
        yield re.search(r'aria-label="([^,]+),', body).group(1), body


def test_production_without_credentials_refuses_to_start_with_a_clear_message(tmp_path):
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "dreamtok.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "DREAMTOK_VAR_DIR": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "C2PA_CERT_CHAIN" in run.stderr and "C2PA_ENABLED=false" in run.stderr
    switched_off = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=django_settings.BASE_DIR,
        env={**environment, "C2PA_ENABLED": "false", **encryption_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert switched_off.returncode == 0, switched_off.stderr[-2000:]


def test_the_development_signer_is_made_once_and_never_in_production(settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY = tmp_path / "c2pa" / "chain.pem", tmp_path / "c2pa" / "key"
    settings.DEBUG = True  # as under `make run`
    call_command("make_dev_credentials")
    chain = settings.C2PA_CERT_CHAIN.read_bytes()
    call_command("make_dev_credentials")
    assert settings.C2PA_CERT_CHAIN.read_bytes() == chain  # kept, not replaced
    assert settings.C2PA_PRIVATE_KEY.stat().st_mode & 0o077 == 0  # the key is its owner's alone
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG only"):
        call_command("make_dev_credentials")
