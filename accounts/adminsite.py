"""The admin site staff use: DreamTok's (dreams.adminsite) with the second factor required, as django-otp's
OTPAdminSite does it: a staff session that has not passed its second factor is not let in (DEMO_MODE's demo staff
aside, as everywhere)."""

from dreams.adminsite import AdminSite as DreamsAdminSite

from .middleware import second_factor_step


class AdminSite(DreamsAdminSite):
    def has_permission(self, request) -> bool:
        return super().has_permission(request) and not second_factor_step(request)
