#!/usr/bin/env python
"""PDF speed, measured side by side in one run.

    .venv/bin/python bench/pdf_benchmark.py [--iterations 7]

For a typical role pamphlet (A4, the reference leader's, personalised for a demo network),
a typical agreement (the demo network's agreement with its reference leader, the "til
mødet" edition) and the largest agreement the forms accept (the same agreement with every
text answer at the limits of agreements/answers.py: as many characters and lines as allowed,
each answer and all together, checked against the form's own fields; never saved) it
prints, side by side, the median of:
  portal render  – the portal's renderer: fork from the warm render process, WeasyPrint
                   with the locked-down fetcher, PDF/UA, the time limit, the pipe back;
  raw WeasyPrint – WeasyPrint called directly in this process on the same HTML with the
                   same options (PDF/UA-1, the same fetcher): the cost of rendering alone;
  cached download – a full GET of the PDF through Django when the PDF is in the cache.
It uses the database of the environment (the demo data from `make run` by default) and a
temporary PDF cache. Speed is measured here, never by a timed test.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netvaerk.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ["PDF_CACHE_DIR"] = tempfile.mkdtemp(prefix="netvaerk-bench-pdf-")


def median_ms(fn, iterations):
    times = []
    for _ in range(iterations):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def largest_accepted_answers(agreement):
    """Every answer of the agreement as large as the step form accepts, in the shape that
    prints the most pages: each long answer uses all its lines (short lines, then one long
    paragraph), the characters spread evenly within the total for the agreement."""
    from agreements import answers as limits

    content = agreement.template_version.content
    questions = [q for s in content["sections"] for q in s["questions"]]
    long_questions = [q for q in questions if q["type"] == "long_text"]
    short_questions = [q for q in questions if q["type"] == "short_text"]
    budget = limits.AGREEMENT_TEXT_MAX - limits.SHORT_TEXT_MAX * len(short_questions)
    each = min(limits.LONG_TEXT_MAX, budget // max(1, len(long_questions)))
    words = "netværket samarbejder med kommunens borgere om fællesskaber mod ensomhed ".split()

    def prose(n, seed):
        text, i = [], seed
        while sum(len(w) + 1 for w in text) < n:
            text.append(words[i % len(words)])
            i += 3
        return " ".join(text)[:n]

    result = dict(agreement.answers)
    for number, q in enumerate(long_questions):
        lines = [f"- punkt {i}" for i in range(1, limits.LONG_TEXT_MAX_LINES)]
        head = "\n".join(lines) + "\n"
        result[q["key"]] = head + prose(each - len(head), number)
    for number, q in enumerate(short_questions):
        result[q["key"]] = prose(limits.SHORT_TEXT_MAX, number)
    # The form's own fields and the total check accept every one of them.
    from django import forms

    form = forms.Form()
    for q in long_questions + short_questions:
        limits.add_fields(form, q, None, limits.Catalogue())
        form.fields[q["key"]].clean(result[q["key"]])
    total = sum(len(result[q["key"]]) for q in long_questions + short_questions)
    assert total <= limits.AGREEMENT_TEXT_MAX, total
    return result, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    import weasyprint
    from django.test import Client
    from django.urls import reverse

    from agreements.selectors import counterpart_for, pamphlet_personalisation
    from core.pdf import clear_pdf_cache, render_pdf, static_roots
    from netvaerk.models import Network, NetworkRole
    from roles import pamphlets

    network = (
        Network.objects.filter(roles__role=NetworkRole.Role.REFERENCE_LEADER, roles__ends_on=None)
        .order_by("pk")
        .first()
    )
    if network is None:
        sys.exit("No network with a reference leader: run `make run` (demo data) first.")
    counterpart, leader = counterpart_for(network, "referenceleder")
    personal = pamphlet_personalisation(network, counterpart.recipient, leader)
    html = pamphlets.pamphlet_html(counterpart.role, fmt="a4", personal=personal)

    from agreements import pdfs
    from agreements.models import Agreement

    agreement = (
        Agreement.objects.filter(network=network, template__key="aftale-referenceleder")
        .select_related("network", "template", "template_version", "leader__user")
        .first()
    )
    if agreement is None:
        sys.exit("No demo agreement: run `make run` (demo data) first.")

    documents = [
        (
            "role pamphlet A4",
            html,
            counterpart.recipient.user,
            reverse("agreements:network-pamphlet-pdf", args=[network.slug, "referenceleder", "a4"]),
        ),
        (
            "agreement, til mødet",
            pdfs.agreement_html(agreement, "til-moedet"),
            agreement.leader.user,
            reverse("agreements:pdf", args=[agreement.pk, "til-moedet"]),
        ),
    ]
    saved_answers = agreement.answers
    agreement.answers, total = largest_accepted_answers(agreement)
    largest_html = pdfs.agreement_html(agreement, "til-moedet")
    agreement.answers = saved_answers
    documents.append(("largest accepted", largest_html, None, None))

    from django.conf import settings
    from pypdf import PdfReader

    from core.pdf_tagging import finish
    from core.pdf_worker import STATIC_BASE_URL, PortalURLFetcher, soft_wrap

    print(f"PDF benchmark, median of {args.iterations} (ms), {network.name}")
    print(f"{'document':<22} {'portal render':>14} {'raw WeasyPrint':>15} {'cached download':>16}")
    render_pdf(documents[0][1])  # start and warm the render process once, as a server has
    for label, document_html, user, url in documents:
        portal = median_ms(lambda h=document_html: render_pdf(h), args.iterations)

        def raw(h=document_html):
            fetcher = PortalURLFetcher(static_roots())
            document = weasyprint.HTML(
                string=soft_wrap(h), base_url=STATIC_BASE_URL, url_fetcher=fetcher
            )
            return document.write_pdf(pdf_variant="pdf/ua-1", attachments=[], finisher=finish)

        pages = len(PdfReader(io.BytesIO(raw())).pages)
        raw_ms = median_ms(raw, args.iterations)
        if url is None:  # not a stored document: no download to measure
            limit = settings.PDF_RENDER_TIMEOUT * 1000
            print(
                f"{label:<22} {portal:>14.0f} {raw_ms:>15.0f} {'–':>16}   ({pages} pages, "
                f"{total:,} characters of answers; {portal / limit:.0%} of the time limit)"
            )
            continue

        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clear_pdf_cache()
        first = client.get(url)
        assert first.status_code == 200 and first["X-PDF-Cache"] == "miss", first.status_code

        def download(c=client, u=url):
            response = c.get(u)
            assert response["X-PDF-Cache"] == "hit"

        cached = median_ms(download, args.iterations)
        size = len(first.content) // 1024
        print(
            f"{label:<22} {portal:>14.0f} {raw_ms:>15.0f} {cached:>16.1f}   "
            f"({pages} pages, {size} KiB)"
        )


if __name__ == "__main__":
    main()
