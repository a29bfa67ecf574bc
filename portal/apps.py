from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that compose the domain apps: the front page, the secretariat's workspace,
    its exports, search and the organisation map. Above every other app: nothing imports it."""

    name = "portal"
    verbose_name = _("Portal og sekretariat")

    def ready(self):
        from . import signals  # noqa: F401
