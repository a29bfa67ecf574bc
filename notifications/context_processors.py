import functools

from roles.access import person_for_user

from .models import Notification


def unread(request):
    """The header's unread count. A callable, so the query runs only where a template shows
    it (templates call callables), and once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def count():
        person = person_for_user(user)
        if person is None:
            return 0
        return Notification.objects.filter(recipient=person, read_at=None).count()

    return {"unread_notifications": count}
