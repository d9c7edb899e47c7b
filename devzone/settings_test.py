"""Settings for the test suite: the production settings, with a throwaway
secret key (the real settings refuse to start without one when DEBUG is off,
as it is under test) and fast password hashing."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
