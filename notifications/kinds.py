"""Every kind of notification and reminder, with its words.

A notification stores its kind and a few names and dates (`params`); its text is written
when it is shown or mailed, in the reader's language. Reminders also say the date rule they
follow. Texts never quote answers or comments: only what happened, and where."""

import datetime

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVITED = "invited", _("Invitation til en samtale")
    INVITATION_FAILED = "invitation_failed", _("Invitationen kunne ikke sendes")
    COMMENTED = "commented", _("Ny kommentar")
    CONFIRMED = "confirmed", _("Bekræftet")
    CONFIRMATION_VOIDED = "confirmation_voided", _("Ændret efter din bekræftelse")
    REOPENED = "reopened", _("Genåbnet som ny version")
    AGREED = "agreed", _("Aftalt")
    ROLE_GIVEN = "role_given", _("Ny rolle")
    ROLE_ENDED = "role_ended", _("Rolle afsluttet")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("Nyt temaforslag")
    PROPOSAL_MORE_INFO = "proposal_more_info", _("Spørgsmål til dit temaforslag")
    PROPOSAL_ANSWERED = "proposal_answered", _("Svar om et temaforslag")
    PROPOSAL_DUPLICATE = "proposal_duplicate", _("Temaforslag samlet med et andet")
    PROPOSAL_DECIDED = "proposal_decided", _("Beslutning om temaforslag")
    PROPOSAL_ROLE_REFUSED = "proposal_role_refused", _("Rolle fra temaforslag ikke givet")
    TALK_TOMORROW = "talk_tomorrow", _("Påmindelse: samtale i morgen")
    AGREEMENT_OVERDUE = "agreement_overdue", _("Påmindelse: aftale ikke aftalt")
    TEST_PHASE_SOON = "test_phase_soon", _("Påmindelse: testfasen nærmer sig")
    TEST_ENDING = "test_ending", _("Påmindelse: testen slutter")
    BREAK_STARTS = "break_starts", _("Påmindelse: pause i planen")
    NO_HOURS = "no_hours", _("Påmindelse: ingen timer registreret")
    PAMPHLET_MISSING = "pamphlet_missing", _("Påmindelse: pjece ikke udleveret")
    PROPOSAL_DEADLINE = "proposal_deadline", _("Påmindelse: frist for temaforslag")
    COMPETENCE_PROMPT = "competence_prompt", _("Påmindelse: vurder dine kompetencer")


HEADLINES = {
    Kind.INVITED: _(
        "%(actor)s har inviteret dig til %(talk)s om netværket %(network)s den %(date)s."
    ),
    Kind.INVITATION_FAILED: _(
        "Invitationen til %(talk)s for netværket %(network)s kunne ikke sendes til "
        "%(person)s. Send den igen fra aftalens mødeside, eller kontakt sekretariatet."
    ),
    Kind.COMMENTED: _("%(actor)s har skrevet en kommentar til %(talk)s for netværket %(network)s."),
    Kind.CONFIRMED: _("%(actor)s har bekræftet %(talk)s for netværket %(network)s."),
    Kind.CONFIRMATION_VOIDED: _(
        "%(talk)s for netværket %(network)s er ændret, efter du bekræftede den. "
        "Læs den igen, og bekræft den på ny."
    ),
    Kind.REOPENED: _("%(talk)s for netværket %(network)s er genåbnet som version %(version)s."),
    Kind.AGREED: _(
        "%(talk)s for netværket %(network)s er aftalt i version %(version)s. "
        "Den aftalte udgave kan hentes som PDF."
    ),
    Kind.ROLE_GIVEN: _("Du er %(role)s i netværket %(network)s fra %(date)s."),
    Kind.ROLE_ENDED: _("Din rolle som %(role)s i netværket %(network)s slutter %(date)s."),
    Kind.PROPOSAL_SUBMITTED: _("Nyt temaforslag: %(proposal)s, i runden med frist %(date)s."),
    Kind.PROPOSAL_MORE_INFO: _(
        "Sekretariatet beder om flere oplysninger om dit temaforslag %(proposal)s."
    ),
    Kind.PROPOSAL_ANSWERED: _(
        "%(actor)s har svaret på sekretariatets spørgsmål om temaforslaget %(proposal)s."
    ),
    Kind.PROPOSAL_DUPLICATE: _(
        "Dit temaforslag %(proposal)s er samlet med det lignende forslag %(original)s, "
        "som behandles i stedet."
    ),
    Kind.PROPOSAL_DECIDED: _("Dit temaforslag %(proposal)s: %(decision)s."),
    Kind.PROPOSAL_ROLE_REFUSED: _(
        "%(person)s blev ikke %(role)s i netværket %(network)s: %(reason)s"
    ),
    Kind.TALK_TOMORROW: _("%(talk)s for netværket %(network)s holdes i morgen, %(date)s."),
    Kind.AGREEMENT_OVERDUE: _(
        "%(talk)s for netværket %(network)s er endnu ikke aftalt, %(weeks)s uger efter "
        "netværkets start."
    ),
    Kind.TEST_PHASE_SOON: _("Testfasen for netværket %(network)s begynder %(date)s."),
    Kind.TEST_ENDING: _("Den 8 uger lange test i netværket %(network)s slutter %(date)s."),
    Kind.BREAK_STARTS: _("En pause i planen for netværket %(network)s begynder %(date)s."),
    Kind.NO_HOURS: _(
        "Der er ikke registreret timer i netværket %(network)s i 4 uger (siden %(date)s)."
    ),
    Kind.PAMPHLET_MISSING: _(
        "%(person)s har ikke fået sin pjece før %(talk)s for netværket %(network)s den %(date)s."
    ),
    Kind.PROPOSAL_DEADLINE: _(
        "Fristen for temaforslag er %(date)s. Dit udkast %(proposal)s er ikke sendt ind endnu."
    ),
    Kind.COMPETENCE_PROMPT: _(
        "%(moment)s i netværket %(network)s (%(date)s): et godt tidspunkt at vurdere dine "
        "netværkslederkompetencer."
    ),
}

