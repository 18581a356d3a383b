"""Counting attempts in the cache (Redis), degrading instead of failing when Redis is down.

`over_limit(key, limit=, window=)` counts one attempt and says whether the key has gone past
`limit` attempts in the current `window` (seconds, from the first attempt). The count is
atomic (`add` then `incr`), so concurrent requests cannot both slip under the limit.

When the cache cannot be reached the attempt is not counted and the answer is "not over the
limit": a public page that the limit protects (the certificate check, the password reset)
keeps answering from the database instead of failing with a 500, and the outage is logged
(warning `common.ratelimit`) so that operators see the limit is off.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def over_limit(key: str, *, limit: int, window: int) -> bool:
    try:
        cache.add(key, 0, window)
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: this is the first attempt
        try:
            cache.set(key, 1, window)
        except (RedisError, OSError):
            logger.warning("rate limit off: the cache is unreachable (%s)", key.split(":")[0])
        return False
    except (RedisError, OSError):
        logger.warning("rate limit off: the cache is unreachable (%s)", key.split(":")[0])
        return False
    return count > limit
