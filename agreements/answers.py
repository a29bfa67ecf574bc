"""Answers: the form fields a question becomes, and how an answer reads on a page or in a PDF.

An agreement's answers are plain JSON keyed by question key. Every answer is kept
self-contained (an hours row carries its phase's name, a competence its name) so an
agreement reads the same after the secretariat renames a phase or a competence.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import bounds
from core.content import ENGLISH, content_language, translated
from core.text import limited_markup

# Text limits: what the form accepts prints well inside PDF_RENDER_TIMEOUT. A PDF costs by
# its pages (about 60 ms of CPU each): the largest accepted agreement is measured by
# bench/pdf_benchmark.py ("largest accepted"), see BENCHMARKS.md. Lines count as well as
# characters: 10,000 characters of one-letter lines would be 120 pages.
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 10_000
LONG_TEXT_MAX_LINES = 100
AGREEMENT_TEXT_MAX = 60_000  # all text answers of one agreement together
NOTE_MAX = 300
MAX_PERIODS = 20

# Something that looks like a tag: "<img", "</p>", "<!--". Plain "<" as in "< 5 timer" passes.
_MARKUP = re.compile(r"<\s*[/!?]?\s*[a-zA-Z][^>]*>|<!--|@import", re.IGNORECASE)


_CONTROL = {"class": "form-control form-control-sm"}


def no_markup(value):
    if value and _MARKUP.search(value):
        raise ValidationError(
            gettext_lazy(
                "Skriv almindelig tekst uden HTML- eller CSS-koder (fx <img>, <script> "
                "eller @import). Din tekst er ikke gemt endnu – ret den og gem igen."
            ),
            code="markup",
        )


def _number(n):
    return formats.number_format(n, use_l10n=True, force_grouping=True)


def max_lines(value):
    lines = (value or "").count("\n") + 1
    if lines > LONG_TEXT_MAX_LINES:
        raise ValidationError(
            _(
                "Svaret har %(count)s linjer, men højst %(max)s kan komme med i aftalen og "
                "dens PDF. Saml korte linjer i afsnit. Din tekst er ikke gemt endnu – ret "
                "den og gem igen."
            )
            % {"count": _number(lines), "max": _number(LONG_TEXT_MAX_LINES)},
            code="max_lines",
        )


def _max_chars(limit):
    """At most `limit` characters, a line break counted once as the browser's maxlength does
    (the browser sends it as two, CR LF)."""

    def validate(value):
        length = len((value or "").replace("\r\n", "\n"))
        if length > limit:
            raise ValidationError(
                _(
                    "Svaret må højst være %(max)s tegn, så aftalen kan udskrives (det er "
                    "%(count)s). Din tekst er ikke gemt endnu – kort den ned og gem igen."
                )
                % {"max": _number(limit), "count": _number(length)},
                code="max_length",
            )

    return validate


def _text_field(question, *, long):
    limit = LONG_TEXT_MAX if long else SHORT_TEXT_MAX
    widget = forms.Textarea if long else forms.TextInput
    return forms.CharField(
        label=question["label"],
        help_text=limited_markup(question.get("help", "")),
        required=question.get("required", False),
        validators=[no_markup, _max_chars(limit)] + ([max_lines] if long else []),
        widget=widget(attrs={"rows": 6, "maxlength": limit} if long else {"maxlength": limit}),
    )


def validate_total(form, section, stored):
    """All text answers of the agreement together, this section's as typed, within
    AGREEMENT_TEXT_MAX: the whole agreement must print, not only each answer."""
    keys = {q["key"] for q in section["questions"]}
    total = sum(
        len(v.replace("\r\n", "\n"))
        for k, v in (stored or {}).items()
        if k not in keys and isinstance(v, str)
    )
    total += sum(
        len((form.cleaned_data.get(q["key"]) or "").replace("\r\n", "\n"))
        for q in section["questions"]
        if q["type"] in ("short_text", "long_text")
    )
    if total > AGREEMENT_TEXT_MAX:
        form.add_error(
            None,
            _(
                "Aftalens svar må tilsammen højst være %(max)s tegn, så aftalen kan "
                "udskrives. Med dette trin er de %(count)s tegn. Kort dette eller et andet "
                "trins svar ned. Din tekst er ikke gemt endnu – ret den og gem igen."
            )
            % {"max": _number(AGREEMENT_TEXT_MAX), "count": _number(total)},
        )


def _note_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX,
        widget=forms.TextInput(attrs=_CONTROL),
        validators=[no_markup],
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


@dataclass
class Catalogue:
    """The data some question types draw on: phases, competences, co-driver profiles.

    Answers store the Danish names (values); `labels` gives each name as it reads in the
    active language, for the form's labels."""

    phases: list = field(default_factory=list)  # [(number, name)]
    competences: list = field(default_factory=list)  # [name]
    profiles: list = field(default_factory=list)  # [(name, description)]
    labels: dict = field(default_factory=dict)  # {Danish name: name in the active language}

    def label(self, name):
        return self.labels.get(name) or name


