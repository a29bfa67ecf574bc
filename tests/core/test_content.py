"""core.content: texts in two languages and versions of them (the content types' own tests
cover publishing through their editors)."""

from types import SimpleNamespace

from django.utils import translation

from core.content import compare, localize, missing, translated, untranslated_fields, word_diff

CONTENT = {
    "key": "aftale",
    "title": "Aftale",
    "sections": [
        {
            "title": "Tid",
            "prompts": ["Hvor meget?", "Hvornår?"],
            "questions": [{"key": "tid", "label": "Timer", "choices": ["Ja", "Nej"]}],
        }
    ],
}
TEXT_KEYS = {"title", "prompts", "label", "choices"}


def test_english_replaces_each_text_it_has_and_leaves_the_rest():
    english = {
        "title": "Agreement",
        "sections": [{"title": "", "prompts": ["How much?", "When?"], "questions": [{}]}],
    }
    merged = localize(CONTENT, english, "en")
    assert merged["title"] == "Agreement"
    assert merged["key"] == "aftale"
    section = merged["sections"][0]
    assert section["title"] == "Tid"  # no English: Danish
    assert section["prompts"] == ["How much?", "When?"]
    assert section["questions"][0] == CONTENT["sections"][0]["questions"][0]
    assert CONTENT["title"] == "Aftale"  # the version's own data is untouched


def test_danish_readers_get_the_danish_content():
    assert localize(CONTENT, {"title": "Agreement"}, "da") is CONTENT


def test_a_list_of_texts_is_taken_whole_so_it_lines_up_with_the_danish():
    short = {"sections": [{"prompts": ["How much?"]}]}
    gap = {"sections": [{"prompts": ["How much?", " "]}]}
    assert localize(CONTENT, short, "en")["sections"][0]["prompts"] == ["Hvor meget?", "Hvornår?"]
    assert localize(CONTENT, gap, "en")["sections"][0]["prompts"] == ["Hvor meget?", "Hvornår?"]


def test_missing_lists_every_text_without_english():
    assert missing(CONTENT, {}, TEXT_KEYS) == [
        ("title",),
        ("sections", 0, "title"),
        ("sections", 0, "prompts"),
        ("sections", 0, "questions", 0, "label"),
        ("sections", 0, "questions", 0, "choices"),
    ]
    english = {
        "title": "Agreement",
        "sections": [
            {
                "title": "Time",
                "prompts": ["How much?", "When?"],
                "questions": [{"label": "Hours", "choices": ["Yes"]}],
            }
        ],
    }
    assert missing(CONTENT, english, TEXT_KEYS) == [("sections", 0, "questions", 0, "choices")]


def test_translated_falls_back_to_danish():
    row = SimpleNamespace(name="Ældre", name_en="")
    row_en = SimpleNamespace(name="Ældre", name_en="Older people")
    with translation.override("en"):
        assert translated(row, "name") == "Ældre"
        assert translated(row_en, "name") == "Older people"
    with translation.override("da"):
        assert translated(row_en, "name") == "Ældre"


def test_untranslated_fields_names_the_texts_without_english():
    class Row(SimpleNamespace):
        translated_fields = ("name", "description")

    assert untranslated_fields(Row(name="A", name_en="", description="", description_en="")) == [
        "name"
    ]


def test_compare_gives_word_changes_by_key():
    old = [("title", "Titel", "Vi mødes hver uge"), ("q1", "Spørgsmål 1", "Hvad?")]
    new = [("title", "Titel", "Vi mødes hver anden uge"), ("q2", "Spørgsmål 2", "Hvem?")]
    changes = compare(old, new)
    assert [(c.label, c.kind) for c in changes] == [
        ("Titel", "changed"),
        ("Spørgsmål 2", "added"),
        ("Spørgsmål 1", "removed"),
    ]
    assert ("ins", "anden ") in changes[0].segments
    assert compare(old, old) == []


def test_word_diff_of_a_rewrite_is_old_then_new():
    assert word_diff("Tirsdage", "Efter aftale med Jens hver fredag")[0] == ("del", "Tirsdage")


def test_shipped_english_fills_only_what_the_live_version_lacks():
    from core.content import fill_missing

    live = {"title": "Agreement (edited)", "sections": [{"title": "", "prompts": []}]}
    shipped = {"title": "Agreement", "sections": [{"title": "Time", "prompts": ["A", "B"]}]}
    assert fill_missing(live, shipped) == {
        "title": "Agreement (edited)",
        "sections": [{"title": "Time", "prompts": ["A", "B"]}],
    }
    assert fill_missing({}, shipped) == shipped
    assert fill_missing(live, {}) == live


def test_editor_forms_keep_line_breaks_as_lf():
    """Browsers post a text area's line breaks as CRLF; saving unchanged text must not make
    the draft differ from what is published."""
    from django import forms

    from core.content import NormalizedNewlines

    class Form(NormalizedNewlines, forms.Form):
        text = forms.CharField(widget=forms.Textarea)

    form = Form({"text": "Første afsnit.\r\n\r\nAndet afsnit.\rTredje."})
    assert form.is_valid()
    assert form.cleaned_data["text"] == "Første afsnit.\n\nAndet afsnit.\nTredje."


def test_english_only_leaves_a_text_without_english_empty():
    """Comparing two versions' English must not show the Danish that stands in for it."""
    from core.content import english_only

    english = {"title": "Agreement", "sections": [{"prompts": ["How much?"]}]}
    result = english_only(CONTENT, english, TEXT_KEYS)
    assert result["title"] == "Agreement"
    assert result["key"] == "aftale"
    section = result["sections"][0]
    assert section["title"] == "" and section["prompts"] == []  # a list is whole or nothing
    assert section["questions"][0] == {"key": "tid", "label": "", "choices": []}
