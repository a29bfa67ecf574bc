"""Views that belong to no app: the health check of each app server."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
@never_cache
def health(request):
    """200 "ok" while this app server answers: for the load balancer in front of two or
    more servers (README). It reads neither the database nor the session, so it is also
    the bare Django view that `make bench-load` measures every page against."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
