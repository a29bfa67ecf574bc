from collections import namedtuple
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit, generations, search
from core.content import ENGLISH, content_language
from core.exports import Column, export_response
from core.html import Url, link
from core.html import escape as _e
from core.paging import page_by_keys
from core.pdf import pdf_response

from . import access, pamphlets, picker, selectors, versions
from .models import NAME_FIELDS, Person

PAGE_SIZE = 50


def role_list(request):
    """The published role descriptions, in the active language."""
    roles = [version.localized() for _role, version in versions.live_versions()]
    can_edit = access.can_edit_catalogue(request.user)
    return render(request, "roles/role_list.html", {"roles": roles, "can_edit": can_edit})


def role_detail(request, slug):
    """A role as published (never the secretariat's draft), in the active language."""
    role = access.get_role_for_user(request.user, slug)
    version = versions.live_version(role)
    return render(request, "roles/role_detail.html", role_page_context(request, role, version))


def role_page_context(request, role, version=None, *, preview=False):
    """What roles/role_detail.html shows: a published version, or the draft as a preview."""
    text = versions.draft_content(role) if preview else version.localized()
    can_edit = access.can_edit_catalogue(request.user)
    untranslated = 0
    if can_edit and content_language() == ENGLISH:
        if preview:
            untranslated = versions.missing_english_count(role)
        else:
            untranslated = len(version.missing_english())
    ctx = {
        "role": text,
        "role_object": role,
        "version": version,
        "preview": preview,
        "responsibilities": [
            SimpleNamespace(position=number, text=item["text"])
            for number, item in enumerate(text["responsibilities"], start=1)
        ],
        "can_edit": can_edit,
        "untranslated": untranslated,
    }
    ctx.update(selectors.role_extras(role))
    return ctx


def _filtered_people(request):
    """The directory as the page filters it (`?q=`): (people, q). The exports use it too."""
    q = request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
    people = search.in_text_order(
        access.people_visible_to(request.user).current().with_related(), q
    )
    return people, q


# What a page of the directory shows: people (with their users' names) and departments.
DIRECTORY_TOPICS = ("people", "departments")


def person_list(request):
    """The directory. A page's list (count, rows, paging) is the same for everyone who may
    see the directory (roles.access.people_visible_to), so it is cached for its search and
    page until a person, a name or a department is written (core/generations.py): the
    45,000-person organisation's "karen" costs what the demo's does."""
    people, q = _filtered_people(request)
    audit.record(request, "directory", detail=audit.criterion(request.GET, "q", "side"))
    side = request.GET.get("side")
    listing = generations.cached(
        "directory-page:" + generations.request_key(request, "q", "side"),
        DIRECTORY_TOPICS,
        lambda: _listing(request, people, q, side),
    )
    can_export = access.can_export_directory(request.user)
    return render(
        request,
        "roles/person_list.html",
        {**listing, "q": q, "can_export": can_export},
    )


def _listing(request, people, q, side):
    """{"count": matches, "listing": the table and its paging, or the empty message}."""
    count = None
    if not q and request.user.is_authenticated:  # all staff: counted once per change
        count = generations.cached("directory", ["people"], people.count)
    page = page_by_keys(
        people,
        PAGE_SIZE,
        side,
        count=count,
        load=_directory_rows,
        count_alongside=bool(q),  # the matches found once, for the page and its count
    )
    html = render_to_string(
        "roles/_person_listing.html", {"page": page, "rows_html": _rows_html(page), "q": q}
    )
    return {"count": page.paginator.count, "listing": html}


DirectoryRow = namedtuple("DirectoryRow", "pk name title department manager")


def _directory_rows(ids):
    """{id: DirectoryRow} of these people, as plain values: two small queries (the people,
    then their managers' names) instead of one joining five tables, which PostgreSQL took
    longer to plan than to run, and no models to build."""
    people = list(
        Person.objects.filter(pk__in=ids)
        .order_by()  # in the page's order, by the caller
        .values_list("pk", *NAME_FIELDS, "title", "department__name", "manager_id")
    )
    manager_ids = {row[-1] for row in people if row[-1]}
    managers = {
        pk: Person.name_of(*names)
        for pk, *names in Person.objects.filter(pk__in=manager_ids)
        .order_by()
        .values_list("pk", *NAME_FIELDS)
    }
    return {
        pk: DirectoryRow(
            pk, Person.name_of(first, last, username), title, department, managers.get(m)
        )
        for pk, first, last, username, title, department, m in people
    }


