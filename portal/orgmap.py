"""The organisation map: the department tree, a page per department, and a map of which
departments take part in which networks.

Every page runs a constant number of queries, whatever the size of the municipality
(1,500 departments, 45,000 people, 2,000 networks): counts are SQL aggregations, and
"a department and everything below it" is a prefix query on treebeard's materialised
path. The map rolls each row up: a row counts its department and all departments below
it, grouped in one query by the path prefix of the row's level.
"""

from collections import defaultdict

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import audit
from netvaerk.access import networks_visible_to
from netvaerk.models import Network, NetworkRole
from roles.access import people_visible_to
from roles.models import Department

PAGE_SIZE = 50
MAX_ROWS = 40
MAX_TREE = 200
MAX_COLUMNS = 25
DEFAULT_LEVELS = 2
LEVEL_CHOICES = [(n, str(n)) for n in range(1, 5)]

Through = Network.departments.through
LEAD = "lead"
JOIN = "join"


def _bucket(role):
    """Leading a network is the leader's role; every other active role is taking part."""
    return LEAD if role == NetworkRole.Role.LEADER else JOIN


class MapFilterForm(forms.Form):
    """The map's filters: a GET form, so a chosen view is a link one can share."""

    afdeling = forms.IntegerField(label=_("Afdeling"), required=False, min_value=1)
    type = forms.ChoiceField(
        label=_("Netværkstype"),
        required=False,
        choices=[("", _("Alle typer")), *Network.Type.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    niveauer = forms.TypedChoiceField(
        label=_("Niveauer i kortet"),
        required=False,
        coerce=int,
        choices=LEVEL_CHOICES,
        empty_value=DEFAULT_LEVELS,
    )

    def value(self, name, default):
        """A field's cleaned value; a field that does not validate falls back to its default
        without taking the other filters with it."""
        if not self.is_bound:
            return default
        self.is_valid()
        return self.cleaned_data.get(name) or default


def _with_manager(queryset):
    return queryset.select_related("manager__user").defer("search_text", "manager__search_text")


def _under(queryset, root, field="path"):
    """Departments (or rows joined to them) in root's subtree. When root is None, every row
    that has a department, tested on the foreign key without joining the departments."""
    if root:
        return queryset.filter(**{f"{field}__startswith": root.path})
    if field == "path":
        return queryset
    return queryset.filter(**{f"{field.removesuffix('__path')}__isnull": False})


def _ancestors(department):
    """The departments above one, top first: one query on the path's prefixes."""
    steplen = Department.steplen
    paths = [department.path[:i] for i in range(steplen, len(department.path), steplen)]
    if not paths:
        return []
    return list(Department.objects.filter(path__in=paths).order_by("path"))


def _tree_nodes(root):
    """The chosen department (or the top of the organisation) and two levels below it, never
    more than MAX_TREE departments: one query, ordered by depth so that a cut drops the
    deepest level first. Returns the nodes in tree order and whether a level was cut."""
    base = root.depth if root else 1
    nodes = list(
        _with_manager(_under(Department.objects.filter(depth__lte=base + 2), root)).order_by(
            "depth", "path"
        )[: MAX_TREE + 1]
    )
    cut = len(nodes) > MAX_TREE
    if cut:
        nodes = [d for d in nodes if d.depth <= base + 1][:MAX_TREE]
    nodes.sort(key=lambda d: d.path)
    parents = {d.path[: -Department.steplen] for d in nodes}
    for d in nodes:
        d.hidden_children = 0 if d.path in parents else d.numchild
    return nodes, cut


def _annotated_tree(nodes):
    """(node, info) pairs to write the tree as nested lists: info.open starts a <ul>, and
    info.close is how many lists end after the node."""
    result = []
    if not nodes:
        return result
    base = nodes[0].depth
    for i, node in enumerate(nodes):
        level = node.depth - base
        previous = nodes[i - 1].depth - base if i else -1
        following = nodes[i + 1].depth - base if i + 1 < len(nodes) else 0
        closes = max(level - following, 0) if i + 1 < len(nodes) else level + 1
        result.append((node, {"open": level > previous, "close": range(closes)}))
    return result


def _tree_counts(user, ids, network_type):
    """Per department shown (its own people, not those below): people, networks it takes
    part in as a department, and networks its staff hold an active role in. Only the
    departments shown are counted, so the work does not grow with the organisation."""
    networks = networks_visible_to(user)
    if network_type:
        networks = networks.filter(type=network_type)
    people = dict(
        people_visible_to(user)
        .current()
        .filter(department_id__in=ids)
        .values_list("department_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    as_department = dict(
        Through.objects.filter(department_id__in=ids, network__in=networks)
        .values_list("department_id")
        .annotate(n=Count("network_id", distinct=True))
        .order_by()
    )
    by_staff = dict(
        NetworkRole.objects.active()
        .filter(
            person__department_id__in=ids,
            person__in=people_visible_to(user),
            network__in=networks,
        )
        .values_list("person__department_id")
        .annotate(n=Count("network_id", distinct=True))
        .order_by()
    )
    return people, as_department, by_staff


def _map_columns(user, root, network_type):
    """The networks the chosen part of the tree is involved in, most involved first (then by
    name). Counted per network in two grouped queries and ranked here: a correlated count
    per network is far too slow over 2,000 networks."""
    networks = networks_visible_to(user)
    if network_type:
        networks = networks.filter(type=network_type)
    roles = dict(
        _under(NetworkRole.objects.active(), root, "person__department__path")
        .filter(person__in=people_visible_to(user), network__in=networks)
        .values_list("network_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    listed = dict(
        _under(Through.objects.filter(network__in=networks), root, "department__path")
        .values_list("network_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    involved = roles.keys() | listed.keys()
    if not involved:
        return [], 0
    in_name_order = networks.order_by("name").values_list("pk", flat=True)
    by_name = [pk for pk in in_name_order if pk in involved]
    ranked = sorted(by_name, key=lambda pk: (-roles.get(pk, 0), -listed.get(pk, 0)))
    chosen = ranked[:MAX_COLUMNS]
    objects = networks.filter(pk__in=chosen).only("pk", "name", "slug", "type").in_bulk()
    return [objects[pk] for pk in chosen], len(involved)


def _rollup(counts, rows):
    """Sum counts keyed by (path, …) into each row whose path is a prefix of it: a row is its
    department and everything below it."""
    by_path = {row.path: row.pk for row in rows}
    steplen = Department.steplen
    totals = defaultdict(int)
    for key, n in counts.items():
        path, rest = key[0], key[1:]
        for end in range(steplen, len(path) + 1, steplen):
            pk = by_path.get(path[:end])
            if pk is not None:
                totals[(pk, *rest)] += n
    return totals


def _map(user, root, levels, network_type):
    """The map's rows (departments, rolled up), columns (networks) and cells."""
    top = root.depth if root else 1
    deepest = top + levels - 1
    candidates = _under(Department.objects.filter(depth__lte=deepest), root)
    rows = list(candidates.order_by("path").defer("search_text")[:MAX_ROWS])
    total_rows = candidates.count()  # always, so the query count does not depend on the data
    columns, total_columns = _map_columns(user, root, network_type)
    key_length = Department.steplen * deepest
    ids = [n.pk for n in columns]

    own_listed = {
        (department_id, network_id)
        for department_id, network_id in Through.objects.filter(
            network_id__in=ids, department_id__in=[r.pk for r in rows]
        ).values_list("department_id", "network_id")
    }
    listed = _rollup(
        {
            (path, network_id): n
            for path, network_id, n in _under(
                Through.objects.filter(network_id__in=ids), root, "department__path"
            )
            .annotate(key=Substr("department__path", 1, key_length))
            .values_list("key", "network_id")
            .annotate(n=Count("id"))
            .order_by()
        },
        rows,
    )
    role_counts = defaultdict(int)
    for path, network_id, role, n in (
        _under(NetworkRole.objects.active(), root, "person__department__path")
        .filter(network_id__in=ids, person__in=people_visible_to(user))
        .annotate(key=Substr("person__department__path", 1, key_length))
        .values_list("key", "network_id", "role")
        .annotate(n=Count("id"))
        .order_by()
    ):
        role_counts[(path, network_id, _bucket(role))] += n
    roles = _rollup(role_counts, rows)
    people = _rollup(
        {
            (path,): n
            for path, n in _under(people_visible_to(user), root, "department__path")
            .annotate(key=Substr("department__path", 1, key_length))
            .values_list("key")
            .annotate(n=Count("id"))
            .order_by()
        },
        rows,
    )

    table = []
    for row in rows:
        cells = []
        for network in columns:
            own = (row.pk, network.pk) in own_listed
            cell = {
                "network": network,
                "own": own,
                "below": not own and listed[(row.pk, network.pk)] > 0,
                "lead": roles[(row.pk, network.pk, LEAD)],
                "join": roles[(row.pk, network.pk, JOIN)],
            }
            cell["any"] = cell["own"] or cell["below"] or cell["lead"] or cell["join"]
            if cell["any"]:
                cell["marks"], cell["text"] = _cell_text(cell)
            cells.append(cell)
        table.append(
            {
                "department": row,
                "indent": row.depth - top,
                "people": people[(row.pk,)],
                "cells": cells,
            }
        )
    return {
        "rows": table,
        "columns": columns,
        "total_rows": total_rows,
        "total_columns": total_columns,
        "rows_cut": total_rows > len(rows),
        "columns_cut": total_columns > len(columns),
    }


def _cell_text(cell):
    """The short marks a sighted reader scans, and the words a screen reader says instead.
    Written here rather than in the template: a map has up to a thousand cells."""
    marks, words = [], []
    if cell["own"]:
        marks.append("A")
        words.append(gettext("Deltager som afdeling."))
    elif cell["below"]:
        marks.append("(A)")
        words.append(gettext("En underafdeling deltager som afdeling."))
    if cell["lead"]:
        marks.append(f"L{cell['lead']}")
        words.append(
            ngettext("%(n)d medarbejder leder.", "%(n)d medarbejdere leder.", cell["lead"])
            % {"n": cell["lead"]}
        )
    if cell["join"]:
        marks.append(f"D{cell['join']}")
        words.append(
            ngettext("%(n)d medarbejder deltager.", "%(n)d medarbejdere deltager.", cell["join"])
            % {"n": cell["join"]}
        )
    return marks, " ".join(words)


def _tree_summary(department):
    """The line after a department's name in the tree (made here: the tree may have 1,500)."""
    manager = department.manager
    parts = [
        gettext("Leder: %(name)s") % {"name": manager.name} if manager else gettext("Ingen leder"),
        ngettext("%(n)d medarbejder", "%(n)d medarbejdere", department.people_count)
        % {"n": department.people_count},
        ngettext("deltager i %(n)d netværk", "deltager i %(n)d netværk", department.network_count)
        % {"n": department.network_count},
        ngettext(
            "medarbejdere i %(n)d netværk",
            "medarbejdere i %(n)d netværk",
            department.staff_network_count,
        )
        % {"n": department.staff_network_count},
    ]
    return " · ".join(parts)


def organisation(request):
    """A bounded part of the department tree and the map of departments and networks for it.

    The tree shows the chosen department (or the top) and two levels below it, at most
    MAX_TREE departments; deeper parts are one link away (?afdeling=<pk>), and breadcrumbs
    lead back up. No query or loop here grows with the size of the organisation's tree."""
    form = MapFilterForm(request.GET or None)
    chosen = form.value("afdeling", None)
    root = None
    if chosen is not None:
        root = _with_manager(Department.objects).filter(pk=chosen).first()
        if root is None:
            form.add_error("afdeling", gettext("Afdelingen findes ikke."))
    network_type = form.value("type", "")
    levels = form.value("niveauer", DEFAULT_LEVELS)
    ancestors = _ancestors(root) if root else []

    tree_nodes, tree_cut = _tree_nodes(root)
    people, as_department, by_staff = _tree_counts(
        request.user, [d.pk for d in tree_nodes], network_type
    )
    for d in tree_nodes:
        d.people_count = people.get(d.pk, 0)
        d.network_count = as_department.get(d.pk, 0)
        d.staff_network_count = by_staff.get(d.pk, 0)
        d.summary = _tree_summary(d)
        d.url = reverse("department-detail", args=[d.pk])
        d.narrow_url = f"{reverse('organisation')}?afdeling={d.pk}"
    top_depth = root.depth if root else 1
    # The department choice offers the way up and one step down from where one stands.
    choices = [("", gettext("Hele organisationen"))] + [
        (str(d.pk), "\u00a0\u00a0" * (d.depth - 1) + d.name)
        for d in [*ancestors, *[n for n in tree_nodes if n.depth <= top_depth + 1]]
    ]

    return render(
        request,
        "portal/organisation.html",
        {
            "form": form,
            "root": root,
            "selected": str(root.pk) if root else "",
            "department_choices": choices,
            "ancestors": ancestors,
            "network_type_label": dict(Network.Type.choices).get(network_type, ""),
            "levels": levels,
            "tree": _annotated_tree(tree_nodes),
            "tree_size": len(tree_nodes),
            "tree_cut": tree_cut,
            "max_tree": MAX_TREE,
            "map": _map(request.user, root, levels, network_type),
        },
    )


def department_detail(request, pk):
    """One department: manager, people (paged), sub-departments and its networks."""
    department = get_object_or_404(
        Department.objects.select_related("manager__user").defer("search_text"), pk=pk
    )
    audit.record(request, "department", object_id=department.pk)
    ancestors = _ancestors(department)
    children = list(
        Department.objects.filter(path__startswith=department.path, depth=department.depth + 1)
        .order_by("path")
        .select_related("manager__user")
        .defer("search_text")
        .annotate(
            people_count=Coalesce(
                Subquery(
                    people_visible_to(request.user)
                    .current()
                    .filter(department=OuterRef("pk"))
                    .order_by()
                    .values("department")
                    .annotate(n=Count("id"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        )[:MAX_TREE]
    )
    subtree_people = (
        people_visible_to(request.user)
        .current()
        .filter(department__path__startswith=department.path)
        .count()
    )

    networks = networks_visible_to(request.user)
    listed_networks = list(
        networks.filter(departments=department).select_related("current_phase").order_by("name")
    )
    staff = people_visible_to(request.user).current().filter(department=department)
    active_here = Q(roles__ends_on__isnull=True, roles__person__in=staff)
    staff_networks = list(
        networks.filter(roles__ends_on__isnull=True, roles__person__in=staff)
        .annotate(
            **{
                f"n_{role}": Count("roles", filter=active_here & Q(roles__role=role))
                for role in NetworkRole.Role.values
            }
        )
        .order_by("name")
    )
    leaders = defaultdict(list)
    for role in (
        NetworkRole.objects.active()
        .filter(
            role=NetworkRole.Role.LEADER,
            person__in=staff,
            network__in=[n.pk for n in staff_networks],
        )
        .select_related("person__user")
    ):
        leaders[role.network_id].append(role.person)
    for network in staff_networks:
        network.staff_leaders = leaders[network.pk]
        network.staff_roles = [
            (label, getattr(network, f"n_{value}"))
            for value, label in NetworkRole.Role.choices
            if getattr(network, f"n_{value}")
        ]

    # Meta.ordering does not apply to an aggregating query: order explicitly.
    people = (
        staff.select_related("user")
        .annotate(
            active_roles=Count("network_roles", filter=Q(network_roles__ends_on__isnull=True))
        )
        .order_by("user__first_name", "user__last_name", "pk")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "portal/department_detail.html",
        {
            "department": department,
            "ancestors": ancestors,
            "children": children,
            "subtree_people": subtree_people,
            "listed_networks": listed_networks,
            "staff_networks": staff_networks,
            "page": page,
        },
    )
