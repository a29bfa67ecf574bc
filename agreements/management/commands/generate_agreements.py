"""Plans, phase histories, logged hours and agreements in every state for the networks
`generate_org` made (it runs this command), so the workspace, its exports and the agreement
pages can be measured at scale.

    python manage.py generate_agreements --prefix bench

Bulk inserts, reproducible for a given --seed. The agreements have no history rows (they
were never edited through the services); everything else is as the services leave it.
"""

import random
import time
from datetime import datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agreements import selectors, templating
from agreements.models import AgreedRevision, Agreement, Confirmation, Template
from netvaerk.models import (
    Network,
    NetworkPlan,
    NetworkRole,
    Phase,
    PhaseChange,
    PlanStep,
    ProcessTemplate,
    TimeEntry,
)
from netvaerk.planning import monday
from netvaerk.services import STEP_FIELDS

BATCH = 2000
# How often each state occurs for one talk: none, draft, ready, one confirmed, voided, agreed.
STATES = ["none", "draft", "ready", "confirmed", "voided", "agreed"]
WEIGHTS = [20, 25, 15, 10, 5, 25]


class Command(BaseCommand):
    help = "Genererer planer, timer og samarbejdsaftaler til de netværk, generate_org har lavet."

    def add_arguments(self, parser):
        parser.add_argument("--prefix", default="bench")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, prefix, seed, **options):
        self.started = time.monotonic()
        rng = random.Random(seed)
        self.prefix = f"{prefix}-netvaerk-"
        if not Template.objects.exists():
            call_command("load_templates", verbosity=0)
        if not ProcessTemplate.objects.exists():
            call_command("loaddata", "process_descriptions", verbosity=0)
        networks = list(
            Network.objects.filter(slug__startswith=f"{prefix}-netvaerk-")
            .exclude(pk__in=Agreement.objects.values("network_id"))
            .select_related("current_phase")
            .order_by("pk")
        )
        self.people = {}
        for r in NetworkRole.objects.filter(
            network__slug__startswith=f"{prefix}-netvaerk-",
            ends_on__isnull=True,
            role__in=["network_leader", "co_driver", "reference_leader"],
        ).select_related("person"):
            self.people[(r.network_id, r.role)] = r.person
        with transaction.atomic():
            self.make_plans(networks)
            self.make_phase_histories(networks)
            self.make_hours(networks, rng)
            self.make_agreements(networks, rng)
        self.progress("Færdig")

    def progress(self, text):
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {text}")
        self.stdout.flush()

    def make_plans(self, networks):
        templates = {t.network_type: t for t in ProcessTemplate.objects.prefetch_related("steps")}
        plans = [
            NetworkPlan(network=n, template=templates[n.type], starts_on=n.start_date)
            for n in networks
            if n.type in templates and n.start_date
        ]
        NetworkPlan.objects.bulk_create(plans, batch_size=BATCH)
        by_network = {
            p.network_id: p
            for p in NetworkPlan.objects.filter(network__slug__startswith=self.prefix).only(
                "id", "network_id"
            )
        }
        steps = [
            PlanStep(plan=by_network[n.pk], **{f: getattr(s, f) for f in STEP_FIELDS})
            for n in networks
            if n.pk in by_network
            for s in templates[n.type].steps.all()
        ]
        PlanStep.objects.bulk_create(steps, batch_size=BATCH)
        self.progress(f"{len(plans)} planer med {len(steps)} trin")

    def make_phase_histories(self, networks):
        """Each network reached its current phase through the ones before it, spread evenly
        from its start to today."""
        phases = sorted(Phase.objects.all(), key=lambda p: p.number)
        today = timezone.localdate()
        changes = []
        for n in networks:
            if n.current_phase_id is None or n.start_date is None or n.start_date > today:
                continue
            reached = [p for p in phases if p.number <= n.current_phase.number]
            span = (today - n.start_date).days
            for i, phase in enumerate(reached):
                day = n.start_date + timedelta(days=span * i // len(reached))
                changes.append(PhaseChange(network=n, phase=phase, changed_on=day))
        PhaseChange.objects.bulk_create(changes, batch_size=BATCH)
        self.progress(f"{len(changes)} faseskift")

    def make_hours(self, networks, rng):
        """A year of weekly hours for each network's leader (with gaps)."""
        this_week = monday(timezone.localdate())
        entries = []
        for n in networks:
            leader = self._role(n, "network_leader")
            if leader is None:
                continue
            stop = rng.choice([0, 0, 0, 2, 6])  # some leaders stopped logging weeks ago
            for w in range(stop, 52):
                week = this_week - timedelta(weeks=w)
                if n.start_date and week < n.start_date:
                    break
                if rng.random() < 0.8:
                    hours = rng.choice([2, 3, 4, 5, 6, 7.5])
                    entries.append(TimeEntry(network=n, person=leader, week=week, hours=hours))
        TimeEntry.objects.bulk_create(entries, batch_size=BATCH)
        self.progress(f"{len(entries)} ugers timer")

    def _role(self, network, role):
        return self.people.get((network.pk, role))

    def make_agreements(self, networks, rng):
        templates = {
            t.talk: (t, templating.live_version(t) or templating.publish(t)[0])
            for t in Template.objects.filter(kind=Template.Kind.AGREEMENT, is_active=True)
        }
        agreements, states = [], []
        for n in networks:
            leader = self._role(n, "network_leader")
            if leader is None:
                continue
            counterparts = {
                "personnel_leader": leader.manager_id,
                "reference_leader": getattr(self._role(n, "reference_leader"), "pk", None),
                "co_driver": getattr(self._role(n, "co_driver"), "pk", None),
            }
            for talk, (template, version) in templates.items():
                state = rng.choices(STATES, WEIGHTS)[0]
                if state == "none":
                    continue
                if counterparts[talk] is None:
                    state = "draft"  # nobody to meet or confirm with yet
                steps = len(version.content.get("sections", []))
                meeting = timezone.make_aware(
                    datetime.combine(n.start_date or timezone.localdate(), datetime.min.time())
                ) + timedelta(days=rng.randrange(20, 120), hours=10)
                answers = {"bench": f"Svar om {n.theme}"}
                agreements.append(
                    Agreement(
                        network=n,
                        template=template,
                        template_version=version,
                        leader=leader,
                        counterpart_id=counterparts[talk],
                        status={"draft": "draft", "agreed": "agreed"}.get(state, "ready"),
                        revision=1,
                        answers=answers,
                        last_step=rng.randint(1, steps) if state == "draft" else steps,
                        meeting_at=None if state == "draft" else meeting,
                        meeting_place="Rådhuset",
                    )
                )
                states.append(state)
        Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        created = Agreement.objects.filter(network__slug__startswith=self.prefix).order_by("pk")
        confirmations, agreed = [], []
        for agreement, state in zip(created, states, strict=True):
            if state in ("draft", "ready"):
                continue
            digest = selectors.answers_hash(agreement)
            parties = [Confirmation.Party.LEADER]
            if state == "agreed":
                parties.append(Confirmation.Party.COUNTERPART)
            for party in parties:
                confirmations.append(
                    Confirmation(
                        agreement=agreement,
                        revision=1,
                        party=party,
                        person_id=agreement.leader_id
                        if party == Confirmation.Party.LEADER
                        else agreement.counterpart_id,
                        lock_version=0,
                        answers_hash="0" * 64 if state == "voided" else digest,
                    )
                )
            if state == "agreed":
                agreed.append(
                    AgreedRevision(
                        agreement=agreement,
                        revision=1,
                        template_version_id=agreement.template_version_id,
                        counterpart_id=agreement.counterpart_id,
                        answers=agreement.answers,
                        meeting_at=agreement.meeting_at,
                        meeting_place=agreement.meeting_place,
                        agreed_at=agreement.meeting_at,
                    )
                )
        Confirmation.objects.bulk_create(confirmations, batch_size=BATCH)
        AgreedRevision.objects.bulk_create(agreed, batch_size=BATCH)
        self.progress(f"{len(agreements)} aftaler, {len(confirmations)} bekræftelser")
