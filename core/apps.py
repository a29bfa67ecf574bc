from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Infrastruktur")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="core.stamp_login")

        # The admin modules are loaded (django.contrib.admin comes first): bound their dates.
        from django.contrib import admin

        from .bounds import bound_admin_dates

        bound_admin_dates(admin.site)
