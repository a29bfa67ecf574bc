"""The guided form: one section per step, every step saved as a draft, nothing lost."""

import pytest
from django.urls import reverse

from agreements.models import Agreement

pytestmark = pytest.mark.django_db

PERSONNEL = "aftale-personaleleder"


def _step_url(agreement, step):
    return reverse("agreements:step", args=[agreement.pk, step])


def _post_step(client, agreement, step, answers, *, go="next", lock_version=None):
    agreement.refresh_from_db()
    data = {"lock_version": agreement.lock_version if lock_version is None else lock_version}
    data.update(answers)
    data["go"] = go
    return client.post(_step_url(agreement, step), data)


def _first_text_question(agreement, step=1):
    for q in agreement.template_version.sections[step - 1]["questions"]:
        if q["type"] in ("long_text", "short_text"):
            return q["key"]
    raise AssertionError("no text question")


def test_the_leader_starts_an_agreement_and_lands_on_step_one(network, org, login, templates):
    client = login("leader", org)
    response = client.post(reverse("agreements:start", args=[network.slug, PERSONNEL]))
    agreement = Agreement.objects.get(network=network, template__key=PERSONNEL)
    assert response.status_code == 302
    assert response.url == _step_url(agreement, 1)
    page = client.get(response.url).content.decode()
    assert f"Trin 1 af {agreement.steps}" in page
    assert agreement.counterpart == org["personnel"]  # the leader's line manager
    assert agreement.status == Agreement.Status.DRAFT


