"""Writes to agreements and pamphlet hand-outs. Keyword-only, atomic.

Every write to an agreement claims its `lock_version` first: the update only happens if the
agreement is still the one the user saw, so a stale tab cannot overwrite newer text.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from netvaerk.models import DeskPeriod
from roles import pamphlets
from roles.models import RoleDescription

from . import notices, selectors, signals, templating
from .models import AgreedRevision, Agreement, Comment, Confirmation, PamphletHandout, Template

# The personnel-leader agreement's question for the periods the network leader sits at the
# secretariat (Sekretariat for Netværksstrukturen).
DESK_PERIODS_KEY = "sekretariatsperioder"


class StaleAgreement(Exception):
    """The agreement changed after the user opened it. Nothing was saved."""

    def __init__(self, current):
        super().__init__("stale agreement")
        self.current = current


class NotAllowedNow(Exception):
    """The action does not fit the agreement's status (e.g. editing an agreed agreement)."""


@transaction.atomic
def pamphlet_handout_record(*, network, counterpart, handed_out_on, method, talk_on, by):
    """Record (or correct) that a counterpart has their pamphlet. The text version is the
    one live when it was first recorded; correcting the date or method keeps it."""
    fields = {
        "handed_out_on": handed_out_on,
        "method": method,
        "talk_on": talk_on,
        "recorded_by": by,
    }
    handout, _created = PamphletHandout.objects.update_or_create(
        network=network,
        role=counterpart.role.key,
        recipient=counterpart.recipient,
        defaults=fields,
        create_defaults={**fields, "text_version": pamphlets.live_version(counterpart.role)},
    )
    return handout


def _claim(agreement, lock_version):
    """Take the agreement for this write, or raise StaleAgreement with what is saved now."""
    claimed = Agreement.objects.filter(pk=agreement.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1
    )
    if not claimed:
        raise StaleAgreement(Agreement.objects.get(pk=agreement.pk))
    agreement.lock_version = lock_version + 1


def _save(agreement, reason):
    """Save with a change code for the history (selectors.history_entries reads it)."""
    agreement._change_reason = reason
    agreement.save()


@transaction.atomic
def agreement_start(*, network, template, leader, source=None, by=None):
    """Start an agreement or reflection against the template's live (published) version.

    Answers start from a reflection whose questions share keys with this template, and an
    hours table starts from the network's plan (both editable in the first steps)."""
    existing = Agreement.objects.filter(network=network, template=template, leader=leader).first()
    if existing is not None:
        return existing, False
    version = templating.live_version(template)
    if version is None:
        raise NotAllowedNow("the template has not been published")
    answers = {}
    keys = {q["key"]: q for _step, q in templating.questions(version.content)}
    if source is not None:
        answers.update(
            {k: v for k, v in source.answers.items() if k in keys and v not in ("", [], None)}
        )
    for key, question in keys.items():
        if question["type"] == "hours" and key not in answers:
            answers[key] = selectors.planned_hours_rows(network)
    agreement = Agreement(
        network=network,
        template=template,
        template_version=version,
        leader=leader,
        counterpart=selectors.counterpart_person(network, template.talk, leader),
        answers=answers,
        source=source,
    )
    _save(agreement, "created")
    return agreement, True


@transaction.atomic
def agreement_save_step(*, agreement, step, answers, lock_version, base=None):
    """Save one step's answers.

    `lock_version` is the agreement's version when the page was opened and `base` a hash of
    this step's answers then. If the agreement has changed since, the save still goes
    through when this step's answers are as the page showed them (another step was saved
    in another tab); otherwise it is refused. A save that changes nothing writes nothing.
    """
    if agreement.status == Agreement.Status.AGREED:
        raise NotAllowedNow
    if agreement.lock_version != lock_version:
        current = Agreement.objects.get(pk=agreement.pk)
        if base is None or selectors.section_hash(current.answers, answers) != base:
            raise StaleAgreement(current)
        lock_version = agreement.lock_version = current.lock_version
        agreement.answers = current.answers
    merged = {**agreement.answers, **answers}
    counterpart = agreement.counterpart
    if agreement.status == Agreement.Status.DRAFT and not agreement.is_reflection:
        counterpart = selectors.counterpart_person(
            agreement.network, agreement.template.talk, agreement.leader
        )
    if (
        merged == agreement.answers
        and step <= agreement.last_step
        and counterpart == agreement.counterpart
    ):
        return agreement
    confirmed_before = (
        set(selectors.valid_confirmations(agreement))
        if agreement.status == Agreement.Status.READY
        else set()
    )
    _claim(agreement, lock_version)
    agreement.answers = merged
    agreement.counterpart = counterpart
    agreement.last_step = max(agreement.last_step, step)
    _save(agreement, f"step:{step}")
    if confirmed_before:
        voided = confirmed_before - set(selectors.valid_confirmations(agreement))
        if voided:
            notices.confirmations_voided(agreement, voided, by=agreement.leader)
    return agreement