def choice_pairs(question):
    """A choice question's options as (stored value, label): the values are the Danish
    choices (`choice_values` in a localized version), the labels those in `choices`."""
    labels = list(question.get("choices", []))
    values = list(question.get("choice_values") or labels)
    if len(values) != len(labels):
        labels = values
    return list(zip(values, labels, strict=True))


def add_fields(form, question, value, catalogue):
    """Add the fields for one question to a form, with the stored answer as initial data."""
    key, kind = question["key"], question["type"]
    required = question.get("required", False)
    common = {"label": question["label"], "help_text": limited_markup(question.get("help", ""))}
    if kind in ("short_text", "long_text"):
        form.fields[key] = _text_field(question, long=kind == "long_text")
        form.initial[key] = value or ""
    elif kind == "choice":
        form.fields[key] = forms.ChoiceField(
            choices=choice_pairs(question),
            widget=forms.RadioSelect,
            required=required,
            **common,
        )
        form.initial[key] = value or ""
    elif kind in ("multi", "competences", "profiles"):
        if kind == "multi":
            options = choice_pairs(question)
        elif kind == "competences":
            options = [(c, catalogue.label(c)) for c in catalogue.competences]
        else:
            options = [(name, catalogue.label(name)) for name, _desc in catalogue.profiles]
        form.fields[key] = forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, required=required, **common
        )
        form.initial[key] = list(value or [])
    elif kind == "yes_no":
        form.fields[key] = forms.ChoiceField(
            choices=[("ja", _("Ja")), ("nej", _("Nej"))],
            widget=forms.RadioSelect,
            required=required,
            **common,
        )
        form.initial[key] = value or ""
    elif kind == "date":
        form.fields[key] = bounds.BoundedDateField(widget=DateInput(), required=required, **common)
        form.initial[key] = value or None
    elif kind == "periods":
        stored = list(value or [])
        rows = min(MAX_PERIODS, max(len(stored) + 1, 3))
        for i in range(rows):
            row = stored[i] if i < len(stored) else {}
            number = i + 1
            form.fields[f"{key}__{i}__start"] = bounds.BoundedDateField(
                label=_("Periode %(n)s fra") % {"n": number},
                required=False,
                widget=DateInput(attrs=_CONTROL),
            )
            form.fields[f"{key}__{i}__end"] = bounds.BoundedDateField(
                label=_("Periode %(n)s til") % {"n": number},
                required=False,
                widget=DateInput(attrs=_CONTROL),
            )
            form.fields[f"{key}__{i}__note"] = _note_field(_("Periode %(n)s, note") % {"n": number})
            form.initial[f"{key}__{i}__start"] = row.get("start")
            form.initial[f"{key}__{i}__end"] = row.get("end")
            form.initial[f"{key}__{i}__note"] = row.get("note", "")
    elif kind == "hours":
        stored = {row["phase"]: row for row in (value or [])}
        for number, name in catalogue.phases:
            row = stored.get(number, {})
            form.fields[f"{key}__{number}__hours"] = forms.DecimalField(
                label=_("%(phase)s: timer pr. uge") % {"phase": catalogue.label(name)},
                required=False,
                min_value=0,
                max_value=60,
                max_digits=4,
                decimal_places=1,
                localize=True,
                error_messages={
                    "min_value": _("Skriv et antal timer mellem 0 og 60."),
                    "max_value": _("Skriv et antal timer mellem 0 og 60."),
                    "invalid": _("Skriv et tal, fx 7,5."),
                    "max_decimal_places": _("Brug højst én decimal, fx 7,5."),
                    "max_digits": _("Skriv et antal timer mellem 0 og 60."),
                },
                widget=forms.TextInput(attrs={**_CONTROL, "inputmode": "decimal", "size": 5}),
            )
            form.fields[f"{key}__{number}__note"] = _note_field(
                _("%(phase)s: note") % {"phase": catalogue.label(name)}
            )
            form.initial[f"{key}__{number}__hours"] = _decimal(row.get("hours"))
            form.initial[f"{key}__{number}__note"] = row.get("note", "")
    else:  # pragma: no cover - a type the admin cannot save
        raise ValueError(f"unknown question type {kind!r}")


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def collect(form, question, catalogue):
    """The answer to one question from a valid form's cleaned data, as JSON."""
    key, kind = question["key"], question["type"]
    data = form.cleaned_data
    if kind in ("short_text", "long_text", "choice", "yes_no"):
        return data.get(key) or ""  # CharField strips surrounding whitespace
    if kind in ("multi", "competences", "profiles"):
        return list(data.get(key) or [])
    if kind == "date":
        day = data.get(key)
        return day.isoformat() if day else ""
    if kind == "periods":
        rows = []
        i = 0
        while f"{key}__{i}__start" in form.fields:
            start, end = data.get(f"{key}__{i}__start"), data.get(f"{key}__{i}__end")
            note = (data.get(f"{key}__{i}__note") or "").strip()
            if start or end or note:
                rows.append(
                    {
                        "start": start.isoformat() if start else "",
                        "end": end.isoformat() if end else "",
                        "note": note,
                    }
                )
            i += 1
        return sorted(rows, key=lambda r: r["start"] or "9999")
    if kind == "hours":
        rows = []
        for number, name in catalogue.phases:
            hours = data.get(f"{key}__{number}__hours")
            note = (data.get(f"{key}__{number}__note") or "").strip()
            rows.append(
                {
                    "phase": number,
                    "name": name,
                    "hours": str(hours.normalize()) if hours is not None else "",
                    "note": note,
                }
            )
        return rows
    raise ValueError(kind)  # pragma: no cover


