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
    organisation = Organisation.current()
    if edition == "aftalt":
        kept = agreement.revisions.select_related("template_version", "counterpart__user").last()
        if kept is None:
            return None
        content, given, revision = kept.template_version.content, kept.answers, kept.revision
        counterpart, meeting_at, place = kept.counterpart, kept.meeting_at, kept.meeting_place
        confirmations = list(
            agreement.confirmations.filter(revision=kept.revision).select_related("person__user")
        )
        edition_label = _("Aftalt version %(n)s") % {"n": revision}
    else:
        content, given, revision = (
            agreement.template_version.content,
            agreement.answers,
            agreement.revision,
        )
        counterpart, meeting_at, place = (
            agreement.counterpart,
            agreement.meeting_at,
            agreement.meeting_place,
        )
        confirmations = list(selectors.valid_confirmations(agreement).values())
        edition_label = (
            _("Refleksion") if agreement.is_reflection else _("Til mødet – version %(n)s")
        ) % {"n": revision}
    return render_to_string(
        "pdf/agreement.html",
        {
            "lang": get_language() or "da",
            "pdf_title": content["title"],
            "pdf_author": agreement.leader.name,
            "pdf_subject": f"{agreement.network.name}: {edition_label}",
            "organisation": organisation,
            "agreement": agreement,
            "content": content,
            "sections": answers.read_all(content, given),
            "counterpart": counterpart,
            "meeting_at": meeting_at,
            "meeting_place": place,
            "revision": revision,
            "template_version": agreement.template_version.number
            if edition != "aftalt"
            else kept.template_version.number,
            "confirmations": confirmations,
            "edition": edition,
            "edition_label": edition_label,
            "for_meeting": edition != "aftalt" and not agreement.is_reflection,
            "generated_at": timezone.localtime(),
        },
    )


def agreement_filename(agreement, edition):
    return f"{slugify(agreement.template.key)}-{agreement.network.slug}-{edition}.pdf"
