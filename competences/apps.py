from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "competences"
    verbose_name = _("Kompetencer")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from agreements.extensions import register_section_links

        from . import signals  # noqa: F401
        from .links import agreement_section_links

        register_section_links(agreement_section_links)
