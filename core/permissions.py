"""Infrastructure for the access modules: who is secretariat staff.

Imports no domain models, so every app's `access.py` can build on it.
"""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection


def is_secretariat(user):
    """Secretariat staff administer everything. Membership is cached on the user object."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        with connection.cursor() as cursor:  # plain SQL: asked on every page
            cursor.execute(_membership_sql(), [user.pk, settings.SECRETARIAT_GROUP])
            cached = cursor.fetchone() is not None
        user._is_secretariat = cached
    return cached


@functools.cache
def _membership_sql():
    """Whether a user (%s) is in the group named %s: the query `user.groups.filter(name=...)
    .exists()` makes, without building it each time (about 0.4 ms of Python per page)."""
    from django.contrib.auth.models import Group

    q = connection.ops.quote_name
    membership = get_user_model().groups.through._meta
    group = Group._meta
    return (
        f"SELECT 1 FROM {q(membership.db_table)} m "
        f"INNER JOIN {q(group.db_table)} g "
        f"ON g.{q(group.pk.column)} = m.{q(membership.get_field('group').column)} "
        f"WHERE m.{q(membership.get_field('user').column)} = %s AND g.{q('name')} = %s "
        "LIMIT 1"
    )
