"""The swipeable feed: a full page, its next pages as HTML fragments (keyset cursor), favourites, preferences."""

import uuid
from datetime import date, datetime

from django.core import signing
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dreamtok.reverse import reverse_one
from videogen.delivery import signed_url

from . import selectors
from .models import Favourite, FeedPreference
from .symbols import symbol_names

CURSOR_SALT = "dreamtok.feed.cursor"
ZERO_UUID = uuid.UUID(int=0)
TABS = ("mine", "shared")


def _encode_cursor(dream) -> str:
    """The last dream of a page, by the fields of the feed's order (selectors.FEED_ORDER)."""
    fields = [dream.dreamt_on.isoformat(), dream.created_at.isoformat(), str(dream.pk)]
    return signing.dumps(fields, salt=CURSOR_SALT, compress=True)


def _decode_cursor(value: str) -> tuple | None:
    """(dreamt_on, created_at, dream id) of the last dream on the previous page; ValueError or BadSignature when not
    one (a cursor of the earlier (created_at, id) form included)."""
    if not value:
        return None
    dreamt_on, created_at, dream_id = signing.loads(value, salt=CURSOR_SALT)
    if not all(isinstance(field, str) for field in (dreamt_on, created_at, dream_id)):
        raise ValueError("a feed cursor holds a day, a time and a dream id")
    return date.fromisoformat(dreamt_on), datetime.fromisoformat(created_at), uuid.UUID(dream_id)


def _tab_of(value) -> str:
    return value if value in TABS else "mine"


def _feed_url(tab: str) -> str:
    """The feed's address, on the given tab."""
    return reverse("feed") if tab == "mine" else f"{reverse('feed')}?{urlencode({'tab': tab})}"


def _page_context(request, tab: str, cursor: str, dream_id: str = "") -> dict:
    viewer = selectors.viewer(request)
    dreams = selectors.feed_dreams(request.user, viewer, tab=tab)
    if dream_id:  # one item again, with fresh signed links: the page asks when a link has expired
        page, more = list(dreams.filter(pk=uuid.UUID(dream_id))[:1]), False
    else:
        page, more = selectors.feed_page(dreams, after=_decode_cursor(cursor))
    _prepare_items(request, page)
    next_url = next_page_url = ""
    if more:
        query = urlencode({"tab": tab, "cursor": _encode_cursor(page[-1])})
        next_url, next_page_url = f"{reverse('feed_items')}?{query}", f"{reverse('feed')}?{query}"
    return {
        "dreams": page,
        "next_url": next_url,
        "next_page_url": next_page_url,
        "tab": tab,
        "skip_distressing": viewer.skips_distressing,
        "only_new_versions": viewer.only_new_versions,
        "feed_path": reverse("feed"),
        "viewer_id": request.user.pk,  # compared on every item: a plain value, not the lazy request.user
        "csrf_input": csrf_input(request),  # the same field in every item's form, made once
    }


def _prepare_items(request, dreams: list) -> None:
    """What each item shows beyond its fields, worked out here in one pass: the template of 20 items is the hottest
    path of the site, and a tag there costs several times the same work in Python."""
    language = get_language()
    for dream in dreams:
        dream.video_url = signed_url(dream.video, request.user)
        dream.poster_url = signed_url(dream.poster, request.user)
        dream.day = date_format(dream.dreamt_on, "DATE_FORMAT")
        dream.symbol_names = symbol_names(dream.symbols[:6], language)
        dream.video_label = _("Video of the dream “%(title)s”") % {"title": dream.title}
        dream.detail_url = reverse_one("dream_detail", dream.pk, ZERO_UUID)
        dream.favourite_url = reverse_one("favourite_toggle", dream.pk, ZERO_UUID)


BAD_CURSOR = (signing.BadSignature, ValueError, TypeError)


def _requested_page(request) -> dict:
    """The page the query names (tab, cursor, or one dream). A forged cursor or dream id raises one of BAD_CURSOR."""
    tab = _tab_of(request.GET.get("tab"))
    return _page_context(request, tab, request.GET.get("cursor", ""), request.GET.get("dream", ""))


@require_GET
def feed(request):
    try:
        context = _requested_page(request)
    except BAD_CURSOR:
        return redirect(_feed_url(_tab_of(request.GET.get("tab"))))
    if not context["dreams"]:
        context["in_progress"] = selectors.active_job_count(request.user)
    return render(request, "dreams/feed.html", context)


@require_GET
def feed_items(request):
    try:
        context = _requested_page(request)
    except BAD_CURSOR:
        return HttpResponseBadRequest(_("This page link is not valid. Reload the feed."))
    return render(request, "dreams/_feed_items.html", context)


@require_POST
def favourite_toggle(request, dream_id):
    dream = get_object_or_404(selectors.dreams_for(request.user), pk=dream_id)
    favourite, created = Favourite.objects.get_or_create(user=request.user, dream=dream)
    if not created:
        favourite.delete()
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"favourite": created})
    following = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(following if safe and following.startswith("/") else "feed")  # never "//elsewhere" or "https://…"


@require_POST
def feed_preferences(request):
    choices = {"skip_distressing": request.POST.get("skip_distressing") == "on"}
    if "only_new_versions_shown" in request.POST:  # the choice is offered to clients only
        choices["only_new_versions"] = request.POST.get("only_new_versions") == "on"
    FeedPreference.objects.update_or_create(user=request.user, defaults=choices)
    return redirect(_feed_url(_tab_of(request.POST.get("tab"))))
