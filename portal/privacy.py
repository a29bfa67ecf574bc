"""Right of access: everything the portal holds about one person, as one record.

`person_record` gathers it from every app (the portal is the top layer and may read them
all) into a dict of sections that is both the JSON download and the PDF's content.

Who may have it (`can_see_record`): the person themself and the secretariat. Anyone else
gets a 404, as if the person's record did not exist.

What differs between the two:
- The access log about the person lists when, what and why (the page or download) for
  both; *who* looked is shown to the secretariat only (Datatilsynet 2024, after CJEU
  C-579/21: the data subject has a right to the dates and purposes, not to the employees'
  identities).
- A reflection is private to its author (agreements/access.py): the secretariat's record
  lists the person's reflections without their answers; the person's own record has them.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agreements.access import can_read_agreement
from agreements.answers import read_all
from agreements.models import Agreement, Comment, PamphletHandout
from competences.models import Assessment, Training
from core.models import AccessEvent
from core.permissions import is_secretariat
from leadernets.models import Evaluation, MeetingNote
from netvaerk.models import CalendarFeed, DeskPeriod, NetworkRole, PhaseChange, TimeEntry
from notifications.kinds import headline
from notifications.models import Notification, Preference
from proposals.models import Decision, Proposal
from roles.models import Person

# The record's format: a reader of an older download knows what they hold.
RECORD_VERSION = 1


def can_see_record(user, person):
    """The one access rule for a person's record: the person themself or the secretariat."""
    if not user.is_authenticated:
        return False
    return person.user_id == user.pk or is_secretariat(user)


def get_person_for_record(user, pk):
    person = get_object_or_404(Person.objects.with_related(), pk=pk)
    if not can_see_record(user, person):
        raise Http404
    return person


def can_anonymise(user):
    return is_secretariat(user)


# Values ------------------------------------------------------------------------------------


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _plain(value):
    """A JSON-safe copy: dates as ISO text, decimals as numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return _iso(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _name(person):
    return person.name if person is not None else None


def _answers(content, answers):
    """The answers as read on the agreement page: section, question, answer in words."""
    return [
        {
            "section": f"{section['number']}. {section['title']}",
            "answers": [
                {"question": r.label, "answer": r.plain()}
                for r in section["readings"]
                if not r.empty
            ],
        }
        for section in read_all(content, answers or {})
    ]


# Sections ----------------------------------------------------------------------------------


def _profile(person):
    user = person.user
    return {
        "id": person.pk,
        "name": person.name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.get_username(),
        "email": user.email,
        "title": person.title,
        "phone": person.phone,
        "location": person.location,
        "department": person.department.name if person.department_id else None,
        "manager": _name(person.manager),
        "external_id": person.external_id,
        "single_sign_on": bool(person.oidc_subject),
        "left_on": _iso(person.left_on),
        "anonymised_at": _iso(person.anonymised_at),
        "active_login": user.is_active,
        "joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "manages": [d.name for d in person.managed_departments.all()],
    }


def _roles(person):
    rows = NetworkRole.objects.filter(person=person).select_related("network")
    return [
        {
            "network": r.network.name,
            "role": r.get_role_display(),
            "role_key": r.role,
            "from": _iso(r.starts_on),
            "to": _iso(r.ends_on),
        }
        for r in rows.order_by("starts_on", "pk")
    ]


def _agreement(agreement, person, *, with_content):
    party = "leader" if agreement.leader_id == person.pk else "counterpart"
    other = agreement.counterpart if party == "leader" else agreement.leader
    row = {
        "id": agreement.pk,
        "title": agreement.title,
        "network": agreement.network.name,
        "talk": agreement.template.get_talk_display() if agreement.template.talk else None,
        "party": party,
        "other_party": _name(other),
        "status": agreement.get_status_display(),
        "version": agreement.revision,
        "meeting_at": _iso(agreement.meeting_at),
        "meeting_place": agreement.meeting_place,
        "created_at": _iso(agreement.created_at),
        "updated_at": _iso(agreement.updated_at),
    }
    if not with_content:
        # A reflection's answers are its author's: only the author's own record holds them.
        row["answers_withheld"] = True
        return row
    row["answers"] = _answers(agreement.template_version.localized(), agreement.answers)
    row["agreed_versions"] = [
        {
            "version": rev.revision,
            "agreed_at": _iso(rev.agreed_at),
            "counterpart": _name(rev.counterpart),
            "meeting_at": _iso(rev.meeting_at),
            "meeting_place": rev.meeting_place,
            "answers": _answers(rev.template_version.localized(), rev.answers),
        }
        for rev in agreement.revisions.select_related("template_version", "counterpart__user")
    ]
    row["confirmations"] = [
        {
            "version": c.revision,
            "party": c.get_party_display(),
            "person": _name(c.person),
            "confirmed_at": _iso(c.confirmed_at),
        }
        for c in agreement.confirmations.select_related("person__user")
    ]
    row["comments"] = [
        {
            "version": c.revision,
            "author": _name(c.author),
            "written_at": _iso(c.created_at),
            "text": c.text,
        }
        for c in agreement.comments.select_related("author__user")
    ]
    return row


def _agreements(person, *, for_secretariat):
    """(agreements, reflections): the talks the person is a party to, and their reflections.

    The person's record holds what they may read (agreements/access.py); the secretariat's
    holds the same agreements, and the person's reflections without their answers."""
    rows = (
        Agreement.objects.filter(Q(leader=person) | Q(counterpart=person))
        .select_related(
            "network", "template", "template_version", "leader__user", "counterpart__user"
        )
        .order_by("network__name", "template__position", "pk")
    )
    agreements, reflections = [], []
    for a in rows:
        if a.is_reflection:
            if a.leader_id == person.pk:
                row = _agreement(a, person, with_content=not for_secretariat)
                row["shared"] = a.shared
                reflections.append(row)
            elif a.shared:  # shared with the person as counterpart: theirs to read
                agreements.append(_agreement(a, person, with_content=not for_secretariat))
        elif can_read_agreement(person.user, a):
            agreements.append(_agreement(a, person, with_content=True))
    return agreements, reflections


