"""URLs of the JSON API, version 1: /api/v1/…"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from .views import docs, dreams, feed, missing, tokens, video

app_name = "api"

urlpatterns = [
    path("schema", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]), name="schema"),
    path("docs", docs.Docs.as_view(), name="docs"),
    path("auth/tokens", tokens.TokenList.as_view(), name="tokens"),
    path("auth/tokens/<uuid:token_id>", tokens.TokenDetail.as_view(), name="token_detail"),
    path("clients", dreams.ClientList.as_view(), name="clients"),
    path("clients/<int:client_id>/dreams", dreams.ClientDreams.as_view(), name="client_dreams"),
    path("dreams", dreams.DreamCreate.as_view(), name="dreams"),
    path("dreams/feed", feed.Feed.as_view(), name="feed"),
    path("dreams/<uuid:dream_id>", dreams.DreamDetail.as_view(), name="dream"),
    path("dreams/<uuid:dream_id>/generate-video", video.GenerateVideo.as_view(), name="generate_video"),
    path("dreams/<uuid:dream_id>/video-status", video.VideoStatus.as_view(), name="video_status"),
    path("dreams/<uuid:dream_id>/favourite", feed.Favourite.as_view(), name="favourite"),
    re_path(r"^", missing.Missing.as_view(), name="missing"),  # last: whatever the routes above do not match
]
