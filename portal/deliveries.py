"""The secretariat's view of e-mails that have not reached their recipient, and of the job
queue that sends them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.jobs import queue_health
from core.permissions import is_secretariat
from notifications import services
from notifications.models import Notification
from notifications.views import PER_PAGE, Entry

UNDELIVERED = [
    Notification.Email.FAILED,
    Notification.Email.NO_ADDRESS,
    Notification.Email.PENDING,
]


def deliveries(request):
    """E-mails that have not reached their recipient: failed, no address, or waiting."""
    if not is_secretariat(request.user):
        raise PermissionDenied
    status = request.GET.get("status")
    if status not in UNDELIVERED:
        status = ""
    queryset = Notification.objects.filter(
        email_status__in=[status] if status else UNDELIVERED
    ).select_related("recipient")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "portal/deliveries.html",
        {
            "page": page,
            "entries": [(Entry(n), n) for n in page.object_list],
            "status": status,
            "statuses": [(s, Notification.Email(s).label) for s in UNDELIVERED],
            "query": f"status={status}" if status else "",
            "jobs": queue_health(),
        },
    )


@require_POST
def delivery_retry(request, pk):
    if not is_secretariat(request.user):
        raise PermissionDenied
    notification = get_object_or_404(Notification, pk=pk)
    if services.retry_email(notification):
        messages.success(request, _("E-mailen sendes igen."))
    else:
        messages.info(request, _("E-mailen venter ikke på at blive sendt igen."))
    return redirect("deliveries")
