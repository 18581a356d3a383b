"""Every PDF the portal makes goes through `render_pdf`, and so through `StaticOnlyFetcher`.

WeasyPrint's default fetcher reads `file://` URLs and follows HTTP redirects; with
user-typed text in the HTML (business names, comments) that is a path to /etc/passwd or to
the cloud metadata service. Ours resolves only `https://static.invalid/<path>` — the app's own
static files, found by Django's staticfiles finders — and refuses everything else, so an
`<img src="file:///etc/passwd">` or `<link rel=attachment href="http://169.254.169.254/">`
typed into a form fetches nothing and embeds nothing.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_BASE_URL = "https://static.invalid/"
# The foundation's logo (FoundationProfile.logo, checked by common/logo.py): the one file
# outside the static files a PDF may embed (the certificate's and the report cover's).
LOGO_URL = STATIC_BASE_URL + "foundation/logo"


class RefusedURL(ValueError):
    """A URL outside the app's static files (WeasyPrint logs it and renders without it)."""


class StaticOnlyFetcher(URLFetcher):
    """Serve the app's own static files; refuse every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url == LOGO_URL:
            return self._logo(url)
        if not url.startswith(STATIC_BASE_URL):
            self.refused.append(url)
            logger.warning("PDF: refused to fetch %s", url[:200])
            raise RefusedURL(f"not a static file of the portal: {url[:200]}")
        relative = url.removeprefix(STATIC_BASE_URL).split("?")[0].split("#")[0]
        parts = Path(relative).parts
        if not relative or ".." in parts or relative.startswith("/"):
            self.refused.append(url)
            raise RefusedURL(f"bad static path: {url[:200]}")
        found = finders.find(relative)
        if not found:
            self.refused.append(url)
            raise RefusedURL(f"no such static file: {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )

    def _logo(self, url):
        from .foundation import foundation
        from .logo import CONTENT_TYPES, logo_image

        image = logo_image(foundation())
        if image is None:
            self.refused.append(url)
            raise RefusedURL("the foundation has no logo")
        data, kind = image
        return URLFetcherResponse(url, body=data, headers={"Content-Type": CONTENT_TYPES[kind]})


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """HTML (with static references relative to STATIC_BASE_URL) → PDF bytes."""
    return render_pdf_pages(html, fetcher=fetcher)[0]


def render_pdf_pages(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> tuple[bytes, int]:
    """PDF bytes and their page count, from the laid-out document (no re-parsing)."""
    fetcher = fetcher or StaticOnlyFetcher()
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=fetcher).render()
    return document.write_pdf(), len(document.pages)
