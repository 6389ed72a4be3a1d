"""The client's address, the same way everywhere (sign-in throttling, public-form limits).

Behind `PROXY_COUNT` reverse proxies, each proxy appends the address it received the request
from to `X-Forwarded-For`, so the client is the entry that the outermost of *our* proxies added:
the `PROXY_COUNT`-th from the right. Anything to its left was sent by the client and is not
trusted. With no proxies (the default) the header is ignored and the socket's address is used.
django-ipware does the parsing (IPv4, IPv6, ports, malformed entries)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from ipware import get_client_ip


def client_address(request) -> str:
    """The client's IP address as a string ("" if there is none at all)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    # ipware counts the proxy entries *inside* the header after the client (left-most order,
    # non-strict: entries the client added on the left are allowed and ignored), so our N
    # proxies are N - 1 entries after the client's.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    # No header, or fewer entries than proxies: the request did not come through them all.
    return address or remote


def client_key(address: str) -> str:
    """The unit that limits apply to: the address itself for IPv4, the /64 network for IPv6
    (one home or phone is usually given a whole /64)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def axes_client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the client address for django-axes."""
    return client_address(request)
