import os

# The settings refuse to start without a secret key when DEBUG is off (as it
# is under test); the suite needs no real one.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
