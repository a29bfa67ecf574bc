"""manage.py import_org: the organisation from a CSV bundle and from OS2mo, through one
mapping; updates in place, leavers deactivated (never deleted), bad data refused whole."""

import datetime
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netvaerk.forms import PersonLookupField
from netvaerk.models import NetworkRole
from roles.models import Department, Person
from roles.signals import line_managers_changed

from ..factories import NetworkFactory, NetworkRoleFactory

DAY = "2026-11-30"
DEPARTMENTS = [
    ("K", "Kommunen", "", "d1"),
    ("S", "Sundhed", "K", "s1"),
    ("SA", "Sundhed A", "S", "a1"),
    ("SB", "Sundhed B", "S", ""),
    ("B", "Børn", "K", "b1"),
]
PEOPLE = [
    ("d1", "dorte", "dorte@kommune.example", "Dorte", "Dahl", "Direktør", "K"),
    ("s1", "sune", "sune@kommune.example", "Sune", "Sand", "Chef", "S"),
    ("a1", "alma", "alma@kommune.example", "Alma", "Lind", "Leder", "SA"),
    ("b1", "bo", "bo@kommune.example", "Bo", "Bak", "Chef", "B"),
    ("p1", "per", "per@kommune.example", "Per", "Holm", "Sygeplejerske", "SA"),
    ("p2", "pia", "pia@kommune.example", "Pia", "Berg", "Ergoterapeut", "SB"),
]
DEPARTMENT_HEADER = ("id", "name", "parent_id", "manager_id")
PEOPLE_HEADER = ("id", "username", "email", "first_name", "last_name", "title", "department_id")


def write_bundle(
    folder,
    departments=DEPARTMENTS,
    people=PEOPLE,
    *,
    sep=";",
    bom=False,
    department_header=DEPARTMENT_HEADER,
    people_header=PEOPLE_HEADER,
):
    folder.mkdir(parents=True, exist_ok=True)
    for name, header, rows in [
        ("departments.csv", department_header, departments),
        ("people.csv", people_header, people),
    ]:
        lines = [sep.join(header), *(sep.join(row) for row in rows)]
        text = "\r\n".join(lines) + "\r\n"
        (folder / name).write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return folder


def import_org(*args):
    out, err = StringIO(), StringIO()
    call_command("import_org", *args, "--date", DAY, stdout=out, stderr=err)
    return out.getvalue()


def refused(*args):
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_org", *args, "--date", DAY, stdout=StringIO(), stderr=err)
    return err.getvalue(), str(raised.value)


def person(external_id):
    return Person.objects.select_related("user", "manager", "department").get(
        external_id=external_id
    )


@pytest.fixture
def bundle(tmp_path, db):
    return write_bundle(tmp_path / "bundle")


def test_a_bundle_makes_the_department_tree_the_people_and_their_personnel_leaders(bundle):
    output = import_org("--csv", str(bundle))

    assert "5 nye afdelinger" in output and "6 nye medarbejdere" in output
    top = Department.objects.get(external_id="K")
    assert [d.name for d in Department.objects.get_tree(top)] == [
        "Kommunen",
        "Børn",
        "Sundhed",
        "Sundhed A",
        "Sundhed B",
    ]
    assert {d.external_id: d.manager_level for d in Department.objects.all()} == {
        "K": 1,
        "S": 2,
        "B": 2,
        "SA": 3,
        "SB": 3,
    }
    assert Department.objects.get(external_id="SA").manager == person("a1")
    assert person("p1").manager == person("a1")
    assert person("p2").manager == person("s1")  # Sundhed B has no manager: the one above
    assert person("a1").manager == person("s1")
    assert person("d1").manager is None
    per = person("p1")
    assert (per.user.username, per.user.email, per.user.get_full_name(), per.title) == (
        "per",
        "per@kommune.example",
        "Per Holm",
        "Sygeplejerske",
    )
    assert per.user.is_active and not per.user.has_usable_password()
    assert "sundhed a" in per.search_text
    assert Department.objects.find_problems() == ([], [], [], [], [])


