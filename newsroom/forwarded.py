"""The reader's address behind the site's own proxies: ``REMOTE_ADDR`` from ``X-Forwarded-For``.

Comment rate limits and bans (comments/views.py) and login throttling (django-axes) key on
``REMOTE_ADDR``. Behind nginx every request arrives from nginx's address, so without this every
reader would share one address: one comment every 15 seconds for the whole site, and one ban
for everybody.

``TRUSTED_PROXIES`` lists the proxies' addresses or networks (nginx's; a CDN's when there is
one). Empty, the default, turns this off: the connection's address is the reader's. When a
request comes from a trusted proxy, the reader's address is the rightmost address of
``X-Forwarded-For`` that is not itself a trusted proxy (deploy/nginx/newsroom.conf overwrites
the header with the address nginx saw). A request from anywhere else keeps its connection's
address whatever it sends, so no client can choose the address it is counted under.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed


def trusted_networks(values) -> tuple:
    """``TRUSTED_PROXIES`` as networks (an address is a network of one); ValueError on a bad item."""
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def client_address(remote_addr: str, forwarded_for: str, proxies: tuple) -> str:
    """The reader's address for a connection from ``remote_addr`` carrying ``X-Forwarded-For: forwarded_for``."""
    if not _is_proxy(remote_addr, proxies):
        return remote_addr
    for hop in reversed(forwarded_for.split(",")):
        try:
            address = ipaddress.ip_address(hop.strip())
        except ValueError:
            return remote_addr  # a proxy wrote something unreadable: trust nothing further left
        if not any(address in network for network in proxies):
            return str(address)
    return remote_addr


def _is_proxy(address: str, proxies: tuple) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in proxies)


class TrustedProxyMiddleware:
    """Set ``REMOTE_ADDR`` to the reader's address on requests that come through a trusted proxy.

    Near the top of ``MIDDLEWARE``, before anything reads the address. Not loaded at all while
    ``TRUSTED_PROXIES`` is empty.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = trusted_networks(settings.TRUSTED_PROXIES)
        if not self.proxies:
            raise MiddlewareNotUsed

    def __call__(self, request):
        forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
        if forwarded_for:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), forwarded_for, self.proxies
            )
        return self.get_response(request)


def subscriber_of(address: str) -> str:
    """Who a reader is, as far as an address tells: an IPv4 address, or the base of an IPv6 /64 network (what
    one subscriber is given, and can cycle through at will); "unknown" for anything else.

    Every per-reader limit keys on this (views, comment rate limits, duplicates, bans, reports), so a reader
    with an IPv6 prefix counts once, not once per address.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def subscriber_range(address: str) -> tuple[str, str]:
    """The first and last address of ``subscriber_of(address)``'s network (the address twice for IPv4)."""
    base = subscriber_of(address)
    network = ipaddress.ip_network(f"{base}/64" if ":" in base else base)
    return str(network.network_address), str(network.broadcast_address)
