"""Process descriptions, a network's plan, its phases and the time spent on it."""

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, content
from core.permissions import is_secretariat
from roles.access import person_for_user

from . import access, balance, planning, processes, selectors, services, timeline
from .forms import (
    BreakForm,
    PhaseChangeForm,
    PlanCreateForm,
    PlanStartForm,
    StepWeeksForm,
    TimeEntryForm,
)
from .models import NetworkPlan, PlanStep, ProcessTemplate, TimeEntry

PLANNED_HOURS_FIELD = balance.PLANNED_HOURS_FIELD


def _live(template, phases):
    """The live version of a description, in the page's language, with its steps."""
    version = processes.live_version(template)
    localized = version.localized()
    steps = processes.version_steps(version.content, version.translations, phases)
    return version, localized, steps


def process_list(request):
    today = timezone.localdate()
    phases = processes.phases_by_number()
    marks = is_secretariat(request.user) and content.content_language() == content.ENGLISH
    rows = []
    for template in ProcessTemplate.objects.all():
        version, localized, steps = _live(template, phases)
        scheduled = planning.schedule(today, steps)
        missing = len(version.missing_english()) if marks else 0
        rows.append((template, localized, scheduled, planning.totals(scheduled), missing))
    return render(request, "netvaerk/process_list.html", {"rows": rows})


def process_detail(request, network_type):
    template = get_object_or_404(ProcessTemplate, network_type=network_type)
    version, localized, steps = _live(template, processes.phases_by_number())
    today = timezone.localdate()
    scheduled = planning.schedule(today, steps)
    weeks_to_test = None
    test_on = planning.test_starts_on(scheduled)
    if test_on:
        weeks_to_test = (test_on - today).days // 7
    missing_english = []
    if is_secretariat(request.user) and content.content_language() == content.ENGLISH:
        missing_english = version.missing_english()
    return render(
        request,
        "netvaerk/process_detail.html",
        {
            "template": template,
            "version": version,
            "text": localized,
            "scheduled": scheduled,
            "totals": planning.totals(scheduled),
            "weeks_to_test": weeks_to_test,
            "chart": timeline.build(scheduled, today=today),
            "missing_english": missing_english,
        },
    )


def plan_detail(request, slug):
    network = access.get_network_for_user(request.user, slug)
    can_edit = access.can_edit_network(request.user, network)
    create_form = shift_form = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "create":
            create_form = PlanCreateForm(request.POST, network=network)
            if create_form.is_valid():
                try:
                    services.plan_create(network=network, **create_form.cleaned_data)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("Planen er lavet ud fra forløbsbeskrivelsen."))
                return redirect("netvaerk:plan", slug=network.slug)
        elif action == "shift":
            plan = get_object_or_404(NetworkPlan, network=network)
            shift_form = PlanStartForm(request.POST)
            if shift_form.is_valid():
                services.plan_shift(plan=plan, starts_on=shift_form.cleaned_data["starts_on"])
                messages.success(request, _("Planen er flyttet. Alle datoer følger med."))
                return redirect("netvaerk:plan", slug=network.slug)
            # Shown again with the message and what was typed.
        else:
            raise Http404
    today = timezone.localdate()
    history = selectors.phase_history(network)
    view = selectors.plan_view(network, today, phase_changes=history)
    if view is None and can_edit and create_form is None:
        create_form = PlanCreateForm(network=network)
    if view is not None and can_edit and shift_form is None:
        shift_form = PlanStartForm(initial={"starts_on": view.plan.starts_on})
    return render(
        request,
        "netvaerk/plan_detail.html",
        {
            "network": network,
            "view": view,
            "history": history,
            "can_edit": can_edit,
            "can_log_time": access.can_log_time(request.user, network),
            "create_form": create_form,
            "shift_form": shift_form,
            "date_problems": selectors.date_problems(network, view, history),
            "today": today,
        },
    )


@require_POST
def plan_step(request, slug, pk):
    network = access.get_network_for_edit(request.user, slug)
    step = get_object_or_404(PlanStep.objects.select_related("plan"), pk=pk, plan__network=network)
    action = request.POST.get("action")
    try:
        if action == "weeks":
            form = StepWeeksForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Antal uger skal være mellem 1 og 104."))
            services.plan_step_resize(step=step, weeks=form.cleaned_data["weeks"])
            messages.success(
                request,
                _("»%(step)s« varer nu %(weeks)s uger.")
                % {"step": step.title, "weeks": form.cleaned_data["weeks"]},
            )
        elif action == "break":
            form = BreakForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("En pause skal vare mellem 1 og 26 uger."))
            services.plan_break_add(plan=step.plan, after=step, weeks=form.cleaned_data["weeks"])
            messages.success(
                request, _("Pausen er lagt ind efter »%(step)s«.") % {"step": step.title}
            )
        elif action == "delete":
            services.plan_step_delete(step=step)
            messages.success(request, _("»%(step)s« er fjernet fra planen.") % {"step": step.title})
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("netvaerk:plan", slug=network.slug)


def phase_change(request, slug):
    network = access.get_network_for_edit(request.user, slug)
    form = PhaseChangeForm(
        request.POST or None,
        network=network,
        initial={"phase": network.current_phase, "changed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        person = person_for_user(request.user)
        change = services.network_phase_change(network=network, by=person, **form.cleaned_data)
        if network.current_phase_id == change.phase_id:
            messages.success(
                request,
                _("Netværket er nu i fasen »%(phase)s«.") % {"phase": change.phase},
            )
        else:
            messages.success(
                request,
                _(
                    "Faseskiftet er gemt i historikken. Netværket er stadig i fasen "
                    "»%(phase)s«, som har et senere faseskift."
                )
                % {"phase": network.current_phase},
            )
        return redirect(network)
    return render(
        request,
        "netvaerk/phase_form.html",
        {"network": network, "form": form, "history": selectors.phase_history(network)},
    )


def time_log(request, slug):
    """Quick weekly logging of one's own hours on a network, with the plan beside it."""
    network = access.get_network_for_user(request.user, slug)
    role = access.get_active_role_for_user(request.user, network)
    audit.record(request, "time_log", about=[role.person_id], object_id=network.slug)
    today = timezone.localdate()
    form = TimeEntryForm(request.POST or None, initial={"week": planning.monday(today)})
    if request.method == "POST" and form.is_valid():
        entry = services.time_entry_record(network=network, person=role.person, **form.cleaned_data)
        messages.success(
            request,
            _("%(hours)s timer er gemt for ugen, der begynder %(week)s.")
            % {"hours": number_format(entry.hours), "week": date_format(entry.week)},
        )
        return redirect("netvaerk:time-log", slug=network.slug)
    view = selectors.plan_view(network, today)
    field = PLANNED_HOURS_FIELD.get(role.role)
    first_week = planning.monday(today) - timedelta(weeks=11)
    entries = {
        e.week: e.hours
        for e in TimeEntry.objects.filter(network=network, person=role.person, week__gte=first_week)
    }
    weeks = []
    for i in range(12):
        week = first_week + timedelta(weeks=i)
        planned = None
        if view and view.scheduled and field:
            step = planning.current_step(view.scheduled, week)
            planned = getattr(step.step, f"{field}_hours") if step else Decimal(0)
        weeks.append((week, planned, entries.get(week)))
    return render(
        request,
        "netvaerk/time_log.html",
        {
            "network": network,
            "role": role,
            "form": form,
            "weeks": weeks,
            "date_problems": selectors.date_problems(network, view),
        },
    )