def test_the_level_column_is_used_when_given_and_the_depth_is_capped_at_five(tmp_path, db):
    chain = [(f"D{i}", f"Niveau {i}", f"D{i - 1}" if i > 1 else "", "", "") for i in range(1, 8)]
    chain[3] = ("D4", "Niveau 4", "D3", "", "2")
    write_bundle(
        tmp_path,
        chain,
        [("p1", "per", "", "Per", "Holm", "", "D7")],
        department_header=(*DEPARTMENT_HEADER, "level"),
    )
    import_org("--csv", str(tmp_path))
    levels = dict(Department.objects.values_list("external_id", "manager_level"))
    assert levels == {"D1": 1, "D2": 2, "D3": 3, "D4": 2, "D5": 5, "D6": 5, "D7": 5}


def test_a_byte_order_mark_and_commas_read_like_semicolons(tmp_path, db):
    write_bundle(tmp_path, sep=",", bom=True)
    import_org("--csv", str(tmp_path))
    assert Person.objects.exclude(external_id="").count() == 6
    assert Department.objects.get(external_id="B").name == "Børn"


def test_a_second_run_of_the_same_data_changes_nothing(bundle):
    import_org("--csv", str(bundle))
    with CaptureQueriesContext(connection) as queries:
        output = import_org("--csv", str(bundle))
    assert "Færdig: intet ændret" in output
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


def test_a_move_changes_the_personnel_leader(tmp_path, db):
    write_bundle(tmp_path / "1")
    import_org("--csv", str(tmp_path / "1"))
    people = [("p1", *row[1:6], "B") if row[0] == "p1" else row for row in PEOPLE]
    departments = [("SB", "Sundhed B", "K", "") if d[0] == "SB" else d for d in DEPARTMENTS]
    output = import_org("--csv", str(write_bundle(tmp_path / "2", departments, people)))

    assert person("p1").department.external_id == "B"
    assert person("p1").manager == person("b1")
    assert person("p2").manager == person("d1")  # Sundhed B now sits under the top
    sundhed_b = Department.objects.get(external_id="SB")
    assert Department.objects.get_parent(sundhed_b).external_id == "K"
    assert "1 medarbejdere i en ny afdeling" in output
    assert "Per Holm: Børn" in output
    assert "2 medarbejdere med ny personaleleder" in output
    assert "Sundhed B: under Kommunen, før Sundhed" in output
    assert Department.objects.find_problems() == ([], [], [], [], [])


def test_new_names_titles_and_addresses_are_updated_in_place(tmp_path, db):
    write_bundle(tmp_path / "1")
    import_org("--csv", str(tmp_path / "1"))
    pk = person("p1").pk
    people = [
        ("p1", "per.holm", "ph@kommune.example", "Per", "Holm-Berg", "Afdelingssygeplejerske", "SA")
        if row[0] == "p1"
        else row
        for row in PEOPLE
    ]
    departments = [("SA", "Sygepleje", "S", "a1") if d[0] == "SA" else d for d in DEPARTMENTS]
    import_org("--csv", str(write_bundle(tmp_path / "2", departments, people)))

    per = person("p1")
    assert per.pk == pk
    assert (per.user.username, per.user.email, per.user.last_name, per.title) == (
        "per.holm",
        "ph@kommune.example",
        "Holm-Berg",
        "Afdelingssygeplejerske",
    )
    assert list(Person.objects.search("sygepleje holm-berg")) == [per]
    assert Department.objects.get(external_id="SA").search_text == "sygepleje"


def test_two_people_may_trade_usernames(tmp_path, db):
    write_bundle(tmp_path / "1")
    import_org("--csv", str(tmp_path / "1"))
    swap = {"p1": "pia", "p2": "per"}
    people = [(r[0], swap.get(r[0], r[1]), *r[2:]) for r in PEOPLE]
    import_org("--csv", str(write_bundle(tmp_path / "2", people=people)))
    assert (person("p1").user.username, person("p2").user.username) == ("pia", "per")


