"""Simultaneous writes end in one winner and clear messages for the others,
on SQLite as on PostgreSQL (issue #20, item 9): eight saves of one project
from one version, six managers confirming one stage change at once. On
SQLite they used to fail with a 500, "database is locked".

Each race runs in a process of its own (tests/projects/race.py) against a
real database: the test runner's in-memory SQLite shares one connection's
cache and would not show the locking a file does."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_upgrade import postgresql_database  # noqa: F401  (a throwaway PostgreSQL database)

ROOT = Path(__file__).resolve().parent.parent.parent


def run_race(database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "devzone.settings"}
    env.pop("CELERY_BROKER_URL", None)
    done = subprocess.run(
        [sys.executable, "tests/projects/race.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_one_winner(result):
    assert result["saves"] == {"saved": 1, "conflict": 7}
    # The process speaks the interface's first language.
    assert result["confirmations"] == {"confirmed": 1, "该阶段变更已不再处于待确认状态。": 5}
    # One save and one confirmation moved the version: nothing else landed.
    assert result["version_after"] == 2


def test_it_on_a_sqlite_file(tmp_path):
    assert_one_winner(run_race(f"sqlite:///{tmp_path / 'race.sqlite3'}"))


def test_it_on_postgresql(postgresql_database):  # noqa: F811
    assert_one_winner(run_race(postgresql_database.url))
