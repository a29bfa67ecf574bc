"""Writes to proposals and rounds. Keyword-only, atomic, validating before saving; each
change that someone should hear about notifies them (notifications.services.notify)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netvaerk import services as network_services
from netvaerk.models import Network, NetworkRole
from notifications.kinds import Kind, in_each_language
from notifications.services import notify
from roles.models import Person

from .models import Decision, Proposal, Round
from .rounds import current_round, next_round

DECISION_WORDS = {
    Decision.Outcome.APPROVED: gettext_lazy("godkendt"),
    Decision.Outcome.DEFERRED: gettext_lazy("udsat til næste runde"),
    Decision.Outcome.REJECTED: gettext_lazy("afvist"),
}


def secretariat_people():
    return Person.objects.filter(
        user__groups__name=settings.SECRETARIAT_GROUP, user__is_active=True
    ).select_related("user")


def day(value):
    return date_format(value)


# --- The proposer ------------------------------------------------------------------------


def can_change(proposal, today=None):
    """Whether the proposer may still edit or withdraw the proposal: a draft always; a sent
    proposal until its round's deadline; one the secretariat asked about until answered."""
    today = today or timezone.localdate()
    if proposal.status in (Proposal.Status.DRAFT, Proposal.Status.MORE_INFO):
        return True
    return proposal.status == Proposal.Status.SUBMITTED and proposal.round.accepts_proposals(today)


@transaction.atomic
def proposal_save(*, proposal, departments=None, by=None):
    """A new or edited proposal, kept as it is (a draft stays a draft). A new one goes to
    the current round."""
    if proposal.pk is None:
        proposal.proposer = by
        proposal.round = current_round()
    elif not can_change(proposal):
        raise ValidationError(
            _("Fristen for runden er overskredet. Forslaget kan ikke ændres længere.")
        )
    proposal.full_clean(exclude=["proposer", "round"])
    proposal.save()
    if departments is not None:
        proposal.departments.set(departments)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal):
    """Send the proposal in. Returns a message for the proposer when it went to a later
    round than its own, because that round's deadline had passed (else None)."""
    today = timezone.localdate()
    moved = None
    if proposal.status == Proposal.Status.MORE_INFO:
        # The answer to the secretariat's question: back in screening in its own round.
        proposal.status = Proposal.Status.SUBMITTED
        proposal.save(update_fields=["status", "updated_at"])
        notify(
            secretariat_people(),
            Kind.PROPOSAL_ANSWERED,
            url=proposal.get_absolute_url(),
            params={"proposal": proposal.title, "actor": proposal.proposer.name},
            actor=proposal.proposer,
        )
        return None
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Forslaget er allerede sendt ind."))
    if not proposal.round.accepts_proposals(today):
        late = proposal.round
        proposal.round = current_round(today)
        moved = _(
            "Fristen for runden med frist %(old)s er overskredet. Dit forslag er derfor sendt "
            "til næste runde, der har frist %(new)s."
        ) % {"old": day(late.deadline), "new": day(proposal.round.deadline)}
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at", "round", "updated_at"])
    notify(
        secretariat_people(),
        Kind.PROPOSAL_SUBMITTED,
        url=proposal.get_absolute_url(),
        params={"proposal": proposal.title, "date": proposal.round.deadline.isoformat()},
        actor=proposal.proposer,
        key=f"proposal-submitted:{proposal.pk}",
    )
    return moved


@transaction.atomic
def proposal_withdraw(*, proposal):
    if not can_change(proposal):
        raise ValidationError(
            _("Fristen for runden er overskredet. Forslaget kan ikke trækkes tilbage længere.")
        )
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


# --- The secretariat ---------------------------------------------------------------------


def _require_pending(proposal):
    if not proposal.is_pending:
        raise ValidationError(
            _("Forslaget har status »%(status)s« og kan ikke screenes eller besluttes.")
            % {"status": proposal.get_status_display()}
        )


@transaction.atomic
def proposal_ask_more(*, proposal, question, by):
    _require_pending(proposal)
    proposal.status = Proposal.Status.MORE_INFO
    proposal.more_info_request = question
    proposal.full_clean(exclude=["proposer", "round"])
    proposal.save(update_fields=["status", "more_info_request", "updated_at"])
    notify(
        [proposal.proposer],
        Kind.PROPOSAL_MORE_INFO,
        url=proposal.get_absolute_url(),
        params={"proposal": proposal.title},
        actor=by,
    )
    return proposal