def test_a_person_gone_from_the_source_leaves_and_is_kept(org, tmp_path, login):
    write_bundle(tmp_path / "1")
    import_org("--csv", str(tmp_path / "1"))
    output = import_org(
        "--csv", str(write_bundle(tmp_path / "2", people=[r for r in PEOPLE if r[0] != "p1"]))
    )

    per = person("p1")
    assert per.left_on == datetime.date(2026, 11, 30)
    assert not per.user.is_active
    assert "1 fratrådte (deaktiveret, ikke slettet)" in output and "Per Holm (per)" in output
    assert "/sekretariat/fratraadte/" in output
    # The people made in the portal (the personas) are left alone.
    assert Person.objects.filter(external_id="", left_on__isnull=True).count() == 8
    assert all(p.user.is_active for p in Person.objects.filter(external_id=""))

    # Out of the directory, the search page and the person pickers.
    client = login("outsider", org)
    page = client.get(reverse("roles:person-list"), {"q": "per holm"})
    assert list(page.context["page"].object_list) == []
    found = client.get(reverse("search"), {"q": "per holm"})
    assert found.context["people"]["count"] == 0
    with pytest.raises(forms.ValidationError):
        PersonLookupField().clean("per")
    # Their own page still says who they were, and that they left.
    detail = client.get(reverse("netvaerk:person-detail", args=[per.pk]))
    assert "Fratrådt 30. november 2026" in detail.content.decode()


def test_a_cut_off_export_that_would_make_many_leavers_at_once_is_refused(tmp_path, db):
    many = [(f"x{i}", f"x{i}", "", "Xe", f"Nr {i}", "", "K") for i in range(40)]
    write_bundle(tmp_path / "1", people=[*PEOPLE, *many])
    import_org("--csv", str(tmp_path / "1"))
    cut = write_bundle(tmp_path / "2", people=[*PEOPLE, *many[:25]])

    errors, _message = refused("--csv", str(cut))
    assert errors == (
        "people.csv: 15 af 46 medarbejdere (33 %) er ikke i kilden og ville fratræde på én "
        "gang, mere end de tilladte 10 %. Er udtrækket helt? Er det rigtigt, så kør med "
        "--max-leavers 33.\n"
    )
    assert not Person.objects.filter(left_on__isnull=False).exists()
    assert "15 fratrådte" in import_org("--csv", str(cut), "--max-leavers", "33")


def test_a_leaver_gets_notifications_in_the_portal_but_no_e_mail(bundle, tmp_path):
    from notifications.kinds import Kind
    from notifications.models import Notification
    from notifications.services import notify

    import_org("--csv", str(bundle))
    Person.objects.filter(external_id="p1").update(left_on=datetime.date(2026, 11, 30))
    (row,) = notify([person("p1")], Kind.COMMENTED, url="/")
    assert row.email_status == Notification.Email.NONE


def test_a_leaver_who_comes_back_is_active_again(tmp_path, db):
    write_bundle(tmp_path / "1")
    import_org("--csv", str(tmp_path / "1"))
    import_org("--csv", str(write_bundle(tmp_path / "2", people=PEOPLE[:4])))
    assert Person.objects.filter(left_on__isnull=False).count() == 2

    output = import_org("--csv", str(tmp_path / "1"))
    per = person("p1")
    assert per.left_on is None and per.user.is_active
    assert per.manager == person("a1")
    assert "2 medarbejdere, der er kommet tilbage" in output


def test_a_dry_run_prints_the_changes_and_writes_nothing(bundle):
    output = import_org("--csv", str(bundle), "--dry-run", "--examples", "2")
    assert "5 nye afdelinger" in output
    assert "Kommunen" in output and "Sundhed" in output and "Børn" not in output  # 2 examples
    assert "Prøvekørsel: 11 ændringer, intet er gemt" in output
    assert not Department.objects.exists() and not User.objects.exists()


def test_the_import_marks_the_workspace_summaries_stale(tmp_path, db):
    sent = []

    def receiver(sender, **kwargs):
        sent.append(sender)

    line_managers_changed.connect(receiver)
    try:
        write_bundle(tmp_path / "1")
        import_org("--csv", str(tmp_path / "1"))
        assert sent == [Person]
        import_org("--csv", str(tmp_path / "1"))
        assert sent == [Person]  # nothing changed, nothing marked
        people = [(*r[:3], "Perle", *r[4:]) if r[0] == "p1" else r for r in PEOPLE]
        import_org("--csv", str(write_bundle(tmp_path / "2", people=people)))
        assert sent == [Person, Person]  # a new name, but no new personnel leader
    finally:
        line_managers_changed.disconnect(receiver)


