from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from core.content import translated
from netvaerk import planning
from netvaerk.models import NetworkRole, Phase, PlanStep
from roles import pamphlets
from roles.models import CoDriverProfile, Competence, Person, RoleDescription

from . import diffing, templating
from .access import agreements_with_relations, can_read_agreement, is_author, with_people
from .answers import Catalogue, catalogue_labels, read
from .models import (
    COUNTERPART_ROLES,
    Agreement,
    Confirmation,
    PamphletHandout,
    Template,
    TemplateVersion,
)


@dataclass
class Counterpart:
    """One of the network leader's three talks: whose pamphlet, and has it been handed out."""

    role: RoleDescription
    recipient: Person | None
    handout: PamphletHandout | None
    live: object = None  # the role's published RoleDescriptionVersion

    @property
    def missing(self):
        return self.recipient is not None and self.handout is None

    @property
    def name(self):
        """The role's name as users read it: the live version's, in their language."""
        return self.live.localized()["name"] if self.live else self.role.name

    @property
    def text_changed(self):
        """The pamphlet's text has been published anew since this one was handed out."""
        return bool(
            self.handout
            and self.handout.text_version_id
            and self.live
            and self.handout.text_version_id != self.live.pk
        )


def _active_people(network):
    """The network's active leader, reference leader and co-driver by role, in one query."""
    return {
        r.role: r.person
        for r in network.roles.active()
        .filter(
            role__in=[
                NetworkRole.Role.LEADER,
                NetworkRole.Role.REFERENCE_LEADER,
                NetworkRole.Role.CO_DRIVER,
            ]
        )
        .select_related("person__user", "person__manager__user", "person__department")
    }


def talk_people(active, leader):
    """Who the network leader's three talks are with: the personnel leader is the leader's
    line manager; the reference leader and the co-driver are the network's active roles."""
    return {
        RoleDescription.Key.PERSONNEL_LEADER: leader.manager if leader else None,
        RoleDescription.Key.REFERENCE_LEADER: active.get(NetworkRole.Role.REFERENCE_LEADER),
        RoleDescription.Key.CO_DRIVER: active.get(NetworkRole.Role.CO_DRIVER),
    }


def network_leader(network):
    return _active_people(network).get(NetworkRole.Role.LEADER)


def counterparts(network):
    """Each of the three talks' counterpart, found from the data, with their pamphlet
    hand-out. Fixed query count."""
    roles = {r.key: r for r in RoleDescription.objects.filter(key__in=COUNTERPART_ROLES)}
    active = _active_people(network)
    leader = active.get(NetworkRole.Role.LEADER)
    recipients = talk_people(active, leader)
    handouts = {
        (h.role, h.recipient_id): h for h in network.handouts.select_related("text_version")
    }
    result = []
    for key in COUNTERPART_ROLES:
        if key not in roles:
            continue
        recipient = recipients[key]
        handout = handouts.get((key, recipient.pk)) if recipient else None
        live = pamphlets.live_version(roles[key])
        result.append(Counterpart(roles[key], recipient, handout, live))
    return result, leader


def counterpart_for(network, role_slug):
    found, leader = counterparts(network)
    for c in found:
        if c.role.slug == role_slug:
            return c, leader
    return None, leader


# Agreements ---------------------------------------------------------------------------------


def counterpart_person(network, talk, leader):
    """The other party of `leader`'s talk (see talk_people). A reflection on the leader's
    own competences is shared, if at all, with the personnel leader."""
    if talk in ("", RoleDescription.Key.PERSONNEL_LEADER):
        return leader.manager if leader.manager_id else None
    return talk_people(_active_people(network), leader)[talk]


def planned_hours_rows(network):
    """The network leader's planned hours per week in each phase of the network model, from
    the network's plan, as the rows of an hours-per-phase answer."""
    steps = PlanStep.objects.filter(plan__network=network).select_related("phase")
    weekly = planning.weekly_hours_by_phase(steps, "leader")
    return [
        {
            "phase": phase.number,
            "name": phase.name,
            "hours": str(weekly.get(phase.number, "")),
            "note": "",
        }
        for phase in Phase.objects.order_by("number")
    ]


def catalogue_for(agreement=None):
    """The phases, competences and profiles the agreement's questions draw on: the Danish
    names that answers store, with their names in the active language as labels."""
    phases = list(Phase.objects.order_by("number"))
    competences = list(Competence.objects.order_by("position"))
    profiles = list(CoDriverProfile.objects.order_by("position"))
    labels = {}
    for obj in [*phases, *competences, *profiles]:
        labels.setdefault(obj.name, translated(obj, "name"))
    return Catalogue(
        phases=[(p.number, p.name) for p in phases],
        competences=[c.name for c in competences],
        profiles=[(p.name, p.description) for p in profiles],
        labels=labels,
    )


