"""The secretariat's editor for the role descriptions and pamphlet texts.

The rows are the draft; users read the published version (roles.versions). The editor saves
the draft, previews it (the role page and the pamphlet PDF), publishes it and compares
versions word by word.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import bounds
from core.pdf import pdf_response
from core.preserve import preserves_post, take_preserved

from . import access, pamphlets, versions
from .content_forms import RoleEditor, draft_hash
from .models import RoleDescription
from .views import role_page_context


def _secretariat(request):
    if not access.can_edit_catalogue(request.user):
        raise PermissionDenied


def _role(request, slug):
    _secretariat(request)
    role = get_object_or_404(RoleDescription, slug=slug)
    # Before the first edit, what users read now becomes version 1: the draft never goes
    # live by itself.
    versions.live_version(role)
    return role


def content_roles(request):
    """The role descriptions: live version, unpublished changes, texts without English."""
    _secretariat(request)
    rows = []
    for role, version in versions.live_versions():
        rows.append(
            {
                "role": role,
                "version": version,
                "changed": versions.is_draft_changed(role),
                "missing": versions.missing_english_count(role),
                "has_pamphlet": pamphlets.has_pamphlet(role),
            }
        )
    return render(request, "roles/content_roles.html", {"rows": rows})


def _editor_page(request, role, editor, status=200):
    # As saved: validating the posted form has written the typed text into `role`.
    saved = RoleDescription.objects.get(pk=role.pk)
    live = versions.live_version(saved)
    return render(
        request,
        "roles/content_role.html",
        {
            "role": role,
            "editor": editor,
            "live": live,
            "changed": versions.is_draft_changed(saved),
            "has_pamphlet": pamphlets.has_pamphlet(saved),
            # The publish form carries the saved draft the page showed.
            "publish_hash": draft_hash(saved),
        },
        status=status,
    )


@preserves_post
def content_role(request, slug):
    """The draft: every text in Danish and English side by side, the responsibilities in
    order. Move, delete and save keep the draft; add shows an empty row to fill in."""
    role = _role(request, slug)
    if request.method != "POST":
        kept = take_preserved(request)
        if kept is not None:
            editor = RoleEditor(role, kept)
            editor.is_valid()
            return _editor_page(request, role, editor)
        return _editor_page(request, role, RoleEditor(role))
    editor = RoleEditor(role, request.POST)
    done = editor.apply(request.POST.get("action", "save"))
    if done == "added":
        editor.unbind()
        messages.info(request, _("Der er tilføjet en tom række. Skriv punktet, og gem kladden."))
        return _editor_page(request, role, editor)
    if done == "full":
        editor.unbind()
        messages.error(request, editor.full_message())
        return _editor_page(request, role, editor, status=400)
    if not editor.is_valid():
        if editor.stale:
            messages.error(
                request,
                _(
                    "Kladden er ændret af en anden, siden du åbnede siden. Din tekst er ikke "
                    "gemt, men står herunder: sammenlign med kladden, og gem igen."
                ),
            )
            editor.hash = editor.saved_hash
        return _editor_page(request, role, editor, status=409 if editor.stale else 400)
    role, dropped = editor.save()
    text = {
        "moved": _("Ansvarspunktet er flyttet, og kladden er gemt."),
        "deleted": _("Ansvarspunktet er slettet, og kladden er gemt."),
    }.get(done, _("Kladden er gemt. Den er ikke offentliggjort endnu."))
    if dropped:
        text += " " + ngettext(
            "%(count)s tom række er fjernet.", "%(count)s tomme rækker er fjernet.", dropped
        ) % {"count": dropped}
    messages.success(request, text)
    return redirect("roles:content-role", slug=role.slug)


def content_role_preview(request, slug):
    """The role page as users will see it once the draft is published."""
    role = _role(request, slug)
    ctx = role_page_context(request, role, preview=True)
    return render(request, "roles/role_detail.html", ctx)


def content_role_preview_pdf(request, slug):
    """The pamphlet (A4) printed from the draft, marked as a preview."""
    role = _role(request, slug)
    if not pamphlets.has_pamphlet(role):
        raise Http404
    html = pamphlets.pamphlet_html(role, fmt="a4", preview=True)
    return pdf_response(
        request,
        html,
        filename=pamphlets.pamphlet_filename(role, "a4", suffix="-forhaandsvisning"),
        variant=pamphlets.cache_variant(role, "a4", preview=True),
    )


@require_POST
def content_role_publish(request, slug):
    role = _role(request, slug)
    # The draft the page showed: a colleague's save since then is not published unseen.
    shown = request.POST.get("draft_hash", "")
    if not shown:  # not posted from the editor's page
        messages.error(
            request, _("Offentliggør fra redigeringssiden, så du har set kladden først.")
        )
        return redirect("roles:content-role", slug=role.slug)
    if shown != draft_hash(role):
        messages.error(
            request, _("Kladden er ændret, siden du så den. Se den igen, før du offentliggør.")
        )
        return _editor_page(request, role, RoleEditor(role), status=409)
    changed = versions.is_draft_changed(role)
    version, created = versions.publish(role, by=request.user)
    if created:
        messages.success(
            request,
            _("Version %(number)s er offentliggjort. Brugerne ser den nu.")
            % {"number": version.number},
        )
    elif changed:
        messages.success(
            request,
            _(
                "Den danske tekst er uændret, så der er ingen ny version: kun den engelske "
                "oversættelse af version %(number)s er opdateret."
            )
            % {"number": version.number},
        )
    else:
        messages.info(
            request,
            _("Intet at offentliggøre: kladden er den samme som version %(number)s.")
            % {"number": version.number},
        )
    return redirect("roles:content-role", slug=role.slug)


def _version_param(request, name, by_number, default):
    return by_number.get(bounds.parse_id(request.GET.get(name)), default)


def content_role_versions(request, slug):
    """The published versions, who published them and when, and two compared word by word."""
    role = _role(request, slug)
    all_versions = list(role.versions.select_related("created_by").order_by("-number"))
    by_number = {v.number: v for v in all_versions}
    newest = all_versions[0] if all_versions else None
    previous = all_versions[1] if len(all_versions) > 1 else newest
    old = _version_param(request, "fra", by_number, previous)
    new = _version_param(request, "til", by_number, newest)
    changes = versions.compare(old, new) if old and new and old != new else None
    english_changes = versions.compare_english(old, new) if changes is not None else None
    return render(
        request,
        "roles/content_role_versions.html",
        {
            "role": role,
            "versions": all_versions,
            "old": old,
            "new": new,
            "changes": changes,
            "english_changes": english_changes,
        },
    )
