"""Role pamphlets (pjecer): the role catalogue as print-ready PDFs.

A4 for reading and printing, and an A5 booklet: the A5 pages imposed two to a landscape A4
sheet in booklet order, so a double-sided print folds into a pamphlet. Generic pamphlets are
for everyone; the agreements app adds the personalised ones for one network and counterpart.
"""

import io
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.content import content_language, translated

from . import versions
from .models import Organisation, RoleDescription
from .selectors import role_extras

# The roles that have a pamphlet; the secretariat is the pamphlets' sender, not a reader.
PAMPHLET_ROLES = [
    RoleDescription.Key.NETWORK_LEADER,
    RoleDescription.Key.CO_DRIVER,
    RoleDescription.Key.REFERENCE_LEADER,
    RoleDescription.Key.PERSONNEL_LEADER,
]
FORMATS = {"a4": "A4", "a5-haefte": "A5"}
A4_LANDSCAPE_WIDTH = 841.89  # points


@dataclass
class Personalisation:
    recipient_name: str
    network_name: str
    network_theme: str
    network_challenge: str
    leader_name: str = ""
    talk_on: date | None = None

    @property
    def challenge_paragraphs(self):
        return _paragraphs(self.network_challenge)


def _paragraphs(text):
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def pamphlet_roles():
    return RoleDescription.objects.filter(key__in=PAMPHLET_ROLES)


def has_pamphlet(role):
    return role.key in PAMPHLET_ROLES


def live_version(role):
    """The published RoleDescriptionVersion a pamphlet of `role` is printed from."""
    return versions.live_version(role)


def pamphlet_title(role):
    """The title for a role description, or for a version's localized content (a dict)."""
    name = role["name"] if isinstance(role, dict) else translated(role, "name")
    return _("Rollen som %(role)s") % {"role": name.lower()}


def pamphlet_html(role, *, fmt="a4", personal=None, preview=False, version=None):
    """The pamphlet of `role` as HTML for the PDF renderer, in the active language.

    Printed from the live (latest published) version, or the `version` given; `preview=True`
    prints the draft
    instead, marked as a preview. The version number and the language are in the HTML, so
    the PDF cache (keyed by the HTML) never serves one version or language for another.
    """
    organisation = Organisation.current()
    if preview:
        version = None
        text = versions.draft_content(role)
    else:
        version = version or live_version(role)
        text = version.localized()
    others = {r.pk: v.localized() for r, v in versions.live_versions()}
    if preview:
        others[role.pk] = text
    context = {
        "lang": get_language() or "da",
        "content_language": content_language(),
        "page_size": FORMATS[fmt],
        "body_class": "a5" if fmt != "a4" else "a4",
        "pdf_title": pamphlet_title(text),
        "pdf_author": translated(organisation, "secretariat_name"),
        "pdf_subject": text["summary"],
        "organisation": organisation,
        "role": text,
        "version": version,
        "preview": preview,
        "all_roles": list(others.values()),
        "introduction": _paragraphs(text["introduction"]),
        "talk_topics": _paragraphs(text["talk_topics"]),
        "responsibilities": text["responsibilities"],
        "personal": personal,
        "back_cover": fmt != "a4",
        "generated_on": timezone.localdate(),
        **role_extras(role),
    }
    return render_to_string("pdf/pamphlet.html", context)


def cache_variant(role, fmt, *, preview=False):
    """The PDF cache variant of a pamphlet: its format, text version and language (the HTML
    holds them too; this keeps them apart even for identical texts)."""
    if preview:
        return f"{fmt}|preview|{content_language()}"
    return f"{fmt}|v{live_version(role).number}|{content_language()}"


def postprocess_for(fmt):
    return impose_booklet if fmt == "a5-haefte" else None


def pamphlet_filename(role, fmt, suffix=""):
    return f"pjece-{role.slug}{suffix}-{fmt}.pdf"


def impose_booklet(pdf_bytes):
    """A5 pages → A4 landscape sheets in booklet order (saddle stitch).

    Pages are padded with blanks before the back cover to a multiple of four. Sheet side k
    carries pages (n-1-2k, 2k) on the front and (2k+1, n-2-2k) on the back, counting from 0.
    Imposition keeps the text but not the tag tree: the A4 edition is the accessible one.
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = list(reader.pages)
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    while len(pages) % 4:
        pages.insert(len(pages) - 1, None)  # blanks go before the back cover
    n = len(pages)
    order = []
    for k in range(n // 4):
        order += [(n - 1 - 2 * k, 2 * k), (2 * k + 1, n - 2 - 2 * k)]
    # ISO A5 is 148 mm wide, half of A4 landscape is 148.5 mm: centre on the fold.
    sheet_width = max(A4_LANDSCAPE_WIDTH, 2 * width)
    fold = sheet_width / 2
    writer = PdfWriter()
    for left, right in order:
        sheet = PageObject.create_blank_page(width=sheet_width, height=height)
        for index, offset in ((left, fold - width), (right, fold)):
            if pages[index] is not None:
                sheet.merge_transformed_page(pages[index], Transformation().translate(offset, 0))
        writer.add_page(sheet)
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items() if isinstance(v, str)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
