"""Anonymisation: one routine that replaces a departed person's name and contact details
everywhere the portal keeps them.

`anonymise_person(person, by=...)`, in one transaction:
1. the person and their login get a pseudonym ("Anonymiseret medarbejder <id>", username
   "anonym-<id>"); e-mail, title, phone, workplace, the source system's id and the single
   sign-on subject are emptied; the login is deactivated with an unusable password and
   loses its groups; the calendar feed (a secret address) is deleted; left_on is set if it
   was not;
2. a generic scrub: every text, e-mail, slug and JSON column of every table Django knows
   (the history tables of simple-history, the admin's log, django-axes' login records,
   queued jobs, notifications' parameters, the access log's details, the workspace's names
   …) has the old full name ("First Last" and "Last, First"), e-mail and username replaced
   by the pseudonym. Names and e-mail match case-insensitively; the username matches as a
   whole word, case-sensitively, so a short username ("jens") never rewrites other text;
3. the person's sessions are deleted;
4. the search text of every row that held the old name is rebuilt, and the workspace
   summaries of the person's networks are recomputed;
5. one access-log event "anonymise" records that it was done and by whom;
6. after the commit, the PDF cache is cleared: cached PDFs are keyed by their content, so
   the ones naming the person cannot be picked out.

Agreements, comments, hours and history stay, as structure: they now name the pseudonym.

Limits: a mention by first name only, or a misspelling, in free text (a comment, a note) is
not found. Two people with exactly the same full name cannot be told apart in free text:
the other person's mentions are replaced too, and their own name columns are not (their
search text and summaries are rebuilt from their own rows).
"""

import json
import re

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from core import search
from core.models import AccessEvent
from core.pdf import clear_pdf_cache
from netvaerk.models import CalendarFeed, Network, NetworkRole
from roles.models import Department, Person

from . import summaries

TEXT_FIELDS = (models.CharField, models.TextField)  # EmailField, SlugField are CharFields


def pseudonym(person):
    return {
        "first_name": "Anonymiseret",
        "last_name": f"medarbejder {person.pk}",
        "username": f"anonym-{person.pk}",
    }


class Replacement:
    """One old text and what it becomes, as a regular expression."""

    def __init__(self, old, new, *, whole_word=False, ignore_case=True):
        self.old = old
        self.new = new
        end = r"(?!\w)" if whole_word else ""
        flags = re.IGNORECASE if ignore_case else 0
        self.pattern = re.compile(r"(?<!\w)" + re.escape(old) + end, flags)
        # How the text reads as JSON made by json.dumps: a JSON column on SQLite, the admin's
        # change messages ("\u00f8" for "ø").
        self.escaped = json.dumps(old)[1:-1]
        self.escaped_pattern = (
            re.compile(re.escape(self.escaped), flags) if self.escaped != old else None
        )
        self.ignore_case = ignore_case

    def apply(self, text):
        text = self.pattern.sub(lambda _m: self.new, text)
        if self.escaped_pattern is not None:
            text = self.escaped_pattern.sub(lambda _m: json.dumps(self.new)[1:-1], text)
        return text


def replacements_for(person):
    """The old texts to replace, longest first, so "First Last" goes before "First"."""
    user = person.user
    new = pseudonym(person)
    new_name = f"{new['first_name']} {new['last_name']}"
    found = []
    first, last = user.first_name.strip(), user.last_name.strip()
    if first and last:
        found.append(Replacement(f"{first} {last}", new_name))
        found.append(Replacement(f"{last}, {first}", new_name))
    if user.email.strip():
        found.append(Replacement(user.email.strip(), new["username"]))
    username = user.get_username()
    if username and username != new["username"]:
        found.append(Replacement(username, new["username"], whole_word=True, ignore_case=False))
    return sorted(found, key=lambda r: -len(r.old))


def _scrub_value(value, replacements):
    if isinstance(value, str):
        for r in replacements:
            value = r.apply(value)
        return value
    if isinstance(value, list):
        return [_scrub_value(v, replacements) for v in value]
    if isinstance(value, dict):
        return {
            _scrub_value(k, replacements): _scrub_value(v, replacements) for k, v in value.items()
        }
    return value


