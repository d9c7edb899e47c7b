"""The production profile: the deployment check, HTTPS behind a proxy, the
security headers, the login lockout, idle sessions, /healthz and the
dashboards' read replica.

The suite itself runs over plain HTTP (devzone/settings_test.py); the HTTPS
settings are checked here, by overriding them or by starting Django in a
subprocess with a production environment.
"""
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db.utils import OperationalError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from devzone import health, middleware
from tests.factories import ZoneFactory
from tests.needs import unavailable
from tests.personas import staff_of

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "pass-for-tests-1"

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "p" * 20 + "-production-like-secret-key-of-sixty-characters",
    "DJANGO_ALLOWED_HOSTS": "devzone.example.gov.cn",
    "DJANGO_PROXY_COUNT": "1",
    "DJANGO_SETTINGS_MODULE": "devzone.settings",
}


def manage(*args, env):
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- the deployment check ---------------------------------------------------


def test_the_production_settings_pass_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_faults_plain_http():
    """The check is not passed vacuously: the same settings with HTTPS off
    are reported."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "DJANGO_HTTPS": "0"})
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_the_deployment_check_wants_the_proxy_declared():
    """HTTPS behind nginx without DJANGO_PROXY_COUNT would redirect forever."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_PROXY_COUNT"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "devzone.W001" in result.stderr


HTTPS_PROBE = """
from django.test import Client
client = Client(HTTP_HOST="devzone.example.gov.cn")
plain = client.get("/accounts/login/")
proxied = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
health = client.head("/healthz")
stylesheet = proxied.content.decode().split('rel="stylesheet" href="')[1].split('"')[0]
css = client.get(stylesheet, headers={"X-Forwarded-Proto": "https"})
print(plain.status_code, plain.get("Location"), proxied.status_code, proxied.get("Strict-Transport-Security"),
      health.status_code, stylesheet, css.status_code, css.get("Cache-Control"))
"""


def test_behind_the_declared_proxy_https_is_recognised(tmp_path):
    """With the production environment itself (not overridden settings),
    after collectstatic as `make prod` runs it: plain HTTP is redirected,
    what nginx marks as HTTPS is served with HSTS, the health check answers
    HEAD over plain HTTP, and WhiteNoise serves the hashed static files
    cached for good."""
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    assert manage("migrate", "--no-input", env=env).returncode == 0
    collected = manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    result = manage("shell", "-c", HTTPS_PROBE, env=env)
    assert result.returncode == 0, result.stderr
    words = result.stdout.strip().splitlines()[-1].split()
    assert words[:7] == [
        "301",
        "https://devzone.example.gov.cn/accounts/login/",
        "200",
        "max-age=31536000;",
        "includeSubDomains;",
        "preload",
        "200",
    ]
    assert re.fullmatch(r"/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css", words[7])
    assert words[8:] == ["200", "max-age=315360000,", "public,", "immutable"]


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


# -- HTTPS behind nginx and the security headers ----------------------------


HTTPS_SETTINGS = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