def _rows_html(people):
    """The directory's rows (DirectoryRows) as HTML, written here: in the template, its 50
    rows were most of the page's time. The same markup as the template wrote
    (tests/roles/test_people.py compares them)."""
    person_url = Url(build=lambda pk: Person(pk=pk).get_absolute_url())
    return mark_safe(
        "\n".join(
            f"<tr><td>{link(person_url(p.pk), p.name)}</td>"
            f"<td>{_e(p.title or '–')}</td>"
            f"<td>{_e(p.department or '–')}</td>"
            f"<td>{_e(p.manager or '–')}</td></tr>"
            for p in people
        )
    )


def person_export(request, fmt):
    """The directory, as filtered on the page, as a spreadsheet: for the secretariat."""
    if not access.can_export_directory(request.user):
        raise PermissionDenied
    people, _q = _filtered_people(request)
    audit.record(request, "directory_export", detail=audit.criterion(request.GET, format=fmt))
    columns = [
        Column(_("Navn"), 28),
        Column(_("Brugernavn"), 16),
        Column(_("E-mail"), 32),
        Column(_("Stilling"), 24),
        Column(_("Afdeling"), 28),
        Column(_("Personaleleder"), 28),
    ]
    values = people.values_list(
        "user__first_name",
        "user__last_name",
        "user__username",
        "user__email",
        "title",
        "department__name",
        "manager__user__first_name",
        "manager__user__last_name",
        "manager__user__username",
    )

    def rows():
        for row in values.iterator(chunk_size=2000):
            first, last, username, email, title, department, m_first, m_last, m_user = row
            name = Person.name_of(first, last, username)
            manager = Person.name_of(m_first, m_last, m_user) if m_user else ""
            yield [name, username, email, title, department or "", manager]

    return export_response(fmt, _("personer"), columns, rows(), sheet_title=_("Personer"))


def person_search(request):
    """The person picker's type-ahead (static/js/person_picker.js): the first matches as
    JSON, with the sentence its live region reads aloud. Without the script the picking
    form itself lists the matches."""
    if not access.can_pick_people(request.user):
        raise Http404
    q = request.GET.get("q", "")
    found = picker.people_search(q, limit=picker.PICKER_LIMIT + 1)
    more, found = len(found) > picker.PICKER_LIMIT, found[: picker.PICKER_LIMIT]
    if not search.query_words(q):
        status = ""
    elif not found:
        status = _("Ingen medarbejdere passer til søgningen.")
    elif more:
        status = _(
            "Flere end %(count)s medarbejdere passer. Skriv mere af navnet, eller vælg med "
            "pil op og ned."
        ) % {"count": len(found)}
    else:
        status = ngettext(
            "%(count)s medarbejder passer. Vælg med pil op og ned.",
            "%(count)s medarbejdere passer. Vælg med pil op og ned.",
            len(found),
        ) % {"count": len(found)}
    if found:  # names, titles and departments were read: like the directory, logged
        audit.record(request, "person_picker", detail=audit.criterion(request.GET, "q"))
    results = [
        {
            "id": p.pk,
            "name": p.name,
            "title": p.title,
            "department": p.department.name if p.department else "",
        }
        for p in found
    ]
    return JsonResponse({"status": status, "results": results})


def pamphlet_list(request):
    roles = [v.localized() for _r, v in versions.live_versions(pamphlets.pamphlet_roles())]
    return render(request, "roles/pamphlet_list.html", {"roles": roles})


def pamphlet_pdf(request, slug, fmt):
    """A generic pamphlet, printed from the published version in the active language."""
    role = access.get_role_for_user(request.user, slug)
    if not pamphlets.has_pamphlet(role) or fmt not in pamphlets.FORMATS:
        raise Http404
    html = pamphlets.pamphlet_html(role, fmt=fmt)
    return pdf_response(
        request,
        html,
        filename=pamphlets.pamphlet_filename(role, fmt),
        variant=pamphlets.cache_variant(role, fmt),
        postprocess=pamphlets.postprocess_for(fmt),
    )
