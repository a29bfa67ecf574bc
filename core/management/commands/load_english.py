"""Bring the English of the shipped content into a database made before it had English.

A new database gets the English with the fixtures themselves (`load_templates`,
`load_demo`); a database made earlier holds the same texts without it. For every object in
the shipped fixtures this fills each empty English field (`<field>_en`) from the fixture,
but only where the row's Danish text is still the fixture's own: a text the municipality has
changed keeps its empty English rather than get one that no longer matches, and English
someone has written is never overwritten. Running it again changes nothing.

It fills the draft rows only and publishes nothing (core does not know the apps that own
the content): the published versions get the English when they are next published, by the
secretariat in its editors or by the commands that publish (`load_templates` publishes the
agreement templates, so `make demo` runs this command before it).
"""

import json

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURES = ("agreement_templates", "catalogue", "process_descriptions")


def _same_text(a, b):
    """Whether two texts are the same apart from line endings and surrounding whitespace
    (a text saved unchanged from a browser form comes back with CRLF line endings)."""
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


def fixture_objects(names=FIXTURES):
    """`(model label, pk, fields)` for every object in the shipped fixtures."""
    folder = settings.BASE_DIR / "fixtures"
    for name in names:
        for obj in json.loads((folder / f"{name}.json").read_text(encoding="utf-8")):
            yield obj["model"], obj["pk"], obj["fields"]


def fill_english(objects):
    """Fill the empty English fields of existing rows from `objects` (see the module's
    docstring). Returns the number of texts filled."""
    filled = 0
    for label, pk, fields in objects:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        texts = [
            key.removesuffix("_en")
            for key, english in fields.items()
            if key.endswith("_en")
            and (english or "").strip()
            and key.removesuffix("_en") in fields
            and {key, key.removesuffix("_en")} <= names
        ]
        if not texts:
            continue
        row = model._default_manager.filter(pk=pk).first()
        if row is None:
            continue
        changes = {
            f"{name}_en": fields[f"{name}_en"]
            for name in texts
            if _same_text(getattr(row, name), fields[name])
            and not (getattr(row, f"{name}_en") or "").strip()
        }
        if changes:
            model._default_manager.filter(pk=pk).update(**changes)
            filled += len(changes)
    return filled


class Command(BaseCommand):
    help = (
        "Udfylder tomme engelske tekster i det medfølgende indhold (skabeloner, rollekatalog, "
        "forløbsbeskrivelser) fra fixtures, hvor den danske tekst er uændret. Offentliggør intet."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            filled = fill_english(fixture_objects())
        if options["verbosity"]:
            self.stdout.write(f"{filled} engelske tekster udfyldt.")
