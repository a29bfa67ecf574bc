import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Comment, Template
from netvaerk.models import Network, NetworkRole

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_agreements.json"


class Command(BaseCommand):
    help = (
        "Indlæser demoaftaler for demonetværket: to aftalte (personalelederaftalen med perioder "
        "i sekretariatet), én kladde og en refleksion."
    )

    def handle(self, *args, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        network = Network.objects.filter(slug=data["network"]).first()
        if network is None:
            self.stdout.write("Demonetværket findes ikke; kør load_demo først.")
            return
        if Agreement.objects.filter(network=network).exists():
            self.stdout.write("Demoaftalerne findes allerede.")
            return
        leader = network.roles.active().get(role=NetworkRole.Role.LEADER).person
        for item in data["reflections"]:
            self._start(network, leader, item)
        for item in data["agreements"]:
            agreement = self._start(network, leader, item)
            if item["state"] == "agreed":
                self._agree(agreement, leader, item)
        self.stdout.write("Demoaftaler indlæst.")

    def _start(self, network, leader, item):
        agreement, _created = services.agreement_start(
            network=network, template=Template.objects.get(key=item["template"]), leader=leader
        )
        services.agreement_save_step(
            agreement=agreement,
            step=item.get("last_step", agreement.steps),
            answers=item["answers"],
            lock_version=agreement.lock_version,
        )
        return agreement

    def _agree(self, agreement, leader, item):
        meeting = timezone.make_aware(datetime.datetime.fromisoformat(item["meeting"]))
        services.agreement_mark_ready(
            agreement=agreement,
            meeting_at=meeting,
            meeting_place=item["place"],
            lock_version=agreement.lock_version,
        )
        Comment.objects.create(
            agreement=agreement,
            revision=agreement.revision,
            author=agreement.counterpart,
            text=item["comment"],
            created_at=meeting - datetime.timedelta(days=2),
        )
        for party, person in [("counterpart", agreement.counterpart), ("leader", leader)]:
            services.agreement_confirm(
                agreement=agreement,
                party=party,
                person=person,
                lock_version=agreement.lock_version,
            )
        # Demo data tells a story in the past: confirmed and agreed in the meeting.
        agreed_at = meeting + datetime.timedelta(hours=1)
        agreement.confirmations.update(confirmed_at=agreed_at)
        agreement.revisions.update(agreed_at=agreed_at)