def _scrubbable_models():
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        fields = [
            f
            for f in meta.concrete_fields
            if not f.primary_key
            and not f.is_relation
            and isinstance(f, (*TEXT_FIELDS, models.JSONField))
        ]
        if fields:
            yield model, fields


def scrub_everywhere(replacements):
    """Replace the old texts in every text and JSON column. Returns {table: rows changed}."""
    changed = {}
    if not replacements:
        return changed
    for model, fields in _scrubbable_models():
        manager = model._base_manager
        for field in fields:
            is_json = isinstance(field, models.JSONField)
            column = field.name
            if is_json:
                source = manager.annotate(_scrub_text=Cast(column, models.TextField()))
                lookup = "_scrub_text"
            else:
                source = manager.all()
                lookup = column
            match = Q()
            for r in replacements:
                kind = "icontains" if r.ignore_case else "contains"
                match |= Q(**{f"{lookup}__{kind}": r.old})
                if r.escaped != r.old:
                    match |= Q(**{f"{lookup}__{kind}": r.escaped})
            for pk, value in source.filter(match).values_list("pk", column).iterator():
                new_value = _scrub_value(value, replacements)
                if new_value != value:
                    manager.filter(pk=pk).update(**{column: new_value})
                    changed[model._meta.db_table] = changed.get(model._meta.db_table, 0) + 1
    return changed


def _delete_sessions(user):
    """The person's sessions: session data is signed and encoded, so each is read."""
    ids = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ids.append(session.pk)
    Session.objects.filter(pk__in=ids).delete()
    return len(ids)


def _rebuild_search(person, replacements):
    """The search text of the person and of any row whose search text held an old text."""
    words = [search.normalise(r.old) for r in replacements]
    for model, queryset in [
        (Network, Network.objects.all()),
        (Department, Department.objects.all()),
        (Person, Person.objects.select_related("user", "department")),
    ]:
        match = Q(pk=person.pk) if model is Person else Q(pk__in=[])
        for w in words:
            if w:
                match |= Q(search_text__contains=w)
        search.rebuild(queryset.filter(match), model.build_search_text)


def anonymise_person(person, *, by=None):
    """Anonymise `person` everywhere (see the module's doc). `by` is the user who did it.
    Returns a summary dict: {"person": id, "tables": {table: rows}, "sessions": n}."""
    person = Person.objects.select_related("user").get(pk=person.pk)
    replacements = replacements_for(person)
    with transaction.atomic():
        user = person.user
        new = pseudonym(person)
        user.first_name = new["first_name"]
        user.last_name = new["last_name"]
        user.username = new["username"]
        user.email = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        CalendarFeed.objects.filter(user=user).delete()

        person.title = ""
        person.phone = ""
        person.location = ""
        # The source system's id would link the pseudonym back to the person's HR record.
        # Cleared: if the person is hired again, the import makes a new person.
        person.external_id = ""
        person.oidc_subject = ""
        person.left_on = person.left_on or timezone.localdate()
        person.anonymised_at = timezone.now()
        person.save()

        tables = scrub_everywhere(replacements)
        sessions = _delete_sessions(user)
        _rebuild_search(person, replacements)
        networks = set(
            NetworkRole.objects.filter(person=person).values_list("network_id", flat=True)
        )
        networks |= set(person.agreements_led.values_list("network_id", flat=True))
        networks |= set(person.agreements_as_counterpart.values_list("network_id", flat=True))
        if networks:
            summaries.refresh(sorted(networks))
        AccessEvent.objects.create(
            user=by,
            about=person.pk,
            what="anonymise",
            object_id=str(person.pk),
            detail="Anonymiseret",
        )
        # Now, and again once committed: a PDF rendered meanwhile from the old rows goes too.
        clear_pdf_cache()
        transaction.on_commit(clear_pdf_cache)
    return {"person": person.pk, "tables": tables, "sessions": sessions}
