"""Personas: one small municipality every test can use.

direktion (level 1, manager: director)
└── sundhed (level 2, manager: reference leader "helle")
    └── aeldre (level 3, manager: personnel leader "jens")
        ├── signe  – network leader of `network`
        └── katrine – participant in `network`
kasper – co-driver of `network` (in sundhed)
olga – an outsider: no role anywhere
rikke – secretariat
"""

import os
import tempfile

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, TestCase

from netvaerk.models import NetworkRole
from roles.services import people_assign_line_managers

from .factories import (
    DepartmentFactory,
    NetworkFactory,
    NetworkRoleFactory,
    PersonFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that this is deliberate (only the tests do this).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# PDF render slots of this test process's own: never a developer's server's, nor another run's.
_PDF_LOCK_DIR = tempfile.mkdtemp(prefix="netvaerk-test-pdf-slots-")


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path_factory):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Each test starts with an empty cache and PDF cache of its own, never the developer's
    # var/cache, Redis or bucket.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.core.cache import cache

    cache.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "pdf_cache": {
            "BACKEND": "core.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("pdf-cache"))},
        },
    }
    settings.PDF_LOCK_DIR = _PDF_LOCK_DIR


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "catalogue", "process_descriptions", verbosity=0)


def _person(username, first, last, department, title="Konsulent"):
    user = UserFactory(username=username, first_name=first, last_name=last)
    return PersonFactory(user=user, department=department, title=title)


@pytest.fixture
def org(catalogue):
    """The departments and people of the personas, before any network exists."""
    direktion = DepartmentFactory(name="Direktionen", manager_level=1)
    sundhed = DepartmentFactory(name="Social og Sundhed", manager_level=2, parent=direktion)
    aeldre = DepartmentFactory(name="Ældre og Sundhed", manager_level=3, parent=sundhed)
    people = {
        "director": _person("kirsten", "Kirsten", "Holm", direktion, "Kommunaldirektør"),
        "reference": _person("helle", "Helle", "Rasmussen", sundhed, "Direktør"),
        "personnel": _person("jens", "Jens", "Overgaard", aeldre, "Centerchef"),
        "leader": _person("signe", "Signe", "Lauridsen", aeldre),
        "participant": _person("katrine", "Katrine", "Møller", aeldre, "Sygeplejerske"),
        "codriver": _person("kasper", "Kasper", "Juhl", sundhed),
        "outsider": _person("olga", "Olga", "Udenfor", sundhed, "Ingeniør"),
        "secretariat": _person("rikke", "Rikke", "Dalgaard", direktion, "Netværkskonsulent"),
    }
    for dept, manager in [(direktion, "director"), (sundhed, "reference"), (aeldre, "personnel")]:
        dept.refresh_from_db()
        dept.manager = people[manager]
        dept.save()
    people_assign_line_managers()
    for p in people.values():
        p.refresh_from_db()
    group, _ = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    sec_user = people["secretariat"].user
    sec_user.groups.add(group)
    sec_user.is_staff = True
    sec_user.save()
    return {"departments": {"direktion": direktion, "sundhed": sundhed, "aeldre": aeldre}, **people}


@pytest.fixture
def network(org):
    network = NetworkFactory(name="Fællesskaber mod ensomhed", slug="ensomhed")
    network.departments.set([org["departments"]["aeldre"], org["departments"]["sundhed"]])
    for key, role in [
        ("leader", NetworkRole.Role.LEADER),
        ("codriver", NetworkRole.Role.CO_DRIVER),
        ("reference", NetworkRole.Role.REFERENCE_LEADER),
        ("participant", NetworkRole.Role.PARTICIPANT),
    ]:
        NetworkRoleFactory(network=network, person=org[key], role=role)
    return network


PERSONAS = [
    "anon",
    "outsider",
    "participant",
    "codriver",
    "reference",
    "personnel",
    "leader",
    "secretariat",
]


class CommittingClient(Client):
    """The test client, with each request's transaction "committing" as it would outside a
    test: the jobs it queues on commit are queued when the response is made."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def run_jobs():
    """run_jobs() runs every queued job that is due, as the worker would."""
    from core.jobs import run_pending

    return run_pending


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """A real SMTP server on localhost (aiosmtpd), holding what it received."""

    def __init__(self):
        self.messages = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        import email
        import email.policy

        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """Mail goes through a real SMTP conversation to a server the test started."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    mailbox.port = settings.EMAIL_PORT
    yield mailbox
    controller.stop()


@pytest.fixture
def login(client):
    """login("leader") logs the test client in as that persona (or stays anonymous)."""

    def _login(persona, people):
        client.logout()
        if persona != "anon":
            client.force_login(
                people[persona].user, backend="django.contrib.auth.backends.ModelBackend"
            )
        return client

    return _login


@pytest.fixture
def plan(network, catalogue):
    """The welfare process description made into `network`'s plan from 7 September 2026."""
    import datetime

    from netvaerk import services
    from netvaerk.models import ProcessTemplate

    template = ProcessTemplate.objects.get(network_type="velfaerd")
    return services.plan_create(
        network=network, template=template, starts_on=datetime.date(2026, 9, 7)
    )


@pytest.fixture
def templates(catalogue):
    """The agreement templates and reflection tools, each with its first version."""
    from agreements import templating

    call_command("loaddata", "agreement_templates", verbosity=0)
    templating.publish_all()


@pytest.fixture
def start(templates):
    """start(network, key, leader) → a new agreement or reflection from that template."""
    from agreements import services
    from agreements.models import Template

    def _start(network, key, leader, source=None):
        agreement, _created = services.agreement_start(
            network=network, template=Template.objects.get(key=key), leader=leader, source=source
        )
        return agreement

    return _start
