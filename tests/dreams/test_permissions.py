"""The permission matrix: every URL of the URL conf (each admin page too, with real object ids), for every role, by GET
and by POST, answers exactly as the tables say; and nothing of client A's private dream reaches client B or therapist B.

A URL that joins the URL conf without a row in permission_tables.py fails `test_every_url_is_in_the_matrix`. Denied is
exact: another user's object answers 404 (its existence is not confirmed), a page of another role answers 403,
anonymous callers are sent to sign in (JSON endpoints: 401). The admin sends everyone who is not staff to its own
sign-in page.
"""

import io
import json
import re
import zipfile

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.tokens import token_issue
from dreams import audit, delivery
from dreams.delivery import signed_url
from dreams.models import THERAPISTS_GROUP, AuditEvent, Client, Dream
from tests.dreams.permission_tables import (
    ADMIN_SIGN_IN,
    API_BODY,
    API_MATRIX,
    API_METHODS,
    ELSEWHERE,
    METHODS,
    ROLES,
    SIGN_IN,
    SITE_MATRIX,
    expected,
)
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, UserFactory, VideoJobFactory
from videogen.models import LedgerEntry, VideoJob

User = get_user_model()


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(url id, route, pattern) for every URL of the URL conf. An unnamed admin page gets an id of its own:
    `admin:catch_all`, or `admin:<app>_<model>_object` for a model's `<id>/`."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                name = entry.name
            elif namespace == "admin:" and hasattr(entry.callback, "model_admin"):
                options = entry.callback.model_admin.model._meta
                name = f"{options.app_label}_{options.model_name}_object"
            elif namespace == "admin:" and route.endswith("(?P<url>.*)$"):
                name = "catch_all"
            else:
                raise AssertionError(f"an unnamed URL the matrix cannot name: {route}")
            yield f"{namespace}{name}", route, entry


URLS = {url_id: (route, pattern) for url_id, route, pattern in url_patterns()}


def test_every_url_is_in_the_matrix():
    ids = [url_id for url_id, _, _ in url_patterns()]
    assert len(ids) == len(set(ids))
    missing = []
    for url_id in ids:
        for method in API_METHODS if url_id.startswith("api:") else METHODS:
            try:
                expected(url_id, method)
            except KeyError:
                missing.append(f"{method} {url_id}")
    assert missing == []
    assert {url for url, _ in SITE_MATRIX} == {url_id for url_id in ids if ":" not in url_id}  # no stale rows
    assert {f"api:{url}" for url, _ in API_MATRIX} == {url_id for url_id in ids if url_id.startswith("api:")}
    admin_pages = {url_id for url_id in ids if url_id.startswith("admin:")}
    for model in (Client, Dream, AuditEvent, VideoJob):  # each model admin's pages are in the walk
        options = model._meta
        for page in ("changelist", "add", "change", "delete", "history", "object"):
            assert f"admin:{options.app_label}_{options.model_name}_{page}" in admin_pages
    assert "admin:videogen_videojob_costs" in admin_pages


PRIVATE_TITLE = "A lighthouse only Anna knows"
PRIVATE_TEXT = "Anna Petrova climbed the lighthouse on Lenina street and called 8 903 111 22 33."
PRIVATE_PROMPT = "a lighthouse in a storm, Anna Petrova waving, vertical 9:16"
NOT_FOR_STAFF = (PRIVATE_TEXT, PRIVATE_PROMPT)


