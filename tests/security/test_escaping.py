"""Text that holds a script is printed as text, never run.

Every text field of every model of devzone, projects and meetings (and the
user's names) is set to a script carrying the field's number, on every row;
the reports are produced again from those rows so that their stored JSON
carries the scripts too. Then every page an administrator and a manager can
open, and the back office's list and change page of every model, must show
no script unescaped, while the escaped script of each field a page shows is
found (a template that stopped showing a field, or that escaped twice,
fails too).
"""
import re

import pytest
from django.contrib import admin

from tests.security.conftest import our_models
from tests.security.pages import admin_url, forms_of, pages

pytestmark = pytest.mark.django_db


def script(n):
    # The quote and bracket first: a value printed inside an attribute
    # would close it and open the tag.
    return f"'\"><script>xss{n}r", "</script>"


# An opening or closing script tag of a payload, unescaped.
RAW = re.compile(r"<script>xss\d+r|xss\d+r\d+</script>", re.IGNORECASE)
ESCAPED = re.compile(r"&lt;script&gt;xss(\d+)r\d+&lt;/script&gt;")

# What the manager's pages must show at least (the administrator sees every
# field in the back office). Names, titles and what staff write.
MANAGER_SEES = {
    "Zone.name",
    "Industry.name",
    "Official.name",
    "Enterprise.name",
    "InvestmentProject.name",
    "InvestmentProject.description",
    "ProgressReport.problems",
    "ProjectStageChange.reason",
    "Meeting.title",
    "Meeting.summary",
    "Directive.text",
    "DirectiveNote.text",
    "PromotionActivity.title",
    "PromotionActivity.outcome",
    "SourceArticle.title",
    "AssessmentScheme.name",
    "TaskRun.error",
}


def html_pages(persona, world):
    """Every page of TABLE the persona opens, and for the administrator the
    back office's list and change page of every model that was filled."""
    urls = [(url, query) for _name, url, query in pages(persona, world)]
    if persona == "administrator":
        for model in our_models():
            if admin.site.is_registered(model):
                urls.append((admin_url(model, "changelist"), {}))
                urls.append((admin_url(model, "change", model._base_manager.order_by("pk").first().pk), {}))
    return urls


def read(client, persona, world):
    """{url: html} of every HTML page the persona opens (downloads are
    tests/security/test_exports.py's)."""
    found = {}
    for url, query in html_pages(persona, world):
        response = client.get(url, query)
        assert response.status_code == 200, f"{persona} GET {url}"
        if response["Content-Type"].startswith("text/html"):
            found[url] = response.content.decode()
    return found


@pytest.mark.parametrize("persona", ["administrator", "manager"])
def test_a_script_in_any_text_field_is_printed_escaped_on_every_page(client, world, users, stocked, persona):
    injection = stocked(script)
    client.force_login(users[persona])
    shown, unescaped = set(), {}
    html = read(client, persona, world)
    for url, content in html.items():
        hits = RAW.findall(content)
        if hits:
            unescaped[url] = hits[:5]
        shown |= {injection.fields[int(n)] for n in ESCAPED.findall(content)}

    assert unescaped == {}
    if persona == "administrator":
        # The back office's change forms show every field that can hold text.
        assert set(injection.fields.values()) - shown == set()
    else:
        assert MANAGER_SEES - shown == set()


QUERY_PAYLOAD = "'\"><script>xssq</script>"


def test_what_the_address_carries_is_printed_escaped(client, world, users):
    """Reflected: every page opened with each field of its GET forms (the
    filters, the search box) and an unknown parameter set to a script shows
    the script escaped at most, never as a tag."""
    client.force_login(users["administrator"])
    echoed = set()
    for name, url, query in pages("administrator", world):
        page = client.get(url, query)
        if not page["Content-Type"].startswith("text/html"):
            continue
        names = {field for form in forms_of(page.content.decode()) if form.method == "get"
                 for field, _value, _kind in form.fields}
        response = client.get(url, {**query, **dict.fromkeys(names | {"xss"}, QUERY_PAYLOAD)})
        content = response.content.decode()
        assert "<script>xssq" not in content, f"{url} prints the address's script unescaped"
        if "&lt;script&gt;xssq" in content:
            echoed.add(name)
    # The search boxes give back what was searched for, escaped.
    assert {"projects:project_list", "meetings:meeting_list"} <= echoed, echoed
