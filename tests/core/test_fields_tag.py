"""The field_group tag: Bootstrap's markup for a filter field, errors linked for screen
readers, the chosen option selected, everything escaped."""

import pytest
from django import forms
from django.template import Context, Template


class Filters(forms.Form):
    q = forms.CharField(label="Søg <i>", required=False, max_length=10)
    kind = forms.ChoiceField(label="Type", required=False, choices=[("", "Alle"), ("a", "A & B")])


def render(data):
    form = Filters(data)
    form.is_valid()
    template = Template(
        '{% load fields %}{% field_group form.q "col-4" %}{% field_group form.kind %}'
    )
    return template.render(Context({"form": form}))


def test_a_fresh_form_selects_the_empty_choice_and_escapes_labels():
    html = render(None)
    assert '<label for="id_q" class="form-label">Søg &lt;i&gt;</label>' in html
    assert '<div class="col-4"><div id="div_id_q" class="mb-3">' in html
    assert '<option value="" selected>Alle</option>' in html
    assert '<option value="a">A &amp; B</option>' in html
    assert "aria-invalid" not in html


def test_bad_input_is_kept_marked_invalid_and_explained():
    html = render({"q": '"><script>', "kind": "zz"})
    assert 'value="&quot;&gt;&lt;script&gt;"' in html  # what was typed stays, escaped
    assert (
        '<select name="kind" class="select form-select is-invalid" aria-invalid="true" '
        'aria-describedby="id_kind_error" id="id_kind">'
    ) in html
    assert '<div id="id_kind_error" class="invalid-feedback"><span id="error_1_id_kind">' in html
    assert '<option value="">Alle</option>' in html


def test_a_required_field_is_marked_and_its_help_text_linked():
    class Comment(forms.Form):
        text = forms.CharField(label="Kommentar", widget=forms.Textarea, help_text="Højst 5 linjer")

    html = Template("{% load fields %}{% field_group form.text %}").render(
        Context({"form": Comment()})
    )
    assert html.startswith('<div id="div_id_text" class="mb-3">')
    assert (
        '<label for="id_text" class="form-label requiredField">Kommentar'
        '<span class="asteriskField">*</span></label>'
    ) in html
    assert 'class="textarea form-control"' in html and " required " in html
    assert 'aria-describedby="id_text_helptext"' in html
    assert '<div id="id_text_helptext" class="form-text">Højst 5 linjer</div>' in html


def test_the_chosen_option_is_selected():
    assert '<option value="a" selected>A &amp; B</option>' in render({"kind": "a"})


def test_an_invalid_field_with_help_text_points_to_both():
    class Choice(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")], label="Type", help_text="Vælg én")

    form = Choice({"kind": "zz"})
    form.is_valid()
    html = Template("{% load fields %}{% field_group form.kind %}").render(Context({"form": form}))
    assert 'aria-invalid="true" aria-describedby="id_kind_helptext id_kind_error"' in html


def test_grouped_choices_are_refused_rather_than_written_wrong():
    class Grouped(forms.Form):
        kind = forms.ChoiceField(choices=[("Gruppe", [("a", "A")])], label="Type")

    with pytest.raises(ValueError):
        Template("{% load fields %}{% field_group form.kind %}").render(
            Context({"form": Grouped()})
        )
