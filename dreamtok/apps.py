"""The project's admin app: Django's admin with DreamTok's default site (see `dreams.adminsite`)."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "dreams.adminsite.AdminSite"
