"""What a test does when the machine lacks something it needs (Chromium,
Redis, PostgreSQL, its client tools, GNU gettext): skip and say why, except
under CI (CI=true), where the absence fails the run so that CI never passes
by skipping."""
import os

import pytest


def unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)
