"""Generate a large synthetic municipality for benchmarks and scale tests.

    python manage.py generate_org --people 45000 --departments 1500 --networks 2000

Everything is written with bulk inserts (the department tree with precomputed
materialised paths), so the largest Danish municipality loads in seconds, not minutes.
The data is reproducible for a given --seed, and all usernames start with --prefix so it
can sit next to the demo data and be removed again with --delete.
"""

import random
import time
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import search
from netvaerk.models import Network, NetworkRole, Phase
from roles.models import Department, Person
from roles.services import people_assign_line_managers

FIRST = [
    "Mette",
    "Lars",
    "Sofie",
    "Anders",
    "Ida",
    "Jonas",
    "Hanne",
    "Peter",
    "Freja",
    "Ali",
    "Karen",
    "Mikkel",
    "Louise",
    "Søren",
    "Emma",
    "Niels",
    "Fatima",
    "Ole",
    "Line",
    "Rasmus",
]
LAST = [
    "Hansen",
    "Nielsen",
    "Jensen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
]
AREAS = [
    "Børn og Unge",
    "Skole",
    "Kultur og Fritid",
    "Social",
    "Sundhed",
    "Ældre",
    "Beskæftigelse",
    "By og Miljø",
    "Teknik",
    "Økonomi",
    "HR",
    "Digitalisering",
]
THEMES = [
    "ensomhed",
    "trivsel",
    "klimatilpasning",
    "digital læring",
    "tidlig indsats",
    "rekruttering",
    "sundhed",
    "inklusion",
    "bæredygtighed",
    "beskæftigelse",
]
BATCH = 2000


# How often each status occurs in generated data.
STATUS_WEIGHTS = {
    Network.Status.PROPOSED: 1,
    Network.Status.APPROVED: 1,
    Network.Status.ACTIVE: 6,
    Network.Status.TESTING: 2,
    Network.Status.PAUSED: 1,
    Network.Status.COMPLETED: 2,
}


