"""Every form devzone serves carries a CSRF token, and a POST without it is
refused by the middleware before any view runs, while the same POST with it
goes through.

The forms are read from the pages themselves: every page of
tests/test_permissions.TABLE an administrator can open, the back office's
add forms, the login form; a form added to any of them is covered without
touching this file.
"""
import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from projects.choices import StageChangeStatus
from projects.models import ProjectStageChange
from tests.security.conftest import CSRF_REFUSED, our_models
from tests.security.pages import TOKEN, admin_url, forms_of
from tests.test_permissions import TABLE

pytestmark = pytest.mark.django_db

ADMIN_PAGES = sorted(name for name, (method, statuses) in TABLE.items()
                     if method == "get" and statuses["administrator"] == 200)
POST_ONLY = sorted(name for name, (method, _statuses) in TABLE.items() if method == "post")


@pytest.fixture
def browser(csrf_settings):
    """A test client that enforces CSRF checks, as a browser meets them."""
    return Client(enforce_csrf_checks=True)


def refused(response):
    return response.status_code == 403 and response.has_header(CSRF_REFUSED)


def layout_targets():
    """Where the forms every page carries post (log out, language): each
    page's copy is checked for its token, and posted only from the home
    page and the back office's index."""
    return {reverse("logout"), reverse("set_language"), reverse("admin:logout")}


def post_every_form(client, url, *, user=None, query=None, layout=False):
    """Open the page and post each of its POST forms twice: without the
    token (refused by the middleware) and as the page gave it (not refused).
    Returns how many POST forms the page has (none for a download or a
    JSON answer, which hold no form)."""
    response = client.get(url, query or {})
    assert response.status_code == 200, url
    if not response["Content-Type"].startswith("text/html"):
        return 0
    page_url = response.wsgi_request.get_full_path()
    posted = [form for form in forms_of(response.content.decode()) if form.method == "post"]
    # The layout's log-out and language forms at least: a page read wrong
    # would otherwise pass with nothing checked.
    assert posted, f"no POST form found on {page_url}"
    for form in posted:
        target = form.target(page_url)
        assert form.tokens and all(form.tokens), f"{page_url}: the form posting to {target} has no {TOKEN}"
        if target in layout_targets() and not layout:
            continue
        without = client.post(target, form.values(token=False))
        assert refused(without), f"{page_url}: POST {target} without a token answered {without.status_code}"
        assert without[CSRF_REFUSED] == "CSRF token missing."
        with_token = client.post(target, form.values())
        assert not refused(with_token), f"{page_url}: POST {target} with its token refused: {with_token[CSRF_REFUSED]}"
        assert with_token.status_code != 403, f"{page_url}: POST {target} with its token answered 403"
        if user is not None:
            client.force_login(user)  # the log-out form logged the user out
    return len(posted)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_it_refuses_each_form_of_each_page_posted_without_its_token(browser, world, users, name):
    """Every POST form of the page has a csrfmiddlewaretoken; posted without
    it, the middleware answers 403; posted with it, it is not refused."""
    _users, args, data = world
    browser.force_login(users["administrator"])
    post_every_form(browser, reverse(name, args=args.get(name, [])), user=users["administrator"],
                    query=data.get(name), layout=name in ("workbench:home", "admin:index"))


def test_a_page_form_posted_with_its_token_does_its_work(browser, world, users):
    """The token is what makes the difference: the stage change refused
    without it stays pending; with it, the manager's confirmation is saved."""
    _users, args, _data = world
    change = ProjectStageChange.objects.get(pk=args["projects:stage_change_confirm"][0])
    browser.force_login(users["manager"])
    page = browser.get(reverse("projects:stage_change_review"))
    confirm_url = reverse("projects:stage_change_confirm", args=[change.pk])
    [form] = [form for form in forms_of(page.content.decode()) if form.target(page.wsgi_request.path) == confirm_url]

    assert refused(browser.post(confirm_url, form.values(token=False)))
    change.refresh_from_db()
    assert change.status == StageChangeStatus.PENDING

    assert browser.post(confirm_url, form.values()).status_code == 302
    change.refresh_from_db()
    assert change.status == StageChangeStatus.CONFIRMED


def back_office_page(model, user):
    """The model's add form, or its list (with the actions form) when the
    back office adds none of it."""
    request = RequestFactory().get("/")
    request.user = user
    addable = admin.site._registry[model].has_add_permission(request)
    return admin_url(model, "add" if addable else "changelist")


@pytest.mark.parametrize("model", [m for m in our_models() if admin.site.is_registered(m)], ids=lambda m: m.__name__)
def test_it_refuses_the_back_office_forms_posted_without_their_token(browser, users, model):
    """The back office's add form of each model (its list for the read-only
    ones) is protected like the pages."""
    user = users["administrator"]
    browser.force_login(user)
    assert post_every_form(browser, back_office_page(model, user), user=user) >= 2  # its form, log out


def test_it_refuses_the_login_form_posted_without_its_token(browser, db):
    """Before anyone logs in: the login form carries the token, a POST
    without it is refused even with the right password, and with it the user
    is logged in."""
    get_user_model().objects.create_user("someone", password="pass-for-tests-1")
    page = browser.get(reverse("login"))
    [form] = [form for form in forms_of(page.content.decode()) if form.target(page.wsgi_request.path) == reverse("login")]
    assert form.tokens
    credentials = {**form.values(), "username": "someone", "password": "pass-for-tests-1"}

    without = browser.post(reverse("login"), {k: v for k, v in credentials.items() if k != TOKEN})
    assert refused(without)
    assert "_auth_user_id" not in browser.session

    assert browser.post(reverse("login"), credentials).status_code == 302
    assert "_auth_user_id" in browser.session


# What each POST-only URL changes, read before and after a refused POST.
EFFECTS = {
    "logout": lambda client, world: client.get(reverse("workbench:home")).status_code,
    "set_language": lambda client, world: client.cookies.get(settings.LANGUAGE_COOKIE_NAME),
    "projects:stage_change_confirm": lambda client, world: ProjectStageChange.objects.get(
        pk=world[1]["projects:stage_change_confirm"][0]
    ).status,
    "projects:stage_change_reject": lambda client, world: ProjectStageChange.objects.get(
        pk=world[1]["projects:stage_change_reject"][0]
    ).status,
}


def test_every_post_only_url_has_its_effect_described():
    assert set(EFFECTS) == set(POST_ONLY)


@pytest.mark.parametrize("name", POST_ONLY)
def test_a_post_only_url_refuses_a_post_without_the_token_and_changes_nothing(browser, world, users, name):
    """The URLs that only take a POST (log out, language, confirm or reject
    a stage change): without the token, refused and nothing changes; with
    the token of a page, the status test_permissions expects."""
    _users, args, data = world
    browser.force_login(users["administrator"])
    home = browser.get(reverse("workbench:home"))
    token = next(form for form in forms_of(home.content.decode()) if form.method == "post").tokens[0]
    url = reverse(name, args=args.get(name, []))
    before = EFFECTS[name](browser, world)

    assert refused(browser.post(url, data.get(name, {})))
    assert EFFECTS[name](browser, world) == before

    response = browser.post(url, {**data.get(name, {}), TOKEN: token})
    assert response.status_code == TABLE[name][1]["administrator"]
    assert EFFECTS[name](browser, world) != before
