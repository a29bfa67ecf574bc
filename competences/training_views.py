"""The co-driver's training pages: a person's training, and the secretariat's pool of
trained co-drivers. Fetched through competences/access.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agreements.access import can_read_agreement
from core import audit
from core.paging import page_by_keys
from core.preserve import bound_form, preserves_post
from roles.models import Department

from . import access
from . import training as training_rules
from .training_forms import PoolFilterForm, TrainingForm

PER_PAGE = 25


@preserves_post
def training(request, pk):
    """A person's training in network leadership: what was agreed, and the dates recorded."""
    training = access.get_training_for_user(request.user, pk)
    if not access.is_own_training(request.user, training):
        audit.record(request, "training", about=[training.person], object_id=training.pk)
    initial = {
        "planned_start": training.planned_start,
        "started_on": training.started_on,
        "completed_on": training.completed_on,
    }
    form = bound_form(request, TrainingForm) or TrainingForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            training_rules.training_update(training=training, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Uddannelsens datoer er gemt."))
            return redirect(training)
    source = training.source_agreement
    context = {
        "training": training,
        "person": training.person,
        "form": form,
        "is_own": access.is_own_training(request.user, training),
        "source": source,
        "source_link": source is not None and can_read_agreement(request.user, source),
        "changes": training_rules.changes(training),
    }
    return render(request, "competences/training.html", context)


def training_pool(request):
    """The co-drivers who have completed the training or are in it, with their department
    and the roles they hold now: those not leading a network are the pool who can lead one
    next. A fixed number of queries whatever the number of rows."""
    access.require_training_pool(request.user)
    audit.record(request, "training_pool", detail=audit.criterion(request.GET))
    departments = list(Department.objects.filter(depth__lte=3).order_by("path"))
    form = PoolFilterForm(request.GET or None, departments=departments)
    state, department = form.criteria()
    page = page_by_keys(
        training_rules.pool(state=state, department=department), PER_PAGE, request.GET.get("side")
    )
    roles = training_rules.current_roles(t.person_id for t in page.object_list)
    rows = []
    for t in page.object_list:
        held = roles.get(t.person_id, [])
        rows.append((t, held, training_rules.leads_a_network(held)))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "competences/training_pool.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
