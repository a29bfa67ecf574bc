"""Anonymise one person everywhere (portal/anonymise.py).

python manage.py anonymise_person USERNAME [--yes]
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.anonymise import anonymise_person
from roles.models import Person


class Command(BaseCommand):
    help = (
        "Erstatter en fratrådt medarbejders navn og kontaktoplysninger overalt i portalen, "
        "også i historik, administrationens log, loginforsøg og cachede PDF'er."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--yes", action="store_true", help="Spørg ikke om bekræftelse.")

    def handle(self, *args, username, yes, **options):
        user = get_user_model().objects.filter(username=username).first()
        person = Person.objects.filter(user=user).select_related("user").first() if user else None
        if person is None:
            raise CommandError(f"Ingen medarbejder med brugernavnet {username!r}.")
        if person.anonymised_at:
            raise CommandError(f"{username} er allerede anonymiseret.")
        if person.left_on is None:
            self.stdout.write(
                self.style.WARNING(f"{person.name} er ikke registreret som fratrådt.")
            )
        if not yes:
            answer = input(f"Anonymisér {person.name} ({username}) overalt? Skriv ja: ")
            if answer.strip().lower() != "ja":
                raise CommandError("Afbrudt: intet er ændret.")
        result = anonymise_person(person)
        for table, rows in sorted(result["tables"].items()):
            self.stdout.write(f"{table}: {rows} rækker")
        self.stdout.write(
            self.style.SUCCESS(f"Person {person.pk} er anonymiseret (anonym-{person.pk}).")
        )