@transaction.atomic
def agreement_mark_ready(*, agreement, meeting_at, meeting_place, lock_version):
    if agreement.status == Agreement.Status.AGREED or agreement.is_reflection:
        raise NotAllowedNow
    _claim(agreement, lock_version)
    agreement.counterpart = selectors.counterpart_person(
        agreement.network, agreement.template.talk, agreement.leader
    )
    agreement.meeting_at = meeting_at
    agreement.meeting_place = meeting_place
    agreement.status = Agreement.Status.READY
    _save(agreement, "ready")
    return agreement


@transaction.atomic
def agreement_invite(*, agreement, duration_minutes=60, message="", attach_pamphlet=False):
    """Invite the counterpart: the invitation is queued (its e-mail, with the .ics and maybe
    the pamphlet, goes from the worker) and recorded in the history. Not a change of the
    text, so it takes no lock: a tab open on a step can still save."""
    notices.invited(
        agreement,
        duration_minutes=duration_minutes,
        message=message,
        attach_pamphlet=attach_pamphlet,
    )
    agreement.invited_at = timezone.now()
    agreement._change_reason = "invited"
    agreement.save(update_fields=["invited_at"])


@transaction.atomic
def agreement_confirm(*, agreement, party, person, lock_version):
    """A party confirms the agreement as they read it; both confirmed makes it agreed."""
    if agreement.status != Agreement.Status.READY or agreement.counterpart is None:
        raise NotAllowedNow
    _claim(agreement, lock_version)
    digest = selectors.answers_hash(agreement)
    Confirmation.objects.filter(
        agreement=agreement, revision=agreement.revision, party=party
    ).delete()
    Confirmation.objects.create(
        agreement=agreement,
        revision=agreement.revision,
        party=party,
        person=person,
        lock_version=lock_version,
        answers_hash=digest,
    )
    confirmed = selectors.valid_confirmations(agreement)
    if set(confirmed) == selectors.BOTH_PARTIES:
        agreement.status = Agreement.Status.AGREED
        AgreedRevision.objects.create(
            agreement=agreement,
            revision=agreement.revision,
            template_version=agreement.template_version,
            counterpart=agreement.counterpart,
            answers=agreement.answers,
            meeting_at=agreement.meeting_at,
            meeting_place=agreement.meeting_place,
            agreed_at=timezone.now(),
        )
        _save(agreement, f"agreed:{party}")
        _sync_desk_periods(agreement)
        signals.agreement_agreed.send(sender=Agreement, agreement=agreement, person=person)
        notices.agreed(agreement, person=person)
    else:
        _save(agreement, f"confirmed:{party}")
        notices.confirmed(agreement, person=person)
    return agreement


def _period_dates(row):
    """A periods row's (start, end) as dates, or None for a missing or reversed date."""
    if not isinstance(row, dict):
        return None
    try:
        start = datetime.date.fromisoformat(row.get("start") or "")
        end = datetime.date.fromisoformat(row.get("end") or "")
    except (TypeError, ValueError):
        return None
    return (start, end) if start <= end else None


def _sync_desk_periods(agreement):
    """Replace the network leader's desk periods from this agreement with the agreed ones.

    Only an agreed personnel-leader agreement writes them; reopening it keeps the periods of
    the last agreed version until the next version is agreed. Runs in the caller's
    transaction."""
    template = agreement.template
    if (
        agreement.status != Agreement.Status.AGREED
        or template.kind != Template.Kind.AGREEMENT
        or template.talk != RoleDescription.Key.PERSONNEL_LEADER
    ):
        return
    rows = agreement.answers.get(DESK_PERIODS_KEY)
    dates = sorted({d for d in map(_period_dates, rows if isinstance(rows, list) else []) if d})
    DeskPeriod.objects.filter(
        network=agreement.network, person=agreement.leader, source_agreement_id=agreement.pk
    ).delete()
    DeskPeriod.objects.bulk_create(
        DeskPeriod(
            network=agreement.network,
            person=agreement.leader,
            starts_on=start,
            ends_on=end,
            source_agreement_id=agreement.pk,
            source_revision=agreement.revision,
        )
        for start, end in dates
    )


@transaction.atomic
def agreement_reopen(*, agreement, lock_version, by=None):
    """Open an agreed agreement for revision: the next version starts as a draft."""
    if agreement.status != Agreement.Status.AGREED:
        raise NotAllowedNow
    _claim(agreement, lock_version)
    agreement.revision += 1
    agreement.status = Agreement.Status.DRAFT
    agreement.invited_at = None
    _save(agreement, f"reopened:{agreement.revision}")
    notices.reopened(agreement, by=by)
    return agreement


@transaction.atomic
def reflection_share(*, agreement, shared, lock_version):
    if not agreement.is_reflection:
        raise NotAllowedNow
    _claim(agreement, lock_version)
    agreement.shared = shared
    agreement.counterpart = selectors.counterpart_person(
        agreement.network, agreement.template.talk, agreement.leader
    )
    _save(agreement, "shared" if shared else "unshared")
    return agreement


@transaction.atomic
def comment_add(*, agreement, author, text):
    comment = Comment.objects.create(
        agreement=agreement, revision=agreement.revision, author=author, text=text
    )
    notices.commented(agreement, author=author)
    return comment
