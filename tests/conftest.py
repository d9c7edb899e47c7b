import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read the English msgids; a test of the Chinese interface
    switches with translation.override("zh-hans") or through a request."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pass-for-tests-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
