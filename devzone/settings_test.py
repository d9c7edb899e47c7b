"""Settings for the test suite: the production settings, with a throwaway
secret key (the real settings refuse to start without one when DEBUG is off,
as it is under test), fast password hashing, plain HTTP (the test client and
the live server speak no TLS; tests/test_production.py checks the HTTPS
settings themselves) and static files found where they lie (collectstatic
is a deployment step, not a test one)."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DJANGO_HTTPS", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# WhiteNoise looks files up through the finders, as under DEBUG.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
