"""The permission matrix: every URL of the URL conf (each admin page too, with real object ids), for every role, by GET
and by POST, answers exactly as the tables say; and nothing of client A's private dream reaches client B or therapist B.

A URL that joins the URL conf without a row here fails `test_every_url_is_in_the_matrix`. Denied is exact: another
user's object answers 404 (its existence is not confirmed), a page of another role answers 403, anonymous callers are
sent to sign in (JSON endpoints: 401). The admin sends everyone who is not staff to its own sign-in page.
"""

import io
import json
import re
import zipfile

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.tokens import token_issue
from dreams import audit, delivery
from dreams.delivery import signed_url
from dreams.models import THERAPISTS_GROUP, AuditEvent, Client, Dream
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, UserFactory
from videogen.models import LedgerEntry, VideoJob

ROLES = ["anonymous", "client_a", "client_b", "therapist_a", "therapist_b", "staff"]
METHODS = ["GET", "POST"]

# What an answer means. Denied is exact: 404 for another user's object, 403 for a role not allowed on a page.
OK = "200"
SIGN_IN = "sign-in"  # 302 to /accounts/login/?next=…
ADMIN_SIGN_IN = "admin-sign-in"  # 302 to /admin/login/?next=…: the admin's own sign-in, also for signed-in non-staff
ELSEWHERE = "302"  # a redirect within the site, not to a sign-in page
UNAUTHORIZED = "401"  # JSON endpoints ask anonymous callers to sign in without a redirect
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
BAD_REQUEST = "400"

# The site's own URLs. Objects in the URL are client A's (client_id) and client A's private dream (dream_id); a media
# link is signed for whoever asks (anonymous: for client A); a webhook carries a token no job has.
SITE = """
url               method anonymous     client_a  client_b  therapist_a therapist_b staff
home              GET    sign-in       302       302       302         302         302
home              POST   sign-in       302       302       302         302         302
feed              GET    sign-in       200       200       200         200         200
feed              POST   sign-in       405       405       405         405         405
feed_items        GET    sign-in       200       200       200         200         200
feed_items        POST   sign-in       405       405       405         405         405
feed_preferences  GET    sign-in       405       405       405         405         405
feed_preferences  POST   sign-in       302       302       302         302         302
favourite_toggle  GET    sign-in       405       405       405         405         405
favourite_toggle  POST   sign-in       302       404       302         404         404
notifications     GET    sign-in       403       403       200         200         403
notifications     POST   sign-in       403       403       302         302         403
notification_preferences GET sign-in   405       405       405         405         405
notification_preferences POST sign-in  403       403       302         302         403
client_list       GET    sign-in       403       403       200         200         403
client_list       POST   sign-in       403       403       200         200         403
client_add        GET    sign-in       403       403       200         200         403
client_add        POST   sign-in       403       403       200         200         403
client_detail     GET    sign-in       403       403       200         404         403
client_detail     POST   sign-in       403       403       200         404         403
client_delete     GET    sign-in       403       403       200         404         403
client_delete     POST   sign-in       403       403       302         404         403
client_export     GET    sign-in       403       403       200         404         403
client_export     POST   sign-in       405       405       405         405         405
export_mine       GET    sign-in       200       200       403         403         403
export_mine       POST   sign-in       405       405       405         405         405
access_log        GET    sign-in       200       200       403         403         403
access_log        POST   sign-in       405       405       405         405         405
dream_add         GET    sign-in       403       403       200         404         403
dream_add         POST   sign-in       403       403       200         404         403
prompt_preview    GET    sign-in       403       403       405         405         403
prompt_preview    POST   sign-in       403       403       200         200         403
dream_detail      GET    sign-in       200       404       200         404         404
dream_detail      POST   sign-in       200       404       200         404         404
dream_edit        GET    sign-in       403       403       200         404         403
dream_edit        POST   sign-in       403       403       200         404         403
dream_delete      GET    sign-in       403       403       200         404         403
dream_delete      POST   sign-in       403       403       302         404         403
consent_withdraw  GET    sign-in       200       404       200         404         404
consent_withdraw  POST   sign-in       302       404       302         404         404
consent_give      GET    sign-in       405       405       405         405         405
consent_give      POST   sign-in       302       404       403         404         404
generate_video    GET    sign-in       405       405       405         405         405
generate_video    POST   sign-in       403       404       200         404         404
video_status      GET    401           200       404       200         404         404
video_status      POST   401           405       405       405         405         405
video_description GET    sign-in       200       404       200         404         404
video_description POST   sign-in       405       405       405         405         405
media             GET    sign-in       200       404       200         404         404
media             POST   sign-in       405       405       405         405         405
webhook           GET    405           405       405         405         405         405
webhook           POST   404           404       404       404         404         404
rescript_add      GET    sign-in       403       403       200         404         403
rescript_add      POST   sign-in       403       403       200         404         403
rescript_make_current GET sign-in      405       405       405         405         405
rescript_make_current POST sign-in     403       403       404         404         403
client_progress   GET    sign-in       403       403       200         404         403
client_progress   POST   sign-in       403       403       200         404         403
client_summary    GET    sign-in       403       403       200         404         403
client_summary    POST   sign-in       403       403       200         404         403
rehearse          GET    sign-in       200       200       403         403         403
rehearse          POST   sign-in       404       404       403         403         403
morning_log       GET    sign-in       200       200       403         403         403
morning_log       POST   sign-in       200       200       403         403         403
rehearsal_clock   GET    sign-in       405       405       405         405         405
rehearsal_clock   POST   sign-in       200       200       403         403         403
login             GET    200           302       302       302         302         302
login             POST   200           302       302       302         302         302
logout            GET    sign-in       405       405       405         405         405
logout            POST   sign-in       sign-in   sign-in   sign-in     sign-in     sign-in
set_language      GET    302           302       302       302         302         302
set_language      POST   302           302       302       302         302         302
healthz           GET    200           200       200       200         200         200
healthz           POST   200           200       200       200         200         200
client_access     GET    sign-in       403       403       200         404         403
client_access     POST   sign-in       403       403       200         404         403
invitation_create GET    sign-in       405       405       405         405         405
invitation_create POST   sign-in       403       403       302         404         403
invitation_revoke GET    sign-in       405       405       405         405         405
invitation_revoke POST   sign-in       403       403       302         404         403
client_access_switch GET    sign-in       405       405       405         405         405
client_access_switch POST   sign-in       403       403       302         404         403
invitation_accept GET    404           404       404       404         404         404
invitation_accept POST   404           404       404       404         404         404
account           GET    sign-in       200       200       200         200         200
account           POST   sign-in       200       200       200         200         200
password_change   GET    sign-in       200       200       200         200         200
password_change   POST   sign-in       200       200       200         200         200
password_change_done GET    sign-in       200       200       200         200         200
password_change_done POST   sign-in       405       405       405         405         405
password_reset    GET    200           200       200       200         200         200
password_reset    POST   200           200       200       200         200         200
password_reset_done GET    200           200       200       200         200         200
password_reset_done POST   405           405       405       405         405         405
password_reset_confirm GET    200           200       200       200         200         200
password_reset_confirm POST   200           200       200       200         200         200
password_reset_complete GET    200           200       200       200         200         200
password_reset_complete POST   405           405       405       405         405         405
two_factor_verify GET    sign-in       302       302       302         302         302
two_factor_verify POST   sign-in       302       302       302         302         302
two_factor_setup  GET    sign-in       200       200       200         200         200
two_factor_setup  POST   sign-in       200       200       200         200         200
recovery_codes_renew GET    sign-in       405       405       405         405         405
recovery_codes_renew POST   sign-in       302       302       200         200         200
two_factor_remove GET    sign-in       405       405       405         405         405
two_factor_remove POST   sign-in       302       302       302         302         302
"""


