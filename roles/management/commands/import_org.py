"""Import the organisation (departments and people) from the municipality's own data.

    python manage.py import_org --csv fixtures/org_bundle [--dry-run]
    python manage.py import_org --os2mo https://os2mo.kommune.dk [--dry-run]

The CSV bundle's format is in the README ("The organisation from the municipality's own
data"); OS2mo is read through its GraphQL API with the OS2MO_* settings. Both go through the
same check and the same import (roles.orgimport): one transaction, nothing written when any
row has a problem, and every problem printed with its file and line.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from roles.orgimport import MAX_LEAVERS, ImportRefused, organisation_import, read_csv_bundle
from roles.os2mo import OS2mo, OS2moError, read_os2mo


def _date(value):
    day = parse_date(value)
    if day is None:
        raise ValueError(value)
    return day


class Command(BaseCommand):
    help = (
        "Indlæser afdelinger og medarbejdere fra kommunens egne data: en CSV-pakke (--csv "
        "MAPPE) eller OS2mo (--os2mo URL). Opdaterer på stedet; fratrådte deaktiveres."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--csv", metavar="MAPPE", help="Mappen med departments.csv og people.csv."
        )
        source.add_argument(
            "--os2mo", metavar="URL", help="OS2mo's adresse, fx https://mo.kommune.dk"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hvad der ville ændres, og gem intet."
        )
        parser.add_argument(
            "--examples", type=int, default=5, help="Eksempler pr. slags ændring (standard 5)."
        )
        parser.add_argument(
            "--max-leavers",
            type=int,
            default=MAX_LEAVERS,
            metavar="PROCENT",
            help=f"Afvis, hvis flere end så mange procent ville fratræde (standard {MAX_LEAVERS}).",
        )
        parser.add_argument(
            "--date",
            type=_date,
            help="Fratrædelsesdatoen for dem, der ikke længere er i kilden (standard i dag).",
        )

    def handle(self, *args, csv, os2mo, dry_run, examples, max_leavers, date, **options):
        self.started = time.monotonic()
        source = self.read(csv, os2mo)
        try:
            changes = organisation_import(
                source=source,
                today=date or timezone.localdate(),
                dry_run=dry_run,
                examples=examples,
                max_leavers=max_leavers,
                progress=self.progress,
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(refused.problems)} fejl i data: intet er indlæst. Ret dem, og kør igen."
            ) from None
        for note in changes.notes:
            self.stdout.write(f"Bemærk: {note}")
        for line in changes.lines():
            self.stdout.write(line)
        if changes.counts["person_left"]:
            self.stdout.write(
                "De fratrådtes aktive roller i netværk står under Sekretariatets overblik → "
                "Fratrådte (/sekretariat/fratraadte/), til overdragelse."
            )
        verdict = "intet ændret" if not changes.total else f"{changes.total} ændringer"
        if dry_run:
            self.progress(f"Prøvekørsel: {verdict}, intet er gemt")
        else:
            self.progress(f"Færdig: {verdict}")

    def read(self, folder, url):
        if folder:
            source = read_csv_bundle(folder)
            self.progress(
                f"Læst {len(source.departments)} afdelinger og {len(source.people)} personer "
                f"fra {folder}"
            )
            return source
        client = OS2mo(
            url,
            version=settings.OS2MO_GRAPHQL_VERSION,
            client_id=settings.OS2MO_CLIENT_ID,
            client_secret=settings.OS2MO_CLIENT_SECRET,
            token_url=settings.OS2MO_TOKEN_URL,
            page_size=settings.OS2MO_PAGE_SIZE,
            timeout=settings.OS2MO_TIMEOUT,
        )
        try:
            return read_os2mo(
                client,
                email_address_type=settings.OS2MO_EMAIL_ADDRESS_TYPE,
                username_it_system=settings.OS2MO_USERNAME_IT_SYSTEM,
                roots=settings.OS2MO_ROOT_UNITS,
                progress=self.progress,
            )
        except OS2moError as exc:
            raise CommandError(f"OS2mo kunne ikke læses: {exc}. Intet er indlæst.") from None

    def progress(self, text):
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {text}")
        self.stdout.flush()
