"""The admin's changelists filter only by their declared list filters and date hierarchy, search only their search
fields and sort only by their sortable columns: any other parameter answers 400 and is audit-logged, so hidden text
(dream text, prompts, tokens, password hashes) cannot be extracted by binary search, on any model admin of the site."""

import pytest
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.filters import FieldListFilter, SimpleListFilter
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.auth.models import Permission
from django.contrib.messages.storage.cookie import CookieStorage
from django.db.models import JSONField

from dreams import audit
from dreams.adminsite import DeclaredLookupsOnly
from dreams.models import AuditEvent, Dream
from tests.factories import DreamFactory, UserFactory, VideoJobFactory
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Anna Petrova climbed the lighthouse on Lenina street."
SECRET_PROMPT = "a lighthouse in a storm, Anna Petrova waving"
# What no admin shows, so what no changelist may filter, search or sort by.
PRIVATE_FIELDS = {
    "dreams.dream.content",
    "videogen.videojob.prompt",
    "videogen.videojob.callback_token",
    "auth.user.password",
}


@pytest.fixture
def superuser(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def refused_lookups() -> list[str]:
    return list(AuditEvent.objects.filter(action="lookup_refused").order_by("id").values_list("detail", flat=True))


def test_the_reviews_binary_search_answers_400_and_is_recorded_without_the_guess(client):
    """A moderator with view permission only, as in the review: the lookups that read the hidden text one character at
    a time all answer 400."""
    dream = DreamFactory(content=SECRET_TEXT)
    job = VideoJobFactory(dream=dream, prompt=SECRET_PROMPT)
    moderator = UserFactory(is_staff=True)
    moderator.user_permissions.add(*Permission.objects.filter(codename__in=["view_dream", "view_videojob"]))
    client.force_login(moderator)
    asked = [
        (Dream, "content__contains", "Anna"),
        (Dream, "content__regex", "^A"),
        (VideoJob, "prompt__contains", "Anna"),
        (VideoJob, "callback_token__startswith", job.callback_token[:1]),
    ]
    for model, lookup, guess in asked:
        assert client.get(changelist(model), {lookup: guess}).status_code == 400, lookup
    assert refused_lookups() == [f"{model._meta.label_lower}: {lookup}" for model, lookup, _ in asked]
    assert all(event.actor == moderator for event in AuditEvent.objects.filter(action="lookup_refused"))
    assert "Anna" not in repr(list(AuditEvent.objects.values()))


def test_every_model_admin_of_the_site_declares_its_lookups_only():
    """Ours, Django's and django-axes': a model admin registered later is wrapped too."""
    assert admin.site._registry
    assert [
        model for model, model_admin in admin.site._registry.items() if not isinstance(model_admin, DeclaredLookupsOnly)
    ] == []


def declared(model_admin, request) -> set[str]:
    """The parameters of the admin's list filters and date hierarchy, from Django's own filter classes."""
    names = set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            names.add(item.parameter_name)
            continue
        path, make = item if isinstance(item, tuple | list) else (item, FieldListFilter.create)
        field = model_admin.model._meta.get_field(path.split("__")[0])
        for part in path.split("__")[1:]:
            field = field.related_model._meta.get_field(part)
        names.update(make(field, request, {}, model_admin.model, model_admin, field_path=path).expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


def name_is_declared(model_admin, request, name: str) -> bool:
    """A parameter a list filter or the date hierarchy names: its own name, or a lookup on its field path."""
    paths, names = [model_admin.date_hierarchy], set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            names.add(item.parameter_name)
        else:
            paths.append(item[0] if isinstance(item, tuple | list) else item)
    return name in names or any(path and (name == path or name.startswith(f"{path}__")) for path in paths)


def lookups_of(field) -> list[str]:
    names = sorted(field.get_lookups())
    if isinstance(field, JSONField):
        names.append("any_key")  # a key transform
    return names


def every_lookup(model) -> list[str]:
    """Every field of the model (relations both ways) with every lookup and transform it has, and every field one
    relation away with the lookups that extract text."""
    params = []
    for field in model._meta.get_fields():
        name = field.name  # for a reverse relation: its query name
        params += [f"{name}__{lookup}" for lookup in lookups_of(field)] + [name]
        if field.is_relation and field.related_model is not None:
            for far in field.related_model._meta.concrete_fields:
                params += [f"{name}__{far.name}__{lookup}" for lookup in ("exact", "contains", "startswith", "regex")]
    return sorted(set(params))


def ask_changelist(model_admin, user, rf, param: str) -> bool:
    """Whether the changelist takes the parameter: a refusal is DisallowedModelAdminLookup, which Django answers with
    400 (see the test above). The view is called directly, as the admin site calls it, to keep the walk quick."""
    request = rf.get(changelist(model_admin.model), {param: "1"})
    request.user = user
    request._messages = CookieStorage(request)
    try:
        model_admin.changelist_view(request)
    except DisallowedModelAdminLookup:
        return False
    return True


def test_every_field_and_lookup_not_declared_answers_400_on_every_changelist(rf):
    """Every model field × every lookup type (and one relation away) on every changelist of the site: refused unless
    the changelist declares the parameter in a list filter or its date hierarchy."""
    DreamFactory(visibility="shared")
    request = rf.get("/")
    request.user = user = UserFactory(is_staff=True, is_superuser=True)
    wrong, refused = [], 0
    for model, model_admin in admin.site._registry.items():
        allowed = declared(model_admin, request)
        assert all(name_is_declared(model_admin, request, name) for name in allowed), model
        for param in sorted(set(every_lookup(model)) | allowed):
            taken = ask_changelist(model_admin, user, rf, param)
            if taken != (param in allowed):
                wrong.append(f"{model._meta.label} {param}: {'taken' if taken else 'refused'}")
            refused += not taken
    assert wrong == []
    assert AuditEvent.objects.filter(action="lookup_refused").count() == refused > 1000


def test_declared_filters_dates_and_search_still_work(superuser):
    shared = DreamFactory(title="Lighthouse", visibility="shared")
    DreamFactory(title="Cellar")
    day = shared.created_at
    params = {
        "moderation__exact": "pending",
        "visibility__exact": "shared",
        "client__therapist__id__exact": str(shared.client.therapist_id),
        "created_at__year": str(day.year),
        "created_at__month": str(day.month),
        "video": "missing",
        "q": "light",  # the title, stored encrypted: searched in Python, in any case
        ORDER_VAR: "2.-4",
    }
    response = superuser.get(changelist(Dream), params)
    assert response.status_code == 200
    assert [dream.title for dream in response.context["cl"].result_list] == ["Lighthouse"]
    assert refused_lookups() == []


@pytest.mark.parametrize("order", ["99", "abc", "1.x", "-0", "1", "2.-1"])  # 1: the title, stored encrypted
def test_ordering_by_anything_but_a_sortable_column_answers_400(superuser, order):
    assert superuser.get(changelist(Dream), {ORDER_VAR: order}).status_code == 400
    assert refused_lookups() == [f"dreams.dream: {ORDER_VAR}={order}"]


def path_touches_private(model, path: str) -> bool:
    """Whether a field path (a search field or an ordering) reads a private field on the way."""
    for part in path.lstrip("-=^@").split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a lookup or transform at the end of the path
            return False
        if f"{model._meta.label_lower}.{field.name}" in PRIVATE_FIELDS:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def test_no_search_field_or_sortable_column_reads_dream_text_prompts_tokens_or_passwords(rf):
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    wrong = []
    for model, model_admin in admin.site._registry.items():
        paths = list(model_admin.get_search_fields(request))
        for column in model_admin.get_sortable_by(request):
            attribute = column if callable(column) else getattr(model_admin, column, getattr(model, column, None))
            order = getattr(attribute, "admin_order_field", None) or (column if isinstance(column, str) else None)
            paths += [order] if isinstance(order, str) else []
        wrong += [f"{model._meta.label}: {path}" for path in paths if path_touches_private(model, path)]
    assert wrong == []


def test_search_finds_nothing_by_dream_text_or_prompt(superuser):
    dream = DreamFactory(content=SECRET_TEXT, title="Meadow")
    VideoJobFactory(dream=dream, prompt=SECRET_PROMPT)
    assert superuser.get(changelist(Dream), {"q": "Petrova"}).context["cl"].result_count == 0
    assert superuser.get(changelist(VideoJob), {"q": "Petrova"}).context["cl"].result_count == 0
    assert superuser.get(changelist(Dream), {"q": "Meadow"}).context["cl"].result_count == 1


def test_the_audit_log_keeps_refusals_apart_from_any_dream(superuser):
    superuser.get(changelist(AuditEvent), {"detail__contains": "x"})
    event = AuditEvent.objects.get(action=audit.Action.LOOKUP_REFUSED)
    assert event.dream_id is None and event.detail == "dreams.auditevent: detail__contains"
