"""The permission tables: the answer every role gets, by URL id and method, on the site, the admin and the JSON API.

The tables are the specification; tests/dreams/test_permissions.py walks the URL conf and holds every answer to them.
"""

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
