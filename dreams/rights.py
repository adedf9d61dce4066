"""The client's data rights: take every dream along (a ZIP, for the client or their therapist), and see who has
seen their dreams, from the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import export, selectors, services
from .models import AuditEvent, Client
from .views import therapist_required

if TYPE_CHECKING:  # django-stubs' names for an annotated row and a lazy text (a development requirement only)
    from django_stubs_ext import StrOrPromise, WithAnnotations

ACCESS_PAGE_SIZE = 30


def _own_client(request) -> Client:
    """The signed-in client's own record; anyone else (therapist, staff) is refused."""
    viewer = selectors.viewer(request)
    if viewer.role != "client" or viewer.client_id is None:  # a client's viewer always has its id
        raise PermissionDenied
    return Client.objects.select_related("therapist").get(pk=viewer.client_id)


def _export_response(request, client: Client, *, own: bool) -> StreamingHttpResponse:
    services.dreams_exported(client=client, by=request.user)
    response = StreamingHttpResponse(export.stream(client, language=get_language()), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.archive_name(client, own=own)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def export_mine(request):
    """The client downloads all their dreams."""
    return _export_response(request, _own_client(request), own=True)


@require_safe
@therapist_required
def client_export(request, client_id: int):
    """A therapist downloads the same archive for one of their clients."""
    client = get_object_or_404(selectors.clients_for(request.user), pk=client_id)
    return _export_response(request, client, own=False)


class _StaffFlag(TypedDict):
    actor_is_staff: bool  # selectors.access_events annotates each event with it


def _who(event: WithAnnotations[AuditEvent, _StaffFlag], client: Client) -> str:
    """Who it was, as the client may know it: their therapist by name; staff, other clients and the system by role."""
    if event.actor_id is not None and event.actor_id == client.therapist_id:
        return _("Your therapist, %(name)s") % {"name": client.therapist.get_username()}
    if event.actor_is_staff:
        return _("DreamTok moderation")
    if event.actor_id is None and not event.actor_name:
        return _("DreamTok, automatically")
    if event.action == AuditEvent.Action.VIEWED:
        return _("Another client (the dream is shared)")
    return _("Someone else on DreamTok")


Action = AuditEvent.Action
# What someone did, as a phrase after their name; an action not listed here is shown by its label.
DID: dict[str, StrOrPromise] = {
    Action.VIEWED: gettext_lazy("opened the dream or watched its video"),
    Action.CREATED: gettext_lazy("wrote the dream down"),
    Action.CHANGED: gettext_lazy("changed the dream"),
    Action.SHARED: gettext_lazy("shared the dream for moderation"),
    Action.APPROVED: gettext_lazy("approved the shared dream"),
    Action.REJECTED: gettext_lazy("rejected the shared dream"),
    Action.EXPORTED: gettext_lazy("downloaded all your dreams"),
    Action.VIDEO_EXPIRED: gettext_lazy("deleted the video, as nobody had watched it for long"),
}


def _what(event: AuditEvent) -> str:
    if event.action == Action.GENERATED and event.detail:
        return _("asked for a video (made by: %(service)s)") % {"service": event.detail}
    return str(DID.get(event.action, event.get_action_display()))


@require_safe
def access_log(request):
    """ "Who has seen my dreams": the audit log of the client's dreams, by others, newest first, a page at a time."""
    client = _own_client(request)
    page = Paginator(selectors.access_events(client), ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    titles = dict(client.dreams.filter(pk__in=[e.dream_id for e in page if e.dream_id]).values_list("pk", "title"))
    entries = [
        {
            "at": event.at,
            "who": _who(event, client),
            "what": _what(event),
            "dream_id": event.dream_id if event.dream_id in titles else None,
            "title": titles.get(event.dream_id, ""),
            "about_all": event.dream_id is None,
        }
        for event in page
    ]
    return render(request, "dreams/access_log.html", {"page": page, "entries": entries})
