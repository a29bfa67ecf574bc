"""Every kind of PDF the portal makes passes an independent PDF/UA-1 checker (outloud).

One real render of each kind, through the portal's own renderer, then the checker: no errors
and no warnings. Each document carries what the checker has found wrong before: page numbers
and running heads (artifacts, not content), the hours table's header cells (with a scope),
an e-mail address and a web address (links, not printed text), numbered lists (painted in the
order of the tags).
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from outloud import check

from agreements import services
from core.pdf import render_pdf
from proposals import services as proposal_services
from proposals.models import Proposal, Round
from roles import pamphlets
from roles.models import Organisation, RoleDescription

pytestmark = pytest.mark.django_db

ADDRESSES = (
    "Læs mere på https://www.albertslund.example/netvaerk eller skriv til ida@albertslund.example"
)

# Rules that must have run on the document (not skipped as not applicable), so that a pass
# means the document was checked for these things, not that it had nothing to check.
TAGGING = {"DOC-001", "DOC-002", "TAG-001", "TAG-002", "ORD-001"}
RUNNING = {"PAG-001"}  # a running head is told by its recurring: run on 3 pages or more
TABLES = {"TBL-002"}
LINKS = {"LNK-004", "LNK-005", "LNK-010"}


def _ready(agreement):
    agreement.refresh_from_db()
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.make_aware(datetime.datetime(2030, 1, 15, 10, 0)),
        meeting_place="Rådhuset, mødelokale 2",
        lock_version=agreement.lock_version,
    )


def _agree(agreement, leader, counterpart):
    _ready(agreement)
    for party, person in [("counterpart", counterpart), ("leader", leader)]:
        agreement.refresh_from_db()
        services.agreement_confirm(
            agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
        )


def _personnel_agreement(start, network, org):
    """The agreement with the hours table, an answer with addresses, several pages long."""
    agreement = start(network, "aftale-personaleleder", org["leader"])
    agreement.answers["opgaver-i-basis"] = ADDRESSES
    agreement.answers["sekretariatsperioder"] = [
        {"start": "2027-03-01", "end": "2027-03-12", "note": "Opstart"}
    ]
    agreement.save()
    return agreement


def meeting_edition(org, network, start, login):
    agreement = _personnel_agreement(start, network, org)
    _ready(agreement)
    url = reverse("agreements:pdf", args=[agreement.pk, "til-moedet"])
    return login("leader", org).get(url).content, TAGGING | RUNNING | TABLES | LINKS


def agreed_edition(org, network, start, login):
    agreement = _personnel_agreement(start, network, org)
    _agree(agreement, org["leader"], org["personnel"])
    url = reverse("agreements:pdf", args=[agreement.pk, "aftalt"])
    return login("personnel", org).get(url).content, TAGGING | TABLES | LINKS


def reflection(org, network, start, login):
    tool = start(network, "refleksion-personaleleder", org["leader"])
    url = reverse("agreements:pdf", args=[tool.pk, "til-moedet"])
    return login("leader", org).get(url).content, TAGGING


def a4_pamphlet(org, network, start, login):
    """The personal edition: the generic one's pages, with the recipient and the network."""
    network.challenge = ADDRESSES
    network.save()
    url = reverse("agreements:network-pamphlet-pdf", args=[network.slug, "referenceleder", "a4"])
    return login("leader", org).get(url).content, TAGGING | RUNNING | LINKS


def a5_pamphlet_pages(org, network, start, login):
    """The A5 pages as rendered, before they are imposed two to a sheet for printing: the
    imposed booklet keeps the text but not the tags (roles/pamphlets.impose_booklet), and the
    A4 edition is the accessible one."""
    role = RoleDescription.objects.get(key="network_leader")
    return render_pdf(pamphlets.pamphlet_html(role, fmt="a5-haefte")), TAGGING | RUNNING | LINKS


def decisions(org, network, start, login):
    forum = Round.objects.create(
        deadline=timezone.localdate() - datetime.timedelta(days=5),
        status=Round.Status.AT_FORUM,
        forum_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    for title, outcome, reason in [
        ("Sund mad i dagtilbud", "deferred", ""),
        ("Unge uden job", "rejected", f"Ligger uden for strategien. {ADDRESSES}"),
    ]:
        proposal = Proposal.objects.create(
            title=title,
            challenge="Børns kost går på tværs af dagtilbud, sundhed og skole.",
            why_now="Ny kostpolitik fra 2027.",
            network_type="velfaerd",
            proposer=org["participant"],
            round=forum,
            status=Proposal.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        proposal_services.proposal_decide(
            proposal=proposal, outcome=outcome, reason=reason, by=org["secretariat"]
        )
    url = reverse("proposals:round-decisions-pdf", args=[forum.pk])
    return login("secretariat", org).get(url).content, TAGGING | TABLES | LINKS


def person_record(org, network, start, login):
    agreement = start(network, "aftale-co-driver", org["leader"])
    services.comment_add(agreement=agreement, author=org["codriver"], text=ADDRESSES)
    url = reverse("person-record-pdf", args=[org["leader"].pk])
    return login("leader", org).get(url).content, TAGGING | TABLES | LINKS


KINDS = [
    meeting_edition,
    agreed_edition,
    reflection,
    a4_pamphlet,
    a5_pamphlet_pages,
    decisions,
    person_record,
]


@pytest.mark.parametrize("make", KINDS, ids=[k.__name__ for k in KINDS])
def test_every_kind_of_pdf_passes_the_pdf_ua_checker(
    make, org, network, plan, start, login, tmp_path
):
    Organisation.objects.update(email="netvaerk@albertslund.example")
    pdf, must_run = make(org, network, start, login)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / f"{make.__name__}.pdf"
    path.write_bytes(pdf)

    result = check(str(path))

    assert result.error is None, result.error
    findings = [
        f"{f.rule} p.{f.page}: {f.message} [{f.evidence}]"
        for f in result.sorted_findings()
        if f.severity in ("error", "warning")
    ]
    assert findings == []
    ran = {run.rule for run in result.runs if run.status == "ran"}
    assert must_run <= ran, must_run - ran
    if LINKS <= must_run:  # the addresses in the document are links
        assert result.stats["features"].get("links")


def test_every_header_cell_in_a_template_names_its_scope():
    """The PDF's header cells take their scope from the HTML (core/pdf_tagging.py), and the
    pages' header cells are read by screen readers the same way: none is left to guessing."""
    unscoped = [
        f"{path.relative_to(directory)}: {cell}"
        for directory in map(Path, settings.TEMPLATES[0]["DIRS"])
        for path in directory.rglob("*.html")
        for cell in re.findall(r"<th\b[^>]*>", path.read_text())
        if "scope=" not in cell
    ]
    assert unscoped == []