@override_settings(**HTTPS_SETTINGS)
def test_plain_http_is_redirected_to_https(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


@override_settings(**HTTPS_SETTINGS)
def test_https_through_the_proxy_gets_hsts_and_secure_cookies(db):
    response = Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.cookies["csrftoken"]["secure"] is True


@override_settings(**HTTPS_SETTINGS)
def test_the_health_check_is_answered_over_plain_http(db):
    """Load balancers probe over HTTP; a redirect would read as down."""
    assert Client().get("/healthz").status_code == 200


def test_every_page_carries_the_security_headers(client, db):
    response = client.get("/accounts/login/")
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    # Scripts only from our own files: no inline script, no eval.
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in policy["style-src-elem"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_carries_what_the_policy_blocks():
    """Inline scripts, event-handler attributes, <style> elements and htmx's
    hx-on (which needs eval, turned off) would silently not work in the
    browser."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        name = str(template.relative_to(ROOT))
        for chunk in text.split("<script")[1:]:
            opening = chunk.split(">", 1)[0]
            # json_script writes <script type="application/json">, which is data.
            if "src=" not in opening and "application/json" not in opening:
                offenders.append(f"{name}: inline script")
        for pattern, what in [
            (r"\son[a-z]+\s*=", "event-handler attribute"),
            (r"<style[\s>]", "style element"),
            (r"\bhx-on", "hx-on"),
        ]:
            if re.search(pattern, text):
                offenders.append(f"{name}: {what}")
    assert offenders == []


def test_static_files_are_served_by_whitenoise(client, db):
    response = client.get("/static/devzone/devzone.css")
    assert response.status_code == 200
    assert b".htmx-indicator" in b"".join(response.streaming_content)


# -- the login lockout --------------------------------------------------------


def log_in(client, username, password, address="10.1.2.3", **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, headers=headers
    )


@pytest.fixture
def zone_staff(db):
    return staff_of(ZoneFactory(), username="zhang")


def test_failed_logins_lock_the_name_from_that_address(zone_staff, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "zhang", "wrong-password")
        assert response.status_code == 200
        assert "Please enter a correct" in response.content.decode()
    locked = log_in(client, "zhang", "wrong-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Login locked" in page
    assert f"{settings.AXES_FAILURE_LIMIT} times" in page
    assert "15 minutes" in page
    # Now even the right password is refused from there...
    assert log_in(Client(), "zhang", PASSWORD).status_code == 429
    # ...but the same name from another address, and another name from the
    # same address, still log in.
    assert log_in(Client(), "zhang", PASSWORD, address="10.9.9.9").status_code == 302
    staff_of(ZoneFactory(), username="li")
    assert log_in(Client(), "li", PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off_even_if_tried_meanwhile(zone_staff, settings):
    """A try during the lockout does not start it again: the page's "15
    minutes" holds."""
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "zhang", "wrong-password")
    assert log_in(Client(), "zhang", PASSWORD).status_code == 429

    def age(minutes):
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))

    age(10)
    assert log_in(Client(), "zhang", PASSWORD).status_code == 429  # still locked, tried again
    age(16)
    assert log_in(Client(), "zhang", PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_failures(zone_staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(Client(), "zhang", "wrong-password")
    assert log_in(Client(), "zhang", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(Client(), "zhang", "wrong-password").status_code == 200
    assert log_in(Client(), "zhang", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(zone_staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = Client().post("/admin/login/", {"username": "zhang", "password": "nope"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429


@override_settings(PROXY_COUNT=1)
def test_behind_the_proxy_a_forged_forwarded_for_does_not_dodge_the_lock(zone_staff, settings):
    """nginx appends the address it saw to X-Forwarded-For; whatever the
    client put in front of it must not count as its address."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        forged = f"192.0.2.{attempt}, 10.1.2.3"
        log_in(Client(), "zhang", "wrong", address="127.0.0.1", **{"X-Forwarded-For": forged})
    response = log_in(Client(), "zhang", PASSWORD, address="127.0.0.1", **{"X-Forwarded-For": "192.0.2.99, 10.1.2.3"})
    assert response.status_code == 429
    # A different client behind the same proxy is not affected.
    other = log_in(Client(), "zhang", PASSWORD, address="127.0.0.1", **{"X-Forwarded-For": "10.7.7.7"})
    assert other.status_code == 302


def test_weak_passwords_are_refused(zone_staff):
    client = Client()
    client.force_login(zone_staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This password is too common." in page
    assert "This password is entirely numeric." in page
    zone_staff.refresh_from_db()
    assert zone_staff.check_password(PASSWORD)


# -- idle sessions ------------------------------------------------------------


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_activity_slides_the_session_expiry_forward(zone_staff, settings):
    client = Client()
    client.force_login(zone_staff)
    session = client.session
    # The user's last request was two minutes ago.
    session[middleware.TOUCH_KEY] = int(time.time()) - 120
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=3))
    assert client.get(reverse("workbench:home")).status_code == 200
    remaining = session_row(client).expire_date - timezone.now()
    assert abs(remaining.total_seconds() - settings.SESSION_COOKIE_AGE) < 30


def test_a_session_is_not_written_on_every_request(zone_staff):
    client = Client()
    client.force_login(zone_staff)
    before = session_row(client).expire_date
    client.get(reverse("workbench:home"))
    assert session_row(client).expire_date == before


def test_htmx_polling_does_not_keep_a_session_alive(zone_staff):
    """A task run's page polls every few seconds; only the user's own
    requests count as activity."""
    client = Client()
    client.force_login(zone_staff)
    session = client.session
    session[middleware.TOUCH_KEY] = int(time.time()) - 120
    session.save()
    before = session_row(client).expire_date
    client.get(reverse("workbench:home"), headers={"HX-Request": "true"})
    assert session_row(client).expire_date == before
    client.get(reverse("workbench:home"))
    assert session_row(client).expire_date > before


def test_an_idle_session_has_expired(zone_staff):
    client = Client()
    client.force_login(zone_staff)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sessions_expire_after_two_hours_idle_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


# -- /healthz -------------------------------------------------------------------


@override_settings(CELERY_BROKER_URL="")
def test_health_without_a_broker_reports_eager_tasks(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_health_reports_an_unreachable_broker_as_degraded(client, db):
    """Pages still work without the broker: the host stays in the load
    balancer (200) and monitoring reads "degraded"."""
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1.5  # one attempt, no retry with a pause
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "error"}


@override_settings(CELERY_BROKER_URL="")
def test_health_answers_head_requests(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_health_reports_an_unreachable_database(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    # Only the health check's own connection fails; the middleware's
    # session and user lookups are not what is being checked.
    monkeypatch.setattr(health, "connections", {"default": Unreachable()})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "error"
    # Nothing about the failure is told to an anonymous caller.
    assert "refused" not in response.content.decode()


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
def test_health_with_redis_running(client, db):
    if not redis_reachable():
        unavailable("Redis is not running on 127.0.0.1:6379")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


# -- the read replica -----------------------------------------------------------

REPLICA_PROBE = """
import json
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()  # the responses keep their template context
from django.contrib.auth import get_user_model
from zones.models import Zone
from projects.models import InvestmentProject
manager = get_user_model().objects.get(username="manager")
zone = Zone.objects.get(code="R1")
client = Client()
client.force_login(manager)
dashboard = client.get("/dashboards/", {"zone": zone.pk, "year": 2024, "as_of": "2024-12-31"})
ranking = client.get("/dashboards/ranking/", {"metric": "signed_projects", "year": 2024, "as_of": "2024-12-31"})
listing = client.get("/projects/", {"zone": zone.pk})
health = Client().get("/healthz").json()
print(json.dumps({
    "health": health,
    "dashboard": dashboard.status_code,
    "dashboard_signed": str(dashboard.context["dashboard"].figures["signed_projects"]),
    "ranking_actual": str([row.actual for row in ranking.context["rows"] if row.zone.pk == zone.pk][0]),
    "list_count": listing.context["paginator"].count,
}))
"""

REPLICA_SETUP = """
import datetime
from decimal import Decimal
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from zones.models import Zone, Membership
from projects.models import InvestmentProject
from projects.choices import Stage
zone = Zone.objects.get_or_create(code="R1", defaults={"name": "复制测试开发区", "short_name": "复制区"})[0]
user = get_user_model().objects.get_or_create(username="manager")[0]
user.groups.add(Group.objects.get(name="manager"))
Membership.objects.get_or_create(user=user, zone=zone)
n = InvestmentProject.objects.count()
InvestmentProject.objects.create(
    zone=zone, name=f"项目{n + 1}", stage=Stage.SIGNED, confirmed_stage=Stage.SIGNED,
    signed_on=datetime.date(2024, 3, n + 1), planned_investment=Decimal("10000"),
)
"""


class SqlitePair:
    """Two SQLite files for a primary and its replica; the replica is a copy
    of the primary's file."""

    def __init__(self, tmp_path):
        self.primary, self.replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
        self.primary_url, self.replica_url = f"sqlite:///{self.primary}", f"sqlite:///{self.replica}"

    def copy(self):
        shutil.copyfile(self.primary, self.replica)

    def count(self, which):
        with sqlite3.connect(getattr(self, which)) as db:
            return db.execute("SELECT COUNT(*) FROM projects_investmentproject").fetchone()[0]

    def close(self):
        pass


class PostgresPair:
    """Two PostgreSQL databases beside the one DATABASE_URL names; the
    replica is created from the primary as its template (a copy at that
    moment, as a streaming replica would hold)."""

    def __init__(self, url):
        import psycopg

        self.psycopg = psycopg
        base = url.rsplit("/", 1)[0]
        suffix = f"{os.getpid()}_{int(time.time())}"
        self.names = {"primary": f"devzone_primary_{suffix}", "replica": f"devzone_replica_{suffix}"}
        self.primary_url, self.replica_url = (f"{base}/{self.names[key]}" for key in ("primary", "replica"))
        self.admin_url = f"{base}/postgres"
        self.execute(f'CREATE DATABASE "{self.names["primary"]}"')

    def execute(self, sql):
        with self.psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def copy(self):
        self.execute(f'CREATE DATABASE "{self.names["replica"]}" TEMPLATE "{self.names["primary"]}"')

    def count(self, which):
        url = self.primary_url if which == "primary" else self.replica_url
        with self.psycopg.connect(url) as connection:
            return connection.execute("SELECT COUNT(*) FROM projects_investmentproject").fetchone()[0]

    def close(self):
        for name in self.names.values():
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_pair(request, tmp_path):
    if request.param == "sqlite":
        pair = SqlitePair(tmp_path)
    else:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            unavailable("the PostgreSQL replica test needs DATABASE_URL naming a PostgreSQL server")
        pair = PostgresPair(url)
    yield pair
    pair.close()


def test_dashboards_read_from_the_replica_and_everything_else_from_the_primary(database_pair):
    """A primary and its replica, two databases: the replica is a copy taken
    after one project was signed, the primary has signed a second one since.
    The dashboard and the ranking show the replica's one project; the project
    list, which staff use right after saving, shows both."""
    pair = database_pair
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": pair.primary_url}
    migrated = manage("migrate", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert manage("shell", "-c", REPLICA_SETUP, env=env).returncode == 0
    pair.copy()
    assert manage("shell", "-c", REPLICA_SETUP, env=env).returncode == 0
    assert (pair.count("primary"), pair.count("replica")) == (2, 1)

    with_replica = manage("shell", "-c", REPLICA_PROBE, env={**env, "DATABASE_REPLICA_URL": pair.replica_url})
    assert with_replica.returncode == 0, with_replica.stderr
    assert json.loads(with_replica.stdout.strip().splitlines()[-1]) == {
        "health": {"status": "ok", "database": "ok", "replica": "ok", "broker": "eager"},
        "dashboard": 200,
        "dashboard_signed": "1",
        "ranking_actual": "1",
        "list_count": 2,
    }
    # Without the setting the dashboards read the primary.
    without = manage("shell", "-c", REPLICA_PROBE, env=env)
    assert without.returncode == 0, without.stderr
    assert json.loads(without.stdout.strip().splitlines()[-1])["dashboard_signed"] == "2"


@pytest.mark.parametrize(
    "proxies, forwarded_for, expected",
    [
        (0, "192.0.2.1", "10.0.0.1"),  # no proxy: the header is the client's say-so
        (1, "10.7.7.7", "10.7.7.7"),
        (1, "192.0.2.1, 10.7.7.7", "10.7.7.7"),
        (2, "192.0.2.1, 10.7.7.7, 172.16.0.2", "10.7.7.7"),
        (2, "10.7.7.7", "10.0.0.1"),  # fewer hops than proxies: not believed
    ],
)
def test_the_client_address_behind_proxies(rf, settings, proxies, forwarded_for, expected):
    from devzone.proxy import client_address

    settings.PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == expected


def test_the_replica_is_never_migrated_or_written():
    from devzone.db_routers import ReplicaRouter

    router = ReplicaRouter()
    assert router.allow_migrate("replica", "projects") is False
    assert router.allow_migrate("default", "projects") is True
    assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) is None