def parse(table: str) -> dict[tuple[str, str], dict[str, str]]:
    lines = table.strip().splitlines()
    header = lines[0].split()
    assert header[2:] == ROLES
    rows = map(str.split, lines[1:])
    return {(url, method): dict(zip(ROLES, answers, strict=True)) for url, method, *answers in rows}


SITE_MATRIX = parse(SITE)


# The admin: staff only. Everyone else, signed in or not, is sent to the admin's sign-in page, except on the sign-in
# page itself. Staff (a superuser) may do everything the model admins allow; these are the exceptions.
ADMIN_SITE = """
url                    method anonymous     client_a      client_b      therapist_a   therapist_b   staff
index                  GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
index                  POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
login                  GET    200           200           200           200           200           302
login                  POST   200           200           200           200           200           200
logout                 GET    302           302           302           302           302           405
logout                 POST   302           302           302           302           302           sign-in
password_change        GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
password_change        POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
password_change_done   GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
password_change_done   POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 405
autocomplete           GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 403
autocomplete           POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 405
jsi18n                 GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
jsi18n                 POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 405
view_on_site           GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 302
view_on_site           POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 302
app_list               GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
app_list               POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 200
catch_all              GET    admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 404
catch_all              POST   admin-sign-in admin-sign-in admin-sign-in admin-sign-in admin-sign-in 404
"""
ADMIN_SITE_MATRIX = parse(ADMIN_SITE)