@transaction.atomic
def proposal_mark_duplicate(*, proposal, original, by):
    _require_pending(proposal)
    if original.pk == proposal.pk:
        raise ValidationError(_("Et forslag kan ikke være dublet af sig selv."))
    if original.duplicate_of_id == proposal.pk:
        raise ValidationError(
            _("»%(other)s« er allerede markeret som dublet af dette forslag.")
            % {"other": original.title}
        )
    proposal.status = Proposal.Status.DUPLICATE
    proposal.duplicate_of = original
    proposal.save(update_fields=["status", "duplicate_of", "updated_at"])
    notify(
        [proposal.proposer],
        Kind.PROPOSAL_DUPLICATE,
        url=proposal.get_absolute_url(),
        params={"proposal": proposal.title, "original": original.title},
        actor=by,
    )
    return proposal


@transaction.atomic
def round_update(*, round, deadline, forum_date, status):
    round.deadline = deadline
    round.forum_date = forum_date
    round.status = status
    round.full_clean()
    round.save()
    return round


def _refusal(network, person, role):
    """Why the role rules refuse `person` as `role`, in every language; None if they allow."""
    reasons = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                network_services.validate_network_role(network=network, person=person, role=role)
            except ValidationError as exc:
                reasons[code] = " ".join(exc.messages)
    return reasons or None


def _give_suggested_roles(network, proposal, by):
    """The suggested people get their roles when the usual rules allow it; otherwise the
    secretariat is told why. Returns the refusals in words (for the decision)."""
    notes = []
    suggestions = [
        (proposal.suggested_leader, NetworkRole.Role.LEADER),
        (proposal.suggested_reference_leader, NetworkRole.Role.REFERENCE_LEADER),
    ]
    for person, role in suggestions:
        if person is None:
            continue
        reasons = _refusal(network, person, role)
        if reasons is None:
            try:
                network_services.network_role_assign(network=network, person=person, role=role)
            except ValidationError as exc:
                reasons = {code: " ".join(exc.messages) for code, _n in settings.LANGUAGES}
        if reasons is None:
            continue
        language = translation.get_language() or "da"
        notes.append(
            f"{person}, {NetworkRole.Role(role).label.lower()}: "
            f"{reasons.get(language[:2]) or reasons['da']}"
        )
        notify(
            secretariat_people(),
            Kind.PROPOSAL_ROLE_REFUSED,
            url=network.get_absolute_url(),
            params={
                "person": person.name,
                "role": in_each_language(NetworkRole.Role(role).label.lower()),
                "network": network.name,
                "reason": reasons,
            },
            # No actor: the rules refused, and whoever recorded the decision must hear it too.
        )
    return "\n".join(notes)


@transaction.atomic
def proposal_decide(*, proposal, outcome, reason="", network_name="", by=None):
    """Record the forum's decision. Approval makes the network (approved, waiting to start)
    with the proposal's theme, challenge, type and departments; deferral moves the proposal
    to the next round; rejection needs a reason."""
    _require_pending(proposal)
    round = proposal.round
    if round.status != Round.Status.AT_FORUM:
        raise ValidationError(
            _("Runden skal være sendt til Chefforum, før der kan registreres beslutninger.")
        )
    if outcome == Decision.Outcome.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Skriv, hvorfor forslaget er afvist.")})
    decision = Decision(
        proposal=proposal, round=round, outcome=outcome, reason=reason, decided_by=by
    )
    if outcome == Decision.Outcome.APPROVED:
        network = Network(
            name=(network_name or proposal.title).strip()[:200],
            theme=proposal.title,
            challenge=proposal.challenge,
            type=proposal.network_type,
            status=Network.Status.APPROVED,
        )
        try:
            network_services.network_save(
                network=network, departments=list(proposal.departments.all())
            )
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {}
            raise ValidationError(
                {"network_name": [m for ms in messages.values() for m in ms] or exc.messages}
            ) from exc
        decision.network = network
        decision.role_notes = _give_suggested_roles(network, proposal, by)
        proposal.status = Proposal.Status.APPROVED
        proposal.network = network
    elif outcome == Decision.Outcome.DEFERRED:
        proposal.status = Proposal.Status.DEFERRED
        proposal.round = next_round(round)
    else:
        proposal.status = Proposal.Status.REJECTED
    proposal.decision_reason = reason
    decision.full_clean()
    decision.save()
    proposal.save(update_fields=["status", "network", "round", "decision_reason", "updated_at"])
    notify(
        [proposal.proposer],
        Kind.PROPOSAL_DECIDED,
        url=proposal.get_absolute_url(),
        params={
            "proposal": proposal.title,
            "decision": in_each_language(DECISION_WORDS[Decision.Outcome(outcome)]),
        },
        actor=by,
    )
    return decision
