"""The access log: every read of personal data, as who, when, what and about whom.

A view that reads personal data about people calls `record()` once, after its access check:

    audit.record(request, "person", about=[person], object_id=person.pk)

One row is written per person concerned (`about`: people or their ids); a list, a search or
an export writes one row with no person and the criterion in `detail` ("q=karen side=3"),
never one row per person shown. The content that was read is never logged (no answers,
comments, names or addresses shown on the page); a search logs only its criterion.

Rows are `core.models.AccessEvent`. Kept for `settings.ACCESS_LOG_DAYS` days, then deleted by
`manage.py purge_access_log` (run it from the daily timer). The secretariat, as the
data-protection contact, searches them at /sekretariat/adgangslog/; the right-of-access export
reads them by `about`.

**A failure to log is a failure of the page.** Logging is a legal duty
(Datatilsynet: "Logning af brugernes anvendelser af personoplysninger"), so the INSERT is
not wrapped in a try/except and is not deferred: it runs in the request's own connection
and transaction (the same atomic block, if the view runs in one), and a database that
cannot write the log answers 500 rather than show data that went unlogged. The cost is one
INSERT per page (a bulk INSERT when a read concerns several people).

**Committed without waiting for the disk.** A page that only reads would otherwise pay a
WAL flush (an fsync) for its log row; on the benchmark machine that was 6–7 ms a page, a
third of a person page's time. So on PostgreSQL, when the view runs in autocommit (no
atomic block of its own), the row is inserted by one statement that sets
`synchronous_commit` to off for its own transaction (`set_config(…, true)`, which is
`SET LOCAL`; one round trip instead of BEGIN, SET, INSERT and COMMIT): the commit is atomic
and ordered, but a crash of the database server can lose the last fraction of a second of
log rows (at most 3 × `wal_writer_delay`, 0.6 s by default). Nothing else is committed
that way. SQLite's settings (WAL, synchronous=NORMAL) make the same trade for every
commit. `ACCESS_LOG_ASYNC_COMMIT=false` makes every log row wait for the disk instead.
Inside an atomic block the row simply joins that transaction and commits with it.

`settings.ACCESS_LOG_ENABLED` (default true) switches logging off; it exists for the
benchmark that compares the two. Leave it on in production.

The `what` codes are stable: the right-of-access export and the retention command read
them. Add new codes; never rename one. Each has its Danish label in `WHAT_LABELS`.

Each code: the read; `about` (who it concerns); `object_id`; `detail`.

- person: a person's page; the person; person id.
- directory: the person directory, a list; –; –; "q=… side=…".
- directory_export: the directory as XLSX/CSV; –; –; "format=… q=…".
- search: the portal's search page; –; –; "q=…".
- agreement: an agreement's page, step, review, meeting page, history or agreed version
  (shown or saved); leader and counterpart; agreement id; "trin=2", "visning=gennemse",
  "visning=moede", "visning=historik", "version=1" or empty for the page itself.
- agreement_pdf: an agreement's PDF; leader and counterpart; agreement id; "udgave=…".
- reflection, reflection_pdf: the same for a reflection tool (read by its author, the
  secretariat, or the counterpart once shared); leader and counterpart; agreement id.
- network_agreements: a network's agreements and their status; the network leader;
  network slug.
- pamphlet_handouts: a network's pamphlet checklist (who got which); –; network slug.
- pamphlet_personal: a personal pamphlet PDF; recipient and leader; network slug;
  "rolle=… format=…".
- time_log: one's own hours on a network; the person; network slug.
- time_balance, time_balance_export: the time balance page or its XLSX/CSV, a list; the
  employee if one is chosen, else –; –; "format=… medarbejder=…".
- workspace, agreement_matrix, workspace_export: the secretariat's workspace, its agreement
  matrix, its XLSX/CSV, lists; –; –; the filter ("q=… type=… side=…", "format=…").
- calendar_feed: a calendar feed (.ics) read with a user's token; the owner ("mine") or the
  people whose desk periods a network's feed carries; "mine" or network slug.
- access_log: the access log page itself; the person filtered on (`?om=`), if any; –; the
  filter.
- network: a network's page (its people and their roles, a list); –; network slug.
- department: a department's page in the organisation map (its manager and staff, a
  list); –; department id.
- proposal: a theme proposal's page; its proposer; proposal id.
- person_record: a person's right-of-access copy (portal/privacy_views.py); the person.
- anonymise: a person anonymised (portal/anonymise.py); the person.
- competences, competences_pdf: someone else's competence assessment (its page or PDF), read
  by the personnel leader it was shared with; the person; assessment id.
- person_picker: the person picker's type-ahead (names, titles, departments), a list, only
  when it found someone; –; –; "q=…".
- leadernet: a leader network's page (its members, a list); –; network slug.
- leadernet_season: a leader network's season (meetings, the members' notes, the evaluation
  summary); –; season id.
- leadernet_participation: the managers in leader networks by department, a list; –; –;
  "side=…".
- competences_staff: a personnel leader's list of the assessments their staff shared, a list.
- training: someone else's training in network leadership (the co-driver's learning path,
  competences/training_views.py), read or recorded on by their personnel leader or the
  secretariat; the person; training id.
- training_staff: a personnel leader's list of their staff's trainings, a list.
- training_pool: the secretariat's pool of trained co-drivers, a list; –; –; the filter
  ("status=… afdeling=… side=…").

A calendar feed has no logged-in user: the feed's owner is recorded as who, and the path is
left out, because it holds the secret token.
"""

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccessEvent

