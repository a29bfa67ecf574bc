"""Competence self-assessments for the demo: the network leader's at the start of the role
and a recent one, the recent one shared with their personnel leader (who has not yet
written their own beside it); and the co-driver's training in network leadership, agreed
and planned to start on the first of the month after next. Made through the same services
as the pages; run it again and nothing changes."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from competences import services
from competences.access import ASSESSING_ROLES
from competences.models import Assessment, Training
from competences.training import training_plan, training_update
from netvaerk.models import NetworkRole
from roles.models import Competence, Person

LEADER = "netvaerksleder"
CO_DRIVER = "codriver"

# (level, note) per competence position: at the start, and now.
FIRST = {
    1: (3, ""),
    2: (2, "Svært at få hjemmeplejen til at tage ejerskab."),
    3: (3, ""),
    4: (4, ""),
    5: (2, "Jeg vil gerne kende målet, før vi går i gang."),
    6: (2, ""),
    7: (3, ""),
    8: (3, ""),
    9: (4, ""),
    10: (4, "Glæder mig til netværkslederuddannelsen."),
}
LATER = {
    1: (4, "Pårørendeforeningen er kommet med i netværket."),
    2: (3, ""),
    3: (4, ""),
    4: (4, ""),
    5: (4, "Første prøvehandling er i gang uden fast plan – det gik."),
    6: (3, "Referencelederen har hjulpet med at koble os til ældrepolitikken."),
    7: (3, ""),
    8: (3, ""),
    9: (4, ""),
    10: (5, ""),
}


class Command(BaseCommand):
    help = "Indlæs demo-kompetencevurderinger for netværkslederen."

    @transaction.atomic
    def handle(self, *args, **options):
        self.co_driver_training()
        person = Person.objects.filter(user__username=LEADER).first()
        if person is None or Assessment.objects.filter(person=person).exists():
            return
        competences = {c.position: c for c in Competence.objects.all()}
        today = timezone.localdate()
        role = person.network_roles.filter(role__in=ASSESSING_ROLES).order_by("-starts_on").first()
        first_on = today - datetime.timedelta(days=60)
        if role is not None and today - datetime.timedelta(days=14) >= role.starts_on:
            first_on = role.starts_on
        for day, levels in [(first_on, FIRST), (today - datetime.timedelta(days=3), LATER)]:
            assessment = services.assessment_create(
                person=person,
                assessed_on=day,
                levels={competences[n]: value for n, value in levels.items() if n in competences},
            )
        if person.manager_id:
            services.assessment_share(assessment=assessment)
        self.stdout.write("Demo-kompetencevurderinger indlæst.")

    def co_driver_training(self):
        person = Person.objects.filter(user__username=CO_DRIVER).first()
        if person is None:
            return
        today = timezone.localdate()
        if not Training.objects.filter(person=person).exists():
            month = today.month + 2
            starts = datetime.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
            training_plan(person=person, planned_start=starts)
        # Another co-driver has completed the training: the secretariat's pool is not empty.
        other = (
            Person.objects.filter(network_roles__role=NetworkRole.Role.CO_DRIVER)
            .exclude(pk=person.pk)
            .order_by("pk")
            .first()
        )
        if other is not None and not Training.objects.filter(person=other).exists():
            began = datetime.date(today.year - 1, today.month, 1)
            ended = today - datetime.timedelta(days=60)
            training = training_plan(person=other, planned_start=began)
            training_update(
                training=training,
                planned_start=began,
                started_on=began,
                completed_on=ended,
                by=None,
            )
        self.stdout.write("Co-driverens uddannelse i netværksledelse indlæst.")
