"""Staff moderation in Django admin: clients and dreams, approve or reject shared dreams."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Client, Dream


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["pseudonym", "therapist", "user", "created_at"]
    list_filter = ["therapist"]
    search_fields = ["pseudonym", "therapist__username", "user__username"]
    raw_id_fields = ["therapist", "user"]


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
    readonly_fields = ["id", "consent_recorded_by", "consent_recorded_at", "created_at", "updated_at", "video_ready_at"]
    exclude = ["content"]  # staff moderate titles and symbols; the dream text stays between client and therapist

    @admin.display(description=_("therapist"), ordering="client__therapist__username")
    def therapist(self, dream):
        return dream.client.therapist

    @admin.display(description=_("video"), boolean=True)
    def has_video(self, dream):
        return bool(dream.video)

    @admin.action(description=_("Approve selected shared dreams"))
    def approve(self, request, queryset):
        count = queryset.filter(visibility=Dream.Visibility.SHARED).update(moderation=Dream.Moderation.APPROVED)
        self.message_user(
            request, ngettext("%d dream approved.", "%d dreams approved.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Reject selected shared dreams"))
    def reject(self, request, queryset):
        count = queryset.update(moderation=Dream.Moderation.REJECTED)
        self.message_user(
            request, ngettext("%d dream rejected.", "%d dreams rejected.", count) % count, messages.SUCCESS
        )
