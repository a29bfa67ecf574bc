"""Cooperation agreements in a real browser: the leader fills in each of the three agreements
step by step, makes it ready for the meeting and invites; the counterpart comments and
confirms; the leader confirms, and the agreed version comes out as a PDF. Plus a reflection
carried into an agreement, and the warning before leaving a step with unsaved text.

Every page on the way is checked with axe-core (zero violations)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from agreements.models import Agreement
from core.jobs import run_pending
from netvaerk.models import Phase

SHOTS = Path("/tmp/e2e-shots")

AGREEMENTS = [
    pytest.param(
        "aftale-personaleleder",
        "Samarbejdsaftale mellem netværksleder og personaleleder",
        "jens",
        "personnel",
        id="personaleleder",
    ),
    pytest.param(
        "aftale-referenceleder",
        "Samarbejdsaftale mellem netværksleder og referenceleder",
        "helle",
        "reference",
        id="referenceleder",
    ),
    pytest.param(
        "aftale-co-driver",
        "Samarbejdsaftale mellem netværksleder og co-driver",
        "kasper",
        "codriver",
        id="co-driver",
    ),
]


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_in_again(page, browser_login, username):
    """Log out the way a browser forgets a session, and log in as someone else."""
    page.context.clear_cookies()
    browser_login(username)


def _step_heading(page, step, steps, title):
    heading = page.get_by_role("heading", level=1)
    expect(heading.get_by_text(f"Trin {step} af {steps}", exact=True)).to_be_visible()
    expect(heading).to_contain_text(title)
    expect(page.get_by_role("progressbar", name="Fremskridt")).to_have_attribute(
        "aria-valuetext", f"Trin {step} af {steps}"
    )


def fill_step(page, section, marker):
    """Answer every question of one step as a user would: type text, tick the first choice,
    give dates, one period and (with a Danish decimal comma) one week's hours.

    Returns what the step's answers read like afterwards: (what a question field should
    hold when the step is opened again, what the review page should show)."""
    kept, shown = [], []
    for q in section["questions"]:
        label, kind, key = q["label"], q["type"], q["key"]
        if kind in ("short_text", "long_text"):
            text = f"{marker}: svar på {key}"
            field = page.get_by_label(label, exact=True)
            field.fill(text)
            kept.append((field, text))
            shown.append(text)
        elif kind in ("choice", "yes_no"):
            group = page.get_by_role("group", name=label)
            choice = group.get_by_role("radio").first
            choice.check()
            kept.append((choice, True))
            shown.append(group.locator("label").first.inner_text().strip())
        elif kind in ("multi", "competences", "profiles"):
            group = page.get_by_role("group", name=label)
            # Tick as many as the question asks for at least (one if it says nothing).
            for i in range(q.get("min_choices") or 1):
                box = group.get_by_role("checkbox").nth(i)
                box.check()
                kept.append((box, True))
                shown.append(group.locator("label").nth(i).inner_text().strip())
        elif kind == "date":
            field = page.get_by_label(label, exact=True)
            field.fill("2030-03-02")
            kept.append((field, "2030-03-02"))
            shown.append("2. marts 2030")
        elif kind == "periods":
            page.get_by_label("Periode 1 fra", exact=True).fill("2030-02-01")
            page.get_by_label("Periode 1 til", exact=True).fill("2030-06-30")
            note = page.get_by_label("Periode 1, note", exact=True)
            note.fill(f"{marker}: to dage om ugen")
            kept.append((note, f"{marker}: to dage om ugen"))
            shown += ["1. februar 2030", "30. juni 2030", f"{marker}: to dage om ugen"]
        elif kind == "hours":
            first = Phase.objects.order_by("number").first().name
            hours = page.get_by_label(f"{first}: timer pr. uge", exact=True)
            hours.fill("7,5")
            page.get_by_label(f"{first}: note", exact=True).fill(f"{marker}: mest i opstarten")
            kept.append((hours, "7,5"))
            shown += ["7,5", f"{marker}: mest i opstarten"]
        else:  # pragma: no cover - a new question type needs a line here
            raise AssertionError(f"unknown question type {kind!r}")
    return kept, shown


def expect_kept(kept):
    for field, value in kept:
        if value is True:
            expect(field).to_be_checked()
        else:
            expect(field).to_have_value(value)


@pytest.mark.parametrize(("key", "title", "username", "persona"), AGREEMENTS)
def test_an_agreement_from_first_step_to_agreed_pdf(
    network,
    org,
    templates,
    request,
    live_server,
    page,
    browser_login,
    check_a11y,
    key,
    title,
    username,
    persona,
):
    if key == "aftale-personaleleder":
        request.getfixturevalue("plan")  # the hours table starts from the network's plan
    counterpart = org[persona]

    # 1. The leader starts the agreement from the network page and fills in every step.
    browser_login("signe")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/")
    page.get_by_role("link", name="Samarbejdsaftaler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samarbejdsaftaler")
    check_a11y(page)
    card = page.get_by_role("region", name=title)
    expect(card.get_by_text("Ikke startet")).to_be_visible()
    card.get_by_role("button", name="Start aftalen").click()

    agreement = Agreement.objects.get(network=network, template__key=key)
    sections = agreement.template_version.content["sections"]
    steps = len(sections)
    kept, shown = {}, {}
    for number, section in enumerate(sections, start=1):
        _step_heading(page, number, steps, section["title"])
        marker = f"{username} trin {number}"
        kept[number], shown[number] = fill_step(page, section, marker)
        kinds = {q["type"] for q in section["questions"]}
        if kinds & {"hours", "periods"}:
            _shot(page, f"{key}-trin-{number}")
        check_a11y(page)
        if number == 2:
            # Back saves too: the step before still holds its answers, and so does this one.
            page.get_by_role("button", name="Gem og gå tilbage").click()
            expect(page.get_by_text("Trin 2 er gemt.")).to_be_visible()
            _step_heading(page, 1, steps, sections[0]["title"])
            expect_kept(kept[1])
            page.get_by_role("button", name="Gem og gå videre").click()
            _step_heading(page, 2, steps, section["title"])
            expect_kept(kept[2])
        if number < steps:
            page.get_by_role("button", name="Gem og gå videre").click()
        else:
            page.get_by_role("button", name="Gem og gennemse").click()
        expect(page.get_by_text(f"Trin {number} er gemt.")).to_be_visible()

    # 2. The review shows every answer; the leader sets the meeting and sends the invitation.
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse dine svar")
    expect(page.get_by_text("Mangler at blive udfyldt")).to_have_count(0)
    for number, section in enumerate(sections, start=1):
        region = page.get_by_role("region", name=f"{number}. {section['title']}")
        for text in shown[number]:
            expect(region).to_contain_text(text)
    _shot(page, f"{key}-gennemse")
    check_a11y(page)

    page.get_by_role("link", name="Klar til mødet: vælg tid og sted").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klar til mødet")
    check_a11y(page)
    page.get_by_label("Dato").fill("2030-01-15")
    page.get_by_label("Klokkeslæt").fill("10:00")
    page.get_by_label("Sted").fill("Rådhuset, mødelokale 2")
    expect(page.get_by_label("Send en invitation")).to_be_checked()
    _shot(page, f"{key}-moede")
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_text(f"invitationen sendes nu til {counterpart.name}")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    meeting = "tirsdag 15. januar 2030 kl. 10:00, Rådhuset, mødelokale 2"
    expect(page.get_by_role("region", name="Parter og bekræftelser")).to_contain_text(meeting)
    check_a11y(page)

    run_pending()  # the worker sends the invitation
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == [counterpart.email]
    assert "invitation.ics" in [name for name, _content, _mime in invitation.attachments]

    # 3. The counterpart finds it on the front page, comments and confirms.
    _log_in_again(page, browser_login, username)
    waiting = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Til dig som samtalepart")
    )
    expect(waiting.get_by_role("link", name=title)).to_be_visible()
    _shot(page, f"{key}-forside-{username}")
    check_a11y(page)
    waiting.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    for number, section in enumerate(sections, start=1):
        region = page.get_by_role("region", name=f"{number}. {section['title']}")
        expect(region).to_contain_text(shown[number][0])
    check_a11y(page)
    comment = f"{counterpart.name}: fint udkast, lad os tale om punkt 2."
    page.get_by_label("Din kommentar").fill(comment)
    page.get_by_role("button", name="Gem kommentar").click()
    expect(page.get_by_text("Din kommentar er gemt.")).to_be_visible()
    expect(page.get_by_role("region", name="Kommentarer")).to_contain_text(comment)
    check_a11y(page)
    page.get_by_role("button", name="Bekræft aftalen (version 1)").click()
    expect(page.get_by_text("Din bekræftelse er registreret.")).to_be_visible()
    _shot(page, f"{key}-bekraeftet-af-{username}")
    check_a11y(page)

    # 4. The leader confirms too: agreed, both parties confirmed, and the agreed PDF.
    _log_in_again(page, browser_login, "signe")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/aftaler/")
    page.get_by_role("region", name=title).get_by_role("link", name="Åbn aftalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("region", name="Kommentarer")).to_contain_text(comment)
    page.get_by_role("button", name="Bekræft aftalen (version 1)").click()
    expect(page.get_by_text("Begge parter har bekræftet. Aftalen er nu aftalt.")).to_be_visible()
    expect(page.locator("main .badge", has_text=re.compile("^Aftalt$"))).to_be_visible()
    parties = page.get_by_role("region", name="Parter og bekræftelser")
    expect(parties.get_by_text("Bekræftet", exact=True)).to_have_count(2)
    expect(parties.get_by_text("Ikke bekræftet")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Bekræft aftalen"))).to_have_count(0)
    _shot(page, f"{key}-aftalt")
    check_a11y(page)

    pdf_link = page.get_by_role("link", name="PDF af den aftalte version")
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"), timeout=60000)
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


def test_a_reflection_carries_its_answers_into_the_co_driver_agreement(
    network, org, templates, live_server, page, browser_login, check_a11y
):
    browser_login("signe")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/aftaler/")
    page.get_by_role("button", name="Start – Find din co-driver").click()

    reflection = Agreement.objects.get(network=network, template__key="refleksion-co-driver")
    sections = reflection.template_version.content["sections"]
    shown = {}
    for number, section in enumerate(sections, start=1):
        _step_heading(page, number, len(sections), section["title"])
        check_a11y(page)
        _kept, shown[number] = fill_step(page, section, f"refleksion trin {number}")
        last = number == len(sections)
        page.get_by_role("button", name="Gem og gennemse" if last else "Gem og gå videre").click()
        expect(page.get_by_text(f"Trin {number} er gemt.")).to_be_visible()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse dine svar")
    check_a11y(page)
    page.get_by_role("link", name="Færdig – vis refleksionen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find din co-driver")
    expect(page.get_by_text("Privat", exact=True)).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Samarbejdsaftaler").last.click()
    card = page.get_by_role("region", name="Samarbejdsaftale mellem netværksleder og co-driver")
    card.get_by_role("button", name="Start med svarene fra refleksionen").click()
    expect(page.get_by_text("Aftalen starter med dine svar fra refleksionen.")).to_be_visible()
    check_a11y(page)

    # The agreement's first step: the profile ticked in the reflection is ticked here.
    profile_question = "Hvilken eller hvilke profiler bringer din co-driver ind i netværket?"
    profiles = page.get_by_role("group", name=profile_question)
    expect(profiles.get_by_role("checkbox").first).to_be_checked()
    page.get_by_role("button", name="Gem og gå videre").click()
    # ...and what she expects of her co-driver is already written in step 2.
    expect(page.get_by_label("Hvad forventer du af din co-driver?", exact=True)).to_have_value(
        "refleksion trin 3: svar på forventninger-til-co-driver"
    )
    # A question only in the reflection is not carried over.
    agreement = Agreement.objects.get(network=network, template__key="aftale-co-driver")
    assert agreement.source_id == reflection.pk
    assert "kandidater" not in agreement.answers


def test_leaving_a_step_with_unsaved_text_asks_first(
    network, org, start, live_server, page, browser_login
):
    agreement = start(network, "aftale-co-driver", org["leader"])
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        if len(dialogs) == 1:
            dialog.dismiss()  # "Stay on the page"
        else:
            dialog.accept()  # "Leave"

    page.on("dialog", on_dialog)
    browser_login("signe")
    page.goto(f"{live_server.url}/aftaler/{agreement.pk}/trin/1/")
    steps = page.get_by_role("navigation", name="Trin i skabelonen")
    text = page.get_by_label("Hvordan kommer co-driverens profil konkret i spil i netværket?")
    text.click()
    text.press_sequentially("Ikke gemt endnu")

    # Staying keeps the page and the text; leaving goes on without saving.
    steps.get_by_role("link", name="Forventninger til hinanden").click()
    expect(page).to_have_url(re.compile(r"/trin/1/$"))
    expect(text).to_have_value("Ikke gemt endnu")
    steps.get_by_role("link", name="Forventninger til hinanden").click()
    expect(page).to_have_url(re.compile(r"/trin/2/$"))
    assert dialogs == ["beforeunload", "beforeunload"]
    agreement.refresh_from_db()
    assert agreement.answers.get("co-driver-bidrag", "") == ""

    # After saving, leaving asks nothing.
    page.goto(f"{live_server.url}/aftaler/{agreement.pk}/trin/1/")
    page.get_by_role("group", name=re.compile("Hvilken eller hvilke profiler")).get_by_role(
        "checkbox"
    ).first.check()
    text.click()
    text.press_sequentially("Nu gemt")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("Trin 1 er gemt.")).to_be_visible()
    expect(text).to_have_value("Nu gemt")
    steps.get_by_role("link", name="Forventninger til hinanden").click()
    expect(page).to_have_url(re.compile(r"/trin/2/$"))
    assert dialogs == ["beforeunload", "beforeunload"]
