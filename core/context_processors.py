from django.conf import settings

from .permissions import is_secretariat


def portal(request):
    """What the base template needs on every page: who the user is to the portal."""
    user = getattr(request, "user", None)
    return {
        "is_secretariat": bool(user and is_secretariat(user)),
        "municipality_name": settings.MUNICIPALITY_NAME,
    }
