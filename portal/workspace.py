"""The secretariat's workspace: every network on one page, its agreement matrix and its
exports. Everything sorts and filters in SQL on the summaries (portal.summaries)."""

import functools

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, exports, generations, numbers, search
from core.html import Url, link
from core.html import escape as _e
from core.paging import page_by_keys
from core.permissions import is_secretariat
from core.templatetags.fields import options_html
from netvaerk.models import TYPES_WITHOUT_TALKS, Network, Phase
from roles import selectors as role_selectors
from roles.models import Department

from . import summaries
from .models import NetworkSummary, Rules, Standing, TalkState

PAGE_SIZE = 25
NOT_AGREED = "not_agreed"

# Sort keys in the URL → the columns they order by (then name and id, for a stable order).
SORTS = {
    "navn": ["network__name"],
    "type": ["network__type"],
    "status": ["network__status"],
    "fase": ["network__current_phase__number"],
    "plan": ["standing", "standing_weeks"],
    "test": ["test_on"],
    "leder": ["leader_name"],
    "codriver": ["co_driver_name"],
    "reference": ["reference_leader_name"],
    "pl": ["pl_state"],
    "rl": ["rl_state"],
    "cd": ["cd_state"],
    "pjecer": ["handouts"],
    "timer": ["hours_logged"],
    "aktivitet": ["last_activity"],
    "opmaerksomhed": ["needs_attention"],
}


def sort_labels():
    labels = summaries.talk_labels()
    return {
        "navn": _("Netværk"),
        "type": _("Type"),
        "status": _("Status"),
        "fase": _("Fase"),
        "plan": _("I forhold til planen"),
        "test": _("Testfase"),
        "leder": _("Netværksleder"),
        "codriver": _("Co-driver"),
        "reference": _("Referenceleder"),
        "pl": labels["pl"],
        "rl": labels["rl"],
        "cd": labels["cd"],
        "pjecer": _("Pjecer udleveret"),
        "timer": _("Timer registreret"),
        "aktivitet": _("Seneste aktivitet"),
        "opmaerksomhed": _("Opmærksomhed"),
    }


NULLABLE = {"test_on", "last_activity", "network__current_phase__number"}


