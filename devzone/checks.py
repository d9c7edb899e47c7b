"""Deployment checks of devzone's own (``manage.py check --deploy``; `make
prod` refuses to start on any warning)."""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def https_behind_a_proxy(app_configs, **kwargs):
    """gunicorn speaks plain HTTP to the proxy in front of it. With the HTTPS
    redirect on and no proxy declared, Django cannot tell that the client
    used HTTPS, and redirects every request to the address it came from."""
    if settings.SECURE_SSL_REDIRECT and not settings.PROXY_COUNT:
        return [
            Warning(
                "SECURE_SSL_REDIRECT is on but DJANGO_PROXY_COUNT is 0: behind nginx every request "
                "would be redirected to HTTPS again and again.",
                hint="Set DJANGO_PROXY_COUNT to the number of proxies in front of gunicorn (1 for nginx), "
                "or DJANGO_HTTPS=0 for a trial over plain HTTP.",
                id="devzone.W001",
            )
        ]
    return []
