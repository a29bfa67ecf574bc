"""The time balance pages: the table of every role one may follow, its exports, and the
chart of one role. The figures come from `balance`; these views read the filters, page and
render."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import audit, generations, search
from core.exports import Column, export_response
from core.html import Url, link
from core.html import escape as _e
from core.permissions import is_secretariat
from core.templatetags.fields import options_html

from . import balance

PAGE_SIZE = 50
# Up to this many people, the page offers a list to pick one from; beyond it (the
# secretariat) the name search does the picking.
PICKER_LIMIT = 300
FILTER_PARAMS = ("medarbejder", "afdeling", "q", "sort")


@dataclass
class Filters:
    roles: object
    q: str
    department: object
    departments: list
    sort: str
    person_id: str
    whole: bool  # every planned role: no filter, and the user follows everyone


def _filters(request, *, with_departments=True):
    """The page's filters from the query string (an unknown department or sort is ignored;
    an employee one may not follow is a 404, see balance.balance_roles)."""
    q = request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
    wanted = request.GET.get("afdeling", "")
    departments = []
    if with_departments or wanted:
        departments = balance.department_choices(request.user, wanted)
    department = next((d for d in departments if str(d.pk) == wanted), None)
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in balance.SORTS:
        sort = balance.DEFAULT_SORT
    person_id = request.GET.get("medarbejder", "")
    roles = balance.balance_roles(request.user, person_id, department=department, q=q)
    whole = not (q or department or person_id) and balance.follows_everyone(request.user)
    return Filters(roles, q, department, departments, sort, person_id, whole)


def _record_balance(request, what, **first):
    """The time balance is a list: one event, about the employee if one is chosen (a
    valid one: balance_roles has checked it)."""
    employee = request.GET.get("medarbejder")
    audit.record(
        request,
        what,
        about=[int(employee)] if employee else (),
        detail=audit.criterion(request.GET, *FILTER_PARAMS, "side", **first),
    )


def _query(request, *drop):
    query = request.GET.copy()
    for name in ("side", *drop):
        query.pop(name, None)
    return query


def _sort_links(request, current):
    """Per column: the address that sorts by it (again: the other way) and its aria-sort."""
    links = {}
    query = _query(request)
    for key in balance.SORTS:
        query["sort"] = f"-{key}" if current == key else key
        state = {key: "ascending", f"-{key}": "descending"}.get(current, "none")
        links[key] = {"url": "?" + query.urlencode(), "aria": state}
    return links


# What the page shows: the roles and their stored figures, the people (whom one follows,
# their names), the departments and the networks with their plans.
PAGE_TOPICS = (*balance.BALANCE_TOPICS, "people", "departments", "networks")


def time_balance(request):
    """Planned to date against logged hours, one row per staff member and network. The page
    below the header is cached per user, query and day until what it shows is written
    (core/generations.py); not while some figures could not be refreshed (the next view
    tries again). An employee one may not follow is a 404, and so never cached."""
    today = balance.current_day()
    user = request.user
    body = generations.cached(
        f"time-balance:{user.pk}:{is_secretariat(user):d}:{today.isoformat()}:"
        + generations.request_key(request),
        PAGE_TOPICS,
        lambda: _time_balance_body(request, today),
        keep=lambda body: not body["stale"],
    )
    _record_balance(request, "time_balance")
    return render(request, "netvaerk/time_balance.html", {"body": body["html"]})


def _time_balance_body(request, today):
    filters = _filters(request)
    totals = balance.summarise(filters.roles, today, whole=filters.whole)
    paginator = Paginator(balance.ordered(filters.roles, filters.sort), PAGE_SIZE)
    paginator.count = totals.rows  # counted with the sums
    page = paginator.get_page(request.GET.get("side"))
    page.object_list = rows = list(balance.rows_of(page.object_list, today))
    picker = balance.staff_choices(request.user, PICKER_LIMIT)
    # With an employee chosen, every row is theirs.
    chosen = rows[0].person_name if filters.person_id and rows else ""
    filtered = bool(filters.q or filters.department or filters.person_id)
    monday, sunday = balance.week_bounds(today)
    query = _query(request)
    ctx = {
        "page": page,
        "rows": rows,
        "rows_html": _rows_html(rows),
        "totals": totals,
        "filters": filters,
        "filtered": filtered,
        "picker": picker,
        "chosen": chosen,
        "sorts": _sort_links(request, filters.sort),
        "query": query.urlencode(),
        "query_pairs": [(k, v) for k, vs in query.lists() for v in vs],
        "all_staff_query": _query(request, "medarbejder").urlencode(),
        "department_options": _department_options(
            filters.departments, str(filters.department.pk) if filters.department else ""
        )
        if len(filters.departments) > 1
        else "",
        "picker_options": options_html(picker, {filters.person_id}) if picker else "",
        "week": monday.isocalendar().week,
        "sunday": sunday,
        # Only asked when the table is empty: why it is.
        "is_manager": bool(totals.rows) or filtered or balance.can_follow_anyone(request.user),
    }
    html = render_to_string("netvaerk/_time_balance_body.html", ctx)  # safe, and kept so
    return {"html": html, "stale": totals.stale}


def _figure(value):
    return "–" if value is None else balance.hours(value)


def _rows_html(rows):
    """The table's rows as HTML, written here: in the template, its 50 rows were a third of
    the page's time. The same markup as the template wrote (tests/netvaerk/
    test_time_balance.py compares them)."""
    person_url = Url("netvaerk:person-detail")
    plan_url = Url("netvaerk:plan")
    chart_url = Url("netvaerk:time-balance-role")
    show_chart = _e(_("Vis graf"))
    chart_of = _("for %(name)s i %(network)s")
    out = []
    for row in rows:
        department = (
            f'<br><span class="small text-body-secondary">{_e(row.department)}</span>'
            if row.department
            else ""
        )
        difference = row.difference
        if difference is None:
            problem = row.plan.problem
            verdict = f'<span class="text-body-secondary">{_e(row.verdict)}</span>' + (
                f'<br><span class="small">{_e(problem)}</span>' if problem else ""
            )
        else:
            kind = "over" if difference > 0 else "under" if difference < 0 else "even"
            verdict = f'<span class="balance-{kind}">{_e(row.verdict)}</span>'
        chart_label = chart_of % {"name": _e(row.person_name), "network": _e(row.network_name)}
        out.append(
            "<tr>"
            f"<td>{link(person_url(row.person_id), row.person_name)}{department}</td>"
            f"<td>{link(plan_url(row.network_slug), row.network_name)}</td>"
            f"<td>{_e(row.role_label)}</td>"
            f'<td class="num">{_figure(row.planned_to_date)}</td>'
            f'<td class="num">{_figure(row.logged)}</td>'
            f"<td>{verdict}</td>"
            f'<td class="num">{_figure(row.planned_total)}</td>'
            f'<td><a href="{_e(chart_url(row.role_id))}">{show_chart}'
            f'<span class="visually-hidden"> {chart_label}</span></a></td>'
            "</tr>"
        )
    return mark_safe("\n".join(out))


def _department_options(departments, current):
    """The department picker's options, indented by depth below the shallowest."""
    top = min((d.depth for d in departments), default=1)
    return options_html([(d.pk, "– " * (d.depth - top) + d.name) for d in departments], {current})


