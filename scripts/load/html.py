"""Just enough HTML reading for the load test's simulated people: the forms on a page (what a
browser would submit), the links, and the CSRF token htmx sends (`<body hx-headers>`).

Standard library only, so that the same journeys run under locust and inside the test suite.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    htmx: bool  # the form has hx-post / hx-get: a browser with htmx sends it as an htmx request
    hx_target: str | None
    # (name, value) pairs a browser would send as the form stands (hidden, text, checked boxes,
    # the selected option), in document order; buttons are kept apart.
    fields: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)  # select name → option values
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def has_field(self, name: str) -> bool:
        return any(n == name for n, _ in self.fields) or name in self.options

    def names(self) -> list[str]:
        return [n for n, _ in self.fields]

    def values(self, **overrides: str) -> list[tuple[str, str]]:
        """The fields as the browser would send them, with `overrides` typed in."""
        seen = set()
        pairs = []
        for name, value in self.fields:
            if name in overrides:
                if name not in seen:
                    pairs.append((name, overrides[name]))
                seen.add(name)
            else:
                pairs.append((name, value))
        pairs.extend((n, v) for n, v in overrides.items() if n not in seen)
        return pairs


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            hx = a.get("hx-post") or a.get("hx-get")
            self._form = Form(
                action=hx or a.get("action", ""),
                method=("post" if a.get("hx-post") else a.get("method", "get")).lower(),
                enctype=a.get("enctype", "application/x-www-form-urlencoded"),
                htmx=bool(hx),
                hx_target=a.get("hx-target"),
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            name, kind = a.get("name"), a.get("type", "text").lower()
            if not name or kind in ("file", "image", "reset"):
                return
            if kind in ("submit", "button"):
                self._form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            else:
                self._form.fields.append((name, a.get("value", "")))
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self._form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._select_first, self._select_chosen = a["name"], None, False
            self._form.options[a["name"]] = []
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._form.options[self._select].append(value)
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self._form.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


_BODY_TOKEN = re.compile(r"<body[^>]*hx-headers='([^']*)'")
_INPUT_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Page:
    """A response body, read only as far as needed: the CSRF token from a regular expression
    (every page), forms and links by the parser (only when a journey asks for them), so that
    the load generator spends little of the machine's CPU."""

    def __init__(self, text: str):
        self.text = text
        self._parsed: _PageParser | None = None

    @property
    def csrf_token(self) -> str | None:
        match = _BODY_TOKEN.search(self.text)
        if match:
            try:
                return json.loads(match.group(1)).get("X-CSRFToken")
            except ValueError:
                pass
        match = _INPUT_TOKEN.search(self.text)
        return match.group(1) if match else None

    def _parser(self) -> _PageParser:
        if self._parsed is None:
            self._parsed = _PageParser()
            self._parsed.feed(self.text)
            self._parsed.close()
        return self._parsed

    @property
    def forms(self) -> list[Form]:
        return self._parser().forms

    @property
    def links(self) -> list[str]:
        return self._parser().links

    def form_with(self, field_name: str) -> Form | None:
        return next((f for f in self.forms if f.has_field(field_name)), None)

    def form_posting_to(self, pattern: str) -> Form | None:
        regex = re.compile(pattern)
        return next((f for f in self.forms if f.method == "post" and regex.search(f.action)), None)

    def links_matching(self, pattern: str) -> list[str]:
        regex = re.compile(pattern)
        return [link for link in self.links if regex.search(link)]


def parse(text: str) -> Page:
    return Page(text)
