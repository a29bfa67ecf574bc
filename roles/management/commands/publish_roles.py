"""Publish the role descriptions' drafts: after loading the catalogue fixture, or after
filling in English texts. A changed Danish text makes a new version; English alone updates
the live version; an unchanged role description is left as it is."""

from django.core.management.base import BaseCommand

from roles.versions import publish_all


class Command(BaseCommand):
    help = "Offentliggør rollebeskrivelsernes kladder (efter indlæsning af rollekataloget)."

    def handle(self, *args, **options):
        versions = publish_all()
        if options["verbosity"]:
            self.stdout.write(f"{len(versions)} rollebeskrivelser er offentliggjort.")