def time_balance_export(request, fmt):
    """The table as a spreadsheet: every row of the filter (not only a page), same figures."""
    filters = _filters(request, with_departments=False)
    _record_balance(request, "time_balance_export", format=fmt)
    today = balance.current_day()
    balance.summarise(filters.roles, today)  # brings figures from another week up to date
    values = balance.ordered(filters.roles, filters.sort).iterator(chunk_size=balance.CHUNK_SIZE)
    rows = balance.rows_of(values, today)
    columns = [
        Column(_("Medarbejder"), 28),
        Column(_("Afdeling"), 28),
        Column(_("Netværk"), 32),
        Column(_("Rolle"), 20),
        Column(_("Planlagt til dato"), 14),
        Column(_("Brugt til dato"), 14),
        Column(_("Forskel (brugt − planlagt)"), 14),
        Column(_("Over eller under planen"), 28),
        Column(_("Planlagt i alt"), 14),
        Column(_("Bemærkning"), 40),
    ]

    def lines():
        for row in rows:
            yield [
                row.person_name,
                row.department,
                row.network_name,
                str(row.role_label),
                row.planned_to_date,
                row.logged,
                row.difference,
                row.verdict,
                row.planned_total,
                row.plan.problem,
            ]

    return export_response(fmt, _("tidsbalance"), columns, lines(), sheet_title=_("Tidsbalance"))


def time_balance_role(request, pk):
    """One role's hours month by month: a chart, and the same figures as a table."""
    role = balance.get_role_for_balance(request.user, pk)
    audit.record(
        request, "time_balance", about=[role.person_id], detail=f"rolle={role.pk}", object_id=pk
    )
    today = balance.current_day()
    plan, figures, months = balance.role_months(role, today)
    row = balance.BalanceRow(
        role_id=role.pk,
        role=role.role,
        person_id=role.person_id,
        person_name=role.person.name,
        sort_name="",
        department=role.person.department.name if role.person.department_id else "",
        network_name=role.network.name,
        network_slug=role.network.slug,
        has_plan=plan is not None,
        plan=figures,
        logged=sum((logged for _m, _p, logged in months), balance.ZERO),
    )
    monday, sunday = balance.week_bounds(today)
    return render(
        request,
        "netvaerk/time_balance_role.html",
        {
            "role": role,
            "row": row,
            "months": [(balance.month_label(m), p, a, a - p) for m, p, a in months],
            "chart": _bar_chart(months),
            "week": monday.isocalendar().week,
            "sunday": sunday,
        },
    )


def _bar_chart(months):
    """Planned and logged hours per month as pairs of bars (SVG coordinates)."""
    if not months:
        return None
    top = max(max(p, a) for _m, p, a in months) or Decimal(1)
    height, slot = 120, 44
    base = height + 20  # the x axis; bars grow upwards from it
    bars = []
    for i, (month, planned, done) in enumerate(months):
        planned_h = round(float(planned / top) * height, 1)
        actual_h = round(float(done / top) * height, 1)
        bars.append(
            {
                "label": balance.month_label(month),
                "month": date_format(month, "b"),
                "year": month.year if i == 0 or month.month == 1 else "",
                "x": 40 + i * slot,
                "actual_x": 58 + i * slot,
                "planned_y": base - planned_h,
                "planned_h": planned_h,
                "actual_y": base - actual_h,
                "actual_h": actual_h,
                "planned": planned,
                "actual": done,
            }
        )
    return {
        "bars": bars,
        "base": base,
        "label_y": base + 14,
        "year_y": base + 26,
        "view_height": base + 32,
        "width": 40 + len(months) * slot + 10,
        "top": top,
    }