def test_a_department_gone_from_the_source_goes_unless_people_made_here_are_in_it(tmp_path, db):
    from ..factories import PersonFactory

    write_bundle(tmp_path / "1")
    import_org("--csv", str(tmp_path / "1"))
    local = PersonFactory(department=Department.objects.get(external_id="SB"))
    departments = [d for d in DEPARTMENTS if d[0] not in ("SB", "B")]
    people = [(*r[:6], "S") if r[0] == "p2" else r for r in PEOPLE if r[0] != "b1"]
    output = import_org("--csv", str(write_bundle(tmp_path / "2", departments, people)))

    assert not Department.objects.filter(external_id="B").exists()
    assert "1 nedlagte afdelinger (slettet)" in output
    kept = Department.objects.get(external_id="SB")
    assert local.department_id == kept.pk and kept.manager is None
    assert "»Sundhed B« er ikke længere i kilden, men bliver stående" in output
    assert Department.objects.find_problems() == ([], [], [], [], [])
    assert "intet ændret" in import_org("--csv", str(tmp_path / "2"))


@pytest.mark.parametrize(
    "departments, people, expected",
    [
        (
            [("K", "Kommunen", "", ""), ("A", "A", "B", ""), ("B", "B", "A", "")],
            [],
            "departments.csv:3: afdelingerne danner en ring af overordnede: "
            "A (linje 3) → B (linje 4) → A (linje 3)",
        ),
        (
            DEPARTMENTS,
            [("p1", "per", "", "Per", "Holm", "", "X")],
            "people.csv:2: department_id »X« er ingen afdeling",
        ),
        (
            [("K", "Kommunen", "Z", "")],
            [],
            "departments.csv:2: parent_id »Z« er ingen afdeling",
        ),
        (
            [("K", "Kommunen", "", "nobody")],
            [],
            "departments.csv:2: manager_id »nobody« er ingen person",
        ),
        (
            DEPARTMENTS,
            [
                ("p1", "per", "a@k.dk", "Per", "Holm", "", "K"),
                ("p2", "PER", "b@k.dk", "Per", "Hansen", "", "K"),
            ],
            "people.csv:3: brugernavnet »PER« står også på linje 2",
        ),
        (
            DEPARTMENTS,
            [
                ("p1", "per", "per@k.dk", "Per", "Holm", "", "K"),
                ("p2", "pia", "Per@K.dk", "Pia", "Berg", "", "K"),
            ],
            "people.csv:3: e-mailadressen »Per@K.dk« står også på linje 2",
        ),
        (
            DEPARTMENTS,
            [("p1", "per", "ikke-en-adresse", "Per", "Holm", "", "K")],
            "people.csv:2: email »ikke-en-adresse« er ingen e-mailadresse",
        ),
    ],
)
def test_bad_data_is_reported_with_file_and_line_and_nothing_is_imported(
    tmp_path, db, departments, people, expected
):
    people = people or [("p0", "nul", "", "", "", "", "")]
    errors, message = refused("--csv", str(write_bundle(tmp_path, departments, people)))
    assert expected in errors.splitlines()
    assert "intet er indlæst" in message
    assert not Department.objects.exists() and not Person.objects.exists()


def test_a_missing_column_a_missing_file_and_a_bad_level_are_reported(tmp_path, db):
    write_bundle(tmp_path, people=[], people_header=("id", "username", "email"))
    (tmp_path / "departments.csv").write_text(
        "id;name;parent_id;manager_id;level\nK;Kommunen;;;syv\n", encoding="utf-8"
    )
    errors, _message = refused("--csv", str(tmp_path))
    assert errors.splitlines() == [
        "departments.csv:2: level »syv« er ikke et tal",
        "people.csv:1: mangler kolonnen »first_name«, »last_name«, »title«, »department_id«",
    ]
    (tmp_path / "people.csv").unlink()
    errors, _message = refused("--csv", str(tmp_path))
    assert f"people.csv: filen mangler i {tmp_path}" in errors


