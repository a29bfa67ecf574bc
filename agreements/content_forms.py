"""The secretariat's template editor: forms for a template, a section and its questions,
Danish and English side by side. The Danish text is the source; English is optional."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from core.content import NormalizedNewlines

from .models import Question, Section, Template
from .templating import lines

CHOICE_TYPES = (Question.Type.CHOICE, Question.Type.MULTI)
COUNTED_TYPES = (Question.Type.MULTI, Question.Type.COMPETENCES, Question.Type.PROFILES)


def _rows(n):
    return forms.Textarea(attrs={"rows": n})


class PairsMixin:
    """`pairs` names each text's Danish and English fields, shown side by side."""

    pairs = ()

    def pair_fields(self):
        return [(self[da], self[en]) for da, en in self.pairs]


def _check_english_lines(form, danish, english, message):
    da, en = lines(form.cleaned_data.get(danish)), lines(form.cleaned_data.get(english))
    if en and len(en) != len(da):
        form.add_error(english, message % {"da": len(da), "en": len(en)})


class TemplateForm(NormalizedNewlines, PairsMixin, forms.ModelForm):
    class Meta:
        model = Template
        fields = ["title", "title_en", "intro", "intro_en", "is_active"]
        labels = {
            "title": _("Titel (dansk)"),
            "title_en": _("Titel (engelsk)"),
            "intro": _("Indledning (dansk)"),
            "intro_en": _("Indledning (engelsk)"),
        }
        widgets = {"intro": _rows(4), "intro_en": _rows(4)}
        error_messages = {"title": {"required": _("Skriv skabelonens titel på dansk.")}}

    pairs = (("title", "title_en"), ("intro", "intro_en"))


class SectionForm(NormalizedNewlines, PairsMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "title_en", "guidance", "guidance_en", "prompts", "prompts_en"]
        labels = {
            "title": _("Overskrift (dansk)"),
            "title_en": _("Overskrift (engelsk)"),
            "guidance": _("Vejledning (dansk)"),
            "guidance_en": _("Vejledning (engelsk)"),
            "prompts": _("Refleksionsspørgsmål (dansk)"),
            "prompts_en": _("Refleksionsspørgsmål (engelsk)"),
        }
        widgets = {
            "guidance": _rows(4),
            "guidance_en": _rows(4),
            "prompts": _rows(3),
            "prompts_en": _rows(3),
        }
        error_messages = {"title": {"required": _("Skriv trinnets overskrift på dansk.")}}

    pairs = (("title", "title_en"), ("guidance", "guidance_en"), ("prompts", "prompts_en"))

    def clean(self):
        data = super().clean()
        _check_english_lines(
            self,
            "prompts",
            "prompts_en",
            _(
                "Der er %(da)s refleksionsspørgsmål på dansk, men %(en)s på engelsk. Skriv "
                "ét engelsk spørgsmål pr. dansk, i samme rækkefølge – eller lad feltet stå tomt."
            ),
        )
        return data


class QuestionForm(NormalizedNewlines, PairsMixin, forms.ModelForm):
    """One question. Its key is made from the label when the question is created and kept;
    it can be changed under "Avanceret" (answers are stored under it)."""

    class Meta:
        model = Question
        fields = [
            "label",
            "label_en",
            "help_text",
            "help_text_en",
            "type",
            "choices",
            "choices_en",
            "required",
            "min_choices",
            "max_choices",
            "key",
        ]
        labels = {
            "label": _("Spørgsmål (dansk)"),
            "label_en": _("Spørgsmål (engelsk)"),
            "help_text": _("Hjælpetekst (dansk)"),
            "help_text_en": _("Hjælpetekst (engelsk)"),
            "choices": _("Valgmuligheder (dansk)"),
            "choices_en": _("Valgmuligheder (engelsk)"),
            "key": _("Intern nøgle"),
        }
        help_texts = {
            "key": _(
                "Svarene gemmes under nøglen. Skift den kun, hvis du ved hvorfor: svar "
                "gemt under den gamle nøgle følger ikke med. Samme nøgle i en refleksion og "
                "en aftale lader aftalen starte med refleksionens svar."
            ),
            "choices": _("Ét valg pr. linje (kun for ét valg og flere valg)."),
        }
        widgets = {
            "help_text": _rows(2),
            "help_text_en": _rows(2),
            "choices": _rows(3),
            "choices_en": _rows(3),
        }
        error_messages = {
            "label": {"required": _("Skriv spørgsmålet på dansk.")},
            "key": {"required": _("Skriv en intern nøgle, fx hvad-er-maalet.")},
        }

    pairs = (("label", "label_en"), ("help_text", "help_text_en"), ("choices", "choices_en"))

    def __init__(self, *args, taken_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken_keys = set(taken_keys)
        self.fields["key"].validators = [validate_slug]
        self.fields["key"].error_messages["invalid"] = _(
            "Nøglen må kun indeholde små bogstaver a–z, tal, bindestreg og understregning."
        )

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if key in self.taken_keys:
            raise forms.ValidationError(
                _(
                    "Nøglen «%(key)s» bruges allerede af et andet spørgsmål i skabelonen. "
                    "To spørgsmål kan ikke gemme svar under samme nøgle."
                )
                % {"key": key},
                code="duplicate_key",
            )
        return key

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if kind in CHOICE_TYPES and not lines(data.get("choices")):
            self.add_error(
                "choices",
                _("Et valgspørgsmål skal have valgmuligheder. Skriv ét valg pr. linje."),
            )
        _check_english_lines(
            self,
            "choices",
            "choices_en",
            _(
                "Der er %(da)s valgmuligheder på dansk, men %(en)s på engelsk. Skriv ét "
                "engelsk valg pr. dansk, i samme rækkefølge – eller lad feltet stå tomt."
            ),
        )
        low, high = data.get("min_choices"), data.get("max_choices")
        if low is not None and high is not None and low > high:
            self.add_error(
                "min_choices",
                _("Mindst antal valg (%(low)s) er større end højst antal valg (%(high)s).")
                % {"low": low, "high": high},
            )
        if (low or high) and kind not in COUNTED_TYPES:
            self.add_error(
                "min_choices",
                _("Antal valg gælder kun flere valg, kompetencer og profiler."),
            )
        return data


class NewQuestionForm(NormalizedNewlines, forms.Form):
    label = forms.CharField(label=_("Nyt spørgsmål (dansk)"), max_length=300, required=False)
    type = forms.ChoiceField(
        label=_("Felttype"), choices=Question.Type.choices, initial=Question.Type.LONG_TEXT
    )

    def clean(self):
        data = super().clean()
        if (
            self.data.get("action") == "add"
            and not (data.get("label") or "").strip()
            and "label" not in self.errors
        ):
            self.add_error("label", _("Skriv det nye spørgsmål på dansk."))
        return data


class NewSectionForm(NormalizedNewlines, forms.Form):
    title = forms.CharField(label=_("Nyt trins overskrift (dansk)"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "add" and not (data.get("title") or "").strip():
            self.add_error("title", _("Skriv det nye trins overskrift på dansk."))
        return data
