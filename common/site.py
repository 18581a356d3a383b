"""The portal's own address, for links that leave it (e-mails, text messages).

A message sent after commit or by a worker has no request to take a host from, so links are
built from the configured `SITE_URL` (env `SITE_URL`, e.g. https://portal.icgf.or.kr), never
from a request's Host header and never as a bare path a mail client cannot open.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """'/guarantees/apply/1/' → 'https://portal.example/guarantees/apply/1/'."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url needs a path from the site root, not {path!r}")
    return settings.SITE_URL.rstrip("/") + path


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))
