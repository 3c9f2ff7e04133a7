"""Django's Redis cache backend, with one ``redis.Redis`` client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
cache operation, and building one fills a table of some 170 response
callbacks: that cost more than the round trip to Redis on a cached page.
The client is thread-safe and shares its pool, so it is made once per pool
(per process: redis-py's pools already start afresh in a forked worker).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(pool)
        if client is None:
            client = clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def validate_key(self, key):
        """Nothing to check: the base class warns about keys memcached would refuse (spaces, over 250
        characters), which Redis takes as they are. Checking cost a pass over every character of every key
        in a page's one ``get_many``."""
