"""A round's list as CSV and XLSX, its decisions as a tagged PDF for the forum's minutes,
and the list pages in a constant number of queries."""

import io

import openpyxl
import pytest
from django.urls import reverse

from proposals import services
from proposals.models import Proposal, Round

from ..pdftools import pdfinfo, pdftext
from .conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_round(org, make_proposal, open_round):
    """Three sent proposals and a draft; decided at the forum: approved, deferred, rejected."""
    sent = [
        make_proposal(title=title, proposer=org[who], status=Proposal.Status.SUBMITTED)
        for title, who in [
            ("Sund mad i dagtilbud", "participant"),
            ("=Unge uden job", "codriver"),
            ("Grøn omstilling", "outsider"),
        ]
    ]
    sent[0].departments.set([org["departments"]["aeldre"], org["departments"]["sundhed"]])
    make_proposal(title="Udkast om cykler", proposer=org["leader"])
    Round.objects.filter(pk=open_round.pk).update(
        deadline=days(-5), status=Round.Status.AT_FORUM, forum_date=days(-1)
    )
    open_round.refresh_from_db()
    return open_round, sent


def decide_all(org, sent):
    for proposal, outcome, reason in zip(
        sent,
        ["approved", "deferred", "rejected"],
        ["", "", "Ligger uden for strategien."],
        strict=True,
    ):
        proposal.refresh_from_db()
        services.proposal_decide(
            proposal=proposal, outcome=outcome, reason=reason, by=org["secretariat"]
        )


def test_the_round_exports_as_csv_for_danish_excel(org, login, filled_round):
    round, _sent = filled_round
    response = login("secretariat", org).get(
        reverse("proposals:round-export", args=[round.pk, "csv"])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"temaforslag-{round.deadline.isoformat()}" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Netværkstema;Status;Forslagsstiller")
    assert len(lines) == 4  # the header and three sent proposals; no draft
    assert "Udkast om cykler" not in text
    assert "'=Unge uden job" in text  # never a formula
    assert "Social og Sundhed, Ældre og Sundhed" in text


def test_the_round_exports_as_xlsx(org, login, filled_round):
    round, _sent = filled_round
    response = login("secretariat", org).get(
        reverse("proposals:round-export", args=[round.pk, "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Netværkstema", "Status", "Forslagsstiller")
    assert sorted(r[0] for r in rows[1:]) == [
        "=Unge uden job",
        "Grøn omstilling",
        "Sund mad i dagtilbud",
    ]
    assert sheet.title == "Temaforslag"


def test_an_unknown_export_format_is_404(org, login, filled_round):
    round, _sent = filled_round
    url = reverse("proposals:round-export", args=[round.pk, "pdf"])
    assert login("secretariat", org).get(url).status_code == 404


def test_the_decisions_print_as_a_tagged_pdf_for_the_minutes(org, login, filled_round, tmp_path):
    round, sent = filled_round
    decide_all(org, sent)
    response = login("secretariat", org).get(
        reverse("proposals:round-decisions-pdf", args=[round.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdftext(response.content)
    assert "Beslutninger om temaforslag" in text
    assert "1 godkendt, 1 udsat, 1 afvist" in text
    assert "Sund mad i dagtilbud" in text and "Godkendt" in text
    assert "Ligger uden for strategien." in text
    info = pdfinfo(response.content, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Beslutninger om temaforslag"


def test_the_round_page_lists_proposals_and_decisions(org, login, filled_round):
    round, sent = filled_round
    decide_all(org, sent)
    html = login("secretariat", org).get(round.get_absolute_url()).content.decode()
    assert "<caption" in html and 'scope="col"' in html and "stack-sm" in html
    assert "Sund mad i dagtilbud" in html and "Udkast om cykler" not in html
    assert reverse("proposals:round-decisions-pdf", args=[round.pk]) in html


def _more(org, make_proposal, round, n):
    for i in range(n):
        proposal = make_proposal(title=f"Tema {i}", status=Proposal.Status.SUBMITTED, round=round)
        proposal.departments.set([org["departments"]["aeldre"]])


def test_the_round_page_takes_the_same_queries_for_more_proposals(
    org, login, filled_round, make_proposal, django_assert_num_queries
):
    round, sent = filled_round
    decide_all(org, sent)
    client = login("secretariat", org)
    url = round.get_absolute_url()
    client.get(url)  # warm the session and the secretariat check
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    _more(org, make_proposal, round, 5)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_the_proposal_list_takes_the_same_queries_for_more_proposals(
    org, login, make_proposal, open_round, django_assert_num_queries
):
    make_proposal()
    client = login("secretariat", org)
    url = reverse("proposals:list")
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    for i in range(5):
        make_proposal(title=f"Mit tema {i}", proposer=org["secretariat"])
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_the_export_takes_the_same_queries_for_more_proposals(
    org, login, filled_round, make_proposal, django_assert_num_queries
):
    round, _sent = filled_round
    client = login("secretariat", org)
    url = reverse("proposals:round-export", args=[round.pk, "csv"])
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)
    _more(org, make_proposal, round, 5)
    with django_assert_num_queries(6):
        client.get(url)


def test_the_round_list_takes_the_same_queries_for_more_rounds(
    org, login, filled_round, django_assert_num_queries
):
    client = login("secretariat", org)
    url = reverse("proposals:round-list")
    client.get(url)  # makes the next round from the pattern
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    for year in (2030, 2031, 2032):
        Round.objects.create(deadline=days(365 * (year - 2028)))
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
