"""Staff view of video jobs: states, errors, retry and cancel; what each provider cost per day, and the ledger."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dreams.admin import ReadOnlyAdmin, SuperuserDeletes, TitleSearch

from . import budget, ledger, services
from .models import LedgerEntry, VideoJob, VideoSubmission
from .providers import PROVIDER_CLASSES, get_provider
from .providers.doctor import check_providers
from .templatetags.videogen_jobs import provider_label

# Not the prompt: in the anonymized and full modes it carries the dream's text, which staff do not read.
HIDDEN_FIELDS = ("callback_token", "prompt")
# The stored error is shown once, translated (`error_message`), not as its code and parameters.
ERROR_FIELDS = ("error", "error_code", "error_params", "fallbacks")


class VideoSubmissionInline(admin.TabularInline):
    """Each request to a provider: which one, what it answered, what it cost (a fallback shows both providers)."""

    model = VideoSubmission
    fields = ("started_at", "provider", "state", "task_id", "cost_usd", "error_message", "error_detail")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VideoJob)
class VideoJobAdmin(TitleSearch, SuperuserDeletes, admin.ModelAdmin):
    list_display = [
        "id",
        "dream",
        "provider",
        "state",
        "progress",
        "attempts",
        "cost_usd",
        "video_size",
        "short_error",
        "created_at",
    ]
    list_filter = ["state", "provider", "created_at"]
    search_fields = ["=id", "provider_task_id"]  # and the dream's title: TitleSearch
    title_search_path = "dream_id"
    list_select_related = ["dream"]
    readonly_fields = [
        *(f.name for f in VideoJob._meta.fields if f.name not in HIDDEN_FIELDS + ERROR_FIELDS + ("error_detail",)),
        "error_message",
        "error_detail",
        "skipped",
    ]
    exclude = list(HIDDEN_FIELDS + ERROR_FIELDS)
    actions = ["retry", "cancel"]
    inlines = [VideoSubmissionInline]
    change_list_template = "admin/videogen/videojob/change_list.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("video size"))
    def video_size(self, job):
        if job.video_width is None or job.video_height is None:
            return "—"
        size = f"{job.video_width}×{job.video_height}"
        if job.video_too_small:
            warning = _("under %(pixels)d px") % {"pixels": VideoJob.SHARP_SHORT_SIDE}
            return format_html("{} <strong>⚠ {}</strong>", size, warning)
        return size

    @admin.display(description=_("error"))
    def short_error(self, job):
        text = job.error_message
        return (text[:80] + "…") if len(text) > 80 else text

    @admin.display(description=_("error"))
    def error_message(self, job):
        return job.error_message

    @admin.display(description=_("services skipped"))
    def skipped(self, job):
        lines = [
            _("%(provider)s was skipped: %(reason)s") % {"provider": provider_label(name), "reason": reason}
            for name, reason in job.skipped_providers
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)) or "—"

    # Actions spend money or stop work: they need the change permission, not only the view permission.
    @admin.action(description=_("Retry selected jobs"), permissions=["change"])
    def retry(self, request, queryset):
        count = 0
        for job in queryset.exclude(state__in=VideoJob.ACTIVE_STATES).select_related("dream"):
            if job.dream.consent_video:
                services.job_retry(job=job)
                count += 1
        self.message_user(
            request, ngettext("%d job queued again.", "%d jobs queued again.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Cancel selected jobs"), permissions=["change"])
    def cancel(self, request, queryset):
        count = 0
        for job in queryset.filter(state__in=VideoJob.ACTIVE_STATES):
            services.job_cancel(job=job)
            count += 1
        self.message_user(request, ngettext("%d job cancelled.", "%d jobs cancelled.", count) % count, messages.SUCCESS)

    def get_urls(self):
        extra = [path("costs/", self.admin_site.admin_view(self.costs_view), name="videogen_videojob_costs")]
        return extra + super().get_urls()

    def costs_view(self, request):
        """What each provider charged per day, from the ledger (so deleted dreams still count), each provider's
        configured price, and today's spending against the budget."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cost per provider and day"),
            "rows": ledger.daily_costs()[:200],
            "totals": ledger.provider_totals(list(PROVIDER_CLASSES), since=budget.today_start()),
            "prices": [
                {"name": name, "model": ledger.provider_model(name), "price": get_provider(name).cost_per_clip}
                for name in PROVIDER_CLASSES
            ],
            **budget.today(),
        }
        # The provider doctor calls each provider once: only when staff ask for it, never on every view.
        context["checks"] = check_providers() if request.GET.get("check") else None
        return TemplateResponse(request, "admin/videogen/videojob/costs.html", context)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    """Read-only: the ledger is written by the pipeline when a provider charges, and never changed."""

    list_display = ["at", "provider", "model", "amount_usd", "therapist_id", "job_id", "dream_id"]
    list_filter = ["provider", "at"]
    search_fields = ["=therapist_id", "=job_id", "=dream_id"]
    date_hierarchy = "at"
    fields = ("at", "provider", "model", "amount_usd", "therapist_id", "job_id", "dream_id", "submission_id")
    readonly_fields = fields