class WorkspaceFilterForm(forms.Form):
    """A GET form: the filter state lives in the URL, to bookmark and share."""

    q = forms.CharField(label=gettext_lazy("Søg"), required=False, max_length=100)
    type = forms.ChoiceField(label=gettext_lazy("Type"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    fase = forms.TypedChoiceField(label=gettext_lazy("Fase"), required=False, coerce=int)
    afdeling = forms.TypedChoiceField(
        label=gettext_lazy("Afdeling (med underafdelinger)"), required=False, coerce=int
    )
    aftale = forms.ChoiceField(label=gettext_lazy("Samtale"), required=False)
    aftalestatus = forms.ChoiceField(label=gettext_lazy("Aftalens status"), required=False)
    opmaerksomhed = forms.ChoiceField(label=gettext_lazy("Opmærksomhed"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sortér efter"), required=False)

    def __init__(self, data, *, phases, departments):
        super().__init__(data)
        f = self.fields
        f["type"].choices = [("", _("Alle typer")), *Network.Type.choices]
        f["status"].choices = [("", _("Alle statusser")), *Network.Status.choices]
        f["fase"].choices = [("", _("Alle faser"))] + [(p.pk, str(p)) for p in phases]
        f["afdeling"].choices = [("", _("Alle afdelinger"))] + [
            (d.pk, "\u2003" * (d.depth - 1) + d.name) for d in departments
        ]
        f["aftale"].choices = [("", _("Alle tre samtaler"))] + [
            (prefix, label) for prefix, label in summaries.talk_labels().items()
        ]
        f["aftalestatus"].choices = [
            ("", _("Alle")),
            (NOT_AGREED, _("Ikke aftalt")),
            *[(str(v), label) for v, label in TalkState.choices],
        ]
        f["opmaerksomhed"].choices = [
            ("", _("Alle netværk")),
            ("ja", _("Kræver opmærksomhed")),
            ("nej", _("Kræver ikke opmærksomhed")),
            *summaries.attention_choices(),
        ]
        sorts = []
        for key, label in sort_labels().items():
            sorts += [(key, _("%(column)s, stigende") % {"column": label})]
            sorts += [(f"-{key}", _("%(column)s, faldende") % {"column": label})]
        f["sort"].choices = sorts
        self.departments = {d.pk: d for d in departments}

    def controls(self):
        """The filter fields for the template, each select's options prebuilt as HTML: a
        template loop over 150 departments costs more than the rest of the page."""
        controls = []
        for field in self:
            current = "" if field.value() is None else str(field.value())
            options = None
            if hasattr(field.field, "choices"):
                options = options_html(field.field.choices, {current})
            controls.append(
                {
                    "name": field.html_name,
                    "id": field.auto_id,
                    "label": field.label,
                    "value": current,
                    "options": options,
                }
            )
        return controls


def _talk_filter(prefixes, state):
    """Q for: any of these talks is in `state` (or not agreed)."""
    q = Q()
    for prefix in prefixes:
        field = f"{prefix}_state"
        if state == NOT_AGREED:
            q |= ~Q(**{field: TalkState.AGREED})
        else:
            q |= Q(**{field: int(state)})
    return q


def filtered(form):
    """The summaries the form asks for, sorted: what the page, the matrix and the exports show."""
    qs = NetworkSummary.objects.select_related("network__current_phase").defer(
        "network__challenge",
        "network__search_text",
        "network__theme",
        "network__current_phase__description",
        "network__current_phase__description_en",
    )
    form.is_valid()  # an invalid field (a deleted phase in a bookmark) drops only itself
    data = getattr(form, "cleaned_data", {})
    if data.get("q"):
        qs = search.search(qs, data["q"], field="network__search_text")
    if data.get("type"):
        qs = qs.filter(network__type=data["type"])
    if data.get("status"):
        qs = qs.filter(network__status=data["status"])
    if data.get("fase"):
        qs = qs.filter(network__current_phase_id=data["fase"])
    department = form.departments.get(data.get("afdeling"))
    if department is not None:
        involved = Network.objects.filter(departments__path__startswith=department.path)
        qs = qs.filter(
            Q(network__in=involved.values("pk"))
            | Q(leader__department__path__startswith=department.path)
        )
    if data.get("aftalestatus"):
        prefixes = [data["aftale"]] if data.get("aftale") else [p for p, _k in summaries.TALKS]
        qs = qs.filter(_talk_filter(prefixes, data["aftalestatus"])).exclude(
            network__type__in=TYPES_WITHOUT_TALKS  # no talks, so no agreement state
        )
    attention = data.get("opmaerksomhed")
    if attention == "ja":
        qs = qs.filter(needs_attention=True)
    elif attention == "nej":
        qs = qs.filter(needs_attention=False)
    elif attention:
        qs = qs.filter(attention__contains="," + attention)
    sort = data.get("sort") or "navn"
    descending = sort.startswith("-")
    order = []
    for field in SORTS[sort.lstrip("-")]:
        expr = F(field)
        if field in NULLABLE:
            expr = expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True)
        else:
            expr = expr.desc() if descending else expr.asc()
        order.append(expr)
    return qs.order_by(*order, "network__name", "network__id")


def _require_secretariat(user):
    if not is_secretariat(user):
        raise PermissionDenied


def _form(request):
    phases = list(Phase.objects.all())
    departments = role_selectors.department_choices(Department.objects.filter(depth__lte=3))
    return WorkspaceFilterForm(request.GET or None, phases=phases, departments=departments)


def _rows(summary_list, rules):
    """Each row's cells as text and links, built here rather than in the template (a page of
    50 rows is several times cheaper so)."""
    person_url = Url("netvaerk:person-detail")
    agreement_url = Url("agreements:detail")
    network_url = Url("netvaerk:network-detail")
    plan_url = Url("netvaerk:plan")
    labels = summaries.talk_labels()
    missing, nobody = _("Mangler"), _("Ingen")
    roles = [
        ("leader", _("Netværksleder"), missing),
        ("co_driver", _("Co-driver"), nobody),
        ("reference_leader", _("Referenceleder"), missing),
    ]
    no_phase = _("Ingen fase")
    test_from = _("Test fra %(date)s")
    last = _("Senest %(date)s")
    handouts = _("Pjecer udleveret: %(given)s af %(due)s")
    hours = _("Timer: %(logged)s af %(planned)s planlagt til dato")
    types, statuses = dict(Network.Type.choices), dict(Network.Status.choices)
    short_date = get_format("SHORT_DATE_FORMAT")
    # Many rows share a date: each formatted once (dateformat looks up the language per call).
    day = functools.lru_cache(maxsize=None)(lambda d: dateformat.format(d, short_date))
    rows = []
    for s in summary_list:
        n = s.network
        phase_lines = [str(n.current_phase) if n.current_phase else no_phase]
        if s.test_on:
            phase_lines.append(test_from % {"date": day(s.test_on)})
        people = []
        for field, label, empty in roles:
            pk = getattr(s, f"{field}_id")
            people.append(
                {
                    "label": label,
                    "name": getattr(s, f"{field}_name") if pk else empty,
                    "url": person_url(pk) if pk else None,
                    "missing": pk is None and empty is missing,
                }
            )
        talks = [
            {
                "label": labels[prefix],
                "text": summaries.talk_text(s, prefix),
                "url": agreement_url(getattr(s, f"{prefix}_agreement_id"))
                if getattr(s, f"{prefix}_agreement_id")
                else None,
            }
            for prefix, _key in summaries.TALKS
        ]
        activity = [
            last
            % {"date": day(timezone.localtime(s.last_activity).date()) if s.last_activity else "–"},
            handouts % {"given": s.handouts, "due": s.handouts_due},
            hours
            % {
                "logged": numbers.grouped(s.hours_logged, 1),
                "planned": numbers.grouped(s.hours_planned, 1),
            },
        ]
        rows.append(
            {
                "s": s,
                "network": n,
                "url": network_url(n.slug),
                "kind": f"{types.get(n.type, n.type)} · {statuses.get(n.status, n.status)}",
                "phase": phase_lines,
                "standing": summaries.standing_text(s),
                "plan_url": plan_url(n.slug) if s.standing == Standing.NO_PLAN else None,
                "people": people,
                "talks": talks,
                "activity": activity,
                "attention": summaries.attention_texts(s, rules),
            }
        )
    return rows


def _rows_html(rows):
    """The workspace table's rows as HTML, written here: in the template, resolving and
    escaping the ~40 values of each of 25 rows was half of the page's time. The same markup
    as a template would write (tests/portal/test_workspace.py compares them)."""
    l_phase, l_people = _e(_("Fase og plan")), _e(_("Personer"))
    l_activity, l_attention, l_nothing = _e(_("Aktivitet")), _e(_("Opmærksomhed")), _("Intet")
    out = []
    for row in rows:
        phase = row["phase"]
        people = "".join(
            f"<dt>{_e(p['label'])}</dt><dd>"
            + (
                link(p["url"], p["name"])
                if p["url"]
                else f"<strong>{_e(p['name'])}</strong>"
                if p["missing"]
                else _e(p["name"])
            )
            + "</dd>"
            for p in row["people"]
        )
        talks = "".join(
            f'<td><span class="label-sm">{_e(t["label"])}</span>{link(t["url"], t["text"])}</td>'
            for t in row["talks"]
        )
        attention = (
            '<ul class="attention-list mb-0">'
            + "".join(f"<li>{_e(text)}</li>" for text in row["attention"])
            + "</ul>"
            if row["attention"]
            else _e(l_nothing)
        )
        out.append(
            "<tr>"
            f'<th scope="row" class="fw-normal"><a class="fw-semibold" href="{_e(row["url"])}">'
            f"{_e(row['network'].name)}</a><br>{_e(row['kind'])}</th>"
            f'<td><span class="label-sm">{l_phase}</span>{_e(phase[0])}<br>'
            f"{link(row['plan_url'], row['standing'])}"
            f"{'<br>' + _e(phase[1]) if len(phase) > 1 else ''}</td>"
            f'<td><span class="label-sm">{l_people}</span>'
            f'<dl class="mb-0 people-cell">{people}</dl></td>'
            f"{talks}"
            f'<td><span class="label-sm">{l_activity}</span>'
            f"{'<br>'.join(_e(line) for line in row['activity'])}</td>"
            f'<td class="attention-cell"><span class="label-sm">{l_attention}</span>'
            f"{attention}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(out))


def _sort_links(request, current):
    """For each column: the URL that sorts by it, and its aria-sort state."""
    links = {}
    query = request.GET.copy()
    query.pop("side", None)
    for key in SORTS:
        ascending_now = current == key
        query["sort"] = f"-{key}" if ascending_now else key
        state = "none"
        if current == key:
            state = "ascending"
        elif current == f"-{key}":
            state = "descending"
        links[key] = {"url": "?" + query.urlencode(), "aria": state}
    return links


# What the workspace's body shows: the summaries and their networks (with the phases), and
# the departments of the filter (core.generations watches their tables).
WORKSPACE_TOPICS = (*summaries.SUMMARY_TOPICS, "departments")


def _page(request, template, what, title, *, rows_html=False):
    """A view of the workspace: the tabs, then the body (filters, count, table, paging),
    cached for its query until a summary, network, phase, department or the rules are
    written, or the day turns. Who may see it is checked, and the view logged, every time."""
    _require_secretariat(request.user)
    audit.record(request, what, detail=audit.criterion(request.GET))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("side", None)
    query = query.urlencode()  # the filters, for the tabs, exports, sorting and paging
    key = f"workspace:{what}:{today.isoformat()}:" + generations.request_key(request)
    body = generations.cached(
        key,
        WORKSPACE_TOPICS,
        lambda: _body(request, template, query, today, rows_html=rows_html),
    )
    view = "matrix" if what == "agreement_matrix" else "networks"
    return render(
        request,
        "portal/_workspace_page.html",
        {"title": title, "body": body, "view": view, "query": query},
    )


def _body(request, template, query, today, *, rows_html):
    # Stale summaries are refreshed here, when the body is built, and not on every view: a
    # body cached for today was built after today's refresh, and whatever makes a summary
    # stale or missing since (the rules, a new network) writes a topic of its key.
    summaries.refresh_stale(today)
    rules = Rules.current()
    form = _form(request)
    qs = filtered(form)
    count = None
    if not qs.query.where:  # no filter: every network, counted once per change to them
        count = generations.cached(
            "workspace-count", summaries.SUMMARY_TOPICS, NetworkSummary.objects.count
        )
    # The page's keys first (with the count of a filtered list alongside), then its rows:
    # sorting whole joined rows to skip them made page 30 five times dearer than page 1.
    page = page_by_keys(
        qs, PAGE_SIZE, request.GET.get("side"), count=count, count_alongside=count is None
    )
    sort = getattr(form, "cleaned_data", {}).get("sort", "")  # filtered() validated it
    rows = _rows(page.object_list, rules)
    ctx = {
        "form": form,
        "page": page,
        "rows": rows,
        "rows_html": _rows_html(rows) if rows_html else "",
        "query": query,
        "sorts": _sort_links(request, sort or "navn"),
        "rules": rules,
        "talk_labels": summaries.talk_labels(),
    }
    return render_to_string(template, ctx)  # a SafeString, in the cache too


def workspace(request):
    return _page(
        request, "portal/workspace.html", "workspace", _("Sekretariatets overblik"), rows_html=True
    )


def agreement_matrix(request):
    title = _("Aftalematrix") + " – " + _("Sekretariatets overblik")
    return _page(request, "portal/agreement_matrix.html", "agreement_matrix", title)


def _export_columns():
    labels = summaries.talk_labels()
    c = exports.Column
    return [
        c(_("Netværk"), 32),
        c(_("Type"), 18),
        c(_("Status"), 12),
        c(_("Fase"), 22),
        c(_("I forhold til planen"), 20),
        c(_("Uger fra planen"), 10),
        c(_("Testfase begynder"), 12),
        c(_("Netværksleder"), 24),
        c(_("Co-driver"), 24),
        c(_("Referenceleder"), 24),
        c(labels["pl"], 30),
        c(labels["rl"], 30),
        c(labels["cd"], 30),
        c(_("Pjecer udleveret"), 10),
        c(_("Pjecer i alt"), 10),
        c(_("Timer registreret"), 12),
        c(_("Timer planlagt til dato"), 12),
        c(_("Seneste aktivitet"), 18),
        c(_("Kræver opmærksomhed"), 10),
        c(_("Årsager"), 60),
    ]


def _export_rows(qs, rules):
    for s in qs.iterator(chunk_size=1000):
        network = s.network
        yield [
            network.name,
            network.get_type_display(),
            network.get_status_display(),
            str(network.current_phase) if network.current_phase else "",
            summaries.standing_text(s),
            s.standing_weeks,
            s.test_on,
            s.leader_name,
            s.co_driver_name,
            s.reference_leader_name,
            *[summaries.talk_text(s, prefix) for prefix, _key in summaries.TALKS],
            s.handouts,
            s.handouts_due,
            s.hours_logged,
            s.hours_planned,
            s.last_activity,
            s.needs_attention,
            " ".join(summaries.attention_texts(s, rules)),
        ]


def export(request, fmt):
    _require_secretariat(request.user)
    audit.record(request, "workspace_export", detail=audit.criterion(request.GET, format=fmt))
    summaries.refresh_stale()
    rules = Rules.current()
    qs = filtered(_form(request))
    return exports.export_response(
        fmt,
        "netvaerk",
        _export_columns(),
        _export_rows(qs, rules),
        sheet_title=_("Netværk"),
    )