@pytest.fixture
def world(db):
    therapist_a, therapist_b = TherapistFactory(), TherapistFactory()
    client_a = ClientFactory(therapist=therapist_a)
    client_b = ClientFactory(therapist=therapist_b)
    staff = UserFactory(is_staff=True, is_superuser=True)
    private = DreamFactory(client=client_a, title=PRIVATE_TITLE, content=PRIVATE_TEXT, with_video="private")
    shared = DreamFactory(
        client=client_a,
        title="A shared meadow",
        visibility=Dream.Visibility.SHARED,
        moderation=Dream.Moderation.APPROVED,
        with_video="shared",
    )
    own_b = DreamFactory(client=client_b, title="The river of B", with_video="own-b")
    job = VideoJobFactory(dream=private, state=VideoJob.State.READY, prompt=PRIVATE_PROMPT)
    event = audit.record(actor=therapist_a, dream_id=private.pk, action=audit.Action.VIEWED)
    attempt = dict(user_agent="test", ip_address="127.0.0.1", username="someone", http_accept="*/*", path_info="/")
    users = {
        "anonymous": None,
        "client_a": client_a.user,
        "client_b": client_b.user,
        "therapist_a": therapist_a,
        "therapist_b": therapist_b,
        "staff": staff,
    }
    assert Group.objects.get(name=THERAPISTS_GROUP).user_set.count() == 2
    objects = {  # the object each model admin's pages are opened with
        Group: Group.objects.get(name=THERAPISTS_GROUP),
        User: UserFactory(),  # a bystander: nothing protects the account from deletion
        AccessAttempt: AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1),
        AccessLog: AccessLog.objects.create(**attempt),
        AccessFailureLog: AccessFailureLog.objects.create(**attempt),
        Client: client_a,
        Dream: private,
        AuditEvent: event,
        VideoJob: job,
        LedgerEntry: LedgerEntry.objects.create(therapist_id=therapist_a.pk, provider="luma", amount_usd=1),
        TOTPDevice: TOTPDevice.objects.create(user=therapist_b, name="phone", confirmed=True),
        StaticDevice: StaticDevice.objects.create(user=therapist_b, name="recovery codes", confirmed=True),
    }
    dreams = {"private": private, "shared": shared, "own_b": own_b}
    token, _ = token_issue(user=client_a.user, name="client A's phone")
    return {"users": users, "client": client_a, "objects": objects, "token": token, **dreams}


def url_for(url_id: str, world: dict, user) -> str:
    """The URL with real values: client A's objects, a media link for whoever asks, the admin's objects by model."""
    route, pattern = URLS[url_id]
    private = world["private"]
    if url_id == "media":
        return signed_url(private.video, user or world["users"]["client_a"])
    if url_id == "admin:catch_all":
        return "/admin/no-such-page/"
    if url_id == "admin:view_on_site":
        return reverse(url_id, args=[ContentType.objects.get_for_model(Dream).pk, private.pk])
    values = {
        "client_id": world["client"].pk,
        "dream_id": private.pk,
        "provider": "luma",
        "token": "not-a-token",
        "token_id": world["token"].pk,
        "uidb64": "MQ",
        "app_label": "dreams",
    }
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None:
        values["object_id"] = values["id"] = world["objects"][model_admin.model].pk
    elif url_id == "admin:auth_user_password_change":
        values["id"] = world["objects"][User].pk
    if url_id.endswith("_object"):  # unnamed: fill the route in by hand
        return "/" + re.sub(r"<(?:\w+:)?object_id>", str(values["object_id"]), route)
    return reverse(url_id, kwargs={name: values[name] for name in pattern.pattern.regex.groupindex})


def outcome(response) -> str:
    if response.status_code == 302:
        target = response.url.removeprefix("http://testserver")  # the admin's "view on site" gives a full URL
        if target.startswith("/accounts/login/"):
            return SIGN_IN
        if target.startswith("/admin/login/"):
            return ADMIN_SIGN_IN
        assert target.startswith("/") and not target.startswith("//"), f"a redirect off the site: {response.url}"
        return ELSEWHERE
    return str(response.status_code)


POST_BODY = {"content": "a whale", "language": "en", "skip_distressing": "on"}


def ask(world: dict, role: str, method: str, url_id: str):
    """One request by one role (a browser of its own, CSRF checks off; on the API an app with a device token), its
    effects rolled back afterwards."""
    user = world["users"][role]
    browser = Browser()
    with transaction.atomic():
        url = url_for(url_id, world, user)
        if url_id.startswith("api:"):
            headers = {"Authorization": f"Bearer {token_issue(user=user, name='app')[1]}"} if user else {}
            response = browser.generic(method, url, json.dumps(API_BODY), "application/json", headers=headers)
        else:
            if user is not None:
                browser.force_login(user)
            response = browser.get(url) if method == "GET" else browser.post(url, POST_BODY)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    return url, response, body


@pytest.mark.parametrize("url_id", sorted(URLS))
def test_permission_matrix(world, url_id):
    """Every role, GET and POST: the exact answer of the table, never a 500; nothing of A's private dream for B; no
    dream text or prompt on an admin page."""
    wrong = []
    for role in ROLES:
        for method in API_METHODS if url_id.startswith("api:") else METHODS:
            url, response, body = ask(world, role, method, url_id)
            got, want = outcome(response), expected(url_id, method)[role]
            if got != want:
                wrong.append(f"{role} {method} {url}: {got}, expected {want}")
            if role in ("client_b", "therapist_b") and not url_id.startswith("admin:"):
                wrong += leaks_of(world["private"], world["users"]["client_a"], response, body)
            if role == "staff" and url_id.startswith("admin:"):  # staff moderate; the text and prompt are not theirs
                wrong += [
                    f"{secret!r} on {url}" for secret in (PRIVATE_TEXT, PRIVATE_PROMPT) if secret in body.decode()
                ]
    assert wrong == []


