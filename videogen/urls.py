"""URLs of videogen: preview a dream's prompt, start its video, ask how it stands, and the providers' webhooks."""

from django.urls import path

from . import views, webhooks

urlpatterns = [
    path("dreams/prompt-preview", views.prompt_preview, name="prompt_preview"),
    path("dreams/<uuid:dream_id>/generate-video", views.generate_video, name="generate_video"),
    path("dreams/<uuid:dream_id>/video-status", views.video_status, name="video_status"),
    path("webhooks/<str:provider>/<str:token>/", webhooks.webhook, name="webhook"),
]
