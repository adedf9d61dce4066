"""URL configuration: auth, the dreams app, videogen (video endpoints, webhooks), admin, the JSON API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

# The admin is where staff moderate: named for what it is, in the user's language, not "Django administration".
admin.site.site_header = admin.site.site_title = _("DreamTok moderation")
admin.site.index_title = _("Dreams, videos and accounts")

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("", include("dreams.urls")),
    path("", include("videogen.urls")),
]
handler400 = "dreamtok.views.bad_request"
