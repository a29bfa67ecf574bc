import functools

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from roles.models import Person

from .models import Notification


def unread(request):
    """`me`, the header's person with its unread count: a callable, so its one query runs
    only where a template shows it (templates call callables), and once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def me():
        """The login's person (None: an account that is no employee) with `unread`, its
        unread notifications, counted on the unread index."""
        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at=None)
            .order_by()
            .values("recipient")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Person.objects.filter(user=user)
            .only("pk")
            .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
            .first()
        )

    return {"me": me}
