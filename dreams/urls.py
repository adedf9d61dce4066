"""URLs of the therapists' pages, the clients' feed and the private media links; the video endpoints are videogen's."""

from django.urls import include, path

from . import delivery, feed, rights, tracks, views

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", feed.feed, name="feed"),
    path("feed/items", feed.feed_items, name="feed_items"),
    path("feed/preferences", feed.feed_preferences, name="feed_preferences"),
    path("dreams/<uuid:dream_id>/favourite", feed.favourite_toggle, name="favourite_toggle"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/preferences", views.notification_preferences, name="notification_preferences"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/add/", views.client_add, name="client_add"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<int:client_id>/delete/", views.client_delete, name="client_delete"),
    path("clients/<int:client_id>/export.zip", rights.client_export, name="client_export"),
    path("my/dreams.zip", rights.export_mine, name="export_mine"),
    path("my/access/", rights.access_log, name="access_log"),
    path("clients/<int:client_id>/dreams/add/", views.dream_add, name="dream_add"),
    path("dreams/<uuid:dream_id>/", views.dream_detail, name="dream_detail"),
    path("dreams/<uuid:dream_id>/edit/", views.dream_edit, name="dream_edit"),
    path("dreams/<uuid:dream_id>/delete/", views.dream_delete, name="dream_delete"),
    path("dreams/<uuid:dream_id>/withdraw-consent", views.consent_withdraw, name="consent_withdraw"),
    path("dreams/<uuid:dream_id>/give-consent", views.consent_give, name="consent_give"),
    path("dreams/<uuid:dream_id>/description.vtt", tracks.video_description, name="video_description"),
    path("media/<str:token>/", delivery.media, name="media"),
    path("", include("dreams.rehearsal.urls")),
]
