"""Every URL of the portal × every persona → the status that persona must get.

A URL pattern without a row here fails the suite: a new page cannot ship without someone
deciding who may see it. Django's own admin is guarded by is_staff; its index is in the
matrix, its hundreds of model pages are not.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from agreements import services
from netvaerk.models import NetworkRole

from .conftest import PERSONAS
from .pages import calendar_token, page_data, page_url

ALL = {p: 200 for p in PERSONAS if p != "anon"} | {"anon": 302}
SECRETARIAT_ONLY = {p: 403 for p in PERSONAS} | {"anon": 302, "secretariat": 200}
LEADER_OR_SECRETARIAT = SECRETARIAT_ONLY | {"leader": 200}
PUBLIC = {p: 200 for p in PERSONAS}
# The parties' own things: everyone else is an outsider and gets a 404.
LEADER_AND_SECRETARIAT = {p: 404 for p in PERSONAS} | {
    "anon": 302,
    "leader": 200,
    "secretariat": 200,
}


def _agreement_args(name, ctx):
    network = ctx["network"]
    return {
        "agreements:network-agreements": [network.slug],
        "agreements:start": [network.slug, "aftale-personaleleder"],
        "agreements:detail": [ctx["agreement"].pk],
        "agreements:step": [ctx["agreement"].pk, 1],
        "agreements:review": [ctx["agreement"].pk],
        "agreements:meeting": [ctx["agreement"].pk],
        "agreements:confirm": [ctx["agreement"].pk],
        "agreements:comment": [ctx["agreement"].pk],
        "agreements:reopen": [ctx["agreed"].pk],
        "agreements:share": [ctx["reflection"].pk],
        "agreements:history": [ctx["agreement"].pk],
        "agreements:revision": [ctx["agreed"].pk, 1],
        "agreements:pdf": [ctx["agreement"].pk, "til-moedet"],
        "agreements:content-templates": [],
        "agreements:content-template": ["aftale-personaleleder"],
        "agreements:content-section": ["aftale-personaleleder", 1],
        "agreements:content-preview": ["aftale-personaleleder", 1],
        "agreements:content-publish": ["aftale-personaleleder"],
        "agreements:content-versions": ["aftale-personaleleder"],
    }.get(name)


def _proposal_args(name, ctx):
    proposal, round = ctx["proposal"], ctx["proposal"].round
    if name == "proposals:round-list":
        return []
    if name.startswith("proposals:round-"):
        return [round.pk, "xlsx"] if name == "proposals:round-export" else [round.pk]
    return [] if name in ("proposals:list", "proposals:create") else [proposal.pk]


def _proposals(org):
    """A draft theme proposal by the participant, in the current round."""
    from proposals.models import Proposal
    from proposals.rounds import current_round

    proposal = Proposal.objects.create(
        title="Sund mad i dagtilbud",
        challenge="Ingen afdeling kan alene.",
        why_now="Nu.",
        network_type="velfaerd",
        proposer=org["participant"],
        round=current_round(),
    )
    return {"proposal": proposal}


def _notification(network, org):
    """A notification for the network leader, whose e-mail could not be sent."""
    from notifications.kinds import Kind
    from notifications.models import Notification
    from notifications.services import notify

    (notification,) = notify([org["leader"]], Kind.COMMENTED, url=network.get_absolute_url())
    Notification.objects.filter(pk=notification.pk).update(email_status=Notification.Email.FAILED)
    return notification


def _competences(org):
    """The leader's self-assessment, shared with their personnel leader."""
    from competences import services as competence_services
    from roles.models import Competence

    assessment = competence_services.assessment_create(
        person=org["leader"],
        assessed_on=timezone.localdate(),
        levels={c: (3, "") for c in Competence.objects.all()},
    )
    # The co-driver's training, agreed with a planned start (competences/training.py).
    from competences.training import training_plan

    training = training_plan(
        person=org["codriver"], planned_start=timezone.localdate() + datetime.timedelta(days=30)
    )
    return {
        "assessment": competence_services.assessment_share(assessment=assessment),
        "training": training,
    }


