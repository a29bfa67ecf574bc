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


def pamphlet_title(role):
    return _("Rollen som %(role)s") % {"role": role.name.lower()}


def pamphlet_html(role, *, fmt="a4", personal=None):
    organisation = Organisation.current()
    context = {
        "lang": get_language() or "da",
        "page_size": FORMATS[fmt],
        "body_class": "a5" if fmt != "a4" else "a4",
        "pdf_title": pamphlet_title(role),
        "pdf_author": organisation.secretariat_name,
        "pdf_subject": role.summary,
        "organisation": organisation,
        "role": role,
        "all_roles": RoleDescription.objects.all(),
        "introduction": _paragraphs(role.introduction),
        "talk_topics": _paragraphs(role.talk_topics),
        "responsibilities": role.responsibilities.all(),
        "personal": personal,
        "back_cover": fmt != "a4",
        "generated_on": timezone.localdate(),
        **role_extras(role),
    }
    return render_to_string("pdf/pamphlet.html", context)


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
