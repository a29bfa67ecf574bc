"""Bring the portal's organisation in line with a Source, in one transaction.

Rows are matched by the source's stable id (`external_id`). Departments and people made in
the portal (an empty external_id: the demo, local users) are never changed; an imported
person the source no longer has is a leaver (`left_on`, user deactivated), never deleted.
Everything is checked before the first write, and the writes are bulk operations (the
department tree with precomputed materialised paths, as `generate_org` does), so the
largest municipality imports in seconds and a run of unchanged data writes nothing.
"""

from collections import Counter, defaultdict
from math import ceil

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import User
from django.db import models, transaction

from core import search
from core.paging import chunks

from ..models import Department, Person
from ..services import people_assign_line_managers
from ..signals import line_managers_changed
from .rows import MAX_MANAGER_LEVEL, Problem, check, depths

BATCH = 1000
# Per cent of the imported people who may leave in one run; a few always may.
MAX_LEAVERS = 10
FEW_LEAVERS = 10
TEMPORARY_PATH = "~{}"  # outside treebeard's alphabet: a node on its way to its new place

KINDS = {
    "department_new": "nye afdelinger",
    "department_renamed": "omdøbte afdelinger",
    "department_moved": "afdelinger med ny overordnet afdeling",
    "department_level": "afdelinger med nyt lederniveau",
    "department_manager": "afdelinger med ny leder",
    "department_removed": "nedlagte afdelinger (slettet)",
    "person_new": "nye medarbejdere",
    "person_details": "medarbejdere med nyt navn, brugernavn, e-mail eller ny stilling",
    "person_moved": "medarbejdere i en ny afdeling",
    "person_left": "fratrådte (deaktiveret, ikke slettet)",
    "person_returned": "medarbejdere, der er kommet tilbage",
    "line_manager": "medarbejdere med ny personaleleder",
}