def _leadernet_args(name, ctx):
    """A leader network the reference persona facilitates and the personnel persona joins
    (tests/leadernets/builders.py), made on first use."""
    from .leadernets.builders import leader_network

    data = leader_network(ctx["org"])
    kind = _LEADERNET_PATTERNS[name]
    if kind == "network":
        return [data["leader_network"].slug]
    return [data[kind].pk] if kind else []


def _args(name, ctx):
    if name.startswith("leadernets:"):
        return _leadernet_args(name, ctx)
    if "assessment" in ctx:
        kind = _COMPETENCE_PATTERNS[name]
        if kind == "training":
            return [ctx["training"].person_id]  # a training is kept on the person
        return [ctx["assessment"].pk] if kind == "assessment" else []
    if "agreement" in ctx:
        return _agreement_args(name, ctx)
    if "proposal" in ctx:
        return _proposal_args(name, ctx)
    if "notification" in ctx:
        return [ctx["notification"].pk] if name in ("notifications:open", "delivery-retry") else []
    network = ctx["network"]
    role = network.roles.get(role=NetworkRole.Role.PARTICIPANT)
    return {
        "netvaerk:network-detail": [network.slug],
        "netvaerk:network-edit": [network.slug],
        "netvaerk:role-add": [network.slug],
        "netvaerk:role-end": [network.slug, role.pk],
        "netvaerk:person-detail": [ctx["org"]["leader"].pk],
        "department-detail": [ctx["org"]["departments"]["aeldre"].pk],
        "roles:role-detail": ["referenceleder"],
        "password_reset_confirm": ["MQ", "ugyldig-token"],
        "roles:pamphlet-pdf": ["referenceleder", "a4"],
        "roles:content-role": ["referenceleder"],
        "roles:content-role-preview": ["referenceleder"],
        "roles:content-role-preview-pdf": ["referenceleder"],
        "roles:content-role-publish": ["referenceleder"],
        "roles:content-role-versions": ["referenceleder"],
        "agreements:network-pamphlets": [network.slug],
        "agreements:network-pamphlet-pdf": [network.slug, "referenceleder", "a4"],
        "agreements:pamphlet-handout": [network.slug, "referenceleder"],
        "netvaerk:plan": [network.slug],
        "netvaerk:plan-step": [network.slug, ctx["plan"].steps.first().pk],
        "netvaerk:phase-change": [network.slug],
        "netvaerk:time-log": [network.slug],
        "netvaerk:process-detail": ["velfaerd"],
        "netvaerk:content-process": [network.type],
        "netvaerk:content-process-preview": [network.type],
        "netvaerk:content-process-publish": [network.type],
        "netvaerk:content-process-versions": [network.type],
        "netvaerk:calendar-mine": [ctx["token"]],
        "netvaerk:calendar-network": [ctx["token"], network.slug],
        "workspace-export": ["xlsx"],
        "netvaerk:time-balance-export": ["xlsx"],
        "netvaerk:time-balance-role": [role.pk],
        "roles:person-export": ["csv"],
        "person-record-json": [ctx["org"]["leader"].pk],
        "person-record-pdf": [ctx["org"]["leader"].pk],
        "person-anonymise": [ctx["org"]["leader"].pk],
    }.get(name, [])


# Form data sent with the POST rows of the matrix, so an allowed write succeeds.
POST_DATA = {
    "agreements:pamphlet-handout": {
        "referenceleder-handed_out_on": "2026-11-20",
        "referenceleder-method": "in_person",
    },
    "netvaerk:role-end": {"ends_on": "2026-12-31"},
    "netvaerk:plan-step": {"action": "weeks", "weeks": 5},
    "agreements:comment": {"text": "En kommentar"},
}

