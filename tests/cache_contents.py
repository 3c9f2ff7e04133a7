"""What the configured cache holds, as an attacker filling it would see: its keys, on locmem or Redis."""

from django.core.cache import caches


def stored_keys(alias: str = "default") -> set[str]:
    """Every key this site's cache holds now (Django's full keys: prefix, version and key)."""
    backend = caches[alias]
    if hasattr(backend, "_expire_info"):  # LocMemCache: expired keys linger until touched, so leave them out
        return {key for key in list(backend._cache) if not backend._has_expired(key)}
    client = backend._cache.get_client()
    return {key.decode() for key in client.scan_iter(match=backend.make_key("*"), count=1000)}
