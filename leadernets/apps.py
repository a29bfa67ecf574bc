from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadernetsConfig(AppConfig):
    name = "leadernets"
    verbose_name = _("Ledernetværk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from netvaerk.extensions import register_network_actions

        from .access import network_page_actions

        register_network_actions(network_page_actions)