# The reference-leader agreement, ready for the meeting: its parties are the leader and the
# reference leader; the secretariat reads it. The co-driver of the network is an outsider
# to it, and gets 404 like anyone else.
AGREEMENT_READ = {p: 404 for p in PERSONAS} | {
    "anon": 302,
    "leader": 200,
    "reference": 200,
    "secretariat": 200,
}
AGREEMENT_EDIT = AGREEMENT_READ | {"reference": 403, "secretariat": 403}
AGREEMENT_ACT = AGREEMENT_READ | {"leader": 302, "reference": 302, "secretariat": 403}
# A theme proposal by the participant: the proposer and the secretariat read it; only the
# proposer writes it.
PROPOSAL_READ = {p: 404 for p in PERSONAS} | {"anon": 302, "participant": 200, "secretariat": 200}
PROPOSAL_EDIT = PROPOSAL_READ | {"secretariat": 403}
# A competence assessment by the leader, shared with their personnel leader: the two of
# them read it; the author shares, the personnel leader rates beside it; no one else.
COMPETENCE_READ = {p: 404 for p in PERSONAS} | {"anon": 302, "leader": 200, "personnel": 200}
_COMPETENCE_PATTERNS = {
    "competences:mine": "",
    "competences:create": "",
    "competences:staff": "",
    "competences:detail": "assessment",
    "competences:share": "assessment",
    "competences:leader-rating": "assessment",
    "competences:pdf": "assessment",
    "competences:training": "training",
    "competences:training-pool": "",
}
# The co-driver's training: the co-driver, their personnel leader (the reference persona
# leads the co-driver's department) and the secretariat; no one else.
TRAINING_READ = {p: 404 for p in PERSONAS} | {
    "anon": 302,
    "codriver": 200,
    "reference": 200,
    "secretariat": 200,
}

# A leader network: its members (the reference persona facilitates, the personnel persona
# takes part) and the secretariat see it; everyone else is an outsider. The facilitator and
# the secretariat plan; members write notes and evaluate; only the author edits a note, and
# the secretariat, no member, does not read the notes.
LEADERNET_READ = {p: 404 for p in PERSONAS} | {
    "anon": 302,
    "reference": 200,
    "personnel": 200,
    "secretariat": 200,
}
LEADERNET_PLAN = LEADERNET_READ | {"personnel": 403}
LEADERNET_MEMBER = LEADERNET_READ | {"secretariat": 403}
_LEADERNET_PATTERNS = {
    "leadernets:participation": "",
    "leadernets:network": "network",
    "leadernets:season-create": "network",
    "leadernets:season": "season",
    "leadernets:meeting-create": "season",
    "leadernets:season-close": "season",
    "leadernets:evaluate": "season",
    "leadernets:note-create": "meeting",
    "leadernets:note-edit": "note",
}


