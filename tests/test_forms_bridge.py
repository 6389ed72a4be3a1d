from django import forms
from markupsafe import Markup

from config.components import component_html, rendered
from config.fields import field_html, field_params
from config.jinja2 import error_list


class SampleForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=100, help_text="As on your badge")
    email = forms.EmailField(required=False)
    notes = forms.CharField(widget=forms.Textarea, max_length=500)
    grade = forms.ChoiceField(choices=[("", "Choose"), ("f1", "Foundation")])
    mode = forms.ChoiceField(
        choices=[("video", "Video"), ("phone", "Phone")], widget=forms.RadioSelect
    )
    reasons = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(label="I agree")
    upload = forms.FileField(required=False)


def test_each_widget_maps_to_its_nhs_macro():
    form = SampleForm()
    kinds = {name: field_params(form[name])[0] for name in form.fields}
    assert kinds == {
        "name": "input",
        "email": "input",
        "notes": "characterCount",
        "grade": "select",
        "mode": "radios",
        "reasons": "checkboxes",
        "consent": "checkboxes",
        "upload": "fileUpload",
    }


def test_label_hint_optional_marker_and_maxlength_come_from_the_field():
    form = SampleForm()
    _, params = field_params(form["name"])
    assert params["label"] == {"text": "Full name"}
    assert params["hint"] == {"text": "As on your badge"}
    assert params["attributes"]["maxlength"] == 100
    _, params = field_params(form["email"])
    assert params["label"]["text"] == "Email (optional)"
    assert params["type"] == "email"


def test_bound_values_and_errors_are_carried_into_the_params():
    form = SampleForm(data={"name": "", "reasons": ["b"], "mode": "phone", "grade": "f1"})
    assert not form.is_valid()
    _, params = field_params(form["name"])
    assert params["errorMessage"]["text"] == "This field is required."
    _, params = field_params(form["reasons"])
    assert [item["checked"] for item in params["items"]] == [False, True]
    _, params = field_params(form["mode"])
    assert [item["checked"] for item in params["items"]] == [False, True]
    _, params = field_params(form["grade"])
    assert [item["selected"] for item in params["items"]] == [False, True]


def test_error_summary_links_each_error_to_its_field():
    form = SampleForm(data={})
    form.is_valid()
    hrefs = [item["href"] for item in error_list(form)]
    assert "#id_name" in hrefs and "#id_reasons" in hrefs and "#id_consent" in hrefs


def test_a_field_needed_only_in_some_cases_says_when_instead_of_optional():
    from mentoring.forms import EndForm, RespondForm
    from referrals.forms import EducatorReferralForm, ReferralForm

    cases = [
        (ReferralForm(), "phone", "Phone number", "Needed if you choose to be contacted by phone"),
        (ReferralForm(), "reasons_other", "Other reason", "Needed if you select other."),
        (EducatorReferralForm(), "phone", "Phone number", "Needed if the trainee would like"),
        (RespondForm(), "reason", "Reason for declining", "Needed if you decline."),
        (EndForm(), "reason", "Reason or summary", "Needed if the match ended early."),
    ]
    for form, name, label, hint in cases:
        _macro, params = field_params(form[name])
        assert params["label"]["text"] == label, name
        assert params["hint"]["text"].startswith(hint), name


def test_a_truly_optional_field_still_says_optional():
    from referrals.forms import ReferralForm

    _macro, params = field_params(ReferralForm()["specialty"])
    assert params["label"]["text"] == "Specialty or programme (optional)"


def test_the_educator_form_speaks_of_the_trainees_profession_not_the_educators():
    from referrals.forms import EducatorReferralForm, ReferralForm

    def label(form):
        return dict(form.fields["reasons"].choices)["outside"]

    assert label(EducatorReferralForm()) == (
        "Considering a career outside medicine or their current profession"
    )
    assert label(ReferralForm()) == "Considering a career outside medicine or my current profession"


def _macro_html(bound_field, **extra):
    """The field rendered by its NHS macro with nothing kept (what field_html must equal)."""
    return str(rendered(*field_params(bound_field, **extra)))


def test_a_kept_field_is_exactly_what_its_macro_renders_for_every_value_and_error():
    forms_ = [
        SampleForm(),
        SampleForm(data={"name": "", "reasons": ["b"], "mode": "phone", "grade": "f1"}),
        SampleForm(data={"name": "<b>Ann</b> & co", "grade": "nope", "consent": "on"}),
        SampleForm(data={"name": "Ann", "reasons": ["a", "b"], "mode": "video", "grade": ""}),
    ]
    for form in forms_:
        form.is_valid()
        for name in form.fields:
            for _ in range(2):  # rendered, then kept
                assert str(field_html(form[name])) == _macro_html(form[name]), name


def test_fields_that_render_differently_are_kept_apart():
    plain = str(field_html(SampleForm()["name"], hint={"text": "<b>x</b>"}))
    marked = str(field_html(SampleForm()["name"], hint={"html": Markup("<b>x</b>")}))
    as_text = str(field_html(SampleForm()["name"], hint={"html": "<b>x</b>"}))
    assert "&lt;b&gt;x&lt;/b&gt;" in plain and "<b>x</b>" in marked
    assert as_text == _macro_html(SampleForm()["name"], hint={"html": "<b>x</b>"})
    # True and 1 are equal as dict keys, but the macro renders them differently.
    for value in (True, 1, "1"):
        attributes = {"attributes": {"data-x": value}}
        html = str(field_html(SampleForm()["name"], **attributes))
        assert html == _macro_html(SampleForm()["name"], **attributes), value
    checked = SampleForm(data={"consent": "on"})
    assert "checked" in str(field_html(checked["consent"]))
    assert "checked" not in str(field_html(SampleForm()["consent"]))
    assert 'value="Ann"' in str(field_html(SampleForm(data={"name": "Ann"})["name"]))
    assert 'value="Bo"' in str(field_html(SampleForm(data={"name": "Bo"})["name"]))


def test_a_kept_tag_is_exactly_what_the_nhs_tag_macro_renders():
    from django.template import engines

    env = engines["jinja2"].env
    direct = env.from_string(
        '{% from "nhsuk/components/tag/macro.jinja" import tag %}{{ tag(params) }}'
    )
    for params in (
        {"text": "Overdue", "colour": "red"},
        {"text": "<b>Ann</b> & co", "colour": "white"},
        {"html": Markup("<b>Ann</b>"), "colour": "blue"},
        {"text": "Received"},
    ):
        for _ in range(2):  # rendered, then kept
            assert str(component_html("tag", params)) == direct.render(params=params), params
    # Text and markup with the same characters are kept apart.
    as_text = str(component_html("tag", {"text": "<b>x</b>"}))
    as_markup = str(component_html("tag", {"html": Markup("<b>x</b>")}))
    assert "&lt;b&gt;x" in as_text and "<b>x</b>" in as_markup
