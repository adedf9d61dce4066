"""URLs of the JSON API, version 1: /api/v1/…"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from dreamtok.http import json_endpoint

from .views import docs, dreams, feed, missing, rehearsal, tokens, video

app_name = "api"


def json_view(view_class, **options):
    """A view of the API, marked as answering JSON: a browser session's polls (GET) do not count as the user being
    active (dreams.middleware), and errors before the view answer JSON."""
    return json_endpoint(view_class.as_view(**options))


urlpatterns = [
    path("schema", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]), name="schema"),
    path("docs", docs.Docs.as_view(), name="docs"),
    path("auth/tokens", json_view(tokens.TokenList), name="tokens"),
    path("auth/tokens/<uuid:token_id>", json_view(tokens.TokenDetail), name="token_detail"),
    path("clients", json_view(dreams.ClientList), name="clients"),
    path("clients/<int:client_id>/dreams", json_view(dreams.ClientDreams), name="client_dreams"),
    path("dreams", json_view(dreams.DreamCreate), name="dreams"),
    path("dreams/feed", json_view(feed.Feed), name="feed"),
    path("dreams/<uuid:dream_id>", json_view(dreams.DreamDetail), name="dream"),
    path("dreams/<uuid:dream_id>/generate-video", json_view(video.GenerateVideo), name="generate_video"),
    path("dreams/<uuid:dream_id>/video-status", json_view(video.VideoStatus), name="video_status"),
    path("dreams/<uuid:dream_id>/favourite", json_view(feed.Favourite), name="favourite"),
    path("dreams/<uuid:dream_id>/rescripts", json_view(rehearsal.Rescripts), name="rescripts"),
    path("clients/<int:client_id>/progress", json_view(rehearsal.ClientProgress), name="client_progress"),
    path("rehearsal/current", json_view(rehearsal.CurrentRescript), name="current_rescript"),
    path("rehearsal/check-ins", json_view(rehearsal.CheckIns), name="check_ins"),
    path("rehearsal/nights", json_view(rehearsal.NightLogs), name="night_logs"),
    re_path(r"^", json_view(missing.Missing), name="missing"),  # last: whatever the routes above do not match
]