def test_every_step_saves_a_draft_and_back_and_next_keep_answers(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    key = _first_text_question(agreement)
    response = _post_step(client, agreement, 1, {key: "Tirsdage i basis, torsdage i netværket"})
    assert response.status_code == 302
    assert response.url == _step_url(agreement, 2)
    response = _post_step(client, agreement, 2, {}, go="back")
    assert response.url == _step_url(agreement, 1)
    agreement.refresh_from_db()
    assert agreement.answers[key] == "Tirsdage i basis, torsdage i netværket"
    assert agreement.last_step == 2
    page = client.get(_step_url(agreement, 1)).content.decode()
    assert "Tirsdage i basis, torsdage i netværket" in page
    # The last step goes to the review page, where every answer is with an edit link.
    response = _post_step(client, agreement, agreement.steps, {}, go="review")
    assert response.url == reverse("agreements:review", args=[agreement.pk])
    review = client.get(response.url).content.decode()
    assert "Tirsdage i basis, torsdage i netværket" in review
    assert _step_url(agreement, 1) in review


def test_the_hours_table_starts_from_the_network_plan(network, org, start, plan):
    agreement = start(network, PERSONNEL, org["leader"])
    rows = agreement.answers["timer-pr-fase"]
    assert len(rows) == 8  # one row per phase of the network model
    planned = [r for r in rows if r["hours"]]
    assert planned, "the plan's leader hours prefill the table"
    assert all(float(r["hours"]) > 0 for r in planned)


def test_hours_accept_danish_decimal_commas(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    step = next(
        n
        for n, s in enumerate(agreement.template_version.sections, 1)
        if any(q["type"] == "hours" for q in s["questions"])
    )
    response = _post_step(
        login("leader", org),
        agreement,
        step,
        {"timer-pr-fase__1__hours": "7,5", "timer-pr-fase__1__note": "Opstart"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    first = agreement.answers["timer-pr-fase"][0]
    assert (first["hours"], first["note"]) == ("7.5", "Opstart")


def test_a_stale_save_is_refused_and_the_typed_text_shown_again(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    key = _first_text_question(agreement)
    opened_at = agreement.lock_version
    # Tab A saves first ...
    assert _post_step(client, agreement, 1, {key: "Tekst fra fane A"}).status_code == 302
    # ... tab B, opened before that, then saves with its older version.
    response = _post_step(client, agreement, 1, {key: "Tekst fra fane B"}, lock_version=opened_at)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Aftalen er ændret et andet sted" in page
    assert "Tekst fra fane B" in page  # what B typed, kept in the form
    assert "Tekst fra fane A" in page  # what is saved, shown for merging
    agreement.refresh_from_db()
    assert agreement.answers[key] == "Tekst fra fane A"
    # The refused form now carries the current version: saving it again is deliberate.
    assert response.context["form"]["lock_version"].value() == str(agreement.lock_version)


@pytest.mark.parametrize(
    "text",
    [
        '<img src="file:///etc/passwd">',
        "<script>alert(1)</script>",
        "@import url(http://127.0.0.1:9/);",
    ],
)
def test_markup_gets_a_field_error_and_loses_nothing(network, org, login, start, text):
    agreement = start(network, PERSONNEL, org["leader"])
    key = _first_text_question(agreement)
    response = _post_step(login("leader", org), agreement, 1, {key: "Før " + text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "uden HTML- eller CSS-koder" in page
    assert response.context["form"][key].value() == "Før " + text
    agreement.refresh_from_db()
    assert key not in agreement.answers or not agreement.answers[key]


def test_plain_less_than_signs_are_fine(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    key = _first_text_question(agreement)
    response = _post_step(login("leader", org), agreement, 1, {key: "Under 5 timer: < 5 & > 2"})
    assert response.status_code == 302


def test_too_long_text_gets_a_field_error(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    key = _first_text_question(agreement)
    response = _post_step(login("leader", org), agreement, 1, {key: "x" * 10_001})
    assert response.status_code == 400
    assert "højst være 10.000 tegn" in response.content.decode()


def test_periods_must_end_after_they_start(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    step = next(
        n
        for n, s in enumerate(agreement.template_version.sections, 1)
        if any(q["type"] == "periods" for q in s["questions"])
    )
    client = login("leader", org)
    bad = {
        "sekretariatsperioder__0__start": "2027-03-10",
        "sekretariatsperioder__0__end": "2027-03-01",
        "sekretariatsperioder__1__start": "2027-13-40",
    }
    response = _post_step(client, agreement, step, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Perioden slutter, før den begynder." in page
    assert "Indtast en gyldig dato." in page
    good = {
        "sekretariatsperioder__0__start": "2027-03-01",
        "sekretariatsperioder__0__end": "2027-03-12",
        "sekretariatsperioder__0__note": "Intensiv opstart",
    }
    assert _post_step(client, agreement, step, good).status_code == 302
    agreement.refresh_from_db()
    assert agreement.answers["sekretariatsperioder"] == [
        {"start": "2027-03-01", "end": "2027-03-12", "note": "Intensiv opstart"}
    ]


def test_stored_text_is_shown_escaped(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    key = _first_text_question(agreement)
    agreement.answers[key] = "<script>alert('x')</script>"
    agreement.save()
    for persona, url in [
        ("leader", reverse("agreements:review", args=[agreement.pk])),
        ("leader", _step_url(agreement, 1)),
        ("personnel", agreement.get_absolute_url()),
    ]:
        page = login(persona, org).get(url).content.decode()
        assert "<script>alert(" not in page
        assert "&lt;script&gt;alert(" in page


def test_the_leader_resumes_from_mine_netvaerk(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    Agreement.objects.filter(pk=agreement.pk).update(last_step=3)
    page = login("leader", org).get(reverse("home")).content.decode()
    assert _step_url(agreement, 3) in page
    assert "trin 3 af" in page


def test_saving_another_step_in_another_tab_is_no_conflict(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    page2 = client.get(_step_url(agreement, 2)).context["form"]
    opened = {"lock_version": page2["lock_version"].value(), "base": page2["base"].value()}
    key1, key2 = _first_text_question(agreement, 1), _first_text_question(agreement, 2)
    assert _post_step(client, agreement, 1, {key1: "Fane A, trin 1"}).status_code == 302
    response = client.post(
        _step_url(agreement, 2), {**opened, key2: "Fane B, trin 2", "go": "stay"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.answers[key1], agreement.answers[key2]) == (
        "Fane A, trin 1",
        "Fane B, trin 2",
    )


def test_a_save_that_changes_nothing_writes_no_history(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    key = _first_text_question(agreement, 2)
    _post_step(client, agreement, 2, {key: "Samme tekst"}, go="stay")
    before = agreement.history.count()
    _post_step(client, agreement, 2, {key: "Samme tekst"}, go="stay")
    assert agreement.history.count() == before


def test_required_answers_are_listed_and_block_the_meeting(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    blank = {f"timer-pr-fase__{n}__hours": "" for n in range(1, 9)}
    # A draft may be incomplete: the step saves ...
    assert _post_step(client, agreement, 1, blank, go="stay").status_code == 302
    agreement.answers["timer-pr-fase"] = [
        {"phase": n, "name": f"Fase {n}", "hours": "", "note": ""} for n in range(1, 9)
    ]
    agreement.save()
    review = client.get(reverse("agreements:review", args=[agreement.pk])).content.decode()
    assert "Mangler at blive udfyldt" in review
    response = client.get(reverse("agreements:meeting", args=[agreement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("agreements:review", args=[agreement.pk])
    assert "Udfyld det, der mangler" in response.content.decode()
    # ... and the meeting cannot be set by posting directly either.
    agreement.refresh_from_db()
    data = {"lock_version": agreement.lock_version, "date": "2030-01-15", "time": "10:00"}
    data |= {"duration": "60", "place": "Rådhuset"}
    client.post(reverse("agreements:meeting", args=[agreement.pk]), data)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_a_competence_picker_holds_to_its_number_of_choices(network, org, login, start):
    from roles.models import Competence

    agreement = start(network, PERSONNEL, org["leader"])
    step = next(
        n
        for n, s in enumerate(agreement.template_version.sections, 1)
        if any(q["key"] == "kompetencer-udvikles" for q in s["questions"])
    )
    names = list(Competence.objects.values_list("name", flat=True))
    client = login("leader", org)
    too_many = _post_step(client, agreement, step, {"kompetencer-udvikles": names[:6]})
    assert too_many.status_code == 400
    assert "Vælg højst 4." in too_many.content.decode()
    too_few = _post_step(client, agreement, step, {"kompetencer-udvikles": names[:1]})
    assert "Vælg mindst 2." in too_few.content.decode()
    assert (
        _post_step(client, agreement, step, {"kompetencer-udvikles": names[:3]}).status_code == 302
    )
    assert _post_step(client, agreement, step, {}).status_code == 302  # a draft may be empty
