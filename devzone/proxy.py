"""The client's address, as the login lockout (django-axes) counts it.

Behind ``DJANGO_PROXY_COUNT`` reverse proxies that each append the address
they received from to X-Forwarded-For (nginx's
``$proxy_add_x_forwarded_for``), the client is the entry that many places
from the right. Entries further left were written by the client itself and
prove nothing: counting them would let anyone dodge the lockout by sending a
new X-Forwarded-For with every guess. With no proxy configured the header is
ignored altogether and the socket's address counts.
"""
from django.conf import settings


def client_address(request):
    count = settings.PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
