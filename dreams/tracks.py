"""A dream video's text track (WebVTT): what it shows, in words, for screen readers (title, night, scene, symbols)."""

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dreams.delivery import record_view

from . import selectors
from .models import Dream
from .symbols import symbol_names

# The clip is about five seconds and loops: the title is said first, the scene for the rest of it.
TITLE_CUE = ("00:00:00.000", "00:00:02.000")
SCENE_CUE = ("00:00:02.000", "01:00:00.000")


def _cue_text(text: str) -> str:
    """One cue's text: no blank line (it would end the cue), no "-->" (it would start one), no markup."""
    text = " ".join(text.split()).replace("-->", "→")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def description_track(dream: Dream, language: str) -> str:
    """The WebVTT text of the dream's description, in `language` (the active one)."""
    day = date_format(dream.dreamt_on, "DATE_FORMAT")
    title = _("“%(title)s”, a dream of %(day)s. An AI-generated video.") % {"title": dream.title, "day": day}
    names = symbol_names(list(dream.symbols or []), language)
    if names:
        scene = _("The scene is drawn from the dream's symbols: %(symbols)s.") % {"symbols": ", ".join(names)}
    else:
        scene = _("The scene is an abstract dreamlike picture.")
    scene += " " + (_("With a soundscape.") if dream.video_has_audio else _("Without sound."))
    cues = [(TITLE_CUE, title), (SCENE_CUE, scene)]
    body = "\n\n".join(f"{start} --> {end}\n{_cue_text(text)}" for (start, end), text in cues)
    return f"WEBVTT\n\n{body}\n"


@require_GET
def video_description(request, dream_id):
    """The description track of a dream's video, for whoever may watch the video (and only while they may)."""
    with_video = Q(consent_video=True) & ~Q(video="")
    dream = get_object_or_404(selectors.dreams_viewable_by(request.user).filter(with_video), pk=dream_id)
    record_view(request.user, dream.pk)
    response = HttpResponse(description_track(dream, get_language()), content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, no-store"  # past the permission check every time, like the video
    return response
