from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Samarbejdsaftaler")

    def ready(self):
        from netvaerk.extensions import register_network_actions

        from . import signals  # noqa: F401
        from .access import network_page_actions

        register_network_actions(network_page_actions)