def _competence_assessments(person, *, for_secretariat):
    """The person's competence self-assessments (competences/). Private like reflections:
    the secretariat's record lists them without their levels and notes."""
    rows = []
    for a in Assessment.objects.filter(person=person).with_ratings().oldest_first():
        row = {
            "date": _iso(a.assessed_on),
            "shared_with": _name(a.shared_with),
            "shared_at": _iso(a.shared_at),
            "created_at": _iso(a.created_at),
        }
        if for_secretariat:
            row["ratings_withheld"] = True
        else:
            row["ratings"] = [
                {
                    "competence": r.competence.name,
                    "level": r.level,
                    "note": r.note,
                    "personnel_leader_level": r.manager_level,
                    "personnel_leader_note": r.manager_note,
                }
                for r in a.ratings.all()
            ]
        rows.append(row)
    return rows


def _training(person):
    """The person's training in network leadership (competences/training.py), or None. Read
    by the person, their personnel leader and the secretariat alike, so both records hold it."""
    t = Training.objects.filter(person=person).select_related("source_agreement__network").first()
    if t is None:
        return None
    source = t.source_agreement
    return {
        "state": str(t.get_state_display()),
        "agreed": t.agreed,
        "planned_start": _iso(t.planned_start),
        "started_on": _iso(t.started_on),
        "completed_on": _iso(t.completed_on),
        "from_agreement": {"network": source.network.name, "version": t.source_revision}
        if source
        else None,
        "created_at": _iso(t.created_at),
        "updated_at": _iso(t.updated_at),
    }


def _leader_networks(person, *, for_secretariat):
    """The notes the person shared in leader networks and their season evaluations
    (leadernets/). The notes are for the members only and an evaluation is shown without
    its author's name (leadernets/access.py), so the secretariat's record lists them
    without their text, levels and comments."""
    notes = MeetingNote.objects.filter(author=person).select_related("meeting__season__network")
    evaluations = Evaluation.objects.filter(person=person).select_related("season__network")
    withheld = {"withheld": True} if for_secretariat else None
    return {
        "notes": [
            {
                "network": n.meeting.season.network.name,
                "season": n.meeting.season.name,
                "meeting": n.meeting.theme,
                "meeting_date": _iso(n.meeting.held_on),
                **(withheld or {"text": n.text}),
                "created_at": _iso(n.created_at),
                "updated_at": _iso(n.updated_at),
            }
            for n in notes.order_by("created_at", "pk")
        ],
        "evaluations": [
            {
                "network": e.season.network.name,
                "season": e.season.name,
                **(withheld or {**e.ratings(), "comment": e.comment}),
                "updated_at": _iso(e.updated_at),
            }
            for e in evaluations.order_by("created_at", "pk")
        ],
    }


def _comments_written(person):
    return Comment.objects.filter(author=person).count()


def _time_log(person):
    rows = TimeEntry.objects.filter(person=person).select_related("network").order_by("week")
    return [
        {"network": t.network.name, "week": _iso(t.week), "hours": float(t.hours)} for t in rows
    ]


def _desk_periods(person):
    rows = DeskPeriod.objects.filter(person=person).select_related("network")
    return [
        {"network": d.network.name, "from": _iso(d.starts_on), "to": _iso(d.ends_on)}
        for d in rows.order_by("starts_on")
    ]


