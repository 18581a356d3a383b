"""The client's address: the one helper for every address the portal keeps or counts.

Used by the login lockout (django-axes, AXES_CLIENT_IP_CALLABLE), the personal-data access
log, the e-agreement's signer address, the certificate check's rate limit and the password
reset's. Never read REMOTE_ADDR directly: behind the reverse proxy it is the proxy's address
for everyone.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or — behind TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For — the entry that the outermost trusted proxy saw. Entries left of it are
    whatever the client typed and are never trusted. None when the address is not one."""
    candidate = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [p for p in chain if p]
        if len(chain) >= hops:
            candidate = chain[-hops]
    try:
        return str(ipaddress.ip_address((candidate or "").strip()))
    except ValueError:
        return None