class ImportRefused(Exception):
    """The data has problems: nothing was written. `problems` lists every one."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} fejl i data")


class Changes:
    """What an import changed (or, in a dry run, would change): a count per kind with the
    first few examples, and notes that are no change (kept departments, skipped rows)."""

    def __init__(self, examples=5):
        self.limit = examples
        self.counts = Counter()
        self.examples = defaultdict(list)
        self.notes = []

    def add(self, kind, example):
        self.counts[kind] += 1
        if len(self.examples[kind]) < self.limit:
            self.examples[kind].append(example)

    @property
    def total(self):
        return sum(self.counts.values())

    def lines(self):
        for kind, label in KINDS.items():
            if self.counts[kind]:
                yield f"{self.counts[kind]:>7} {label}"
                for example in self.examples[kind]:
                    yield f"          {example}"


def _silent(text):
    pass


def organisation_import(
    *, source, today, dry_run=False, examples=5, max_leavers=MAX_LEAVERS, progress=_silent
):
    """Import `source`; returns the Changes. Raises ImportRefused, having written nothing,
    when the data or its fit with the portal's users has any problem, or when more than
    `max_leavers` per cent of the imported people would leave at once (a cut-off export
    looks like that). A dry run does all the work inside the transaction and rolls it back,
    so it reports exactly what a real run would change."""
    problems = [*source.problems, *check(source)]
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: p.order))
    progress(f"{len(source.departments)} afdelinger og {len(source.people)} personer kontrolleret")
    run = _Import(source, today, Changes(examples), progress)
    with transaction.atomic():
        run.load()
        problems = run.conflicts() + run.too_many_leavers(max_leavers)
        if problems:
            raise ImportRefused(problems)
        run.write()
        if dry_run:
            transaction.set_rollback(True)
    run.changes.notes[:0] = source.notes
    return run.changes


class _Import:
    def __init__(self, source, today, changes, progress):
        self.source = source
        self.today = today
        self.changes = changes
        self.progress = progress
        self.source_people = {row.id: row for row in source.people}

    # --- what is there now ----------------------------------------------------------------

    def load(self):
        self.departments = list(
            Department.objects.only(
                "id",
                "path",
                "depth",
                "numchild",
                "name",
                "manager_level",
                "manager_id",
                "external_id",
                "search_text",
            ).order_by("path")
        )
        self.dept_by_ext = {d.external_id: d for d in self.departments if d.external_id}
        people = (
            Person.objects.exclude(external_id="")
            .select_related("user")
            .only(
                "id",
                "external_id",
                "department_id",
                "manager_id",
                "title",
                "left_on",
                "search_text",
                "user__id",
                "user__username",
                "user__email",
                "user__first_name",
                "user__last_name",
                "user__is_active",
            )
        )
        self.person_by_ext = {p.external_id: p for p in people}
        self.progress(
            f"{len(self.dept_by_ext)} afdelinger og {len(self.person_by_ext)} personer "
            "fra tidligere indlæsninger"
        )

    def conflicts(self):
        """Usernames and e-mail addresses the source gives someone that another user of the
        portal (made here, a leaver, an account without a person) already has."""
        matched = {p.user_id for ext, p in self.person_by_ext.items() if ext in self.source_people}
        usernames, emails = {}, {}
        for user_id, username, email in User.objects.values_list("id", "username", "email"):
            if user_id not in matched:
                usernames[username.casefold()] = user_id
                if email:
                    emails[email.casefold()] = user_id
        found = []
        for row in self.source.people:
            held = usernames.get(row.username.casefold())
            if held:
                found.append((row, held, f"brugernavnet »{row.username}«"))
            held = emails.get(row.email.casefold()) if row.email else None
            if held:
                found.append((row, held, f"e-mailadressen »{row.email}«"))
        if not found:
            return []
        holders = {}
        for chunk in chunks({held for _row, held, _what in found}):
            holders.update(
                (u.pk, u) for u in User.objects.filter(pk__in=chunk).select_related("person")
            )
        return [
            row.problem(f"{what} har allerede {_holder(holders[held])}")
            for row, held, what in found
        ]

    def too_many_leavers(self, max_leavers):
        active = [p for p in self.person_by_ext.values() if p.left_on is None]
        leaving = sum(1 for p in active if p.external_id not in self.source_people)
        if leaving <= max(FEW_LEAVERS, len(active) * max_leavers / 100):
            return []
        share = ceil(100 * leaving / len(active))
        return [
            Problem(
                self.source.label,
                None,
                f"{leaving} af {len(active)} medarbejdere ({share} %) er ikke i kilden og ville "
                f"fratræde på én gang, mere end de tilladte {max_leavers} %. Er udtrækket helt? "
                f"Er det rigtigt, så kør med --max-leavers {share}.",
            )
        ]

    # --- the writes -----------------------------------------------------------------------

    def write(self):
        self._plan_departments()
        self._write_departments_before_people()
        self.progress("afdelinger på plads")
        self._write_people()
        self.progress("medarbejdere på plads")
        self._write_department_managers()
        before = {p.pk: p.manager_id for p in self.existing_people}
        changed = people_assign_line_managers(
            people=Person.objects.exclude(external_id="").current()
        )
        if changed:
            self._line_managers_changed(before)
        self.progress("personaleledere udledt af afdelingstræet")
        if self.renamed_departments:
            # Their names are in the search text of the people made here, too.
            search.rebuild(
                Person.objects.filter(
                    external_id="", department_id__in=self.renamed_departments
                ).select_related("user", "department"),
                Person.build_search_text,
            )
        if self.changes.total and not changed:
            # Names, leavers and departments changed in bulk, past the save() signals: the
            # workspace summaries read them, so they are marked stale like line managers.
            line_managers_changed.send(sender=Person)

    # Departments: the whole forest is laid out again (siblings by name, as treebeard
    # orders them), compared with the paths in the database, and only the differences are
    # written. Identical data gives an identical layout, so a second run writes nothing.

    def _plan_departments(self):
        rows = self.source.departments
        row_ids = {row.id for row in rows}
        self.depth_of = depths(rows)
        by_path = {d.path: d for d in self.departments}
        gone = {d.pk: d for ext, d in self.dept_by_ext.items() if ext not in row_ids}
        # A department gone from the source stays while something made in the portal (a
        # person, a department) is still in it, with its gone parents above it.
        holding_paths = [d.path for d in self.departments if not d.external_id]
        holding_paths += [
            path
            for path in Department.objects.filter(pk__in=gone, people__external_id="").values_list(
                "path", flat=True
            )
        ]
        self.kept = {}
        for path in holding_paths:
            for end in range(Department.steplen, len(path) + 1, Department.steplen):
                node = by_path.get(path[:end])
                if node is not None and node.pk in gone:
                    self.kept[node.pk] = node
        self.removed = [d for pk, d in gone.items() if pk not in self.kept]
        for dept in self.kept.values():
            self.changes.notes.append(
                f"Afdelingen »{dept.name}« er ikke længere i kilden, men bliver stående, fordi "
                "personer eller afdelinger oprettet i portalen stadig hører til den."
            )
        for dept in self.removed:
            self.changes.add("department_removed", dept.name)

        # The nodes of the new forest and the parent of each.
        self.nodes = {}  # external id → node, for the departments in the source
        self.new_departments = []
        self.renamed_departments = []
        self.dirty = {}  # id(node) → node, for existing departments with new values
        parent_of = {}
        for row in rows:
            node = self.dept_by_ext.get(row.id)
            level = row.level or min(self.depth_of[row.id], MAX_MANAGER_LEVEL)
            if node is None:
                node = Department(external_id=row.id, name=row.name, manager_level=level)
                self.new_departments.append(node)
                self.changes.add("department_new", row.name)
            else:
                if node.name != row.name:
                    self.changes.add("department_renamed", f"{node.name} → {row.name}")
                    self.renamed_departments.append(node.pk)
                    node.name = row.name
                    self.dirty[id(node)] = node
                if node.manager_level != level:
                    self.changes.add(
                        "department_level",
                        f"{row.name}: niveau {node.manager_level} → {level}",
                    )
                    node.manager_level = level
                    self.dirty[id(node)] = node
            self.nodes[row.id] = node
        for row in rows:
            parent_of[id(self.nodes[row.id])] = self.nodes.get(row.parent_id)
        removed = {d.pk for d in self.removed}
        staying = [d for d in self.departments if d.pk not in removed]
        for dept in staying:
            if id(dept) not in parent_of:  # made in the portal, or kept: where it is now
                parent_of[id(dept)] = by_path.get(dept.path[: -Department.steplen])
        for row in rows:
            node = self.nodes[row.id]
            if node.pk is not None:
                old = by_path.get(node.path[: -Department.steplen])
                new = parent_of[id(node)]
                if old is not new:
                    self.changes.add(
                        "department_moved",
                        f"{row.name}: under {new.name if new else '(øverst)'}, "
                        f"før {old.name if old else '(øverst)'}",
                    )

        children = defaultdict(list)
        for node in [*staying, *self.new_departments]:
            parent = parent_of[id(node)]
            children[id(parent) if parent is not None else None].append(node)
        self.layout = {}  # id(node) → (path, depth, numchild)

        def place(parent_key, parent_path, depth):
            siblings = sorted(
                children.get(parent_key, []), key=lambda n: (n.name, n.external_id, n.pk or 0)
            )
            for position, node in enumerate(siblings, start=1):
                path = Department._get_path(parent_path, depth, position)
                self.layout[id(node)] = (path, depth, len(children.get(id(node), [])))
                place(id(node), path, depth + 1)

        place(None, None, 1)
        self.staying = staying

    def _write_departments_before_people(self):
        """Removed departments go, moved ones wait on a temporary path, new ones are made in
        their places: the people need them. Managers and final paths follow the people."""
        removed = {d.pk for d in self.removed}
        for chunk in chunks(removed):
            # Django's own delete: treebeard's would take the departments below along, and
            # those may be staying. Their paths are laid out again below.
            models.QuerySet.delete(Department.objects.filter(pk__in=chunk))
        for person in self.person_by_ext.values():
            if person.department_id in removed:  # as the delete set it in the database
                person.department_id = None
        self.moving = [d for d in self.staying if self.layout[id(d)][0] != d.path]
        for dept in self.moving:
            dept.path = TEMPORARY_PATH.format(dept.pk)
        _bulk_update(Department, self.moving, ["path"])
        for node in self.new_departments:
            node.path, node.depth, node.numchild = self.layout[id(node)]
            node.search_text = node.build_search_text()
        Department.objects.bulk_create(self.new_departments, batch_size=BATCH)
        _fill_pks(Department, self.new_departments, "external_id")
        self.new_pks = {node.pk for node in self.new_departments}

    def _write_department_managers(self):
        people = {ext: p.pk for ext, p in self.person_by_ext.items()}
        names = {p.pk: _name(p.user) for p in self.person_by_ext.values()}

        def named(pk):
            return names.get(pk, f"person {pk}") if pk else "ingen"

        changed = []
        for row in self.source.departments:
            node = self.nodes[row.id]
            manager_id = people[row.manager_id] if row.manager_id else None
            if node.manager_id != manager_id:
                if node.pk not in self.new_pks:
                    self.changes.add(
                        "department_manager",
                        f"{row.name}: {named(node.manager_id)} → {named(manager_id)}",
                    )
                node.manager_id = manager_id
                changed.append(node)
        for dept in self.kept.values():
            if dept.manager_id is not None:
                self.changes.add("department_manager", f"{dept.name}: ingen leder i kilden")
                dept.manager_id = None
                changed.append(dept)
        for dept in self.staying:
            path, depth, numchild = self.layout[id(dept)]
            text = dept.build_search_text()
            if (dept.path, dept.depth, dept.numchild, dept.search_text) != (
                path,
                depth,
                numchild,
                text,
            ):
                dept.path, dept.depth, dept.numchild, dept.search_text = path, depth, numchild, text
                self.dirty[id(dept)] = dept
        changed = list({id(d): d for d in [*changed, *self.dirty.values()]}.values())
        _bulk_update(
            Department,
            changed,
            ["path", "depth", "numchild", "name", "manager_level", "manager", "search_text"],
        )

    # People: made, changed, gone or back, compared field by field.

    def _write_people(self):
        nodes = self.nodes
        self.existing_people = [p for p in self.person_by_ext.values() if p.left_on is None]
        new_users, new_people = [], []
        changed_users, changed_people = {}, {}
        user_fields, person_fields = set(), set()
        renamed_users = set()  # the pks of users whose username changes
        for row in self.source.people:
            dept = nodes[row.department_id] if row.department_id else None
            person = self.person_by_ext.get(row.id)
            if person is None:
                user = User(
                    username=row.username,
                    email=row.email,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    password=UNUSABLE_PASSWORD_PREFIX,  # single sign-on only
                )
                new_users.append(user)
                new_people.append(
                    Person(user=user, department=dept, title=row.title, external_id=row.id)
                )
                self.changes.add("person_new", f"{row.name} ({row.username})")
                continue
            user = person.user
            details = []
            for field, label in (
                ("first_name", "fornavn"),
                ("last_name", "efternavn"),
                ("username", "brugernavn"),
                ("email", "e-mail"),
            ):
                value = getattr(row, field)
                if getattr(user, field) != value:
                    details.append(f"{label} »{getattr(user, field)}« → »{value}«")
                    if field == "username":
                        renamed_users.add(user.pk)
                    setattr(user, field, value)
                    user_fields.add(field)
                    changed_users[user.pk] = user
            if person.title != row.title:
                details.append(f"stilling »{person.title}« → »{row.title}«")
                person.title = row.title
                person_fields.add("title")
                changed_people[person.pk] = person
            if details:
                self.changes.add("person_details", f"{row.name}: " + "; ".join(details))
            if person.department_id != (dept.pk if dept else None):
                self.changes.add(
                    "person_moved", f"{row.name}: {dept.name if dept else 'ingen afdeling'}"
                )
                person_fields.add("department")
                changed_people[person.pk] = person
            if person.left_on is not None:
                self.changes.add("person_returned", f"{row.name} (fratrådt {person.left_on})")
                person.left_on = None
                user.is_active = True
                person_fields.add("left_on")
                user_fields.add("is_active")
                changed_people[person.pk] = person
                changed_users[user.pk] = user
            person.department = dept
            text = person.build_search_text()
            if text != person.search_text:
                person.search_text = text
                person_fields.add("search_text")
                changed_people[person.pk] = person
        for ext, person in self.person_by_ext.items():
            if ext not in self.source_people and person.left_on is None:
                user = person.user
                self.changes.add("person_left", f"{_name(user)} ({user.username})")
                person.left_on = self.today
                user.is_active = False
                person_fields.add("left_on")
                user_fields.add("is_active")
                changed_people[person.pk] = person
                changed_users[user.pk] = user

        self._swap_usernames(renamed_users, changed_users)
        _bulk_update(User, changed_users.values(), user_fields)
        User.objects.bulk_create(new_users, batch_size=BATCH)
        _fill_pks(User, new_users, "username")
        for person in new_people:
            # bulk_create takes the user's id now that it has one.
            person.search_text = person.build_search_text()
        Person.objects.bulk_create(new_people, batch_size=BATCH)
        _fill_pks(Person, new_people, "external_id")
        _bulk_update(Person, changed_people.values(), person_fields)
        for person in new_people:
            self.person_by_ext[person.external_id] = person

    def _swap_usernames(self, renamed_users, changed_users):
        """A username may move to someone whose own username changes in the same run, and
        the unique index is checked row by row: renamed users pass through a temporary
        name first (one that no real username can have)."""
        passing = [changed_users[pk] for pk in renamed_users]
        for user in passing:
            user.final_username, user.username = user.username, f"~{user.pk}"
        _bulk_update(User, passing, ["username"])
        for user in passing:
            user.username = user.final_username

    def _line_managers_changed(self, before):
        """Existing people whose personnel leader changed (new people get theirs with them)."""
        names = {p.pk: _name(p.user) for p in self.person_by_ext.values()}
        after = Person.objects.exclude(external_id="").current().values_list("pk", "manager_id")
        for pk, manager_id in after.iterator(chunk_size=5000):
            if pk in before and before[pk] != manager_id:
                manager = names.get(manager_id, "ingen") if manager_id else "ingen"
                self.changes.add("line_manager", f"{names[pk]}: {manager}")


def _bulk_update(model, objects, fields):
    objects = list(objects)
    if objects and fields:
        model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH)


def _fill_pks(model, objects, key):
    """The ids of rows just made, where the database could not return them with the insert."""
    if not objects or objects[0].pk is not None:
        return
    by_key = {getattr(obj, key): obj for obj in objects}
    for chunk in chunks(by_key):
        for value, pk in model.objects.filter(**{f"{key}__in": chunk}).values_list(key, "pk"):
            by_key[value].pk = pk


def _name(user):
    return user.get_full_name() or user.username


def _holder(user):
    """Who holds a username or e-mail address already, in words for the problem list."""
    person = getattr(user, "person", None)
    name = _name(user)
    if person is None:
        return f"brugeren {name}, som ikke er medarbejder i portalen"
    if person.left_on:
        return f"{name}, fratrådt {person.left_on:%d.%m.%Y}"
    if person.external_id:
        return f"{name} (id {person.external_id} i kilden)"
    return (
        f"{name}, oprettet i portalen: sæt kildens id på personen i administrationen "
        "for at forbinde dem"
    )
