from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that compose the domain apps: the front page, the secretariat's workspace,
    its exports, search and the organisation map. Above every other app: nothing imports it."""

    name = "portal"
    verbose_name = _("Portal og sekretariat")

    def ready(self):
        from netvaerk.extensions import register_person_actions

        from . import signals  # noqa: F401
        from .access_log import person_page_actions

        register_person_actions(person_page_actions)

        from .privacy_views import person_page_actions as privacy_actions

        register_person_actions(privacy_actions)