class Command(BaseCommand):
    help = "Genererer en stor syntetisk organisation til benchmarks (fx 45.000 medarbejdere)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=45000)
        parser.add_argument("--departments", type=int, default=1500)
        parser.add_argument("--networks", type=int, default=2000)
        parser.add_argument("--prefix", default="bench")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--delete", action="store_true", help="Slet tidligere genererede data.")
        parser.add_argument(
            "--without-agreements",
            action="store_true",
            help="Kun organisation, netværk og roller: ingen planer, timer eller aftaler.",
        )

    def handle(self, *args, people, departments, networks, prefix, seed, delete, **options):
        """The organisation, networks and roles; then (generate_agreements) plans, phase
        histories, a year of logged hours and agreements in every state; then fresh planner
        statistics, without which PostgreSQL misjudges the new tables badly."""
        self.started = time.monotonic()
        if delete:
            self.delete(prefix)
            return
        if departments < 1 or people < departments:
            raise CommandError("Der skal være mindst én afdeling og mindst én person pr. afdeling.")
        if User.objects.filter(username__startswith=f"{prefix}-").exists():
            raise CommandError(f"Der findes allerede data med præfikset {prefix!r}. Brug --delete.")
        if not Phase.objects.exists():
            call_command("loaddata", "catalogue", verbosity=0)
            call_command("publish_roles", verbosity=0)
        rng = random.Random(seed)
        with transaction.atomic():
            depts = self.make_departments(departments, prefix, rng)
            persons = self.make_people(people, depts, prefix, rng)
            self.make_networks(networks, persons, depts, prefix, rng)
        if not options["without_agreements"]:
            call_command("generate_agreements", prefix=prefix, seed=seed, stdout=self.stdout)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.progress("Statistik opdateret (ANALYZE)")
        self.progress("Færdig")

    def progress(self, text):
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {text}")
        self.stdout.flush()

    def make_departments(self, count, prefix, rng):
        """A five-level tree: one top, areas, centres, departments and teams."""
        root_path = Department._get_path(None, 1, Department.objects.get_root_nodes().count() + 1)
        nodes = [Department(name=f"{prefix} Kommune", manager_level=1, path=root_path, depth=1)]
        level_sizes = [1, min(len(AREAS), max(1, count // 100))]
        remaining = count - sum(level_sizes)
        # Spread the rest over levels 3–5 growing downwards, as a municipality does.
        level_sizes += [max(1, remaining // 10), max(1, remaining * 3 // 10)]
        level_sizes.append(max(0, count - sum(level_sizes)))
        previous = nodes
        for level, size in enumerate(level_sizes[1:], start=2):
            current = []
            children = {}
            for i in range(size):
                parent = previous[i % len(previous)] if level > 2 else nodes[0]
                children[parent.path] = children.get(parent.path, 0) + 1
                path = Department._get_path(parent.path, level, children[parent.path])
                name = (
                    f"{AREAS[i % len(AREAS)]}"
                    if level == 2
                    else f"{prefix} afdeling {level}.{i + 1}"
                )
                current.append(Department(name=name, manager_level=level, path=path, depth=level))
            for parent in previous if level > 2 else nodes:
                parent.numchild = children.get(parent.path, 0)
            nodes.extend(current)
            previous = current
        for node in nodes:  # bulk_create skips save(), which keeps the search text
            node.search_text = node.build_search_text()
        Department.objects.bulk_create(nodes, batch_size=BATCH)
        self.progress(f"{len(nodes)} afdelinger")
        return list(Department.objects.filter(path__startswith=root_path).order_by("path"))

    def make_people(self, count, depts, prefix, rng):
        users = [
            User(
                username=f"{prefix}-{i:06d}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                email=f"{prefix}-{i:06d}@kommune.example",
                password="!",  # unusable: synthetic people cannot log in
            )
            for i in range(count)
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        self.progress(f"{count} brugere")
        user_ids = list(
            User.objects.filter(username__startswith=f"{prefix}-")
            .order_by("username")
            .values_list("id", flat=True)
        )
        # Every department gets one person first (its manager), the rest at random.
        placement = [depts[i % len(depts)] for i in range(len(depts))]
        placement += [rng.choice(depts) for _ in range(count - len(depts))]
        Person.objects.bulk_create(
            (
                Person(user_id=uid, department=dept, title="Medarbejder")
                for uid, dept in zip(user_ids, placement, strict=True)
            ),
            batch_size=BATCH,
        )
        persons = list(
            Person.objects.filter(user__username__startswith=f"{prefix}-")
            .order_by("user__username")
            .only("id", "department_id")
        )
        for dept, person in zip(depts, persons, strict=False):
            dept.manager_id = person.pk
        Department.objects.bulk_update(depts, ["manager"], batch_size=BATCH)
        Person.objects.filter(pk__in=[d.manager_id for d in depts]).update(title="Leder")
        self.progress(f"{count} medarbejdere med ledere")
        people_assign_line_managers(
            people=Person.objects.filter(user__username__startswith=f"{prefix}-")
        )
        self.progress("personaleledere udledt af afdelingstræet")
        search.rebuild(
            Person.objects.filter(user__username__startswith=f"{prefix}-").select_related(
                "user", "department"
            ),
            Person.build_search_text,
        )
        self.progress("søgetekst for medarbejdere")
        return persons

    def make_networks(self, count, persons, depts, prefix, rng):
        phases = list(Phase.objects.all())
        managers = [d.manager_id for d in depts]
        nets = []
        for i in range(count):
            theme = rng.choice(THEMES)
            status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            nets.append(
                Network(
                    name=f"{prefix} netværk {i + 1} om {theme}",
                    slug=f"{prefix}-netvaerk-{i + 1}",
                    theme=f"Tværgående arbejde med {theme}",
                    challenge=f"Syntetisk udfordring om {theme} til belastningstest.",
                    type=rng.choice([t for t, _ in Network.Type.choices]),
                    status=status,
                    start_date=date(2024, 1, 1) + timedelta(days=rng.randrange(1000)),
                    current_phase=rng.choice(phases),
                )
            )
        for net in nets:
            net.search_text = net.build_search_text()
        Network.objects.bulk_create(nets, batch_size=BATCH)
        nets = list(Network.objects.filter(slug__startswith=f"{prefix}-netvaerk-"))
        self.progress(f"{count} netværk")
        roles = []
        through = Network.departments.through
        links = []
        for net in nets:
            reference_id = rng.choice(managers)
            # One active role per person and network: the reference leader takes no other.
            members = [
                p for p in rng.sample(persons, 3 + rng.randint(3, 8)) if p.pk != reference_id
            ]
            leader, co_driver, *participants = members
            start = net.start_date
            roles.append(
                NetworkRole(network=net, person=leader, role="network_leader", starts_on=start)
            )
            roles.append(
                NetworkRole(network=net, person=co_driver, role="co_driver", starts_on=start)
            )
            roles.append(
                NetworkRole(
                    network=net,
                    person_id=reference_id,
                    role="reference_leader",
                    starts_on=start,
                )
            )
            roles.extend(
                NetworkRole(network=net, person=p, role="participant", starts_on=start)
                for p in participants
            )
            for dept in rng.sample(depts, min(len(depts), rng.randint(2, 4))):
                links.append(through(network_id=net.pk, department_id=dept.pk))
        NetworkRole.objects.bulk_create(roles, batch_size=BATCH)
        through.objects.bulk_create(links, batch_size=BATCH)
        self.progress(f"{len(roles)} roller i netværk")

    def delete(self, prefix):
        with transaction.atomic():
            Network.objects.filter(slug__startswith=f"{prefix}-netvaerk-").delete()
            Department.objects.filter(people__user__username__startswith=f"{prefix}-").update(
                manager=None
            )
            roots = Department.objects.get_root_nodes().filter(name=f"{prefix} Kommune")
            for root in roots:
                Department.objects.filter(path__startswith=root.path).update(manager=None)
            Person.objects.filter(user__username__startswith=f"{prefix}-").delete()
            User.objects.filter(username__startswith=f"{prefix}-").delete()
            for root in roots:
                Department.objects.filter(path__startswith=root.path).delete()
        self.progress(f"Data med præfikset {prefix!r} er slettet")
