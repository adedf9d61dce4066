"""The swipeable feed: a full page, its next pages as HTML fragments (keyset cursor), favourites, preferences."""

import uuid

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dreams.delivery import signed_url
from dreamtok.reverse import reverse_one

from . import selectors
from .cursor import BAD_CURSOR, decode_cursor, encode_cursor
from .favourites import favourite_set
from .models import FeedPreference
from .symbols import symbol_names

ZERO_UUID = uuid.UUID(int=0)
TABS = selectors.FEED_TABS


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
        page, more = selectors.feed_page(dreams, after=decode_cursor(cursor))
    _prepare_items(request, page)
    next_url = next_page_url = ""
    if more:
        query = urlencode({"tab": tab, "cursor": encode_cursor(page[-1])})
        next_url, next_page_url = f"{reverse('feed_items')}?{query}", f"{reverse('feed')}?{query}"
    return {
        "dreams": page,
        "next_url": next_url,
        "next_page_url": next_page_url,
        "tab": tab,
        "skip_distressing": viewer.skips_distressing,
        "only_new_versions": viewer.only_new_versions,
        "feed_path": reverse("feed"),
        "feed_here": _feed_url(tab),
        "first_page": not cursor and not dream_id,
        "can_favourite": viewer.role == "client",  # a client's private mark: therapists and staff have none
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
        dream.track_url = reverse_one("video_description", dream.pk, ZERO_UUID)


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


FAVOURITE_STATES = {"on": True, "off": False}


@require_POST
def favourite_toggle(request, dream_id):
    """The heart: toggles; `state=on` (a double tap) only marks, `state=off` only unmarks. Any dream the user may open
    from the feed, their own or a shared one."""
    dream = get_object_or_404(selectors.dreams_viewable_by(request.user), pk=dream_id)
    favourite = favourite_set(user=request.user, dream=dream, favourite=FAVOURITE_STATES.get(request.POST.get("state")))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"favourite": favourite})
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