MEDIA_LINK = re.compile(r"/media/([^/\"'\s<>]+)/")


def is_archive(response) -> bool:
    return response.get("Content-Type") == "application/zip"


def readable(response, body: bytes) -> str:
    """The answer as text; an export (a ZIP): the names of its files, and its JSON, HTML and CSS files."""
    if not is_archive(response):
        return body.decode(errors="replace")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        texts = [archive.read(name).decode() for name in names if name.endswith((".json", ".html", ".css"))]
    return "\n".join(names + texts)


def leaks_of(dream: Dream, owner, response, body: bytes) -> list[str]:
    """Where the dream's title, its id, a media link to its files (signed for anyone) or their names show in an
    answer (body or redirect); the URL the viewer asked for is left out, as pages echo it back in forms."""
    asked = response.request["PATH_INFO"]
    text = (readable(response, body) + response.get("Location", "")).replace(asked, "")
    secrets = [dream.title, str(dream.pk), dream.pk.hex, dream.video.name, dream.poster.name]
    secrets += [signed_url(dream.video, owner), signed_url(dream.poster, owner)]
    found = [f"{secret!r} in the answer to {asked}" for secret in secrets if secret in text]
    links = [] if is_archive(response) else MEDIA_LINK.findall(text)  # an export's own links are relative
    for token in links:  # a link signed for the viewer does not show the file name in clear
        name, _ = signing.loads(token, salt=delivery.SALT)
        if name in (dream.video.name, dream.poster.name):
            found.append(f"a link to {name} in the answer to {asked}")
    return found


FEED_ANSWERS = ["/feed/", "/feed/?tab=shared", "/feed/items", "/feed/items?tab=shared"]


@pytest.mark.parametrize("role", ["client_b", "therapist_b"])
def test_b_sees_a_shared_dream_of_a_but_nothing_of_their_private_one(client, world, role):
    client.force_login(world["users"][role])
    pages = {url: client.get(url) for url in FEED_ANSWERS}
    assert all(page.status_code == 200 for page in pages.values())
    assert world["shared"].title in pages["/feed/items?tab=shared"].content.decode()  # the pages are not empty
    assert world["own_b"].title in pages["/feed/items"].content.decode()
    own_status = client.get(reverse("video_status", args=[world["own_b"].pk]))
    assert own_status.json()["video_url"].startswith("/media/")
    json_answers = [own_status, client.get(reverse("video_status", args=[world["private"].pk]))]
    leaks = []
    for response in [*pages.values(), *json_answers]:
        leaks += leaks_of(world["private"], world["users"]["client_a"], response, response.content)
    assert leaks == []


def test_the_leak_check_finds_the_private_dream_where_it_belongs(client, world):
    """Client A's own feed, status answer and export do carry it: the check above would see a leak."""
    owner = world["users"]["client_a"]
    client.force_login(owner)
    for url in ("/feed/items", reverse("video_status", args=[world["private"].pk]), reverse("export_mine")):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert leaks_of(world["private"], owner, response, body) != [], url


def api_answers(user, urls: list[str]) -> list:
    headers = {"Authorization": f"Bearer {token_issue(user=user, name='app')[1]}"}
    return [Browser().get(url, headers=headers) for url in urls]


API_FEED = ["/api/v1/dreams/feed", "/api/v1/dreams/feed?tab=shared"]


@pytest.mark.parametrize("role", ["client_b", "therapist_b"])
def test_b_sees_nothing_of_as_private_dream_through_the_api(world, role):
    mine, shared = api_answers(world["users"][role], API_FEED)
    assert str(world["shared"].pk) in shared.content.decode()  # the pages are not empty
    assert str(world["own_b"].pk) in mine.content.decode()
    leaks = []
    for response in (mine, shared):
        leaks += leaks_of(world["private"], world["users"]["client_a"], response, response.content)
    assert leaks == []


def test_the_leak_check_finds_the_private_dream_in_as_api_feed(world):
    owner = world["users"]["client_a"]
    (mine,) = api_answers(owner, API_FEED[:1])
    assert leaks_of(world["private"], owner, mine, mine.content) != []
