"""URLs of videogen: start a dream's video, ask how it stands, and the providers' webhooks."""

from django.urls import path

from . import views, webhooks

urlpatterns = [
    path("dreams/<uuid:dream_id>/generate-video", views.generate_video, name="generate_video"),
    path("dreams/<uuid:dream_id>/video-status", views.video_status, name="video_status"),
    path("webhooks/<str:provider>/<str:token>/", webhooks.webhook, name="webhook"),
]