def validate(form, question):
    """Checks across a question's fields: how many choices; a period ends after it starts."""
    key = question["key"]
    if question["type"] in ("multi", "competences", "profiles"):
        chosen = len(form.cleaned_data.get(key) or [])
        low, high = question.get("min_choices"), question.get("max_choices")
        if chosen and low and chosen < low:
            form.add_error(key, _("Vælg mindst %(n)s.") % {"n": low})
        elif high and chosen > high:
            form.add_error(key, _("Vælg højst %(n)s.") % {"n": high})
        return
    if question["type"] != "periods":
        return
    i = 0
    while f"{key}__{i}__start" in form.fields:
        start = form.cleaned_data.get(f"{key}__{i}__start")
        end = form.cleaned_data.get(f"{key}__{i}__end")
        note = form.cleaned_data.get(f"{key}__{i}__note")
        if start and end and end < start:
            form.add_error(f"{key}__{i}__end", _("Perioden slutter, før den begynder."))
        elif (start is None) != (end is None) and (start or end):
            missing = f"{key}__{i}__end" if start else f"{key}__{i}__start"
            form.add_error(missing, _("Angiv både fra- og til-dato for perioden."))
        elif note and not (start or end):
            form.add_error(f"{key}__{i}__start", _("Angiv datoerne for perioden."))
        i += 1


