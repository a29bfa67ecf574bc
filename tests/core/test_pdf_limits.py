"""A PDF the portal accepts, it can print (#13): the text limits of the step form, a failed
render remembered, and a machine-wide limit on renders at once. Speed is measured by
bench/pdf_benchmark.py ("largest accepted"), never here."""

from html import unescape

import pytest
from django.urls import reverse

from agreements import answers as limits
from core import pdf
from core.pdf_worker import soft_wrap

from ..pdftools import pdftext

pytestmark = pytest.mark.django_db

PERSONNEL = "aftale-personaleleder"
ZWSP = "\u200b"


def _long_questions(agreement, step=None):
    sections = agreement.template_version.sections
    chosen = sections if step is None else [sections[step - 1]]
    return [q["key"] for s in chosen for q in s["questions"] if q["type"] == "long_text"]


def _post_step(client, agreement, step, answers):
    agreement.refresh_from_db()
    data = {"lock_version": agreement.lock_version, "go": "stay", **answers}
    return client.post(reverse("agreements:step", args=[agreement.pk, step]), data)


def _pdf(client, agreement):
    return client.get(reverse("agreements:pdf", args=[agreement.pk, "til-moedet"]))


def _at_the_limit():
    """As large as one answer may be: every line used, the rest one long paragraph with a
    run of letters and no space (the shape that was slowest to print)."""
    head = "\n".join(f"Punkt {i}" for i in range(1, limits.LONG_TEXT_MAX_LINES)) + "\n"
    body = "Slutningen af svaret om tidsbalancen. " + "Æ" * 400 + " "
    body += "netværket mødes hver måned " * 400
    answer = (head + body)[: limits.LONG_TEXT_MAX]
    assert len(answer) == limits.LONG_TEXT_MAX
    assert answer.count("\n") + 1 == limits.LONG_TEXT_MAX_LINES
    return answer


def test_an_answer_at_the_limit_is_accepted_and_its_pdf_renders(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    key = _long_questions(agreement, 1)[0]
    client = login("leader", org)
    answer = _at_the_limit()
    assert _post_step(client, agreement, 1, {key: answer}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.answers[key] == answer.strip()
    response = _pdf(client, agreement)  # the one real render of this file
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdftext(response.content).replace(ZWSP, "").split())
    assert "Punkt 99" in text
    assert "Slutningen af svaret om tidsbalancen" in text


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("x" * (limits.LONG_TEXT_MAX + 1), "Svaret må højst være 10.000 tegn"),
        ("kort linje\n" * limits.LONG_TEXT_MAX_LINES + "sidste", "højst 100 kan komme med"),
    ],
)
def test_an_answer_over_the_limit_is_refused_in_danish_and_kept(
    network, org, login, start, answer, message
):
    agreement = start(network, PERSONNEL, org["leader"])
    key = _long_questions(agreement, 1)[0]
    response = _post_step(login("leader", org), agreement, 1, {key: answer})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Din tekst er ikke gemt endnu" in response.content.decode()
    assert response.context["form"][key].value() == answer
    agreement.refresh_from_db()
    assert not agreement.answers.get(key)


def test_all_answers_together_are_limited_and_the_text_kept(network, org, login, start):
    agreement = start(network, PERSONNEL, org["leader"])
    step_keys = _long_questions(agreement, 1)
    others = [k for k in _long_questions(agreement) if k not in step_keys]
    stored = limits.AGREEMENT_TEXT_MAX // limits.LONG_TEXT_MAX  # answers at the limit
    assert len(others) >= stored
    for key in others[:stored]:
        agreement.answers[key] = "a" * limits.LONG_TEXT_MAX
    agreement.save()
    typed = "Et svar, der lige netop får aftalen over grænsen."
    response = _post_step(login("leader", org), agreement, 1, {step_keys[0]: typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Aftalens svar må tilsammen højst være 60.000 tegn" in page
    assert response.context["form"][step_keys[0]].value() == typed


def _fake_renders(monkeypatch, fail):
    calls = []

    def render_pdf(html, *, timeout=None):
        calls.append(html)
        if fail:
            raise pdf.PdfTimeout(pdf._timeout_message(20))
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(pdf, "render_pdf", render_pdf)
    return calls


def test_a_failed_render_is_remembered_until_the_content_changes(
    network, org, login, start, monkeypatch
):
    renders = _fake_renders(monkeypatch, fail=True)
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    first = _pdf(client, agreement)
    again = _pdf(client, agreement)
    assert len(renders) == 1  # the second click was answered from the memory
    for response in (first, again):
        assert response.status_code == 503
        page = unescape(response.content.decode())
        assert "PDF'en kunne ikke laves inden for 20 sekunder" in page
        assert int(response["Retry-After"]) > 0
    agreement.answers[_long_questions(agreement, 1)[0]] = "Rettet og kortere"
    agreement.save()
    assert _pdf(client, agreement).status_code == 503
    assert len(renders) == 2  # new content, new try


def test_with_every_slot_taken_a_pdf_is_refused_quickly_and_pages_still_answer(
    network, org, login, start, monkeypatch, settings, tmp_path
):
    settings.PDF_LOCK_DIR = str(tmp_path)
    settings.PDF_MAX_CONCURRENT_RENDERS = 2
    settings.PDF_RENDER_SLOT_WAIT = 0.1
    renders = _fake_renders(monkeypatch, fail=False)
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    with pdf.render_slot(0), pdf.render_slot(0):  # as two renders elsewhere on the machine
        with pytest.raises(pdf.PdfBusy):
            with pdf.render_slot(0):
                pass
        busy = _pdf(client, agreement)
        assert busy.status_code == 503
        page = unescape(busy.content.decode())
        assert "Der laves mange PDF'er lige nu. Prøv igen om et øjeblik." in page
        assert busy["Retry-After"] == str(pdf.PdfBusy.retry_after)
        client.logout()
        assert client.get(reverse("login")).status_code == 200
    assert renders == []
    client = login("leader", org)
    freed = _pdf(client, agreement)  # "busy" is not remembered as a failure
    assert freed.status_code == 200
    assert len(renders) == 1


def test_long_runs_get_break_opportunities_and_nothing_else_changes():
    link = "https://example.org/" + "a" * 80
    html = (
        "<html><head><title>" + "T" * 40 + "</title><style>.x{content:'" + "s" * 40 + "'}</style>"
        '</head><body><p class="' + "c" * 40 + '">Kort tekst. ' + "b" * 70 + " &amp;" * 3 + "</p>"
        f'<a href="{link}">{link}</a></body></html>'
    )
    wrapped = soft_wrap(html)
    assert wrapped.replace(ZWSP, "") == html
    assert ZWSP + "b" * 30 + ZWSP + "b" * 10 + " " in wrapped
    assert f'href="{link}"' in wrapped
    assert "T" * 40 in wrapped and "s" * 40 in wrapped and "c" * 40 in wrapped
    assert "Kort tekst." in wrapped
    assert soft_wrap("<body><p>" + "&amp;" * 31 + "</p></body>").count("&amp;") == 31


def test_a_line_break_counts_once_as_in_the_browser():
    """The browser's maxlength counts a line break once and sends it as CR LF: what it lets
    through at the limit, the form accepts."""
    field = limits._text_field({"key": "q", "label": "Q"}, long=True)
    assert field.widget.attrs["maxlength"] == limits.LONG_TEXT_MAX
    typed = "\r\n".join(["a" * 100] * 99)
    assert len(typed.replace("\r\n", "\n")) <= limits.LONG_TEXT_MAX < len(typed)
    assert field.clean(typed) == typed
