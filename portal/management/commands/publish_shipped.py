"""Bring the shipped content's published versions up to date after loading it or filling in
its English (`load_english`): every agreement template, role description and process
description that was never published is published, and the English of each live version is
updated where its Danish is unchanged. A draft whose Danish the secretariat has changed is
theirs to publish and is left alone (core.content.publish_shipped)."""

from django.core.management.base import BaseCommand

from agreements import templating
from netvaerk import processes
from roles import versions as role_versions


class Command(BaseCommand):
    help = "Offentliggør det medfølgende indhold og dets engelske tekster."

    def handle(self, *args, **options):
        templating.publish_all()
        role_versions.publish_all()
        processes.publish_all()
        if options["verbosity"]:
            self.stdout.write("Skabeloner, rollebeskrivelser og forløbsbeskrivelser er ajour.")
