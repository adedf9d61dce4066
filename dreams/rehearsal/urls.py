"""URLs of imagery rehearsal."""

from django.urls import path

from . import morning, rehearse, views

urlpatterns = [
    path("dreams/<uuid:dream_id>/rescript/", views.rescript_add, name="rescript_add"),
    path("dreams/<uuid:dream_id>/make-current", views.rescript_make_current, name="rescript_make_current"),
    path("clients/<int:client_id>/progress/", views.client_progress, name="client_progress"),
    path("clients/<int:client_id>/summary/", views.client_summary, name="client_summary"),
    path("rehearse/", rehearse.rehearse, name="rehearse"),
    path("morning/", morning.morning_log, name="morning_log"),
    path("morning/clock", morning.rehearsal_clock, name="rehearsal_clock"),
]
