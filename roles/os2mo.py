"""The organisation from OS2mo's GraphQL API, as the same rows a CSV bundle gives.

OS2mo (the OS2 community's organisation system, which many Danish municipalities run) serves
GraphQL at `<url>/graphql/v<N>`; an integration names the version it was written against.
The queries below use only fields that every version from 22 to 30 serves (read from
`mora/graphapi` in OS2mo/os2mo): `org_units` and `employees`, each paged with `limit` and
`cursor` until `page_info.next_cursor` is null, as OS2mo's documentation asks.

Access is Keycloak's client-credentials grant: the client id and secret buy a bearer token
at the token URL, bought again when it runs out.

The mapping:
- org_unit → department: `uuid` the id, `name`, `parent.uuid` (null at the top), the first
  manager with a person as the manager. The manager level comes from the depth, as for a
  CSV bundle without a level column.
- employee → person: `uuid` the id; the username is the `user_key` of the employee's IT user
  in OS2MO_USERNAME_IT_SYSTEM (Active Directory by default), else the employee's own
  `user_key`; `given_name`, `surname`; the e-mail is the address of type
  OS2MO_EMAIL_ADDRESS_TYPE (EmailEmployee by default); the department and title are the
  primary engagement's `org_unit` and `job_function.name` (else the first engagement's).
- An employee with no engagement in the imported units is no employee here (a leaver, if
  imported before). With OS2MO_ROOT_UNITS, only those units and everything below them are
  imported (the administrative organisation, say, without the MED organisation).
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from .orgimport.rows import DepartmentRow, PersonRow, Source

UNITS_QUERY = """
query OrgUnits($cursor: Cursor) {
  org_units(limit: %(limit)d, cursor: $cursor) {
    objects {
      current {
        uuid
        name
        parent { uuid }
        managers { person { uuid } }
      }
    }
    page_info { next_cursor }
  }
}
"""

EMPLOYEES_QUERY = """
query Employees($cursor: Cursor, $email_types: [String!]%(it_variable)s) {
  employees(limit: %(limit)d, cursor: $cursor) {
    objects {
      current {
        uuid
        user_key
        given_name
        surname
        addresses(filter: {address_type: {user_keys: $email_types}}) { value }%(itusers)s
        engagements {
          is_primary
          org_unit { uuid }
          job_function { name }
        }
      }
    }
    page_info { next_cursor }
  }
}
"""
ITUSERS = """
        itusers(filter: {itsystem: {user_keys: $it_systems}}) { user_key }"""


class OS2moError(Exception):
    """OS2mo or its Keycloak could not be reached or answered with an error."""


class OS2mo:
    """A GraphQL client for one OS2mo, with its client-credentials token."""

    def __init__(
        self,
        url,
        *,
        version,
        client_id,
        client_secret,
        token_url="",
        page_size=200,
        timeout=60,
    ):
        self.url = url.rstrip("/")
        self.endpoint = f"{self.url}/graphql/v{version}"
        self.token_url = token_url or f"{self.url}/auth/realms/mo/protocol/openid-connect/token"
        self.client_id = client_id
        self.client_secret = client_secret
        self.page_size = page_size
        self.timeout = timeout
        self._token = None
        self._token_until = 0.0

    def _post(self, url, body, headers):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            raise OS2moError(f"{url} svarede {exc.code} {exc.reason}: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise OS2moError(f"{url} kunne ikke nås: {getattr(exc, 'reason', exc)}") from exc
        except ValueError as exc:
            raise OS2moError(f"{url} svarede ikke med JSON") from exc

    def token(self):
        """A bearer token, bought again shortly before the last one runs out."""
        if self._token is None or time.monotonic() >= self._token_until:
            body = urllib.parse.urlencode(
                {
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                }
            ).encode()
            answer = self._post(
                self.token_url, body, {"Content-Type": "application/x-www-form-urlencoded"}
            )
            if "access_token" not in answer:
                raise OS2moError(f"{self.token_url} gav ingen access_token")
            self._token = answer["access_token"]
            lifetime = float(answer.get("expires_in") or 60)
            self._token_until = time.monotonic() + max(lifetime - 30, lifetime / 2)
        return self._token

    def query(self, text, variables):
        body = json.dumps({"query": text, "variables": variables}).encode()
        for attempt in (1, 2):
            headers = {
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token()}",
            }
            try:
                answer = self._post(self.endpoint, body, headers)
                break
            except OS2moError as exc:
                if attempt == 2 or " svarede 401 " not in str(exc):
                    raise
                self._token = None  # revoked or expired early: buy a new one, once
        if answer.get("errors"):
            messages = "; ".join(e.get("message", str(e)) for e in answer["errors"])
            raise OS2moError(f"OS2mo afviste forespørgslen: {messages}")
        return answer["data"]

    def collection(self, text, name, variables=None):
        """Every object's `current` of a paged collection, page by page."""
        cursor = None
        while True:
            page = self.query(text, {**(variables or {}), "cursor": cursor})[name]
            for obj in page["objects"]:
                if obj.get("current") is not None:  # not in force today
                    yield obj["current"]
            cursor = page["page_info"]["next_cursor"]
            if cursor is None:
                return


