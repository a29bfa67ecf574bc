"""The agreement PDFs: "til mødet" (the current text with room for notes) and the agreed
agreement (the latest agreed version with who confirmed it when). Reflections print too."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from roles.models import Organisation

from . import answers, selectors

EDITIONS = ("til-moedet", "aftalt")


def agreement_html(agreement, edition):
    """The PDF's HTML. For "aftalt" the latest agreed version; None if there is none."""
    # An agreed revision keeps the same fields as the agreement: either is the PDF's source.
    if edition == "aftalt":
        source = agreement.revisions.select_related("template_version", "counterpart__user").last()
        if source is None:
            return None
        confirmations = list(
            agreement.confirmations.filter(revision=source.revision).select_related("person__user")
        )
        edition_label = _("Aftalt version %(n)s") % {"n": source.revision}
    else:
        source = agreement
        confirmations = list(selectors.valid_confirmations(agreement).values())
        edition_label = (
            _("Refleksion") if agreement.is_reflection else _("Til mødet – version %(n)s")
        ) % {"n": agreement.revision}
    content = source.template_version.localized()
    return render_to_string(
        "agreements/pdf.html",
        {
            "lang": get_language() or "da",
            "pdf_title": content["title"],
            "pdf_author": agreement.leader.name,
            "pdf_subject": f"{agreement.network.name}: {edition_label}",
            "organisation": Organisation.current(),
            "agreement": agreement,
            "content": content,
            "sections": answers.read_all(content, source.answers),
            "counterpart": source.counterpart,
            "meeting_at": source.meeting_at,
            "meeting_place": source.meeting_place,
            "revision": source.revision,
            "template_version": source.template_version.number,
            "confirmations": confirmations,
            "edition": edition,
            "edition_label": edition_label,
            "for_meeting": edition != "aftalt" and not agreement.is_reflection,
            "generated_at": timezone.localtime(),
        },
    )


def agreement_filename(agreement, edition):
    return f"{slugify(agreement.template.key)}-{agreement.network.slug}-{edition}.pdf"
