from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The secretariat administers the portal's own data and its users through the admin.
SECRETARIAT_APPS = ("roles", "netvaerk", "agreements")
SECRETARIAT_MODELS = (("auth", "user"), ("auth", "group"))


def ensure_secretariat_group(sender, using="default", **kwargs):
    """Keep the secretariat group and its permissions in step with the models, on every
    migrate, so a new model is administrable by the secretariat without a manual step."""
    from django.conf import settings
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, _ = Group.objects.using(using).get_or_create(name=settings.SECRETARIAT_GROUP)
    wanted = Q(content_type__app_label__in=SECRETARIAT_APPS)
    for app_label, model in SECRETARIAT_MODELS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model)
    group.permissions.set(Permission.objects.using(using).filter(wanted))


class NetvaerkConfig(AppConfig):
    name = "netvaerk"
    verbose_name = _("Netværk")

    def ready(self):
        # Every app's post_migrate, not only ours: the permissions of apps listed after
        # this one in INSTALLED_APPS exist only after their own post_migrate.
        post_migrate.connect(ensure_secretariat_group, dispatch_uid="ensure_secretariat_group")
        from . import receivers

        receivers.connect()