# Staff's answers on a model admin's pages, by page; then the pages a model admin forbids (read-only models).
STAFF_ON_MODEL_PAGES = {
    ("changelist", "GET"): OK,
    ("changelist", "POST"): OK,
    ("add", "GET"): OK,
    ("add", "POST"): OK,
    ("change", "GET"): OK,
    ("change", "POST"): OK,  # the form comes back with errors: the posted body is not a valid object
    ("delete", "GET"): OK,
    ("delete", "POST"): ELSEWHERE,  # deleted (the object has nothing protecting it), back to the list
    ("history", "GET"): OK,
    ("history", "POST"): OK,
    ("object", "GET"): ELSEWHERE,  # admin/<app>/<model>/<id>/ redirects to the change page
    ("object", "POST"): ELSEWHERE,
    ("costs", "GET"): OK,
    ("costs", "POST"): OK,
    ("password", "GET"): OK,
    ("password", "POST"): OK,
}
NO_ADDING = {("add", "GET"): FORBIDDEN, ("add", "POST"): FORBIDDEN}
STAFF_EXCEPTIONS = {
    # The audit trail is written by the application, never added to, edited or deleted in the admin.
    "dreams_auditevent": NO_ADDING
    | {("change", "POST"): FORBIDDEN, ("delete", "GET"): FORBIDDEN, ("delete", "POST"): FORBIDDEN},
    "videogen_videojob": NO_ADDING,  # jobs are made by the pipeline
    # The spending ledger is written when a provider charges, and never changed.
    "videogen_ledgerentry": NO_ADDING
    | {("change", "POST"): FORBIDDEN, ("delete", "GET"): FORBIDDEN, ("delete", "POST"): FORBIDDEN},
    # Therapists add clients and dreams; staff moderate them, they never make them.
    "dreams_client": NO_ADDING,
    "dreams_dream": NO_ADDING,
    # django-axes' records: nothing to add; every field is read-only, so a change "saves" as it was.
    "axes_accessattempt": NO_ADDING | {("change", "POST"): ELSEWHERE},
    "axes_accesslog": NO_ADDING | {("change", "POST"): ELSEWHERE},
    "axes_accessfailurelog": NO_ADDING | {("change", "POST"): ELSEWHERE},
    # Second-factor devices: a superuser sees whose they are and deletes a lost one; nobody adds one or reads its key.
    "otp_totp_totpdevice": NO_ADDING | {("change", "POST"): FORBIDDEN},
    "otp_static_staticdevice": NO_ADDING | {("change", "POST"): FORBIDDEN},
}


def admin_expected(url_id: str, method: str) -> dict[str, str]:
    """The admin's answers for one URL id (`admin:<what>` as below) and method, for every role."""
    what = url_id.removeprefix("admin:")
    if (what, method) in ADMIN_SITE_MATRIX:
        return ADMIN_SITE_MATRIX[(what, method)]
    model, page = what.rsplit("_", 1)
    staff = STAFF_EXCEPTIONS.get(model, {}).get((page, method), STAFF_ON_MODEL_PAGES[(page, method)])
    return {role: ADMIN_SIGN_IN for role in ROLES} | {"staff": staff}


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