def _first(items, key):
    """The first item's value under `key`, or ""."""
    for item in items or []:
        if item and item.get(key):
            return item[key]
    return ""


def _unit_row(unit):
    manager = ""
    for entry in unit.get("managers") or []:
        manager = _first(entry.get("person"), "uuid")
        if manager:
            break
    return DepartmentRow(
        id=unit["uuid"],
        name=(unit.get("name") or "").strip(),
        parent_id=(unit.get("parent") or {}).get("uuid") or "",
        manager_id=manager,
        source=f"OS2mo org_unit {unit['uuid']} ({unit.get('name') or ''})",
    )


def _below_roots(units, roots):
    """The units at or below one of `roots`, each root made a top."""
    parent = {u.id: u.parent_id for u in units}

    def inside(uid):
        seen = set()
        while uid and uid not in seen:
            if uid in roots:
                return True
            seen.add(uid)
            uid = parent.get(uid)
        return False

    kept = [u for u in units if inside(u.id)]
    for unit in kept:
        if unit.id in roots:
            unit.parent_id = ""
    return kept


def read_os2mo(
    client,
    *,
    email_address_type="EmailEmployee",
    username_it_system="Active Directory",
    roots=(),
    progress=print,
):
    """The Source OS2mo holds today."""
    source = Source(label="OS2mo")
    units = [
        _unit_row(u)
        for u in client.collection(UNITS_QUERY % {"limit": client.page_size}, "org_units")
    ]
    progress(f"OS2mo: {len(units)} organisationsenheder")
    if roots:
        units = _below_roots(units, set(roots))
        progress(f"OS2mo: {len(units)} af dem under {', '.join(roots)}")
    unit_ids = {u.id for u in units}

    text = EMPLOYEES_QUERY % {
        "limit": client.page_size,
        "it_variable": ", $it_systems: [String!]" if username_it_system else "",
        "itusers": ITUSERS if username_it_system else "",
    }
    variables = {"email_types": [email_address_type]}
    if username_it_system:
        variables["it_systems"] = [username_it_system]
    skipped = 0
    for employee in client.collection(text, "employees", variables):
        engagements = [
            e
            for e in employee.get("engagements") or []
            if _first(e.get("org_unit"), "uuid") in unit_ids
        ]
        if not engagements:
            skipped += 1
            continue
        engagement = next((e for e in engagements if e.get("is_primary")), engagements[0])
        emails = sorted(a["value"] for a in employee.get("addresses") or [] if a.get("value"))
        it_users = sorted(i["user_key"] for i in employee.get("itusers") or [] if i.get("user_key"))
        source.people.append(
            PersonRow(
                id=employee["uuid"],
                username=(it_users[0] if it_users else employee.get("user_key") or "").strip(),
                email=emails[0].strip() if emails else "",
                first_name=(employee.get("given_name") or "").strip(),
                last_name=(employee.get("surname") or "").strip(),
                title=((engagement.get("job_function") or {}).get("name") or "").strip(),
                department_id=_first(engagement.get("org_unit"), "uuid"),
                source=f"OS2mo employee {employee['uuid']}",
            )
        )
    progress(f"OS2mo: {len(source.people)} medarbejdere med ansættelse i enhederne")
    if skipped:
        source.notes.append(
            f"{skipped} personer i OS2mo har ingen ansættelse i de indlæste enheder og er ikke med."
        )

    # A manager who is no employee here (engaged outside the imported units) leaves the
    # unit without a manager: its people get the next manager up.
    people = {p.id for p in source.people}
    for unit in units:
        if unit.manager_id and unit.manager_id not in people:
            source.notes.append(
                f"Lederen af »{unit.name}« ({unit.manager_id}) har ingen ansættelse i de "
                "indlæste enheder: enheden får ingen leder."
            )
            unit.manager_id = ""
    source.departments = units
    return source
