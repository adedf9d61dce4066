"""The SSRF-safe download of provider output: https only, public addresses only, bounded redirects and size."""

import pytest
from werkzeug import Response

from tests.fakes.media import mp4_bytes
from videogen import download
from videogen.media_errors import MediaError

LIMIT = 1024 * 1024


@pytest.fixture
def allowed(httpserver, settings):
    """The loopback server may be reached over http (as VIDEOGEN_DOWNLOAD_ALLOW_HOSTS allows in tests only)."""
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = [f"localhost:{httpserver.port}"]
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 2.0
    return httpserver


def url(httpserver, path):
    return f"http://localhost:{httpserver.port}{path}"


def leftovers(folder):
    return sorted(path.name for path in folder.iterdir())


def test_download_writes_the_whole_file(allowed, tmp_path):
    allowed.expect_request("/clip.mp4").respond_with_data(mp4_bytes(), content_type="video/mp4")
    dest = download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "out" / "clip.mp4", max_bytes=LIMIT)
    assert dest.read_bytes() == mp4_bytes()
    assert leftovers(dest.parent) == ["clip.mp4"]


def test_download_follows_a_few_redirects(allowed, tmp_path):
    allowed.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    allowed.expect_request("/b").respond_with_data("", status=307, headers={"Location": url(allowed, "/clip.mp4")})
    allowed.expect_request("/clip.mp4").respond_with_data(mp4_bytes())
    assert download.safe_download(url(allowed, "/a"), tmp_path / "clip.mp4", max_bytes=LIMIT).exists()


def test_expired_link_is_a_clear_final_error(allowed, tmp_path):
    allowed.expect_request("/clip.mp4").respond_with_data("Not Found", status=404)
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert caught.value.message == "The provider's video link has expired or is missing."
    assert not caught.value.retryable
    assert leftovers(tmp_path) == []


def test_server_error_on_download_is_retryable(allowed, tmp_path):
    allowed.expect_request("/clip.mp4").respond_with_data("oops", status=503)
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert caught.value.retryable


def test_truncated_download_is_retryable_and_leaves_nothing(allowed, tmp_path):
    full = mp4_bytes()
    allowed.expect_request("/clip.mp4").respond_with_response(
        Response(iter([full[:5000]]), headers={"Content-Length": str(len(full))}, direct_passthrough=True)
    )
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert "cut off" in caught.value.message
    assert caught.value.retryable
    assert leftovers(tmp_path) == []


def test_oversize_file_is_refused_by_its_content_length(allowed, tmp_path):
    allowed.expect_request("/clip.mp4").respond_with_data(mp4_bytes())
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "clip.mp4", max_bytes=4096)
    assert "larger than" in caught.value.message and not caught.value.retryable


def test_oversize_file_without_content_length_is_cut_off_while_streaming(allowed, tmp_path):
    chunks = (b"x" * 4096 for _ in range(100))
    allowed.expect_request("/clip.mp4").respond_with_response(Response(chunks, direct_passthrough=True))
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "clip.mp4", max_bytes=10_000)
    assert "larger than" in caught.value.message
    assert leftovers(tmp_path) == []


def test_redirect_to_loopback_is_refused_when_not_allow_listed(allowed, tmp_path):
    allowed.expect_request("/clip.mp4").respond_with_data(
        "", status=302, headers={"Location": f"https://127.0.0.1:{allowed.port}/secret"}
    )
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert "private network address" in caught.value.message
    assert "127.0.0.1" in caught.value.detail
    assert len(allowed.log) == 1  # the redirect target was never contacted


def test_redirect_to_plain_http_is_refused(allowed, tmp_path):
    allowed.expect_request("/clip.mp4").respond_with_data("", status=301, headers={"Location": "http://example.com/x"})
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/clip.mp4"), tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert "not secure" in caught.value.message


def test_endless_redirects_stop(allowed, tmp_path):
    allowed.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with pytest.raises(MediaError) as caught:
        download.safe_download(url(allowed, "/loop"), tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert "too many times" in caught.value.message
    assert len(allowed.log) == download.MAX_REDIRECTS + 1


def test_plain_http_is_refused(settings, tmp_path):
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = []
    with pytest.raises(MediaError) as caught:
        download.safe_download("http://cdn.example.com/clip.mp4", tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert "not secure" in caught.value.message


@pytest.mark.parametrize(
    "address",
    [
        "https://10.1.2.3/clip.mp4",
        "https://192.168.0.10/clip.mp4",
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1/clip.mp4",
        "https://localhost/clip.mp4",
        "https://[::1]/clip.mp4",
        "https://[::ffff:10.0.0.1]/clip.mp4",
        "https://0.0.0.0/clip.mp4",
        "https://224.0.0.1/clip.mp4",
    ],
)
def test_private_and_special_addresses_are_refused(settings, tmp_path, address):
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = []
    with pytest.raises(MediaError) as caught:
        download.safe_download(address, tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert "private network address" in caught.value.message
    assert not caught.value.retryable


@pytest.mark.parametrize("link", ["ftp://cdn.example.com/clip.mp4", "file:///etc/passwd", "https:///nohost"])
def test_other_schemes_are_refused(tmp_path, link):
    with pytest.raises(MediaError):
        download.safe_download(link, tmp_path / "clip.mp4", max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
        ("2002:a9fe:a9fe::1", False),  # 6to4 of 169.254.169.254
        ("2002:5db8:d822::1", True),  # 6to4 of 93.184.216.34
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::c0a8:a", False),  # NAT64 of 192.168.0.10
        ("64:ff9b::5db8:d822", True),  # NAT64 of 93.184.216.34
        ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.216.34", True),
    ],
)
def test_addresses_that_embed_ipv4_are_judged_by_the_ipv4_inside(address, public):
    assert download.public_address(address) is public


def test_a_6to4_address_of_a_private_network_is_refused_before_connecting(settings, tmp_path):
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = []
    with pytest.raises(MediaError) as caught:
        download.safe_download("https://[2002:a9fe:a9fe::1]/latest/meta-data/", tmp_path / "clip.mp4", max_bytes=LIMIT)
    assert "private network address" in caught.value.message


def test_public_addresses_are_told_apart():
    assert download.public_address("93.184.216.34")
    assert download.public_address("2606:2800:220:1:248:1893:25c8:1946")
    for address in ("10.0.0.1", "172.16.0.1", "100.64.0.1", "127.0.0.1", "169.254.1.1", "::1", "fe80::1", "fc00::1"):
        assert not download.public_address(address), address


def test_allow_list_accepts_host_or_host_and_port(settings):
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = ["fake.test", "127.0.0.1:8765"]
    assert download.host_allowed("fake.test", 1234)
    assert download.host_allowed("127.0.0.1", 8765)
    assert not download.host_allowed("127.0.0.1", 8766)


def test_deploy_check_warns_about_the_download_allow_list(settings):
    from django.core.checks import run_checks

    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = []
    assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "videogen.W001"]
    settings.VIDEOGEN_DOWNLOAD_ALLOW_HOSTS = ["127.0.0.1:8765"]
    assert [m.id for m in run_checks(include_deployment_checks=True) if m.id == "videogen.W001"] == ["videogen.W001"]
