"""Staff moderation in Django admin: clients and dreams, approve or reject shared dreams, read the audit log."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import audit, services
from .forms import AccountChangeForm, AccountCreationForm
from .models import AuditEvent, Client, Dream


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["pseudonym", "therapist", "user", "created_at"]
    list_filter = ["therapist"]
    search_fields = ["pseudonym", "therapist__username", "user__username"]
    raw_id_fields = ["therapist", "user"]

    # Deleting a client is more than deleting rows: jobs stopped, every copy of the media, the account closed.
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


@admin.register(Dream)
class DreamAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "client",
        "therapist",
        "dreamt_on",
        "visibility",
        "moderation",
        "consent_video",
        "has_video",
    ]
    list_filter = ["moderation", "visibility", VideoStateFilter, "consent_video", "distressing", "client__therapist"]
    search_fields = ["title", "client__pseudonym", "client__therapist__username"]
    list_select_related = ["client", "client__therapist"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject"]
    # Consent, sharing and what may leave the server are the client's decisions, recorded by their therapist:
    # staff see them, and moderate what is shared.
    readonly_fields = [
        "id",
        "consent_video",
        "consent_full_text",
        "privacy_mode",
        "visibility",
        "consent_recorded_by",
        "consent_recorded_at",
        "created_at",
        "updated_at",
        "video_ready_at",
    ]
    exclude = ["content"]  # staff moderate titles and symbols; the dream text stays between client and therapist

    @admin.display(description=_("therapist"), ordering="client__therapist__username")
    def therapist(self, dream):
        return dream.client.therapist

    @admin.display(description=_("video"), boolean=True)
    def has_video(self, dream):
        return bool(dream.video)

    @admin.action(description=_("Approve selected shared dreams"))
    def approve(self, request, queryset):
        ids = list(queryset.filter(visibility=Dream.Visibility.SHARED).values_list("pk", flat=True))
        count = Dream.objects.filter(pk__in=ids).update(moderation=Dream.Moderation.APPROVED)
        audit.record_many(actor=request.user, events=[(pk, audit.Action.APPROVED) for pk in ids])
        self.message_user(
            request, ngettext("%d dream approved.", "%d dreams approved.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Reject selected shared dreams"))
    def reject(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        count = Dream.objects.filter(pk__in=ids).update(moderation=Dream.Moderation.REJECTED)
        audit.record_many(actor=request.user, events=[(pk, audit.Action.REJECTED) for pk in ids])
        self.message_user(
            request, ngettext("%d dream rejected.", "%d dreams rejected.", count) % count, messages.SUCCESS
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and "original" in (response.context_data or {}):
            audit.record(actor=request.user, dream_id=response.context_data["original"].pk, action=audit.Action.VIEWED)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = set(form.changed_data)
        events = []
        if "moderation" in changed and obj.moderation == Dream.Moderation.APPROVED:
            events.append((obj.pk, audit.Action.APPROVED))
        elif "moderation" in changed and obj.moderation == Dream.Moderation.REJECTED:
            events.append((obj.pk, audit.Action.REJECTED))
        if changed - {"moderation"} or not events:
            events.append((obj.pk, audit.Action.CHANGED if change else audit.Action.CREATED))
        audit.record_many(actor=request.user, events=events)

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


class AccountAdmin(UserAdmin):
    """Django's user admin, with the project's checks of sign-in names (normal form, look-alikes, invisible ones)."""

    add_form = AccountCreationForm
    form = AccountChangeForm


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is written by the application, never edited."""

    list_display = ["at", "action", "dream_id", "client_id", "actor_name"]
    list_filter = ["action", "at"]
    search_fields = ["dream_id", "actor_name"]
    date_hierarchy = "at"
    list_select_related = False
    fields = ["at", "action", "dream_id", "client_id", "actor", "actor_name"]
    readonly_fields = fields
