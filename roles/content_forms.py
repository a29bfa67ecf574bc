"""The secretariat's editor for a role description and its pamphlet text (the draft).

One form holds everything: the texts in Danish and English side by side, and the
responsibilities in order. Every button (save, move up/down, delete, add) posts the whole
form, so nothing typed is lost, with or without JavaScript.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.content import NormalizedNewlines, content_hash

from . import versions
from .models import Responsibility, RoleDescription

# Long texts: what the pamphlet renderer handles well inside its time limit.
TEXT_MAX = 20000
RESPONSIBILITY_MAX = 2000
# Responsibilities on one page: far more than any role description has, and few enough that
# the form stays under Django's limit of 1,000 posted fields. A role saved elsewhere with more
# rows may keep them all (RoleEditor.limit); more are refused in words, never cut off.
ROWS_MAX = 200

REQUIRED = {
    "name": gettext_lazy("Skriv rollens navn."),
    "summary": gettext_lazy("Skriv en kort beskrivelse af rollen."),
    "introduction": gettext_lazy("Skriv en introduktion til rollen."),
}


def _labels():
    return versions.text_labels()


class RoleTextsForm(NormalizedNewlines, forms.ModelForm):
    class Meta:
        model = RoleDescription
        fields = [
            "name",
            "name_en",
            "summary",
            "summary_en",
            "introduction",
            "introduction_en",
            "responsibilities_heading",
            "responsibilities_heading_en",
            "talk_topics",
            "talk_topics_en",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "introduction_en": forms.Textarea(attrs={"rows": 8}),
            "talk_topics": forms.Textarea(attrs={"rows": 6}),
            "talk_topics_en": forms.Textarea(attrs={"rows": 6}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = _labels()
        for field in versions.ROLE_TEXTS:
            danish, english = self.fields[field], self.fields[f"{field}_en"]
            danish.label = _("%(text)s (dansk)") % {"text": labels[field]}
            english.label = _("%(text)s (engelsk)") % {"text": labels[field]}
            english.required = False
            for f in (danish, english):
                if f.max_length is None:
                    f.max_length = TEXT_MAX
                    f.widget.attrs["maxlength"] = str(TEXT_MAX)
                    f.validators.append(_max_length(TEXT_MAX))
                f.error_messages["max_length"] = _(
                    "Teksten må højst være %(limit_value)d tegn (den er %(show_value)d)."
                )
            if field in REQUIRED:
                danish.error_messages["required"] = REQUIRED[field]
        self.fields["talk_topics"].help_text = _(
            "Hvad samtalen med netværkslederen handler om. Står på rollesiden og i pjecen under "
            "»Samtalen med netværkslederen« (for netværkslederen: »Dine tre samtaler«)."
        )

    def pairs(self):
        """`[(danish bound field, english bound field, english missing)]` in order."""
        rows = []
        for field in versions.ROLE_TEXTS:
            danish, english = self[field], self[f"{field}_en"]
            rows.append((danish, english, _missing(danish.value(), english.value())))
        return rows


def _max_length(limit):
    return MaxLengthValidator(limit)


def _missing(danish, english):
    return bool((danish or "").strip()) and not (english or "").strip()


class ResponsibilityForm(NormalizedNewlines, forms.Form):
    text = forms.CharField(
        required=False, max_length=RESPONSIBILITY_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_en = forms.CharField(
        required=False, max_length=RESPONSIBILITY_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, number, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["text"].label = _("Ansvarspunkt %(number)s (dansk)") % {"number": number}
        self.fields["text_en"].label = _("Ansvarspunkt %(number)s (engelsk)") % {"number": number}
        for field in self.fields.values():
            field.error_messages["max_length"] = _(
                "Teksten må højst være %(limit_value)d tegn (den er %(show_value)d)."
            )

    def clean(self):
        data = super().clean()
        if (data.get("text_en") or "").strip() and not (data.get("text") or "").strip():
            self.add_error(
                "text",
                _("Skriv den danske tekst, eller tøm også den engelske for at fjerne punktet."),
            )
        return data

    @property
    def is_empty(self):
        return not any((self.data.get(self.add_prefix(f)) or "").strip() for f in self.fields)

    @property
    def missing_english(self):
        return _missing(self["text"].value(), self["text_en"].value())


def draft_hash(role):
    """A digest of the saved draft, Danish and English: a save from a page showing an older
    draft is refused (someone else saved in between)."""
    return content_hash([versions.snapshot(role), versions.english_snapshot(role)])


class RoleEditor:
    """The whole editor: the texts, the responsibilities, and what a button asked for."""

    def __init__(self, role, data=None):
        self.role = role
        self.data = data
        # Before the form is bound: validating a model form writes into its instance.
        self.saved_hash = draft_hash(role)
        self.too_many = 0
        if data is None:
            self.texts = RoleTextsForm(instance=role, prefix="role")
            self.rows = [
                ResponsibilityForm(
                    initial={"text": r.text, "text_en": r.text_en}, prefix=f"r-{i}", number=i + 1
                )
                for i, r in enumerate(role.responsibilities.order_by("position"))
            ]
            self.hash = self.saved_hash
        else:
            self.texts = RoleTextsForm(data, instance=role, prefix="role")
            try:
                count = max(int(data.get("rows", 0)), 0)
            except (TypeError, ValueError):
                count = 0
            if count > self.limit:
                self.too_many = count  # refused in is_valid, with a message
            self.rows = [self._row(i, i) for i in range(min(count, self.limit))]
            self.hash = data.get("draft_hash", "")
        self.show_errors = False
        self.stale = False

    @property
    def limit(self):
        """The most responsibilities the editor takes: ROWS_MAX, or more if the role already
        has more (saved outside the editor)."""
        if not hasattr(self, "_limit"):
            self._limit = max(ROWS_MAX, self.role.responsibilities.count())
        return self._limit

    def full_message(self):
        return _(
            "Der kan højst være %(max)s ansvarspunkter i en rollebeskrivelse. Der er ikke "
            "tilføjet en række, og kladden er ikke gemt."
        ) % {"max": self.limit}

    @property
    def rows_error(self):
        """Why the posted rows were refused, or ""."""
        if not (self.show_errors and self.too_many):
            return ""
        return _(
            "Siden sendte %(count)s ansvarspunkter, men der kan højst være %(max)s. Intet er gemt."
        ) % {"count": self.too_many, "max": self.limit}

    def _row(self, source, place):
        """The posted row `source`, shown at `place`."""
        values = {
            f"r-{place}-{f}": self.data.get(f"r-{source}-{f}", "") for f in ("text", "text_en")
        }
        return ResponsibilityForm(values, prefix=f"r-{place}", number=place + 1)

    def _rebuild(self, order):
        self.data = self.data.copy()
        values = [
            (self.data.get(f"r-{i}-text", ""), self.data.get(f"r-{i}-text_en", "")) for i in order
        ]
        for i, (text, text_en) in enumerate(values):
            self.data[f"r-{i}-text"] = text
            self.data[f"r-{i}-text_en"] = text_en
        self.rows = [
            ResponsibilityForm(
                {f"r-{i}-text": t, f"r-{i}-text_en": e}, prefix=f"r-{i}", number=i + 1
            )
            for i, (t, e) in enumerate(values)
        ]

    def apply(self, action):
        """Carry out a move, delete or add on the posted rows. Returns what happened, for the
        message: "moved", "deleted", "added", "full" (no room for a row to add) or "" (a
        plain save)."""
        n = len(self.rows)
        order = list(range(n))
        verb, _sep, arg = (action or "").partition("-")
        try:
            index = int(arg)
        except ValueError:
            index = -1
        if verb == "add":
            if n >= self.limit:
                return "full"
            order.append(n)  # an empty row: nothing posted under that number
            self._rebuild(order)
            return "added"
        if 0 <= index < n:
            if verb == "up" and index > 0:
                order[index - 1], order[index] = order[index], order[index - 1]
                self._rebuild(order)
                return "moved"
            if verb == "down" and index < n - 1:
                order[index + 1], order[index] = order[index], order[index + 1]
                self._rebuild(order)
                return "moved"
            if verb == "delete":
                order.pop(index)
                self._rebuild(order)
                return "deleted"
        return ""

    def unbind(self):
        """Show the posted text as a fresh form, without errors (after adding a row)."""
        initial = {f: self.data.get(f"role-{f}", "") for f in self.texts.fields}
        self.texts = RoleTextsForm(instance=self.role, initial=initial, prefix="role")
        self.rows = [
            ResponsibilityForm(
                initial={f: row.data.get(row.add_prefix(f), "") for f in ("text", "text_en")},
                prefix=f"r-{i}",
                number=i + 1,
            )
            for i, row in enumerate(self.rows)
        ]

    def is_valid(self):
        self.show_errors = True
        valid = self.texts.is_valid()
        for row in self.rows:
            valid = row.is_valid() and valid
        if self.too_many:
            valid = False
        if valid and self.hash != self.saved_hash:
            self.stale = True
            valid = False
        return valid

    @property
    def error_count(self):
        if not self.show_errors:
            return 0
        count = len(self.texts.errors) + sum(len(r.errors) for r in self.rows)
        return count + (1 if self.stale else 0) + (1 if self.too_many else 0)

    def save(self):
        with transaction.atomic():
            role = self.texts.save()
            role.responsibilities.all().delete()
            kept = [r for r in self.rows if (r.cleaned_data.get("text") or "").strip()]
            Responsibility.objects.bulk_create(
                Responsibility(
                    role=role,
                    position=i,
                    text=r.cleaned_data["text"],
                    text_en=r.cleaned_data["text_en"],
                )
                for i, r in enumerate(kept, start=1)
            )
        return role, len(self.rows) - len(kept)