# Why a reminder came: the date rule it follows, in words.
RULES = {
    Kind.TALK_TOMORROW: _("Påmindelsen kommer dagen før et aftalt møde om en samarbejdsaftale."),
    Kind.AGREEMENT_OVERDUE: _(
        "Påmindelsen kommer, når en samarbejdsaftale ikke er aftalt %(weeks)s uger efter "
        "netværkets start (sekretariatets regel), og derefter hver uge."
    ),
    Kind.TEST_PHASE_SOON: _("Påmindelsen kommer 4 uger før testfasen begynder ifølge planen."),
    Kind.TEST_ENDING: _("Påmindelsen kommer en uge før den 8 uger lange test slutter."),
    Kind.BREAK_STARTS: _("Påmindelsen kommer en uge før en pause i planen begynder."),
    Kind.NO_HOURS: _(
        "Påmindelsen kommer, når der ikke er registreret timer i 4 uger. "
        "Du kan slå den fra under dine indstillinger."
    ),
    Kind.PAMPHLET_MISSING: _(
        "Påmindelsen kommer en uge før en samtale, hvis samtaleparten ikke har fået sin pjece."
    ),
    Kind.PROPOSAL_DEADLINE: _(
        "Påmindelsen kommer 14 dage før fristen, når du har et temaforslag, der ikke er sendt ind."
    ),
    Kind.COMPETENCE_PROMPT: _(
        "Påmindelsen kommer, når du bliver netværksleder eller co-driver, når netværkets "
        "testfase begynder, og når netværket afsluttes – medmindre du har vurderet dine "
        "kompetencer for nylig."
    ),
}


def _shown(key, value):
    """A parameter as the reader sees it: dates the reader's way, the rest as given."""
    if isinstance(value, str) and (key == "date" or key.endswith("_date")):
        try:
            return date_format(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict) and "da" in value:
        from django.utils.translation import get_language

        return value.get((get_language() or "da")[:2]) or value["da"]
    return value


class _Missing(dict):
    def __missing__(self, key):
        return "–"


def params_for_display(params):
    return _Missing({k: _shown(k, v) for k, v in (params or {}).items()})


def headline(kind, params):
    """The notification's sentence in the active language. A text never fails: a missing
    name shows as a dash."""
    template = HEADLINES.get(kind)
    if template is None:
        return str(Kind(kind).label) if kind in Kind.values else kind
    return str(template) % params_for_display(params)


def rule(kind, params):
    template = RULES.get(kind)
    return str(template) % params_for_display(params) if template is not None else ""


def title(kind):
    return str(Kind(kind).label) if kind in Kind.values else kind


def in_each_language(text):
    """A translatable text stored for every language, so a notification reads right for
    whoever opens it: {"da": "…", "en": "…"}."""
    from django.conf import settings
    from django.utils import translation

    stored = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            stored[code] = str(text)
    return stored
