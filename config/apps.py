from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin whose default site demands a verified second factor."""

    default_site = "config.admin.PortalAdminSite"
