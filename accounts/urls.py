"""URLs of the accounts pages: password change and reset, the second factor, invitations and a client's access."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import invitation_views, views

urlpatterns = [
    path("accounts/", views.account, name="account"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_changed.html"),
        name="password_change_done",
    ),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="accounts/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_changed.html"),
        name="password_reset_complete",
    ),
    path("accounts/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/recovery-codes", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("accounts/two-factor/remove", views.two_factor_remove, name="two_factor_remove"),
    path("clients/<int:client_id>/access/", invitation_views.client_access, name="client_access"),
    path("clients/<int:client_id>/invitation", invitation_views.invitation_create, name="invitation_create"),
    path("clients/<int:client_id>/invitation/revoke", invitation_views.invitation_revoke, name="invitation_revoke"),
    path("clients/<int:client_id>/access/switch", invitation_views.client_access_switch, name="client_access_switch"),
    path("invitation/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
]
