"""The permission matrix: every named URL, for every role, answers as the table says. A new URL must join the table."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dreams.models import THERAPISTS_GROUP
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, UserFactory
from videogen.delivery import signed_url

ROLES = ["anonymous", "client_a", "client_b", "therapist_a", "therapist_b", "staff"]
OK, LOGIN, DENIED = "ok", "login", "denied"

# url name -> (method, {role: expected}); roles not listed expect DENIED (403 or 404).
MATRIX = {
    "home": ("get", {r: OK for r in ROLES} | {"anonymous": LOGIN}),
    "feed": ("get", {r: OK for r in ROLES} | {"anonymous": LOGIN}),
    "client_list": ("get", {"anonymous": LOGIN, "therapist_a": OK, "therapist_b": OK}),
    "client_add": ("get", {"anonymous": LOGIN, "therapist_a": OK, "therapist_b": OK}),
    "client_detail": ("get", {"anonymous": LOGIN, "therapist_a": OK}),
    "dream_add": ("get", {"anonymous": LOGIN, "therapist_a": OK}),
    "prompt_preview": ("post", {"anonymous": LOGIN, "therapist_a": OK, "therapist_b": OK}),
    "dream_detail": ("get", {"anonymous": LOGIN, "therapist_a": OK, "client_a": OK}),
    "dream_edit": ("get", {"anonymous": LOGIN, "therapist_a": OK}),
    "dream_delete": ("get", {"anonymous": LOGIN, "therapist_a": OK}),
    "consent_withdraw": ("post", {"anonymous": LOGIN, "therapist_a": OK, "client_a": OK}),
    "generate_video": ("post", {"anonymous": LOGIN, "therapist_a": OK}),
    "video_status": ("get", {"anonymous": LOGIN, "therapist_a": OK, "client_a": OK}),
    "media": ("get", {"anonymous": LOGIN, "client_a": OK}),  # the link was signed for client A
    "webhook": ("post", {}),  # an unknown token: nobody gets in, whoever they are
    "login": ("get", {r: OK for r in ROLES}),
    "logout": ("post", {r: LOGIN for r in ROLES}),  # signing out ends on the sign-in page
    "set_language": ("post", {r: OK for r in ROLES}),
    "healthz": ("get", {r: OK for r in ROLES}),
    "feed_items": ("get", {r: OK for r in ROLES} | {"anonymous": LOGIN}),
    "feed_preferences": ("post", {r: OK for r in ROLES} | {"anonymous": LOGIN}),
    "favourite_toggle": ("post", {"anonymous": LOGIN, "therapist_a": OK, "client_a": OK}),
    "admin:index": (
        "get",
        {
            "staff": OK,
            "anonymous": LOGIN,
            "client_a": LOGIN,
            "client_b": LOGIN,
            "therapist_a": LOGIN,
            "therapist_b": LOGIN,
        },
    ),
}


def named_urls(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                yield "admin:index"
                continue
            yield from named_urls(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_named_url_is_in_the_matrix():
    assert set(named_urls(get_resolver().url_patterns)) == set(MATRIX)


@pytest.fixture
def world(db):
    therapist_a, therapist_b = TherapistFactory(), TherapistFactory()
    client_a = ClientFactory(therapist=therapist_a)
    client_b = ClientFactory(therapist=therapist_b)
    staff = UserFactory(is_staff=True, is_superuser=True)
    dream = DreamFactory(client=client_a)
    dream.video.save("v.mp4", ContentFile(b"\x00" * 64), save=False)
    dream.poster.save("p.jpg", ContentFile(b"\xff\xd8"), save=True)
    users = {
        "anonymous": None,
        "client_a": client_a.user,
        "client_b": client_b.user,
        "therapist_a": therapist_a,
        "therapist_b": therapist_b,
        "staff": staff,
    }
    assert Group.objects.get(name=THERAPISTS_GROUP).user_set.count() == 2
    return {"users": users, "dream": dream, "client": client_a}


def url_for(name, world):
    dream, client = world["dream"], world["client"]
    args = {
        "client_detail": [client.pk],
        "dream_add": [client.pk],
        "dream_detail": [dream.pk],
        "dream_edit": [dream.pk],
        "dream_delete": [dream.pk],
        "consent_withdraw": [dream.pk],
        "generate_video": [dream.pk],
        "video_status": [dream.pk],
        "favourite_toggle": [dream.pk],
        "webhook": ["luma", "not-a-token"],
    }
    if name == "media":
        return signed_url(dream.video, world["users"]["client_a"])
    return reverse(name, args=args.get(name, []))


def outcome(response) -> str:
    if response.status_code == 401:
        return LOGIN
    if response.status_code == 302 and "/login/" in response.url:
        return LOGIN
    if response.status_code in (403, 404, 405):
        return DENIED
    assert response.status_code < 400, f"unexpected {response.status_code}"
    return OK


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(client, world, name, role):
    method, expected = MATRIX[name]
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = url_for(name, world)
    data = {"content": "a whale", "language": "en"} if method == "post" else None
    response = getattr(client, method)(url, data)
    assert outcome(response) == expected.get(role, DENIED), f"{role} {method.upper()} {url}"
