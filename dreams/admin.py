"""Staff moderation in Django admin: clients and dreams, approve or reject shared dreams, read the audit log.

Every model admin here filters, searches and sorts only by what it declares (`dreams.adminsite`, the default site).
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from . import audit, selectors, services
from .adminlog import IdOnlyHistory
from .forms import AccountChangeForm, AccountCreationForm
from .models import AuditEvent, Client, Dream
from .symbols import symbol_names


def editable_only(model_admin: admin.ModelAdmin, editable: tuple[str, ...]) -> list[str]:
    """Every field of the form read-only but `editable`: staff rights come from here, not from model permissions."""
    return [name for name in flatten(model_admin.fields or ()) if name not in editable]


class SuperuserDeletes:
    """Deleting in the admin is a superuser's, whatever model permissions staff hold: staff moderate."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Client)
class ClientAdmin(SuperuserDeletes, admin.ModelAdmin):
    list_display = ["pseudonym", "therapist", "user", "created_at"]
    list_filter = ["therapist"]
    search_fields = ["pseudonym", "therapist__username", "user__username"]
    raw_id_fields = ["therapist", "user"]
    fields = ["pseudonym", "therapist", "user", "created_at"]
    OWNERSHIP = ("therapist", "user")

    def has_add_permission(self, request):
        return False  # clients are added by their therapist, who sets up their sign-in

    def get_readonly_fields(self, request, obj=None):
        return editable_only(self, self.OWNERSHIP if request.user.is_superuser else ())

    def save_model(self, request, obj, form, change):
        if set(form.changed_data) & set(self.OWNERSHIP):
            data = form.cleaned_data
            services.client_transfer(client=obj, by=request.user, therapist=data["therapist"], user=data["user"])

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation names what erasure takes beyond the rows Django lists: media, running jobs, the account."""
        client = self.get_object(request, object_id)
        if client is not None and self.has_delete_permission(request, client):
            extra_context = {**(extra_context or {}), "erasing": selectors.client_deletion_summary(client)}
        return super().delete_view(request, object_id, extra_context)

    # Deleting a client is more than deleting rows: jobs stopped, every copy of the media, the account erased.
    def delete_model(self, request, obj):
        services.client_delete(client=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for client in queryset:
            services.client_delete(client=client, by=request.user)


class VideoStateFilter(admin.SimpleListFilter):
    title = _("video")
    parameter_name = "video"

    def lookups(self, request, model_admin):
        return [("ready", _("Ready")), ("missing", _("No video"))]

    def queryset(self, request, queryset):
        if self.value() == "ready":
            return queryset.exclude(video="")
        if self.value() == "missing":
            return queryset.filter(video="")
        return queryset


class ModerationFilter(admin.SimpleListFilter):
    """Where a shared dream's moderation stands: a private dream is never awaiting (nor given) a decision."""

    title = _("moderation")
    parameter_name = "moderation__exact"

    def lookups(self, request, model_admin):
        return Dream.Moderation.choices

    def queryset(self, request, queryset):
        if self.value() in Dream.Moderation.values:
            return queryset.filter(visibility=Dream.Visibility.SHARED, moderation=self.value())
        return queryset


class ModerationActionForm(helpers.ActionForm):
    reason = forms.CharField(label=_("Reason (needed to reject)"), required=False, max_length=500)


class DreamModerationForm(forms.ModelForm):
    """The change form: the moderation decision goes through the service's rules, shown next to its fields."""

    def clean(self):
        data = super().clean()
        if {"moderation", "moderation_reason"} & set(self.changed_data):
            errors = services.moderation_errors(
                dream=self.instance, decision=data.get("moderation", ""), reason=data.get("moderation_reason", "")
            )
            for field, message in errors.items():
                self.add_error(field, message)
        if {"client", "author"} & set(self.changed_data):
            for field, message in services.transfer_errors(
                client=data.get("client"), author=data.get("author")
            ).items():
                self.add_error(field, message)
        return data