def network_agreements(network, user):
    """The network's talks and reflection tools for its current leader, each with the
    agreement if started, filtered to what the user may read."""
    leader = network_leader(network)
    templates = list(Template.objects.filter(is_active=True).order_by("kind", "position"))
    # Each template's live version: a template never published cannot be started.
    live = {}
    for version in TemplateVersion.objects.filter(template__in=templates).order_by(
        "template", "-number"
    ):
        live.setdefault(version.template_id, version)
    agreements = {
        (a.template_id, a.leader_id): a
        for a in with_people(
            agreements_with_relations().filter(network=network).prefetch_related("confirmations")
        )
    }
    rows = []
    for template in templates:
        agreement = agreements.get((template.pk, leader.pk)) if leader else None
        if agreement is not None and not can_read_agreement(user, agreement):
            continue
        if agreement is None and not (leader and leader.user_id == user.pk):
            continue
        if agreement is None and template.pk not in live:
            continue
        rows.append(AgreementRow(template, agreement, leader, live.get(template.pk)))
    return rows, leader


@dataclass
class AgreementRow:
    template: Template
    agreement: Agreement | None
    leader: Person | None
    live: TemplateVersion | None = None

    @property
    def title(self):
        """The title as the agreement's own version has it, or the live version's."""
        if self.agreement is not None:
            return self.agreement.title
        return self.live.localized()["title"] if self.live else translated(self.template, "title")

    @property
    def confirmations(self):
        if self.agreement is None:
            return {}
        return valid_confirmations(self.agreement)


def agreements_for_person(person, user):
    """Mine netværk: every agreement and reflection the person is a party to, in any state
    and any network, as (written by them, with them as counterpart). What they may read is
    can_read_agreement's rule. Three queries however many (the agreements, their people,
    their confirmations); as counterpart, each says whether the person has confirmed it."""
    rows = with_people(
        agreements_with_relations()
        .filter(Q(leader=person) | Q(counterpart=person))
        .prefetch_related("confirmations")
        .order_by("network__name", "template__kind", "template__position")
    )
    mine, theirs = [], []
    for agreement in rows:
        if not can_read_agreement(user, agreement):
            continue
        if is_author(user, agreement):
            mine.append(agreement)
        else:
            agreement.confirmed_by_me = Confirmation.Party.COUNTERPART in valid_confirmations(
                agreement
            )
            theirs.append(agreement)
    return mine, theirs


def answers_hash(agreement):
    """What a confirmation confirms: these answers, against this template version."""
    return templating.content_hash(
        {
            "answers": agreement.answers,
            "template_version": agreement.template_version_id,
            "revision": agreement.revision,
        }
    )


def section_hash(answers, keys):
    """A step's answers as they are now, for telling whether another save touched them."""
    return templating.content_hash({key: answers.get(key) for key in keys})


def valid_confirmations(agreement):
    """Confirmations of the agreement as it reads now, by party (uses prefetched rows)."""
    digest = answers_hash(agreement)
    return {
        c.party: c
        for c in agreement.confirmations.all()
        if c.revision == agreement.revision and c.answers_hash == digest
    }


BOTH_PARTIES = {Confirmation.Party.LEADER, Confirmation.Party.COUNTERPART}


@dataclass
class HistoryEntry:
    when: object
    who: object
    what: str
    changes: list


def _describe(reason):
    code, _sep, arg = (reason or "").partition(":")
    parties = dict(Confirmation.Party.choices)
    texts = {
        "created": _("Oprettet"),
        "step": _("Trin %(arg)s gemt"),
        "ready": _("Klar til mødet"),
        "invited": _("Invitation sendt til samtaleparten"),
        "confirmed": _("Bekræftet af %(arg)s"),
        "agreed": _("Bekræftet af %(arg)s – aftalen er aftalt"),
        "reopened": _("Genåbnet som version %(arg)s"),
        "shared": _("Delt med samtaleparten"),
        "unshared": _("Ikke længere delt"),
    }
    text = texts.get(code)
    if text is None:
        return _("Ændret")
    return text % {"arg": parties.get(arg, arg)}


def history_entries(agreement, limit=200):
    """The agreement's history, newest first: who, when, what, and which answers changed.
    Two queries however long the history is (the records, then their template versions)."""
    records = list(
        agreement.history.select_related("history_user__person").order_by("-history_id")[
            : limit + 1
        ]
    )
    versions = {
        v.pk: v.localized()
        for v in TemplateVersion.objects.filter(pk__in={r.template_version_id for r in records})
    }
    labels = catalogue_labels()  # once for every entry, not once per entry
    entries = []
    for i, record in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None
        changed = []
        if older is not None:
            changed = diffing.changes(
                versions[older.template_version_id],
                older.answers,
                versions[record.template_version_id],
                record.answers,
                labels,
            )
        user = record.history_user
        who = getattr(user, "person", None) or user
        entries.append(
            HistoryEntry(record.history_date, who, _describe(record.history_change_reason), changed)
        )
    return entries


def missing_required(agreement):
    """The required questions without an answer, as (step, label)."""
    return [
        (step, question["label"])
        for step, question in templating.questions(agreement.template_version.localized())
        if question.get("required") and read(question, agreement.answers.get(question["key"])).empty
    ]


def pamphlet_personalisation(network, recipient, leader, talk_on=None):
    """What a personal pamphlet's cover says about its recipient, network and talk."""
    return pamphlets.Personalisation(
        recipient_name=recipient.name,
        network_name=network.name,
        network_theme=network.theme,
        network_challenge=network.challenge,
        leader_name=leader.name if leader else "",
        talk_on=talk_on,
    )
