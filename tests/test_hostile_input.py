"""No input answers 500, and a refused form stores nothing (issue #20, 12).

Every URL of tests/test_permissions.py's table is walked as each signed-in
persona. Each GET page is read for its forms: a POST form is sent back with
hostile values in its fields (some fields left out, the hidden ones
included), and every field of a GET form (the filters) is sent as a query
parameter of the page and of the export beside it. Hypothesis draws the
values; the answer must never be a server error, and a form that is refused
(re-rendered rather than redirected) must leave every table as it was.
"""
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permissions import TABLE, world  # noqa: F401  (the fixture)

SIGNED_IN = ("staff", "other_staff", "manager", "administrator")
# Pages that answer something other than a form page for a GET, or that a
# GET does not describe: logout and set_language are posted to, exports are
# walked through their list's filters.
NOT_FORMS = {"logout", "set_language", "healthz", "admin:index"}
DOMAIN_APPS = ("zones", "projects", "meetings", "insights")

HOSTILE = st.one_of(
    st.sampled_from(["", " ", "\x00", "0", "-1", "-0.01", "NaN", "inf", "1e309", "0001-01-01", "9999-12-31",
                     "2024-02-30", "24:61", "'; DROP TABLE x; --", "<script>alert(1)</script>", "＝1+1", "on", "[]"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
    st.text(max_size=40),
    st.just("长" * 100_000),  # printed as its length in a failure report
)


class Forms(HTMLParser):
    """The forms of a page: method, action and field names (the buttons'
    and CSRF token's included, the file inputs left out)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": []})
        elif tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            if attrs.get("type") != "file":
                self.forms[-1]["fields"].append(attrs["name"])


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


def table_counts():
    return {
        model._meta.label: model._base_manager.count()
        for name in DOMAIN_APPS
        for model in apps.get_app_config(name).get_models()
    }


def pages(client, users, args, persona):
    """(name, url, forms) of every page the persona may open."""
    client.force_login(users[persona])
    found = []
    for name, (method, statuses) in sorted(TABLE.items()):
        if method != "get" or name in NOT_FORMS or statuses[persona] != 200:
            continue
        url = reverse(name, args=args.get(name, []))
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            found.append((name, url, forms_of(response.content.decode())))
    return found


def send(client, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code < 500, f"{method.upper()} {url} {data!r:.300} answered {response.status_code}"
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("persona", SIGNED_IN)
def test_no_hostile_post_answers_500_and_a_refused_one_stores_nothing(client, world, persona):  # noqa: F811
    users, args, _data = world
    targets = [
        (url if form["action"] in (None, "") else form["action"], form["fields"])
        for _name, url, forms in pages(client, users, args, persona)
        for form in forms
        if form["method"] == "post" and "/i18n/" not in (form["action"] or "") and "logout" not in (form["action"] or "")
    ]
    assert targets, "no POST form found: the walk would test nothing"

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def post(data):
        for url, fields in targets:
            kept = data.draw(st.lists(st.sampled_from(fields), unique=True), label=url) if fields else []
            values = {field: data.draw(HOSTILE, label=field) for field in kept}
            with transaction.atomic():
                before = table_counts()
                response = send(client, "post", url, values)
                if response.status_code == 200:
                    assert table_counts() == before, f"POST {url} was refused but stored rows"
                transaction.set_rollback(True)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", SIGNED_IN)
def test_no_hostile_query_parameter_answers_500(client, world, persona):  # noqa: F811
    users, args, _data = world
    targets = []
    for name, url, forms in pages(client, users, args, persona):
        fields = sorted({field for form in forms if form["method"] == "get" for field in form["fields"]})
        fields = sorted({*fields, "page", "sort", "zone", "year", "as_of", "metric", "format"})
        targets.append((url, fields))
        export = f"{name}_export".replace("_list_export", "_export")
        if export in TABLE and TABLE[export][1][persona] == 200:
            targets.append((reverse(export, args=args.get(export, [])), fields))

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def get(data):
        for url, fields in targets:
            kept = data.draw(st.lists(st.sampled_from(fields), unique=True, min_size=1), label=url)
            send(client, "get", url, {field: data.draw(HOSTILE, label=field) for field in kept})

    get()
