"""QuickSelect writes exactly what Django's Select writes, faster, and the
filter forms of the lists use it."""
import pytest
from django import forms
from django.test import RequestFactory

from devzone.forms import QuickSelect
from projects.filtersets import ProjectFilterSet
from tests.factories import ZoneFactory
from tests.personas import make_user

CHOICES = [("", "---------"), (1, "沂源<经开区>"), (2, 'A "B" & C'), ("x", "x")]


def normalised(html):
    return "".join(line.strip() for line in html.splitlines())


@pytest.mark.parametrize("value", [None, "", "1", 2, "x", "missing"])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "form-select form-select-sm", "id": "id_zone", "required": True, "disabled": False}]
)
def test_it_writes_what_django_writes(value, attrs):
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("zone", value)
    assert normalised(QuickSelect(attrs=attrs, choices=CHOICES).render("zone", value)) == normalised(expected)


def test_names_are_escaped():
    html = QuickSelect(choices=CHOICES).render("zone", None)
    assert "沂源&lt;经开区&gt;" in html
    assert "A &quot;B&quot; &amp; C" in html


@pytest.mark.django_db
def test_the_project_list_filters_use_it():
    zone = ZoneFactory(name="东营经济技术开发区")
    user = make_user("root", superuser=True)
    request = RequestFactory().get("/projects/", {"zone": zone.pk})
    filterset = ProjectFilterSet(request.GET, queryset=None, user=user)
    widget = filterset.form.fields["zone"].widget
    assert isinstance(widget, QuickSelect)
    html = str(filterset.form["zone"])
    assert f'<option value="{zone.pk}" selected>{zone}</option>' in html
    assert 'class="form-select form-select-sm"' in html