class TitleSearch:
    """Search by the dream's title beside the search fields: titles are stored encrypted, so that part of the search
    runs in Python (selectors.dream_ids_titled), on the dream ids at `title_search_path`."""

    title_search_path = "pk"

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            titled = selectors.dream_ids_titled(search_term.strip())
            found |= queryset.filter(**{f"{self.title_search_path}__in": titled})
        return found, may_have_duplicates


@admin.register(Dream)
class DreamAdmin(IdOnlyHistory, TitleSearch, SuperuserDeletes, admin.ModelAdmin):
    list_display = [
        "title",
        "client",
        "therapist",
        "dreamt_on",
        "visibility",
        "moderation_state",
        "consent_video",
        "has_video",
    ]
    list_filter = [
        ModerationFilter,
        "visibility",
        VideoStateFilter,
        "consent_video",
        "distressing",
        ("client__therapist", admin.RelatedOnlyFieldListFilter),  # the therapists of some client: therapists only
    ]
    search_fields = ["client__pseudonym", "client__therapist__username"]  # and the title: TitleSearch
    # Not by title: the database holds it encrypted, and ciphertext sorts in no order a reader would recognise.
    sortable_by = ["client", "therapist", "dreamt_on", "visibility", "moderation", "consent_video"]
    list_select_related = ["client", "client__therapist"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject"]
    action_form = ModerationActionForm
    form = DreamModerationForm
    raw_id_fields = ["client", "author"]
    # Staff moderate: the decision is all they change. Consent, sharing and what may leave the server are the
    # client's decisions, recorded by their therapist; the title, symbols and media are the therapist's; who owns the
    # dream is changed by a superuser alone. The dream text is not here at all: it stays between client and therapist.
    fields = [
        "title",
        "client",
        "author",
        "dreamt_on",
        "symbol_chips",
        "distressing",
        "privacy_mode",
        "visibility",
        "consent_video",
        "consent_full_text",
        "consent_recorded_by",
        "consent_recorded_at",
        "video_file",
        "poster_file",
        "video_ready_at",
        "moderation",
        "moderation_reason",
        "id",
        "created_at",
        "updated_at",
    ]
    MODERATION = ("moderation", "moderation_reason")
    OWNERSHIP = ("client", "author")

    def has_add_permission(self, request):
        return False  # dreams are written down by therapists, with the client's consent

    def get_readonly_fields(self, request, obj=None):
        return editable_only(self, self.MODERATION + (self.OWNERSHIP if request.user.is_superuser else ()))

    @admin.display(description=_("therapist"), ordering="client__therapist__username")
    def therapist(self, dream):
        return dream.client.therapist

    @admin.display(description=_("moderation"), ordering="moderation")
    def moderation_state(self, dream):
        return dream.get_moderation_display() if dream.visibility == Dream.Visibility.SHARED else "—"

    @admin.display(description=_("symbols"))
    def symbol_chips(self, dream):
        """The symbols as chips, in the page's language (the prompt keeps them in English)."""
        names = symbol_names(dream.symbols, get_language())
        return format_html('<ul class="chips">{}</ul>', format_html_join("", "<li>{}</li>", ((n,) for n in names)))

    @admin.display(description=_("video"), boolean=True)
    def has_video(self, dream):
        return bool(dream.video)

    # The stored names, as text: a file field's own link points past the permission check (and answers 404). The
    # video and poster themselves play on the page, through signed links (change_form.html).
    @admin.display(description=_("video"))
    def video_file(self, dream):
        return dream.video.name or "—"

    @admin.display(description=_("poster"))
    def poster_file(self, dream):
        return dream.poster.name or "—"

    def view_on_site(self, dream):
        """The site's page of a dream, where staff can open it (an approved shared dream): a pending one is not on the
        site for them, so no link rather than a 404."""
        approved = dream.visibility == Dream.Visibility.SHARED and dream.moderation == Dream.Moderation.APPROVED
        return dream.get_absolute_url() if approved and dream.has_video else None

    def _moderate(self, request, dreams, decision: str) -> int:
        count = 0
        for dream in dreams:
            try:
                services.dream_moderate(
                    dream=dream, by=request.user, decision=decision, reason=request.POST.get("reason", "")
                )
            except ValidationError:
                continue
            count += 1
        return count

    @admin.action(description=_("Approve selected shared dreams"), permissions=["change"])
    def approve(self, request, queryset):
        count = self._moderate(request, queryset.filter(visibility=Dream.Visibility.SHARED), Dream.Moderation.APPROVED)
        self.message_user(
            request, ngettext("%d dream approved.", "%d dreams approved.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Reject selected shared dreams"), permissions=["change"])
    def reject(self, request, queryset):
        if not request.POST.get("reason", "").strip():
            self.message_user(request, _("Write the reason for the rejection: the therapist reads it."), messages.ERROR)
            return
        count = self._moderate(request, queryset, Dream.Moderation.REJECTED)
        self.message_user(
            request, ngettext("%d dream rejected.", "%d dreams rejected.", count) % count, messages.SUCCESS
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._moderation_media(request, object_id)}
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and "original" in (response.context_data or {}):
            audit.record(actor=request.user, dream_id=response.context_data["original"].pk, action=audit.Action.VIEWED)
        return response

    def _moderation_media(self, request, object_id) -> dict:
        """The shared dream the user moderates, whose video and poster the page plays (none for a private dream)."""
        watchable = selectors.dreams_moderated_by(request.user).filter(consent_video=True).exclude(video="")
        try:
            return {"moderated_dream": watchable.filter(pk=object_id).first()}
        except (ValueError, ValidationError):  # not a dream's id: Django's own change view answers it
            return {}

    def save_model(self, request, obj, form, change):
        """Nothing is saved here directly: each change goes through its service, which records it."""
        changed, data = set(form.changed_data), form.cleaned_data
        if changed & set(self.OWNERSHIP):
            services.dream_transfer(dream=obj, by=request.user, client=data["client"], author=data["author"])
        if changed & set(self.MODERATION):
            services.dream_moderate(
                dream=obj, by=request.user, decision=data["moderation"], reason=data["moderation_reason"]
            )

    def delete_model(self, request, obj):
        services.dream_delete(dream=obj, by=request.user)  # the video and poster go from storage too

    def delete_queryset(self, request, queryset):
        for dream in queryset:
            services.dream_delete(dream=dream, by=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the application writes and nobody edits: staff read it, and cannot add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserWrites(SuperuserDeletes):
    """Staff hold model permissions to moderate; adding, changing and deleting here are a superuser's alone."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)


class SuperuserOnly(SuperuserWrites):
    """Accounts and groups: who may sign in, as what, with which rights. Moderation needs none of it, so staff do not
    even read it (client sign-in names, e-mail addresses, who holds which permission)."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)


class AccountAdmin(SuperuserOnly, UserAdmin):
    """Django's user admin, with the project's checks of sign-in names (normal form, look-alikes, invisible ones)."""

    add_form = AccountCreationForm
    form = AccountChangeForm


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountAdmin)

# Django's group admin and django-axes' records (deleting one unlocks a sign-in): the same rule, mixed into their own
# admin classes.
for model, rule in (
    (Group, SuperuserOnly),
    (AccessAttempt, SuperuserWrites),
    (AccessLog, SuperuserWrites),
    (AccessFailureLog, SuperuserWrites),
):
    registered = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(registered.__name__, (rule, registered), {"__module__": registered.__module__}))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is written by the application, never edited."""

    list_display = ["at", "action", "dream", "client_id", "actor_name", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["dream_id", "actor_name"]
    date_hierarchy = "at"
    list_select_related = False
    fields = ("at", "action", "dream", "dream_id", "client_id", "actor", "actor_name", "detail")
    readonly_fields = fields

    def get_queryset(self, request):
        """Each event with its dream's title while the dream exists (the trail keeps the id only)."""
        titles = Dream.objects.filter(pk=OuterRef("dream_id")).values("title")[:1]
        return super().get_queryset(request).annotate(dream_title=Subquery(titles))

    @admin.display(description=_("dream"))
    def dream(self, event):
        if event.dream_id is None:
            return "—"
        if event.dream_title is None:
            return _("deleted dream %(id)s") % {"id": event.dream_id}
        url = reverse("admin:dreams_dream_change", args=[event.dream_id])
        return format_html('<a href="{}">{}</a>', url, event.dream_title)