def test_every_problem_is_listed_at_once_and_a_bad_run_changes_nothing(tmp_path, db):
    write_bundle(tmp_path / "1")
    import_org("--csv", str(tmp_path / "1"))
    people = [
        ("p1", "per", "per@kommune.example", "Per", "Holm", "Chef", "B"),  # a move
        ("p2", "pia", "pia@kommune.example", "Pia", "Berg", "", "NOPE"),
        ("p3", "per", "", "Peter", "Holm", "", "B"),
        ("p4", "p4", "", "Poul", "Holm", "", "B", "for", "mange"),
    ]
    errors, message = refused("--csv", str(write_bundle(tmp_path / "2", people=people)))
    assert errors.splitlines() == [
        "departments.csv:2: manager_id »d1« er ingen person",
        "departments.csv:3: manager_id »s1« er ingen person",
        "departments.csv:4: manager_id »a1« er ingen person",
        "departments.csv:6: manager_id »b1« er ingen person",
        "people.csv:3: department_id »NOPE« er ingen afdeling",
        "people.csv:4: brugernavnet »per« står også på linje 2",
        "people.csv:5: linjen har 9 felter, men overskriften har 7",
    ]
    assert message.startswith("7 fejl i data")
    assert person("p1").department.external_id == "SA"
    assert Person.objects.filter(left_on__isnull=False).count() == 0


def test_a_username_held_by_a_user_made_in_the_portal_is_refused(org, bundle):
    people = [*PEOPLE[:5], ("p2", "olga", "", "Olga", "Holm", "", "SB")]
    write_bundle(bundle, people=people)
    errors, _message = refused("--csv", str(bundle))
    assert errors.startswith(
        "people.csv:7: brugernavnet »olga« har allerede Olga Udenfor, oprettet i portalen: "
        "sæt kildens id på personen i administrationen for at forbinde dem"
    )
    assert not Person.objects.exclude(external_id="").exists()


def test_the_example_bundle_imports_and_a_second_run_changes_nothing(db):
    folder = settings.BASE_DIR / "fixtures" / "org_bundle"
    output = import_org("--csv", str(folder))
    assert "11 nye afdelinger" in output and "30 nye medarbejdere" in output
    assert person("P018").manager == person("P007")  # Hjemmepleje Nord has no manager
    assert Department.objects.get(external_id="1111").manager_level == 5
    assert "intet ændret" in import_org("--csv", str(folder))


# --- the leavers' roles, for the secretariat ----------------------------------------------


def test_the_leavers_page_lists_each_leavers_active_roles_to_hand_over(
    network, org, login, django_assert_num_queries
):
    katrine = org["participant"]
    Person.objects.filter(pk=katrine.pk).update(left_on=datetime.date(2026, 11, 30))
    other = NetworkFactory(name="Sund mad")
    NetworkRoleFactory(network=other, person=katrine, role=NetworkRole.Role.CO_DRIVER)
    NetworkRoleFactory(
        network=other,
        person=katrine,
        role=NetworkRole.Role.PARTICIPANT,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 6, 1),
    )
    client = login("secretariat", org)
    client.get(reverse("leavers"))  # the session's first save is not the page's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("leavers"))
    assert sum('FROM "netvaerk_networkrole"' in q["sql"] for q in queries.captured_queries) == 1
    ((leaver, roles),) = response.context["leavers"]
    assert leaver == katrine
    assert [(r.network.name, r.role) for r in roles] == [
        ("Fællesskaber mod ensomhed", "participant"),
        ("Sund mad", "co_driver"),
    ]
    page = response.content.decode()
    assert "Fratrådt 30. november 2026" in page
    for role in roles:
        assert reverse("netvaerk:role-end", args=[role.network.slug, role.pk]) in page
    assert reverse("netvaerk:role-add", args=["ensomhed"]) in page

    # More leavers with more roles: the same queries.
    for persona in ("outsider", "codriver"):
        Person.objects.filter(pk=org[persona].pk).update(left_on=datetime.date(2026, 11, 1))
    NetworkRoleFactory(network=other, person=org["outsider"], role=NetworkRole.Role.PARTICIPANT)
    with django_assert_num_queries(len(queries.captured_queries)):
        response = client.get(reverse("leavers"))
    assert len(response.context["leavers"]) == 3


def test_the_leavers_page_is_the_secretariats(org, login):
    assert login("personnel", org).get(reverse("leavers")).status_code == 403


# --- OS2mo --------------------------------------------------------------------------------

ANSWERS = Path(__file__).parent / "os2mo"
ROOT_UNIT = "5f9e6c1e-2a7b-4a1e-9d0c-1b2f3a4c5d01"


def _answer(name):
    return json.loads((ANSWERS / f"{name}.json").read_text(encoding="utf-8"))


