"""Guards for the whole project: migrations, production settings, commands."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from netvaerk.models import Network, NetworkRole
from roles.models import Department, Person

PROD_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "netvaerk.kommune.example",
    "DATABASE_URL": "sqlite:////tmp/netvaerk-deploy-check.sqlite3",
}


def _manage(*args, env):
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in PROD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"  # set for the browser tests
    }
    full_env = inherited | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_there_are_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_a_production_start_without_a_secret_key_stops_with_a_clear_message():
    result = _manage("check", env={**PROD_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_a_production_start_without_allowed_hosts_stops_with_a_clear_message():
    result = _manage("check", env={**PROD_ENV, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "needs ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_malformed_boolean_setting_is_refused():
    result = _manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG skal være true eller false" in result.stderr


@pytest.mark.django_db
def test_load_demo_makes_a_municipality_with_every_persona_and_is_idempotent():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert 8 <= Department.objects.count() <= 12
    assert Department.objects.filter(depth=3).exists()
    assert 35 <= Person.objects.count() <= 50
    assert Network.objects.count() == 6
    assert set(Network.objects.values_list("type", flat=True)) == {
        t for t, _ in Network.Type.choices
    }
    assert set(NetworkRole.objects.values_list("role", flat=True)) == set(NetworkRole.Role.values)
    assert Person.objects.filter(manager__isnull=False).count() == Person.objects.count() - 1
    for username in [
        "netvaerksleder",
        "codriver",
        "referenceleder",
        "personaleleder",
        "deltager",
        "sekretariat",
    ]:
        assert username in out.getvalue()
    leader = Person.objects.get(user__username="netvaerksleder")
    assert leader.manager.user.username == "personaleleder"
    call_command("load_demo", stdout=StringIO())
    assert Network.objects.count() == 6


@pytest.mark.django_db
def test_demo_logins_work_with_the_printed_password(client):
    call_command("load_demo", stdout=StringIO())
    response = client.post(
        "/konto/log-ind/", {"username": "sekretariat", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_generate_org_builds_a_valid_tree_with_line_managers_and_networks():
    out = StringIO()
    call_command("generate_org", people=600, departments=40, networks=25, stdout=out)
    assert "Færdig" in out.getvalue()
    assert Department.objects.find_problems() == ([], [], [], [], [])
    assert Department.objects.count() == 40
    assert set(Department.objects.values_list("depth", flat=True)) == {1, 2, 3, 4, 5}
    assert Person.objects.count() == 600
    assert Person.objects.filter(manager__isnull=True).count() == 1  # the top manager
    assert Network.objects.count() == 25
    assert NetworkRole.objects.filter(role="network_leader").count() == 25
    # Also plans, phase histories, logged hours and agreements (generate_agreements).
    from agreements.models import Agreement
    from netvaerk.models import NetworkPlan, PhaseChange, TimeEntry

    assert NetworkPlan.objects.count() > 15
    assert PhaseChange.objects.count() >= 25
    assert TimeEntry.objects.exists()
    assert Agreement.objects.values("status").distinct().count() >= 3
    assert "ANALYZE" in out.getvalue()
    call_command("generate_org", delete=True, stdout=out)
    assert Person.objects.count() == 0 and Department.objects.count() == 0