# name: (method, {persona: status})
MATRIX = {
    "home": ("get", ALL),
    "search": ("get", ALL),
    "workspace": ("get", SECRETARIAT_ONLY),
    "agreement-matrix": ("get", SECRETARIAT_ONLY),
    "workspace-export": ("get", SECRETARIAT_ONLY),
    "organisation": ("get", ALL),
    "department-detail": ("get", ALL),
    "desk-calendar": ("get", SECRETARIAT_ONLY),
    "content": ("get", SECRETARIAT_ONLY),
    "netvaerk:network-list": ("get", ALL),
    "netvaerk:network-create": ("get", SECRETARIAT_ONLY),
    "netvaerk:network-detail": ("get", ALL),
    "netvaerk:network-edit": ("get", LEADER_OR_SECRETARIAT),
    "netvaerk:role-add": ("get", SECRETARIAT_ONLY),
    "netvaerk:role-end": ("get", SECRETARIAT_ONLY),
    "netvaerk:person-detail": ("get", ALL),
    "roles:role-list": ("get", ALL),
    "roles:role-detail": ("get", ALL),
    "roles:person-list": ("get", ALL),
    "roles:person-export": ("get", SECRETARIAT_ONLY),
    # The person picker's type-ahead: for everyone who may pick a person in some form.
    "roles:person-search": ("get", ALL),
    "netvaerk:plan": ("get", ALL),
    "netvaerk:plan-step": ("post", SECRETARIAT_ONLY | {"leader": 302, "secretariat": 302}),
    "netvaerk:phase-change": ("get", LEADER_OR_SECRETARIAT),
    "netvaerk:time-log": (
        "get",
        {p: 404 for p in PERSONAS}
        | {"anon": 302, "leader": 200, "codriver": 200, "reference": 200, "participant": 200},
    ),
    "netvaerk:process-list": ("get", ALL),
    "netvaerk:process-detail": ("get", ALL),
    "netvaerk:content-processes": ("get", SECRETARIAT_ONLY),
    "netvaerk:content-process": ("get", SECRETARIAT_ONLY),
    "netvaerk:content-process-preview": ("get", SECRETARIAT_ONLY),
    "netvaerk:content-process-publish": ("post", SECRETARIAT_ONLY | {"secretariat": 302}),
    "netvaerk:content-process-versions": ("get", SECRETARIAT_ONLY),
    "netvaerk:time-balance": ("get", ALL),
    # Like the page: everyone logged in gets their own rows (none, if they follow nobody).
    "netvaerk:time-balance-export": ("get", ALL),
    # One role's chart: the participant's personnel leader and the secretariat; 404 to others.
    "netvaerk:time-balance-role": (
        "get",
        {p: 404 for p in PERSONAS} | {"anon": 302, "personnel": 200, "secretariat": 200},
    ),
    "netvaerk:calendar": ("get", ALL),
    "netvaerk:calendar-renew": ("post", {p: 302 for p in PERSONAS}),
    # Calendar programs have no session: the secret token in the address is the key.
    "netvaerk:calendar-mine": ("get", PUBLIC),
    "netvaerk:calendar-network": ("get", PUBLIC),
    "roles:pamphlet-list": ("get", ALL),
    "roles:pamphlet-pdf": ("get", ALL),
    # The secretariat's editor for the role descriptions and pamphlet texts.
    "roles:content-roles": ("get", SECRETARIAT_ONLY),
    "roles:content-role": ("get", SECRETARIAT_ONLY),
    "roles:content-role-preview": ("get", SECRETARIAT_ONLY),
    "roles:content-role-preview-pdf": ("get", SECRETARIAT_ONLY),
    "roles:content-role-publish": ("post", SECRETARIAT_ONLY | {"secretariat": 302}),
    "roles:content-role-versions": ("get", SECRETARIAT_ONLY),
    "agreements:network-pamphlets": ("get", LEADER_AND_SECRETARIAT),
    "agreements:network-pamphlet-pdf": ("get", LEADER_AND_SECRETARIAT | {"reference": 200}),
    "agreements:pamphlet-handout": (
        "post",
        LEADER_AND_SECRETARIAT | {"leader": 302, "secretariat": 302},
    ),
    "agreements:network-agreements": ("get", AGREEMENT_READ | {"codriver": 200}),
    "agreements:start": ("post", {p: 403 for p in PERSONAS} | {"anon": 302, "leader": 302}),
    "agreements:detail": ("get", AGREEMENT_READ),
    "agreements:step": ("get", AGREEMENT_EDIT),
    "agreements:review": ("get", AGREEMENT_EDIT),
    "agreements:meeting": ("get", AGREEMENT_EDIT),
    "agreements:confirm": ("post", AGREEMENT_ACT),
    "agreements:comment": ("post", AGREEMENT_ACT),
    # The agreed co-driver agreement: only its writer reopens it.
    "agreements:reopen": (
        "post",
        AGREEMENT_EDIT | {"leader": 302, "reference": 404, "codriver": 403},
    ),
    # A private reflection: nobody but its author, not even the secretariat.
    "agreements:share": ("post", {p: 404 for p in PERSONAS} | {"anon": 302, "leader": 302}),
    "agreements:history": ("get", AGREEMENT_READ),
    "agreements:revision": ("get", AGREEMENT_READ | {"reference": 404, "codriver": 200}),
    "agreements:pdf": ("get", AGREEMENT_READ),
    # The secretariat's template editor (agreements/content_views.py).
    "agreements:content-templates": ("get", SECRETARIAT_ONLY),
    "agreements:content-template": ("get", SECRETARIAT_ONLY),
    "agreements:content-section": ("get", SECRETARIAT_ONLY),
    "agreements:content-preview": ("get", SECRETARIAT_ONLY),
    "agreements:content-publish": ("post", SECRETARIAT_ONLY | {"secretariat": 302}),
    "agreements:content-versions": ("get", SECRETARIAT_ONLY),
    # Everyone has a competence page (an empty one, without a leader or co-driver role).
    "competences:mine": ("get", ALL),
    "competences:create": (
        "get",
        {p: 403 for p in PERSONAS} | {"anon": 302, "leader": 200, "codriver": 200},
    ),
    "competences:staff": ("get", ALL),
    "competences:detail": ("get", COMPETENCE_READ),
    "competences:pdf": ("get", COMPETENCE_READ),
    "competences:share": ("get", COMPETENCE_READ | {"personnel": 403}),
    "competences:leader-rating": ("get", COMPETENCE_READ | {"leader": 403}),
    "competences:training": ("get", TRAINING_READ),
    "competences:training-pool": ("get", SECRETARIAT_ONLY),
    "proposals:list": ("get", ALL),
    "proposals:create": ("get", ALL),
    "proposals:detail": ("get", PROPOSAL_READ),
    "proposals:edit": ("get", PROPOSAL_EDIT),
    "proposals:submit": ("post", PROPOSAL_EDIT | {"participant": 302}),
    "proposals:withdraw": ("get", PROPOSAL_EDIT),
    "proposals:more-info": ("get", SECRETARIAT_ONLY),
    "proposals:duplicate": ("get", SECRETARIAT_ONLY),
    "proposals:decide": ("get", SECRETARIAT_ONLY),
    "proposals:round-list": ("get", SECRETARIAT_ONLY),
    "proposals:round-detail": ("get", SECRETARIAT_ONLY),
    "proposals:round-edit": ("get", SECRETARIAT_ONLY),
    "proposals:round-export": ("get", SECRETARIAT_ONLY),
    "proposals:round-decisions-pdf": ("get", SECRETARIAT_ONLY),
    "notifications:list": ("get", ALL),
    # A notification is its recipient's: opening it leads on to the thing; others get 404.
    "notifications:open": ("get", {p: 404 for p in PERSONAS} | {"anon": 302, "leader": 302}),
    "notifications:mark-all-read": ("post", {p: 302 for p in PERSONAS}),
    "notifications:preferences": ("get", ALL),
    "deliveries": ("get", SECRETARIAT_ONLY),
    "leavers": ("get", SECRETARIAT_ONLY),
    "access-log": ("get", SECRETARIAT_ONLY),
    # Right of access: the leader's own record; the secretariat; everyone else 404.
    "person-record-json": ("get", LEADER_AND_SECRETARIAT),
    "person-record-pdf": ("get", LEADER_AND_SECRETARIAT),
    "person-anonymise": ("get", SECRETARIAT_ONLY),
    "privacy": ("get", PUBLIC),
    "accessibility": ("get", PUBLIC),
    "delivery-retry": ("post", SECRETARIAT_ONLY | {"secretariat": 302}),
    "login": ("get", {p: 302 for p in PERSONAS} | {"anon": 200}),
    "logout": ("post", {p: 302 for p in PERSONAS}),
    "password_change": ("get", ALL),
    "password_change_done": ("get", ALL),
    "password_reset": ("get", PUBLIC),
    "password_reset_done": ("get", PUBLIC),
    "password_reset_confirm": ("get", PUBLIC),
    "password_reset_complete": ("get", PUBLIC),
    # Single sign-on: 404 until a provider is configured (tests/roles/test_oidc.py).
    "oidc:authenticate": ("get", {p: 404 for p in PERSONAS}),
    "oidc:callback": ("get", {p: 404 for p in PERSONAS}),
    "oidc:refused": ("get", PUBLIC),
    "set_language": ("post", {p: 302 for p in PERSONAS}),
    "health": ("get", PUBLIC),
    "admin:index": ("get", {p: 302 for p in PERSONAS} | {"secretariat": 200}),
    "leadernets:participation": ("get", SECRETARIAT_ONLY),
    "leadernets:network": ("get", LEADERNET_READ),
    "leadernets:season-create": ("get", LEADERNET_PLAN),
    "leadernets:season": ("get", LEADERNET_READ),
    "leadernets:meeting-create": ("get", LEADERNET_PLAN),
    "leadernets:season-close": ("get", LEADERNET_PLAN),
    "leadernets:evaluate": ("get", LEADERNET_MEMBER),
    "leadernets:note-create": ("get", LEADERNET_MEMBER),
    "leadernets:note-edit": (
        "get",
        {p: 404 for p in PERSONAS} | {"anon": 302, "personnel": 200, "reference": 403},
    ),
}