# Reading answers -------------------------------------------------------------------------


@dataclass
class Reading:
    """One question and its answer, ready for a page or a PDF (templates escape it)."""

    question: dict
    text: str = ""
    items: list = field(default_factory=list)
    periods: list = field(default_factory=list)  # [(start, end, note)] as dates
    rows: list = field(default_factory=list)  # [(phase name, hours text, note)]

    @property
    def empty(self):
        return not (self.text or self.items or self.periods or any(r[1] or r[2] for r in self.rows))

    @property
    def type(self):
        return self.question["type"]

    @property
    def label(self):
        return self.question["label"]

    def plain(self):
        """The answer as one plain text, for comparing versions."""
        if self.text:
            return self.text
        if self.items:
            return "\n".join(self.items)
        if self.periods:
            return "\n".join(
                f"{_fmt_date(s)} – {_fmt_date(e)}{': ' + n if n else ''}"
                for s, e, n in self.periods
            )
        return "\n".join(
            f"{name}: {hours}{' – ' + note if note else ''}"
            for name, hours, note in self.rows
            if hours or note
        )


def _date(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _fmt_date(day):
    return formats.date_format(day) if day else "–"


def _hours_text(value):
    number = _decimal(value)
    return formats.number_format(number, use_l10n=True) if number is not None else ""


def catalogue_labels():
    """{Danish name: name in the active language} for the phases, competences and co-driver
    profiles that answers store by name; nothing to look up when the page is in Danish."""
    if content_language() != ENGLISH:
        return {}
    from netvaerk.models import Phase
    from roles.models import CoDriverProfile, Competence

    labels = {}
    for model in (Phase, Competence, CoDriverProfile):
        for obj in model.objects.only("name", "name_en"):
            labels.setdefault(obj.name, translated(obj, "name"))
    return labels


def read(question, value, labels=None):
    """What an answer says, for reading: stored values (Danish choices, names) shown in the
    active language where `labels` (see `catalogue_labels`) or the question has them."""
    labels = labels or {}
    kind = question["type"]
    reading = Reading(question)
    if value in (None, "", [], {}):
        return reading
    if kind in ("short_text", "long_text"):
        reading.text = str(value)
    elif kind == "choice":
        reading.text = dict(choice_pairs(question)).get(value, str(value))
    elif kind == "yes_no":
        reading.text = {"ja": _("Ja"), "nej": _("Nej")}.get(value, str(value))
    elif kind == "date":
        day = _date(value)
        reading.text = formats.date_format(day) if day else str(value)
    elif kind == "multi":
        labels = dict(choice_pairs(question))
        reading.items = [labels.get(v, str(v)) for v in value]
    elif kind in ("competences", "profiles"):
        reading.items = [labels.get(v, str(v)) for v in value]
    elif kind == "periods":
        reading.periods = [
            (_date(r.get("start")), _date(r.get("end")), r.get("note", "")) for r in value
        ]
    elif kind == "hours":
        reading.rows = [
            (labels.get(r["name"], r["name"]), _hours_text(r.get("hours")), r.get("note", ""))
            for r in value
        ]
    return reading


def read_all(content, answers):
    """Sections with their readings, for the review page, the agreement page and the PDF."""
    labels = catalogue_labels()
    return [
        {
            "number": number,
            "title": section["title"],
            "guidance": section.get("guidance", ""),
            "readings": [read(q, answers.get(q["key"]), labels) for q in section["questions"]],
        }
        for number, section in enumerate(content["sections"], start=1)
    ]