# The JSON API (/api/v1/): every route by every method it could be asked with, as an app asks (a device token of the
# role's account; anonymous: none). Its answers follow the pages': another user's object 404, another role's 403;
# anonymous callers get 401 (problem details), as the pages' JSON endpoints do. DRF checks who calls before the
# method, so a method a route lacks is 401/403 for those refused and 405 for the others. The token in the URL is
# client A's; the body is API_BODY.
API = """
url                method anonymous     client_a  client_b  therapist_a therapist_b staff
client_dreams      GET    401           403       403       200         404         403
client_dreams      POST   401           403       403       405         405         403
client_dreams      PUT    401           403       403       405         405         403
client_dreams      PATCH  401           403       403       405         405         403
client_dreams      DELETE 401           403       403       405         405         403
clients            GET    401           403       403       200         200         403
clients            POST   401           403       403       405         405         403
clients            PUT    401           403       403       405         405         403
clients            PATCH  401           403       403       405         405         403
clients            DELETE 401           403       403       405         405         403
docs               GET    200           200       200       200         200         200
docs               POST   405           405       405       405         405         405
docs               PUT    405           405       405       405         405         405
docs               PATCH  405           405       405       405         405         405
docs               DELETE 405           405       405       405         405         405
dream              GET    401           200       404       200         404         404
dream              POST   401           405       405       405         405         405
dream              PUT    401           405       405       405         405         405
dream              PATCH  401           403       404       200         404         404
dream              DELETE 401           403       403       204         404         403
dreams             GET    401           403       403       405         405         403
dreams             POST   401           403       403       400         400         403
dreams             PUT    401           403       403       405         405         403
dreams             PATCH  401           403       403       405         405         403
dreams             DELETE 401           403       403       405         405         403
favourite          GET    401           405       405       405         405         405
favourite          POST   401           405       405       405         405         405
favourite          PUT    401           200       404       200         404         404
favourite          PATCH  401           405       405       405         405         405
favourite          DELETE 401           200       404       200         404         404
feed               GET    401           200       200       200         200         200
feed               POST   401           405       405       405         405         405
feed               PUT    401           405       405       405         405         405
feed               PATCH  401           405       405       405         405         405
feed               DELETE 401           405       405       405         405         405
missing            GET    404           404       404       404         404         404
missing            POST   404           404       404       404         404         404
missing            PUT    404           404       404       404         404         404
missing            PATCH  404           404       404       404         404         404
missing            DELETE 404           404       404       404         404         404
generate_video     GET    401           405       405       405         405         405
generate_video     POST   401           403       404       202         404         404
generate_video     PUT    401           405       405       405         405         405
generate_video     PATCH  401           405       405       405         405         405
generate_video     DELETE 401           405       405       405         405         405
schema             GET    200           200       200       200         200         200
schema             POST   405           405       405       405         405         405
schema             PUT    405           405       405       405         405         405
schema             PATCH  405           405       405       405         405         405
schema             DELETE 405           405       405       405         405         405
token_detail       GET    401           405       405       405         405         405
token_detail       POST   401           405       405       405         405         405
token_detail       PUT    401           405       405       405         405         405
token_detail       PATCH  401           405       405       405         405         405
token_detail       DELETE 401           204       404       404         404         404
tokens             GET    401           200       200       200         200         200
tokens             POST   400           400       400       400         400         400
tokens             PUT    401           405       405       405         405         405
tokens             PATCH  401           405       405       405         405         405
tokens             DELETE 401           405       405       405         405         405
check_ins          GET    401           405       405       403         403         403
check_ins          POST   401           404       404       403         403         403
check_ins          PUT    401           405       405       403         403         403
check_ins          PATCH  401           405       405       403         403         403
check_ins          DELETE 401           405       405       403         403         403
client_progress    GET    401           403       403       200         404         403
client_progress    POST   401           403       403       405         405         403
client_progress    PUT    401           403       403       405         405         403
client_progress    PATCH  401           403       403       405         405         403
client_progress    DELETE 401           403       403       405         405         403
current_rescript   GET    401           404       404       403         403         403
current_rescript   POST   401           405       405       403         403         403
current_rescript   PUT    401           405       405       403         403         403
current_rescript   PATCH  401           405       405       403         403         403
current_rescript   DELETE 401           405       405       403         403         403
night_logs         GET    401           200       200       403         403         403
night_logs         POST   401           400       400       403         403         403
night_logs         PUT    401           405       405       403         403         403
night_logs         PATCH  401           405       405       403         403         403
night_logs         DELETE 401           405       405       403         403         403
rescripts          GET    401           403       403       200         404         403
rescripts          POST   401           403       403       400         404         403
rescripts          PUT    401           403       403       405         405         403
rescripts          PATCH  401           403       403       405         405         403
rescripts          DELETE 401           403       403       405         405         403
video_status       GET    401           200       404       200         404         404
video_status       POST   401           405       405       405         405         405
video_status       PUT    401           405       405       405         405         405
video_status       PATCH  401           405       405       405         405         405
video_status       DELETE 401           405       405       405         405         405
"""
API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
API_MATRIX = parse(API)
API_BODY = {"symbols": ["whale"]}


def expected(url_id: str, method: str) -> dict[str, str]:
    if url_id.startswith("admin:"):
        return admin_expected(url_id, method)
    if url_id.startswith("api:"):
        return API_MATRIX[(url_id.removeprefix("api:"), method)]
    return SITE_MATRIX[(url_id, method)]


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
    private = with_video(DreamFactory(client=client_a, title=PRIVATE_TITLE, content=PRIVATE_TEXT), "private")
    shared = with_video(
        DreamFactory(
            client=client_a,
            title="A shared meadow",
            visibility=Dream.Visibility.SHARED,
            moderation=Dream.Moderation.APPROVED,
        ),
        "shared",
    )
    own_b = with_video(DreamFactory(client=client_b, title="The river of B"), "own-b")
    job = VideoJob.objects.create(dream=private, provider="local", state=VideoJob.State.READY, prompt=PRIVATE_PROMPT)
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


def with_video(dream: Dream, stem: str) -> Dream:
    dream.video.save(f"{stem}.mp4", ContentFile(b"\x00" * 64), save=False)
    dream.poster.save(f"{stem}.jpg", ContentFile(b"\xff\xd8"), save=True)
    return dream


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
