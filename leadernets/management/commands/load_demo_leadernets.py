"""The demo leader network's first season: two meetings, the first held with a note from
the facilitator, the second ahead, so the demo manager `personaleleder` (a member) can add
a note and evaluate. Made through the same services as the pages; run it again and nothing
changes. Needs `load_demo` first."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from leadernets import services
from leadernets.models import Season
from netvaerk.models import Network, NetworkRole

SLUG = "faelles-ledelseskultur"
MEETINGS = [
    (
        -21,
        "Ledelse på tværs: når løsningen er udviklet i et andet område",
        "Rådhuset, mødelokale 2",
        "Vi delte dilemmaer om ejerskab. Aftale til næste gang: hver tager et eksempel med, "
        "hvor en medarbejder har brugt tid i et netværk, og hvad det gav i basis.",
    ),
    (21, "Tid til netværk: balancen mellem drift og udvikling", "Albertslund Bibliotek", ""),
]


class Command(BaseCommand):
    help = "Indlæser en sæson med møder og en note i demoens ledernetværk."

    @transaction.atomic
    def handle(self, *args, **options):
        network = Network.objects.filter(slug=SLUG, type=Network.Type.LEADER).first()
        if network is None:
            self.stdout.write("Demoens ledernetværk findes ikke (kør load_demo først).")
            return
        if Season.objects.filter(network=network).exists():
            self.stdout.write("Ledernetværkets sæson findes allerede.")
            return
        facilitator = (
            network.roles.active()
            .filter(role=NetworkRole.Role.LEADER)
            .select_related("person")
            .first()
        )
        today = timezone.localdate()
        season = services.season_create(
            network=network,
            name=f"Sæson {today.year}",
            starts_on=today - datetime.timedelta(days=45),
            ends_on=today + datetime.timedelta(days=75),
        )
        for days, theme, place, note in MEETINGS:
            meeting = services.meeting_create(
                season=season,
                held_on=today + datetime.timedelta(days=days),
                theme=theme,
                place=place,
            )
            if note and facilitator is not None:
                services.note_create(meeting=meeting, author=facilitator.person, text=note)
        self.stdout.write(self.style.SUCCESS("Ledernetværkets sæson er indlæst."))