def _phase_changes(person):
    rows = PhaseChange.objects.filter(changed_by=person).select_related("network", "phase")
    return [
        {
            "network": c.network.name,
            "phase": str(c.phase),
            "date": _iso(c.changed_on),
            "note": c.note,
        }
        for c in rows.order_by("changed_on", "pk")
    ]


def _pamphlets(person):
    received = PamphletHandout.objects.filter(recipient=person).select_related("network")
    recorded = PamphletHandout.objects.filter(recorded_by=person.user).select_related(
        "network", "recipient__user"
    )
    return {
        "received": [
            {
                "network": h.network.name,
                "pamphlet": h.get_role_display(),
                "handed_out_on": _iso(h.handed_out_on),
                "method": h.get_method_display(),
                "talk_on": _iso(h.talk_on),
            }
            for h in received
        ],
        "recorded": [
            {
                "network": h.network.name,
                "pamphlet": h.get_role_display(),
                "recipient": _name(h.recipient),
                "handed_out_on": _iso(h.handed_out_on),
            }
            for h in recorded
        ],
    }


def _proposals(person):
    own = Proposal.objects.filter(proposer=person).select_related("round")
    suggested = Proposal.objects.filter(
        Q(suggested_leader=person) | Q(suggested_reference_leader=person)
    ).exclude(proposer=person)
    decided = Decision.objects.filter(decided_by=person).select_related("proposal")
    return {
        "proposed": [
            {
                "title": p.title,
                "status": p.get_status_display(),
                "submitted_at": _iso(p.submitted_at),
                "challenge": p.challenge,
                "why_now": p.why_now,
                "citizens": p.citizens,
                "decision_reason": p.decision_reason,
                "created_at": _iso(p.created_at),
            }
            for p in own.order_by("created_at")
        ],
        "suggested_for": [
            {
                "title": p.title,
                "status": p.get_status_display(),
                "as": "network_leader"
                if p.suggested_leader_id == person.pk
                else "reference_leader",
            }
            for p in suggested.order_by("created_at")
        ],
        "decisions_recorded": [
            {
                "proposal": d.proposal.title,
                "outcome": d.get_outcome_display(),
                "at": _iso(d.decided_at),
            }
            for d in decided.order_by("decided_at")
        ],
    }


def _notifications(person):
    preference = Preference.objects.filter(person=person).first()
    rows = Notification.objects.filter(recipient=person).order_by("created_at", "pk")
    return {
        "preferences": None
        if preference is None
        else {
            "email": preference.get_email_mode_display(),
            "language": preference.language,
            "hours_reminder": preference.hours_reminder,
        },
        "notifications": [
            {
                "at": _iso(n.created_at),
                "text": headline(n.kind, n.params),
                "kind": n.kind,
                "link": n.url,
                "read_at": _iso(n.read_at),
                "email": n.get_email_status_display(),
                "emailed_at": _iso(n.emailed_at),
            }
            for n in rows
        ],
    }


def _calendar(person):
    feed = CalendarFeed.objects.filter(user=person.user).first()
    # The feed's token is a key, not data about the person: it is never exported.
    return {"feed": feed is not None, "renewed_at": _iso(feed.created_at) if feed else None}


def _access_log(person, *, for_secretariat):
    rows = AccessEvent.objects.filter(about=person.pk).select_related("user").order_by("at", "pk")
    events = []
    for e in rows:
        event = {"at": _iso(e.at), "what": e.what, "object": e.object_id, "page": e.path}
        if for_secretariat:
            event["who"] = (e.user.get_full_name() or e.user.get_username()) if e.user else None
            event["detail"] = e.detail
        events.append(event)
    return events


def person_record(person, *, for_secretariat):
    """Everything the portal holds about `person`, as JSON-safe sections (dates ISO)."""
    agreements, reflections = _agreements(person, for_secretariat=for_secretariat)
    record = {
        "about": {
            "format": RECORD_VERSION,
            "generated_at": _iso(timezone.now()),
            "for": "secretariat" if for_secretariat else "person",
            "portal": "Netværksportalen",
            "municipality": settings.MUNICIPALITY_NAME,
        },
        "profile": _profile(person),
        "roles": _roles(person),
        "agreements": agreements,
        "reflections": reflections,
        "competence_assessments": _competence_assessments(person, for_secretariat=for_secretariat),
        "training": _training(person),
        "leader_networks": _leader_networks(person, for_secretariat=for_secretariat),
        "comments_written": _comments_written(person),
        "time_log": _time_log(person),
        "desk_periods": _desk_periods(person),
        "phase_changes": _phase_changes(person),
        "pamphlets": _pamphlets(person),
        "proposals": _proposals(person),
        "notifications": _notifications(person),
        "calendar": _calendar(person),
        "access_log": _access_log(person, for_secretariat=for_secretariat),
    }
    return _plain(record)