class FakeOS2mo(BaseHTTPRequestHandler):
    """Keycloak's token endpoint and OS2mo's GraphQL endpoint, answering from the JSON files
    in tests/roles/os2mo (written from OS2mo's schema), page by page."""

    requests = []

    def log_message(self, *args):
        pass

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/auth/realms/mo/protocol/openid-connect/token":
            form = urllib.parse.parse_qs(body.decode())
            self.requests.append(("token", form))
            if form.get("client_secret") != ["hemmelig"]:
                return self._send(401, {"error": "unauthorized_client"})
            return self._send(200, _answer("token"))
        if self.path != "/graphql/v22":
            return self._send(404, {"detail": "Not Found"})
        if self.headers.get("Authorization") != f"Bearer {_answer('token')['access_token']}":
            return self._send(401, {"detail": "Not authenticated"})
        request = json.loads(body)
        query, cursor = request["query"], request["variables"]["cursor"]
        self.requests.append(("graphql", query, request["variables"]))
        name = "org_units" if "org_units(" in query else "employees"
        first = _answer(f"{name}_1")
        if cursor is None:
            return self._send(200, first)
        if cursor == first["data"][name]["page_info"]["next_cursor"]:
            return self._send(200, _answer(f"{name}_2"))
        return self._send(200, {"data": None, "errors": [{"message": "Invalid cursor"}]})


@pytest.fixture
def os2mo(settings):
    FakeOS2mo.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOS2mo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OS2MO_GRAPHQL_VERSION = 22
    settings.OS2MO_CLIENT_ID = "netvaerksportalen"
    settings.OS2MO_CLIENT_SECRET = "hemmelig"
    settings.OS2MO_TOKEN_URL = ""
    settings.OS2MO_PAGE_SIZE = 3
    settings.OS2MO_ROOT_UNITS = [ROOT_UNIT]
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_os2mo_is_read_page_by_page_through_the_same_mapping(os2mo, db):
    output = import_org("--os2mo", os2mo)

    assert "4 nye afdelinger" in output and "4 nye medarbejdere" in output
    assert "1 personer i OS2mo har ingen ansættelse i de indlæste enheder" in output
    top = Department.objects.get(external_id=ROOT_UNIT)
    assert [(d.name, d.manager_level) for d in Department.objects.get_tree(top)] == [
        ("Eksempel Kommune", 1),
        ("Børn og Unge", 2),
        ("Social og Sundhed", 2),
        ("Hjemmeplejen", 3),
    ]
    people = {
        p.user.username: p
        for p in Person.objects.select_related("user", "department", "manager__user")
    }
    assert sorted(people) == ["bekj", "dolu", "naho", "soag"]  # the AD name, else user_key
    nanna = people["naho"]
    assert (nanna.user.get_full_name(), nanna.user.email, nanna.title, nanna.department.name) == (
        "Nanna Holm",
        "nanna.holm@eksempel.dk",
        "Sygeplejerske",  # the primary engagement's
        "Hjemmeplejen",
    )
    assert nanna.manager == people["soag"]  # Hjemmeplejen has none: Social og Sundhed's
    assert people["soag"].manager == people["dolu"]
    assert people["soag"].title == "Direktør"

    token, *graphql = FakeOS2mo.requests
    assert token == (
        "token",
        {
            "grant_type": ["client_credentials"],
            "client_id": ["netvaerksportalen"],
            "client_secret": ["hemmelig"],
        },
    )
    assert [(r[1].split("(")[0].split()[-1], r[2]["cursor"] is None) for r in graphql] == [
        ("OrgUnits", True),
        ("OrgUnits", False),
        ("Employees", True),
        ("Employees", False),
    ]
    assert "org_units(limit: 3, cursor: $cursor)" in graphql[0][1]
    assert graphql[2][2]["email_types"] == ["EmailEmployee"]
    assert graphql[2][2]["it_systems"] == ["Active Directory"]

    assert "intet ændret" in import_org("--os2mo", os2mo)


def test_os2mo_refusing_the_client_imports_nothing(os2mo, settings, db):
    settings.OS2MO_CLIENT_SECRET = "forkert"
    _errors, message = refused("--os2mo", os2mo)
    assert message.startswith("OS2mo kunne ikke læses:") and "401" in message
    assert not Department.objects.exists()
