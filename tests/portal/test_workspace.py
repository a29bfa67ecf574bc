"""The secretariat's workspace: one summary per network, kept current by the services;
filters, sorting, paging and exports in SQL; the same access rule everywhere."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import Confirmation
from netvaerk.models import Network, NetworkRole, Phase
from portal import summaries
from portal.models import NetworkSummary, Rules, Standing, TalkState
from roles.models import Department

from ..concurrency import one_after_the_other_at_once
from ..factories import NetworkFactory, NetworkRoleFactory

pytestmark = pytest.mark.django_db

PERSONNEL = "aftale-personaleleder"
REFERENCE = "aftale-referenceleder"
CODRIVER = "aftale-co-driver"


def _ready(agreement):
    agreement.refresh_from_db()
    return agreement_services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.make_aware(datetime.datetime(2030, 1, 15, 10)),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )


def _confirm(agreement, party, person):
    agreement.refresh_from_db()
    return agreement_services.agreement_confirm(
        agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
    )


@pytest.fixture
def journey(network, org, start):
    """The reference-leader agreement agreed; the co-driver one confirmed by the leader, then
    edited (voided); the personnel-leader one a draft at step 1."""
    rl = _ready(start(network, REFERENCE, org["leader"]))
    _confirm(rl, Confirmation.Party.LEADER, org["leader"])
    _confirm(rl, Confirmation.Party.COUNTERPART, org["reference"])
    cd = _ready(start(network, CODRIVER, org["leader"]))
    _confirm(cd, Confirmation.Party.LEADER, org["leader"])
    cd.refresh_from_db()
    agreement_services.agreement_save_step(
        agreement=cd, step=1, answers={"ny-noegle": "ændret"}, lock_version=cd.lock_version
    )
    pl = start(network, PERSONNEL, org["leader"])
    return {"rl": rl, "cd": cd, "pl": pl}


def test_the_summary_follows_every_agreement_change(network, org, journey):
    s = NetworkSummary.objects.get(network=network)
    assert s.rl_state == TalkState.AGREED and s.rl_revision == 1
    assert s.cd_state == TalkState.VOIDED
    assert s.pl_state == TalkState.DRAFT and s.pl_step == 1 and s.pl_steps > 1
    assert s.leader_name == "Signe Lauridsen"
    assert s.reference_leader_name == "Helle Rasmussen"
    assert ",voided:cd," in s.attention and s.needs_attention
    texts = summaries.attention_texts(s, Rules.current())
    assert any("bortfaldet" in t for t in texts)
    cells = {prefix: summaries.talk_text(s, prefix) for prefix, _key in summaries.TALKS}
    assert cells["rl"] == "Aftalt i version 1"
    assert cells["pl"].startswith("Kladde, trin 1 af")


def test_one_confirmation_and_the_meeting_date_are_in_words(network, org, start):
    rl = _ready(start(network, REFERENCE, org["leader"]))
    s = NetworkSummary.objects.get(network=network)
    assert summaries.talk_text(s, "rl") == "Klar til mødet 15. januar 2030"
    _confirm(rl, Confirmation.Party.COUNTERPART, org["reference"])
    s.refresh_from_db()
    assert s.rl_state == TalkState.CONFIRMED_ONE
    assert summaries.talk_text(s, "rl") == "Bekræftet af samtaleparten, afventer netværkslederen"


def test_roles_phases_and_hours_reach_the_summary(network, org, plan):
    s = NetworkSummary.objects.get(network=network)
    assert s.test_on is not None and s.co_driver_name == "Kasper Juhl"
    reference = network.roles.get(role=NetworkRole.Role.REFERENCE_LEADER)
    reference.ends_on = timezone.localdate()
    reference.save()
    s.refresh_from_db()
    assert s.reference_leader_id is None and ",no_reference_leader," in s.attention


def test_standing_counts_the_weeks_from_the_planned_dates(network, plan):
    network.status = Network.Status.ACTIVE
    network.current_phase = Phase.objects.get(number=1)
    network.save()
    first_step = plan.steps.order_by("position").first()
    phase_one_steps = [s for s in plan.steps.all() if s.phase_id == network.current_phase_id]
    assert phase_one_steps
    ends = plan.starts_on + datetime.timedelta(
        weeks=sum(s.weeks for s in plan.steps.all() if s.position <= phase_one_steps[-1].position)
    )
    late = ends + datetime.timedelta(weeks=3)
    summaries.refresh([network.pk], today=late)
    s = NetworkSummary.objects.get(network=network)
    assert s.standing == Standing.BEHIND and s.standing_weeks == 3
    assert summaries.standing_text(s) == "Bagud, 3 uger"
    summaries.refresh([network.pk], today=plan.starts_on)
    s.refresh_from_db()
    assert s.standing == Standing.ON_PLAN, first_step


def test_overdue_agreements_use_the_secretariats_weeks(network, org):
    network.status = Network.Status.ACTIVE
    network.start_date = timezone.localdate() - datetime.timedelta(weeks=6)
    network.save()
    s = NetworkSummary.objects.get(network=network)
    assert ",overdue:" not in s.attention
    rules = Rules.current()
    rules.agreement_due_weeks = 4
    rules.save()
    summaries.refresh_stale()
    s.refresh_from_db()
    assert ",overdue:rl," in s.attention and ",overdue:pl," in s.attention


def test_the_check_for_stale_summaries_is_skipped_until_something_it_reads_is_written(
    network, org, django_assert_num_queries
):
    today = timezone.localdate()
    summaries.refresh_stale(today)
    with django_assert_num_queries(1):  # the generations only
        assert summaries.refresh_stale(today) == 0
    Network.objects.bulk_create(  # no summary yet, and no signal
        [Network(name="Ny", slug="ny", theme="t", challenge="c", type="velfaerd")]
    )
    assert summaries.refresh_stale(today) == 1
    assert summaries.refresh_stale(today) == 0
    summaries.mark_all_stale()
    assert summaries.refresh_stale(today) == 2
    assert summaries.refresh_stale(today + datetime.timedelta(days=1)) == 2  # a new day


def test_only_the_secretariat_sees_the_workspace_and_its_exports(network, org, login):
    for name, args in [
        ("workspace", []),
        ("agreement-matrix", []),
        ("workspace-export", ["csv"]),
        ("workspace-export", ["xlsx"]),
    ]:
        url = reverse(name, args=args)
        assert login("leader", org).get(url).status_code == 403
        assert login("personnel", org).get(url).status_code == 403
        assert login("secretariat", org).get(url).status_code == 200
    assert login("secretariat", org).get("/sekretariat/eksport.pdf").status_code == 404


def test_filter_the_networks_whose_reference_leader_agreement_is_not_agreed(
    network, org, login, journey
):
    other = NetworkFactory(name="Ældre borgeres mad", slug="mad")
    NetworkRoleFactory(network=other, person=org["participant"], role=NetworkRole.Role.LEADER)
    client = login("secretariat", org)
    page = client.get(reverse("workspace"), {"aftale": "rl", "aftalestatus": "not_agreed"})
    names = [row["network"].name for row in page.context["rows"]]
    assert names == ["Ældre borgeres mad"]
    page = client.get(reverse("workspace"), {"aftale": "rl", "aftalestatus": TalkState.AGREED})
    assert [row["network"].name for row in page.context["rows"]] == [network.name]
    for q in ["Ældre", "ældre", "aeldre"]:
        page = client.get(reverse("workspace"), {"q": q})
        assert [row["network"].name for row in page.context["rows"]] == ["Ældre borgeres mad"]
    page = client.get(reverse("workspace"), {"opmaerksomhed": "voided"})
    assert [row["network"].name for row in page.context["rows"]] == [network.name]
    page = client.get(reverse("workspace"), {"afdeling": org["departments"]["aeldre"].pk})
    assert network.name in [row["network"].name for row in page.context["rows"]]


def test_every_column_sorts_both_ways_and_the_page_says_so(network, org, login):
    NetworkFactory(name="Andet netværk", slug="andet")
    client = login("secretariat", org)
    from portal.workspace import SORTS

    for key in SORTS:
        for value in (key, f"-{key}"):
            response = client.get(reverse("workspace"), {"sort": value})
            assert response.status_code == 200
            assert len(response.context["rows"]) == 2
    html = client.get(reverse("workspace"), {"sort": "-navn"}).content.decode()  # cached
    assert html.index(network.name) < html.index("Andet netværk")
    assert 'aria-sort="descending"' in html


def _many(n, org):
    for i in range(n):
        net = NetworkFactory(name=f"Ekstra {i:03}", slug=f"ekstra-{i}")
        NetworkRoleFactory(network=net, person=org["participant"], role=NetworkRole.Role.LEADER)


def test_the_query_count_does_not_grow_with_the_networks(
    network, org, login, journey, django_assert_num_queries
):
    client = login("secretariat", org)
    client.get(reverse("workspace"))  # warm: nothing stale afterwards
    # Each page and the export writes one row to the access log (core/audit.py). A page
    # not yet cached reads its keys, then its rows; a filtered page counts alongside its
    # keys, the whole list is counted once per change (core/generations.py).
    with django_assert_num_queries(13):
        client.get(reverse("workspace"), {"sort": "navn"})
    with django_assert_num_queries(13):
        client.get(reverse("agreement-matrix"))
    _many(30, org)
    client.get(reverse("workspace"))
    with django_assert_num_queries(13):
        client.get(reverse("workspace"), {"sort": "-pl", "side": "2"})
    filtered = {"aftalestatus": "not_agreed", "sort": "-timer"}
    with django_assert_num_queries(12):
        client.get(reverse("workspace"), filtered)
    # Cached: the generations once (the stale check and the rules are part of building the
    # body), no summaries.
    with django_assert_num_queries(6):
        client.get(reverse("workspace"), filtered)
    with django_assert_num_queries(9):
        client.get(reverse("workspace-export", args=["csv"]))


def test_a_cached_view_follows_every_change_it_shows(network, org, login, journey):
    """The body is cached per query; a summary, network, phase, department or rule written in
    any way, or a new day, shows at once."""
    client = login("secretariat", org)
    url = reverse("workspace")

    def page():
        html = client.get(url, {"sort": "navn"}).content.decode()
        return html[html.index("<main") : html.index("</main>")]  # not the form's CSRF token

    first = page()
    assert page() == first  # from the cache
    Network.objects.filter(pk=network.pk).update(name="Omdøbt i SQL")
    assert "Omdøbt i SQL" in page()
    phase = network.current_phase
    Phase.objects.filter(pk=phase.pk).update(name="Fasen omdøbt")
    assert "Fasen omdøbt" in page()
    Department.objects.filter(pk=org["departments"]["sundhed"].pk).update(name="Afdelingen omdøbt")
    assert "Afdelingen omdøbt" in page()
    rules = Rules.current()
    rules.agreement_due_weeks = 17
    rules.save()
    assert "17 uger efter start" in page()
    NetworkSummary.objects.filter(pk=network.pk).update(leader_name="Ny Leder")
    assert "Ny Leder" in page()
    client.cookies["django_language"] = "en"
    english = page()
    assert "Agreement with the reference leader" in english
    assert "Aftale med referencelederen" not in english


def test_new_networks_without_a_summary_are_computed_on_the_first_view(org, login):
    Network.objects.bulk_create(
        [
            Network(name=f"Bulk {i}", slug=f"bulk-{i}", theme="t", challenge="c", type="velfaerd")
            for i in range(3)
        ]
    )
    response = login("secretariat", org).get(reverse("workspace"))
    assert response.context["page"].paginator.count == 3
    assert NetworkSummary.objects.count() == 3


def test_the_csv_opens_in_danish_excel(network, org, login, journey):
    NetworkFactory(name='=HYPERLINK("http://x")', slug="formel")
    response = login("secretariat", org).get(reverse("workspace-export", args=["csv"]))
    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[0] == "Netværk" and "Aftale med referencelederen" in header
    assert "'=HYPERLINK" in text
    assert "Aftalt i version 1" in text
    assert response["Content-Disposition"].startswith('attachment; filename="netvaerk-')


def test_the_xlsx_has_dates_numbers_and_a_frozen_filtered_header(network, org, login, plan):
    NetworkFactory(name="@SUM(1)", slug="formel")
    response = login("secretariat", org).get(
        reverse("workspace-export", args=["xlsx"]), {"sort": "navn"}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    rows = list(sheet.iter_rows(values_only=False))
    assert rows[0][0].value == "Netværk"
    by_name = {r[0].value: r for r in rows[1:]}
    formula = by_name["@SUM(1)"][0]
    assert formula.data_type == "s"
    ensomhed = by_name[network.name]
    test_col = [c.value for c in rows[0]].index("Testfase begynder")
    assert isinstance(ensomhed[test_col].value, datetime.datetime)
    hours_col = [c.value for c in rows[0]].index("Timer planlagt til dato")
    assert isinstance(ensomhed[hours_col].value, (int, float))


def test_the_export_has_the_pages_filters(network, org, login, journey):
    NetworkFactory(name="Andet", slug="andet")
    client = login("secretariat", org)
    text = client.get(
        reverse("workspace-export", args=["csv"]), {"aftale": "rl", "aftalestatus": "not_agreed"}
    ).content.decode("utf-8-sig")
    assert "Andet" in text and network.name not in text


def test_a_break_counts_as_the_phase_before_it_like_on_the_network_page(network, plan):
    from netvaerk import services

    network.status = Network.Status.ACTIVE
    network.current_phase = Phase.objects.get(number=1)
    network.save()
    steps = list(plan.steps.order_by("position"))
    last_of_phase_one = [s for s in steps if s.phase_id == network.current_phase_id][-1]
    services.plan_break_add(plan=plan, after=last_of_phase_one, weeks=4)
    scheduled_end = plan.starts_on + datetime.timedelta(
        weeks=sum(s.weeks for s in steps if s.position <= last_of_phase_one.position)
    )
    during_break = scheduled_end + datetime.timedelta(weeks=2)
    summaries.refresh([network.pk], today=during_break)
    s = NetworkSummary.objects.get(network=network)
    assert s.standing == Standing.ON_PLAN and ",behind," not in s.attention


def test_a_plan_far_in_the_future_breaks_neither_a_save_nor_the_workspace(
    network, org, plan, login
):
    plan.starts_on = datetime.date(9000, 1, 1)
    plan.save()
    network.status = Network.Status.ACTIVE
    network.start_date = datetime.date(2026, 1, 5)
    network.save()
    s = NetworkSummary.objects.get(network=network)
    assert s.standing == Standing.NOT_STARTED
    response = login("secretariat", org).get(reverse("workspace"))
    assert response.status_code == 200


def test_an_invalid_filter_in_a_bookmark_drops_only_itself(network, org, login):
    NetworkFactory(name="Andet", slug="andet", type=Network.Type.LEARNING)
    response = login("secretariat", org).get(
        reverse("workspace"), {"fase": "999999", "type": Network.Type.LEARNING}
    )
    assert [r["network"].name for r in response.context["rows"]] == ["Andet"]


def test_a_failed_recompute_after_a_save_is_made_up_on_the_next_view(
    network, org, login, monkeypatch
):
    """The save goes through; the summary is marked stale, and the workspace computes it."""
    summaries.refresh([network.pk])
    with monkeypatch.context() as patched:
        patched.setattr(summaries, "_context", lambda ids: 1 / 0)
        reference = network.roles.get(role=NetworkRole.Role.REFERENCE_LEADER)
        reference.ends_on = timezone.localdate()
        reference.save()
    s = NetworkSummary.objects.get(network=network)
    assert s.computed_on == summaries.STALE_DAY and s.reference_leader_id is not None
    login("secretariat", org).get(reverse("workspace"))
    s.refresh_from_db()
    assert s.computed_on == timezone.localdate() and s.reference_leader_id is None


# The markup the workspace's rows had as a template: the page now writes it in Python
# (portal.workspace._rows_html), and must write the same.
ROW_TEMPLATE = (
    "{% load i18n %}\n"
    '{% translate "Fase og plan" as l_phase %}{% translate "Personer" as l_people %}'
    '{% translate "Aktivitet" as l_activity %}'
    '{% translate "Opmærksomhed" as l_attention %}'
    '{% translate "Intet" as l_nothing %}\n'
    "{% for row in rows %}<tr>"
    '<th scope="row" class="fw-normal"><a class="fw-semibold" href="{{ row.url }}">'
    "{{ row.network.name }}</a>"
    "<br>{{ row.kind }}</th>"
    '<td><span class="label-sm">{{ l_phase }}</span>{{ row.phase.0 }}<br>'
    '{% if row.plan_url %}<a href="{{ row.plan_url }}">{{ row.standing }}</a>'
    "{% else %}{{ row.standing }}{% endif %}{% if row.phase.1 %}"
    "<br>{{ row.phase.1 }}{% endif %}</td>"
    '<td><span class="label-sm">{{ l_people }}</span><dl class="mb-0 people-cell">'
    "{% for p in row.people %}<dt>{{ p.label }}</dt><dd>"
    '{% if p.url %}<a href="{{ p.url }}">{{ p.name }}</a>'
    "{% elif p.missing %}<strong>{{ p.name }}</strong>"
    "{% else %}{{ p.name }}{% endif %}</dd>{% endfor %}</dl></td>"
    '{% for talk in row.talks %}<td><span class="label-sm">{{ talk.label }}</span>'
    '{% if talk.url %}<a href="{{ talk.url }}">{{ talk.text }}</a>'
    "{% else %}{{ talk.text }}{% endif %}</td>{% endfor %}"
    '<td><span class="label-sm">{{ l_activity }}</span>'
    "{% for line in row.activity %}{{ line }}{% if not forloop.last %}<br>{% endif %}"
    "{% endfor %}</td>"
    '<td class="attention-cell"><span class="label-sm">{{ l_attention }}</span>'
    '{% if row.attention %}<ul class="attention-list mb-0">'
    "{% for text in row.attention %}<li>{{ text }}</li>{% endfor %}</ul>"
    "{% else %}{{ l_nothing }}{% endif %}</td></tr>\n"
    "{% endfor %}"
)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_rows_written_in_python_are_the_markup_the_template_wrote(
    network, org, plan, journey, language
):
    from django.template import Context, Template
    from django.utils import translation

    from portal import workspace

    odd = NetworkFactory(name='Ældre & "unge" <i>sammen</i>', slug="aeldre-unge")
    NetworkRoleFactory(network=odd, person=org["participant"], role="participant")
    summaries.refresh()
    with translation.override(language):
        rows = workspace._rows(
            NetworkSummary.objects.select_related("network__current_phase").order_by(
                "network__name"
            ),
            Rules.current(),
        )
        assert any(r["plan_url"] for r in rows) and any(r["attention"] for r in rows)
        expected = Template(ROW_TEMPLATE).render(Context({"rows": rows}))
        written = workspace._rows_html(rows)
    assert [line for line in expected.splitlines()[2:] if line] == written.splitlines()
    assert "&lt;i&gt;sammen&lt;/i&gt;" in written and "&quot;unge&quot;" in written


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="SQLite runs one write transaction at a time",
)
def test_two_saves_in_one_network_at_once_both_reach_its_summary(network, org, start):
    """Two transactions change the same network (each starts one of its agreements): the
    second waits for the first's lock on the network and computes from what it committed,
    instead of writing back a summary that misses the first's change."""
    errors = one_after_the_other_at_once(
        lambda: start(network, PERSONNEL, org["leader"]),
        lambda: start(network, CODRIVER, org["leader"]),
    )
    assert not errors
    summary = NetworkSummary.objects.get(network=network)
    assert (summary.pl_state, summary.cd_state) == (TalkState.DRAFT, TalkState.DRAFT)