def _agreements(network, org, start):
    agreement = start(network, "aftale-referenceleder", org["leader"])
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    agreed = start(network, "aftale-co-driver", org["leader"])
    services.agreement_mark_ready(
        agreement=agreed,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=agreed.lock_version,
    )
    for party, person in [("leader", org["leader"]), ("counterpart", org["codriver"])]:
        services.agreement_confirm(
            agreement=agreed, party=party, person=person, lock_version=agreed.lock_version
        )
    reflection = start(network, "refleksion-referenceleder", org["leader"])
    return {"agreement": agreement, "agreed": agreed, "reflection": reflection}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":
                yield "admin:index"
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _named_patterns(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_is_in_the_matrix():
    names = set(_named_patterns())
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set(), "these matrix rows match no URL"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, persona, network, org, login, plan, start):
    method, expected = MATRIX[name]
    client = login(persona, org)
    url = page_url(name, page_data(network, org, plan, start, token=calendar_token(org)))
    data = POST_DATA.get(name, {}) if method == "post" else {}
    response = getattr(client, method)(url, data)
    assert response.status_code == expected[persona], f"{persona} {method.upper()} {url}"


def test_an_unknown_network_is_404_for_everyone_logged_in(org, login):
    for persona in PERSONAS[1:]:
        client = login(persona, org)
        assert client.get("/netvaerk/findes-ikke/").status_code == 404
        assert client.get("/netvaerk/findes-ikke/rediger/").status_code == 404


def test_ending_a_role_of_another_network_is_404_even_for_the_secretariat(network, org, login):
    from .factories import NetworkFactory, NetworkRoleFactory

    other = NetworkRoleFactory(network=NetworkFactory())
    client = login("secretariat", org)
    response = client.post(reverse("netvaerk:role-end", args=[network.slug, other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.ends_on is None


def test_anonymous_users_are_sent_to_login_with_next(network):
    from django.test import Client

    response = Client().get(reverse("netvaerk:network-detail", args=[network.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=/netvaerk/ensomhed/")


def test_refusals_are_danish_pages_in_the_portal_layout(network, org, login):
    client = login("leader", org)
    forbidden = client.get(reverse("netvaerk:network-create"))
    assert forbidden.status_code == 403
    assert "Det har du ikke adgang til" in forbidden.content.decode()
    missing = client.get("/netvaerk/findes-ikke/")
    assert "Siden findes ikke" in missing.content.decode()
    assert "Mine netværk" in missing.content.decode()  # the menu is there to go on from
