"""The person picker: finding one current employee by a part of their name.

Every form in which a user names a person (a role in a network, a suggested leader on a
theme proposal) uses `PersonLookupField`. It takes what the user typed and, when the
browser runs the type-ahead (static/js/person_picker.js), the id of the person chosen
from its list. Without JavaScript the same form is the search page: a typed name that is
not one person exactly comes back with the matching people to choose between, and several
matches are never resolved to one behind the user's back.
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core import bounds, search

from .models import Person

PICKER_LIMIT = 10


def pickable_people():
    """Who can be picked: people still in the organisation with an active login."""
    return Person.objects.current().filter(user__is_active=True)


def people_search(query, *, limit=PICKER_LIMIT, people=None):
    """At most `limit` current people matching every word of `query` (core.search), in one
    query: those whose name begins with the query first, then those with a word beginning
    with it (a last name, a title), then the rest (inside compounds); by name within each."""
    words = search.query_words(query)
    if not words:
        return []
    phrase = " ".join(words)
    people = people if people is not None else pickable_people()
    ranked = search.search(people, query).annotate(
        pick_rank=Case(
            # The search text begins with the full name (see Person.build_search_text).
            When(search_text__startswith=phrase, then=Value(0)),
            When(search_text__contains=f" {words[0]}", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    return list(
        ranked.select_related("user", "department").order_by("pick_rank", "search_text", "pk")[
            :limit
        ]
    )


class PersonPickerWidget(forms.TextInput):
    """A text input for a name, username or e-mail, with a hidden id that the type-ahead
    fills in, and (after a search without JavaScript) the matches as radio buttons.

    Its value is a dict: {"text": typed text, "id": the type-ahead's id, "pick": a radio's}.
    The field puts `candidates` (the matches to choose between) and `chosen` (the person an
    id resolved to) on the widget while cleaning, so the page shows them without a second
    query.
    """

    template_name = "roles/_person_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.candidates = []
        self.chosen = None

    def _render(self, template_name, context, renderer=None):
        # The project's templates (templates/roles/), not the form renderer's, which looks
        # only in Django's and the apps' own template folders.
        return mark_safe(render_to_string(template_name, context))

    def value_from_datadict(self, data, files, name):
        return {
            "text": data.get(name),
            "id": data.get(f"{name}_id", ""),
            "pick": data.get(f"{name}_pick", ""),
        }

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_pick" not in data

    def format_value(self, value):
        if isinstance(value, dict):
            value = value.get("text")
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        if self.chosen is not None:
            value = self.chosen.name
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            {
                "search_url": reverse("roles:person-search"),
                "listbox_id": f"{widget_id}-forslag",
                "status_id": f"{widget_id}-status",
                "id_name": f"{name}_id",
                "chosen_id": self.chosen.pk if self.chosen is not None else "",
                "pick_name": f"{name}_pick",
                "candidates": self.candidates,
                # Bootstrap shows the error after the field only after an .is-invalid sibling.
                "invalid": widget["attrs"].get("aria-invalid") in (True, "true"),
            }
        )
        return context


class PersonLookupField(forms.CharField):
    """A person by the type-ahead's choice, a username, an e-mail or a full name; anything
    else is searched for and answered with the matches to choose between.

    A select listing every employee does not scale to a large municipality.
    """

    widget = PersonPickerWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        if not isinstance(value, dict):  # called directly, or with an initial username
            value = {"text": value, "id": "", "pick": ""}
        self.widget.candidates, self.widget.chosen = [], None
        text = " ".join(self.to_python(value.get("text")).split())
        self.run_validators(text)
        people = pickable_people().select_related("user", "department")
        # A radio button chosen on the search page is what the user meant, whatever the box
        # says. The type-ahead's id only while the box still names that person: typing over
        # a choice (with the script off after it was made) must not keep the old person.
        picked = self._by_id(people, value.get("pick"))
        if picked is None:
            by_id = self._by_id(people, value.get("id"))
            if by_id is not None and self._names(by_id, text):
                picked = by_id
        if picked is not None:
            self.widget.chosen = picked
            return picked
        if not text:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        return self._by_text(people, text)

    def has_changed(self, initial, data):
        if isinstance(data, dict):
            data = data.get("text")
        return super().has_changed(initial, data)

    @staticmethod
    def _by_id(people, pk):
        pk = bounds.parse_id(pk)  # a form is user input
        return None if pk is None else people.filter(pk=pk).first()

    @staticmethod
    def _names(person, text):
        typed = search.normalise(text)
        user = person.user
        return typed in {search.normalise(v) for v in (person.name, user.username, user.email)}

    def _by_text(self, people, text):
        exact = list(
            people.filter(Q(user__username__iexact=text) | Q(user__email__iexact=text))[:2]
        )
        if len(exact) == 1:
            return exact[0]
        first, _sep, last = text.rpartition(" ")
        by_name = (
            list(people.filter(user__first_name__iexact=first, user__last_name__iexact=last)[:6])
            if first
            else []
        )
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            self.widget.candidates = by_name
            raise forms.ValidationError(
                _(
                    "Flere medarbejdere hedder %(value)s. Vælg den rigtige, eller skriv "
                    "brugernavnet: %(choices)s."
                ),
                params={
                    "value": text,
                    "choices": "; ".join(
                        f"{p.user.username} ({p.department or p.title})" for p in by_name
                    ),
                },
                code="ambiguous_person",
            )
        found = people_search(text, people=people)
        if found:
            self.widget.candidates = found
            raise forms.ValidationError(
                _("Vælg, hvem du mener med »%(value)s«, eller skriv mere af navnet."),
                params={"value": Truncator(text).chars(60)},
                code="choose_person",
            )
        raise forms.ValidationError(
            _("Der findes ingen medarbejder med brugernavnet, e-mailen eller navnet »%(value)s«."),
            params={"value": Truncator(text).chars(60)},
            code="unknown_person",
        )
