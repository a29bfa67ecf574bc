"""A person's name, username and e-mail live on the auth User: keep the search text current."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from .models import Person

USER_SEARCH_FIELDS = {"first_name", "last_name", "username", "email"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="roles_user_search_text")
def user_saved(sender, instance, created, raw, update_fields, **kwargs):
    if raw or created:  # a new user has no person yet
        return
    if update_fields is not None and not USER_SEARCH_FIELDS & set(update_fields):
        return  # e.g. the last_login a login saves
    person = Person.objects.select_related("department").filter(user_id=instance.pk).first()
    if person is None:
        return
    person.user = instance
    text = person.build_search_text()
    if text != person.search_text:
        Person.objects.filter(pk=person.pk).update(search_text=text)


# Sent when people's line managers were derived in bulk (roles.services), which saves no row.
line_managers_changed = Signal()