WHAT_LABELS = {
    "person": _("Personside"),
    "directory": _("Personoversigt"),
    "directory_export": _("Eksport af personoversigten"),
    "search": _("Søgning"),
    "agreement": _("Samarbejdsaftale"),
    "agreement_pdf": _("Samarbejdsaftale som PDF"),
    "reflection": _("Refleksion"),
    "reflection_pdf": _("Refleksion som PDF"),
    "network_agreements": _("Netværkets aftaler"),
    "pamphlet_handouts": _("Pjecer til samtalerne"),
    "pamphlet_personal": _("Personlig pjece"),
    "time_log": _("Registrerede timer"),
    "time_balance": _("Tidsbalance"),
    "time_balance_export": _("Eksport af tidsbalance"),
    "workspace": _("Sekretariatets overblik"),
    "agreement_matrix": _("Aftalematrix"),
    "workspace_export": _("Eksport af sekretariatets overblik"),
    "calendar_feed": _("Kalenderabonnement"),
    "access_log": _("Adgangslog"),
    "network": _("Netværkets side"),
    "department": _("Afdelingens side"),
    "proposal": _("Temaforslag"),
    "person_record": _("Indsigt: alle oplysninger om personen"),
    "anonymise": _("Anonymisering"),
    "person_picker": _("Søgning efter en medarbejder i en formular"),
    "leadernet": _("Ledernetværkets side"),
    "leadernet_season": _("Ledernetværkets sæson med noter"),
    "leadernet_participation": _("Deltagelse i ledernetværk"),
    "competences": _("Kompetencevurdering"),
    "competences_pdf": _("Kompetencevurdering som PDF"),
    "competences_staff": _("Medarbejdernes delte kompetencevurderinger"),
    "training": _("Uddannelse i netværksledelse"),
    "training_staff": _("Medarbejdernes uddannelse i netværksledelse"),
    "training_pool": _("Uddannede co-drivere"),
}

_FIELD = {f.name: f.max_length for f in AccessEvent._meta.concrete_fields if f.max_length}


def label(what):
    """The Danish words for a code (the code itself if it has none)."""
    return WHAT_LABELS.get(what, what)


def criterion(params, *names, **first):
    """A list's criterion from its query parameters: "q=karen side=3" (empty ones left out).

    With no names, every parameter is used; `first` (e.g. format="xlsx") comes before them."""
    parts = [f"{k}={v}" for k, v in first.items() if v not in (None, "")]
    keys = names or params.keys()
    parts += [f"{k}={params.get(k)}" for k in keys if params.get(k) not in (None, "")]
    return " ".join(parts)


def _person_id(value):
    return getattr(value, "pk", value)


def record(request_or_user, what, *, about=(), object_id="", detail=""):
    """Log one read: one row per person in `about` (people or ids), or one row for a list.

    `request_or_user` is the request (its user and path are recorded) or a user (no path:
    the calendar feeds, whose path holds a secret)."""
    if not settings.ACCESS_LOG_ENABLED:
        return []
    if hasattr(request_or_user, "META"):
        user, path = request_or_user.user, request_or_user.path
    else:
        user, path = request_or_user, ""
    user_id = user.pk if user is not None and user.is_authenticated else None
    ids = list(dict.fromkeys(i for i in map(_person_id, about) if i is not None)) or [None]
    common = {
        "user_id": user_id,
        "what": what[: _FIELD["what"]],
        "object_id": str(object_id)[: _FIELD["object_id"]],
        "detail": str(detail)[: _FIELD["detail"]],
        "path": path[: _FIELD["path"]],
    }
    rows = [AccessEvent(about=i, **common) for i in ids]
    if (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and settings.ACCESS_LOG_ASYNC_COMMIT
    ):
        return _insert_without_waiting(rows)
    return _insert(rows)


def _insert_without_waiting(rows):
    """The rows in one statement, in autocommit: its transaction commits without waiting for
    the disk (set_config's third argument makes it SET LOCAL, read at the commit)."""
    now = timezone.now()
    values = ", ".join(["(%s::timestamptz, %s::integer, %s::bigint, %s, %s, %s, %s)"] * len(rows))
    params = [
        value
        for r in rows
        for value in (now, r.user_id, r.about, r.what, r.object_id, r.detail, r.path)
    ]
    table = connection.ops.quote_name(AccessEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("at", "user_id", "about", "what", "object_id", "detail", '
            f'"path") SELECT * FROM (VALUES {values}) AS v '
            "WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL "
            'RETURNING "id"',
            params,
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk, row.at = pk, now
    return rows


def _insert(rows):
    if len(rows) == 1:
        rows[0].save(force_insert=True)
        return rows
    return AccessEvent.objects.bulk_create(rows)
