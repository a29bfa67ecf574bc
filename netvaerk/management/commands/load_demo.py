"""Load the demo municipality: departments, people, networks and one login per persona.

Idempotent: a database that already holds the demo is left as it is (use --reset to start
over), so `make run` can call it every time.
"""

import datetime
import json

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from netvaerk import processes, services
from netvaerk.models import Network, NetworkRole, Phase, PhaseChange, ProcessTemplate
from netvaerk.planning import monday
from roles.models import Department, Person
from roles.services import people_assign_line_managers

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_organisation.json"


class Command(BaseCommand):
    help = "Indlæser demokommunen med afdelinger, medarbejdere, netværk og demo-logins."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Slet demodata og indlæs igen.")
        parser.add_argument("--quiet-logins", action="store_true", help="Vis ikke demo-logins.")
        parser.add_argument(
            "--logins-only", action="store_true", help="Vis kun demo-logins (indlæs intet)."
        )

    def handle(self, *args, reset=False, quiet_logins=False, logins_only=False, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        if logins_only:
            self.print_logins(data)
            return
        if not Phase.objects.exists():
            call_command("loaddata", "catalogue", verbosity=0)
            call_command("publish_roles", verbosity=0)
            self.stdout.write("Rollekatalog og faser indlæst.")
        if not ProcessTemplate.objects.exists():
            call_command("loaddata", "process_descriptions", verbosity=0)
            processes.publish_all()
            self.stdout.write("Forløbsbeskrivelser indlæst.")
        usernames = [p["username"] for p in data["people"]]
        if reset:
            self.delete_demo(data, usernames)
        if User.objects.filter(username__in=usernames).exists():
            self.stdout.write("Demodata findes allerede (brug --reset for at starte forfra).")
        else:
            self.load(data)
            self.stdout.write(self.style.SUCCESS("Demokommunen er indlæst."))
        if not quiet_logins:
            self.print_logins(data)

    @transaction.atomic
    def delete_demo(self, data, usernames):
        Network.objects.filter(slug__in=[n["slug"] for n in data["networks"]]).delete()
        Department.objects.filter(name__in=[d["name"] for d in data["departments"]]).update(
            manager=None
        )
        Person.objects.filter(user__username__in=usernames).delete()
        User.objects.filter(username__in=usernames).delete()
        Department.objects.filter(name__in=[d["name"] for d in data["departments"]]).delete()

    @transaction.atomic
    def load(self, data):
        departments = {}
        for d in data["departments"]:
            fields = {"name": d["name"], "manager_level": d["level"]}
            if d["parent"]:
                parent = Department.objects.get(pk=departments[d["parent"]].pk)
                departments[d["key"]] = Department.objects.add_child(parent, fields)
            else:
                departments[d["key"]] = Department.objects.add_root(fields)

        secretariat, _ = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
        people = {}
        for p in data["people"]:
            user = User.objects.create_user(
                username=p["username"],
                email=p["email"],
                password=settings.DEMO_PASSWORD,
                first_name=p["first_name"],
                last_name=p["last_name"],
                is_staff=p.get("secretariat", False),
            )
            if p.get("secretariat"):
                user.groups.add(secretariat)
            people[p["username"]] = Person.objects.create(
                user=user,
                department=departments[p["department"]],
                title=p.get("title", ""),
                phone=p.get("phone", ""),
            )
        for d in data["departments"]:
            dept = Department.objects.get(pk=departments[d["key"]].pk)
            dept.manager = people[d["manager"]]
            dept.save(update_fields=["manager"])
        people_assign_line_managers()

        phases = {p.number: p for p in Phase.objects.all()}
        for n in data["networks"]:
            network = Network.objects.create(
                slug=n["slug"],
                name=n["name"],
                theme=n["theme"],
                challenge=n["challenge"],
                type=n["type"],
                status=n["status"],
                start_date=_date(n["start_date"]),
                current_phase=phases.get(n["phase"]),
            )
            network.departments.set([departments[k] for k in n["departments"]])
            self.load_history(network, n, people, phases)
            NetworkRole.objects.bulk_create(
                NetworkRole(
                    network=network,
                    person=people[r["username"]],
                    role=r["role"],
                    starts_on=_date(r["starts_on"]),
                )
                for r in n["roles"]
            )

    def load_history(self, network, n, people, phases):
        """A plan from the type's process description, the phases so far and, for the
        demo network leader, some weeks of logged hours."""
        leader = next(
            (people[r["username"]] for r in n["roles"] if r["role"] == "network_leader"), None
        )
        start = network.start_date
        if start is None:
            return
        template = ProcessTemplate.objects.filter(network_type=network.type).first()
        if template is not None:
            services.plan_create(network=network, template=template, starts_on=start)
        notes = {1: "Netværket er sat i gang.", 5: "Testen er i gang med de første borgere."}
        today = timezone.localdate()
        for number in range(1, (n["phase"] or 1) + 1):
            PhaseChange.objects.create(
                network=network,
                phase=phases[number],
                changed_on=min(start + datetime.timedelta(weeks=(number - 1) * 5), today),
                changed_by=leader,
                note=notes.get(number, ""),
            )
        if leader is not None and leader.user.username == "netvaerksleder":
            hours = [4, 6, 5, 7, 3, 6, 8]
            for i in range(20):
                week = monday(start) + datetime.timedelta(weeks=i)
                if week > today:
                    break
                services.time_entry_record(
                    network=network, person=leader, week=week, hours=hours[i % len(hours)]
                )

    def print_logins(self, data):
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[p["username"] for p in data["personas"]])
        }
        heading = (
            f"Demo-logins på {settings.SITE_URL} (adgangskode for alle: {settings.DEMO_PASSWORD})"
        )
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(heading))
        for p in data["personas"]:
            user = users.get(p["username"])
            name = user.get_full_name() if user else ""
            self.stdout.write(f"  {p['persona']:<18} {p['username']:<16} {name}")
        self.stdout.write("")


def _date(value):
    return datetime.date.fromisoformat(value) if value else None
