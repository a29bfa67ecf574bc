from django.core.management import call_command
from django.core.management.base import BaseCommand

from agreements import templating
from agreements.models import Template


class Command(BaseCommand):
    help = "Indlæser skabeloner til samarbejdsaftaler og refleksionsværktøjer (hvis der ingen er)."

    def handle(self, *args, **options):
        if not Template.objects.exists():
            call_command("loaddata", "agreement_templates", verbosity=0)
            self.stdout.write("Skabeloner til samarbejdsaftaler og refleksioner indlæst.")
        versions = templating.publish_all()
        self.stdout.write(f"{len(versions)} skabeloner er klar.")
