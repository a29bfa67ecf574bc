from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import audit, generations
from core.html import Url
from core.html import escape as _e
from core.permissions import is_secretariat
from roles.access import get_person_for_user, person_for_user
from roles.models import Person

from . import access, extensions, selectors, services
from .forms import (
    NetworkFilterForm,
    NetworkForm,
    NetworkLeaderForm,
    NetworkRoleForm,
    RoleEndForm,
)
from .models import Network, NetworkRole

PAGE_SIZE = 25


# What the catalogue lists: the networks with their phases, their leaders' roles and names.
CATALOGUE_TOPICS = ("networks", "network_roles", "people")


def network_list(request):
    """The catalogue. Its list (filters, count, rows, paging) is the same for everyone who
    may see the networks, so it is cached per query and day (a leader's role may end) until
    what it shows is written (core/generations.py)."""
    today = timezone.localdate()
    listing = generations.cached(
        f"catalogue:{today.isoformat()}:" + generations.request_key(request),
        CATALOGUE_TOPICS,
        lambda: _catalogue_listing(request),
    )
    can_create = access.can_administer_networks(request.user)
    return render(
        request, "netvaerk/network_list.html", {"listing": listing, "can_create": can_create}
    )


def _catalogue_listing(request):
    form = NetworkFilterForm(request.GET or None)
    networks = form.filter(access.networks_visible_to(request.user)).for_listing()
    page = Paginator(networks, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    ctx = {
        "form": form,
        "page": page,
        "rows_html": _catalogue_rows_html(page.object_list),
        "query": query.urlencode(),
    }
    return render_to_string("netvaerk/_network_listing.html", ctx)


def _catalogue_rows_html(networks):
    """The catalogue's rows as HTML, written here: in the template, its 25 rows were half of
    the page's time. The same markup as the template wrote (tests/netvaerk/test_catalogue.py
    compares them). `networks` come from NetworkQuerySet.for_listing()."""
    network_url = Url("netvaerk:network-detail")
    phase_word = _e(_("Fase"))
    nobody = f'<span class="text-body-secondary">{_e(_("Ikke udpeget"))}</span>'
    types, statuses = dict(Network.Type.choices), dict(Network.Status.choices)
    rows = []
    for n in networks:
        phase = n.current_phase
        leader = n.leader
        rows.append(
            "<tr>"
            f'<td><a href="{_e(network_url(n.slug))}" class="fw-semibold">{_e(n.name)}</a>'
            f'<br><span class="small text-body-secondary">{_e(n.theme)}</span></td>'
            f'<td class="d-none d-md-table-cell">{_e(types.get(n.type, n.type))}</td>'
            f"<td>{_e(statuses.get(n.status, n.status))}"
            '<span class="d-lg-none small text-body-secondary">'
            f"{f'<br>{phase_word} {phase.number}' if phase else ''}</span></td>"
            f'<td class="d-none d-lg-table-cell">{_e(phase) if phase else "–"}</td>'
            f'<td class="d-none d-md-table-cell">{_e(leader.name) if leader else nobody}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(rows))


# What the network page's body shows (netvaerk/_network_body.html): the tables the triggers
# of these topics watch (core.generations).
NETWORK_PAGE_TOPICS = ("networks", "network_roles", "people", "departments")


def network_detail(request, slug):
    network = access.get_network_for_user(request.user, slug)
    audit.record(request, "network", object_id=network.slug)
    can_administer = access.can_administer_networks(request.user)
    can_edit = access.can_edit_network(request.user, network)
    today = timezone.localdate()
    # Below its heading the page is the same for everyone who may see it: rendered once per
    # change to what it shows, per language, day (the plan's standing) and editing rights.
    body = generations.cached(
        f"network-page:{network.pk}:{get_language()}:{today.isoformat()}:"
        f"{can_edit:d}{can_administer:d}",
        NETWORK_PAGE_TOPICS,
        lambda: _network_body(network.pk, today, can_edit=can_edit, can_administer=can_administer),
    )
    return render(
        request,
        "netvaerk/network_detail.html",
        {
            "network": network,
            "body": body,
            "can_edit": can_edit,
            "can_administer": can_administer,
            "actions": extensions.network_actions(request.user, network, can_edit),
        },
    )


def _network_body(pk, today, *, can_edit, can_administer):
    network = Network.objects.select_related("current_phase").get(pk=pk)  # read again (see
    # core.generations.cached: what is cached is read after its generations, never before)
    by_role, personnel_leaders, former = selectors.network_people(network)
    history = selectors.phase_history(network)
    plan = selectors.plan_view(network, today, phase_changes=history)
    return render_to_string(
        "netvaerk/_network_body.html",
        {
            "network": network,
            "phases": selectors.phases(),
            "leaders": by_role[NetworkRole.Role.LEADER],
            "co_drivers": by_role[NetworkRole.Role.CO_DRIVER],
            "reference_leaders": by_role[NetworkRole.Role.REFERENCE_LEADER],
            "participants": by_role[NetworkRole.Role.PARTICIPANT],
            "personnel_leaders": personnel_leaders,
            "former_roles": former,
            "departments": network.departments.all(),
            "can_edit": can_edit,
            "can_administer": can_administer,
            "plan": plan,
            "date_problems": selectors.date_problems(network, plan, history),
            "history": history,
            "today": today,
        },
    )


def network_create(request):
    access.require_network_admin(request.user)
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        network = form.save(commit=False)
        try:
            services.network_save(network=network, departments=form.cleaned_data["departments"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if network.current_phase:
                services.network_phase_change(
                    network=network,
                    phase=network.current_phase,
                    by=person_for_user(request.user),
                    note=_("Netværket er oprettet."),
                    changed_on=network.phases_start_on,
                )
            messages.success(request, _("Netværket »%(name)s« er oprettet.") % {"name": network})
            return redirect(network)
    return render(request, "netvaerk/network_form.html", {"form": form, "network": None})


def network_edit(request, slug):
    network = access.get_network_for_edit(request.user, slug)
    form_class = NetworkForm if access.can_administer_networks(request.user) else NetworkLeaderForm
    form = form_class(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        network = form.save(commit=False)
        try:
            services.network_save(network=network, departments=form.cleaned_data.get("departments"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(network)
    return render(request, "netvaerk/network_form.html", {"form": form, "network": network})


def role_add(request, slug):
    network = access.get_network_for_admin(request.user, slug)
    form = NetworkRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_role_assign(
                network=network,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                starts_on=form.cleaned_data["starts_on"],
                by=person_for_user(request.user),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(person)s er nu %(role)s i netværket.")
                % {
                    "person": form.cleaned_data["person"],
                    "role": NetworkRole.Role(form.cleaned_data["role"]).label.lower(),
                },
            )
            return redirect(network)
    return render(request, "netvaerk/role_form.html", {"form": form, "network": network})


def role_end(request, slug, pk):
    """Ask for the end date first: ending a role is not undone by a click."""
    network = access.get_network_for_admin(request.user, slug)
    network_role = access.get_role_for_admin(request.user, network, pk)
    if not network_role.is_active:
        messages.info(request, _("Rollen var allerede afsluttet."))
        return redirect(network)
    form = RoleEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.network_role_end(
                network_role=network_role,
                ends_on=form.cleaned_data["ends_on"],
                by=person_for_user(request.user),
            )
        except ValidationError as exc:
            form.add_error("ends_on", exc)
        else:
            messages.success(
                request,
                _("%(person)s er ikke længere %(role)s i netværket.")
                % {"person": network_role.person, "role": network_role.get_role_display().lower()},
            )
            return redirect(network)
    return render(
        request,
        "netvaerk/role_end.html",
        {"form": form, "network": network, "network_role": network_role},
    )


# What a person's page shows below its heading: the person, their manager, departments,
# staff and roles in networks.
PERSON_PAGE_TOPICS = ("people", "departments", "network_roles", "networks")


def person_detail(request, pk):
    """A person and their roles across networks (the networks domain knows about people).
    Below the heading the page is the same for everyone who may see it: cached per person,
    language and day (a role may end) until what it shows is written."""
    person = get_person_for_user(request.user, pk)
    audit.record(request, "person", about=[person], object_id=person.pk)
    body = generations.cached(
        f"person-page:{person.pk}:{get_language()}:{timezone.localdate().isoformat()}",
        PERSON_PAGE_TOPICS,
        lambda: _person_body(person.pk),
    )
    return render(
        request,
        "netvaerk/person_detail.html",
        {
            "person": person,
            "body": body,
            "can_admin": is_secretariat(request.user),
            "actions": extensions.person_actions(request.user, person),
        },
    )


def _person_body(pk):
    person = Person.objects.with_related().get(pk=pk)  # read again (core.generations.cached)
    roles = sorted(
        person.network_roles.select_related("network__current_phase").order_by(
            "ends_on", "network__name"
        ),
        key=lambda r: selectors.is_completed(r.network),
    )
    ctx = {
        "person": person,
        "active_roles": [r for r in roles if r.is_active],
        "former_roles": [r for r in roles if not r.is_active],
        "staff_count": person.staff.count(),
        "managed_departments": person.managed_departments.all(),
    }
    return render_to_string("netvaerk/_person_body.html", ctx)
