"""How a simulated user reads the app's pages: finds the page's own form, fills it as a careful
user would (every text carries the write's unique marker), and never leaves 127.0.0.1.

Plain standard library: no Locust (it patches the interpreter with gevent) and no Django (the
Locust process does not set it up), so the tests can use it directly.
"""

import datetime as dt
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

LOOPBACK = "127.0.0.1"  # the only address the load test sends a request to


class LoopbackOnly(Exception):
    pass


def check_host(base_url: str) -> str:
    """The base URL, if it is plain HTTP on 127.0.0.1; anything else is refused."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname != LOOPBACK or parts.path not in ("", "/"):
        raise LoopbackOnly(f"refusing to load-test {base_url!r}: only http://{LOOPBACK}:<port>")
    return base_url.rstrip("/")


def local_path(url: str) -> str:
    """The path of a redirect target on 127.0.0.1; a target elsewhere is refused."""
    parts = urlsplit(url)
    if (parts.scheme or parts.netloc) and parts.hostname != LOOPBACK:
        raise LoopbackOnly(f"refusing to follow {url!r}: only {LOOPBACK} is tested")
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def marker(run_id: str, number: int) -> str:
    """The unique text a write carries, by which the database check finds it."""
    return f"LT{run_id}-{number:06d}"


class Form:
    def __init__(self, action: str, method: str):
        self.action, self.method = action, method
        self.fields: list[dict] = []  # type, name, value, required, checked; options for selects


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.errors: list[str] = []
        self._form = self._field = None  # the open form; the open select or textarea
        self._error_field = None  # the field of the open error list, "" for the whole form

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif tag == "ul" and "errorlist" in a.get("class", ""):
            self._error_field = a.get("id", "").removeprefix("id_").removesuffix("_error")
        elif tag == "option" and self._field is not None:
            self._field["options"].append(
                {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            )
        elif self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            field = {
                "type": a.get("type", "text").lower() if tag == "input" else tag,
                "name": a["name"],
                "value": a.get("value", ""),
                "required": "required" in a,
                "checked": "checked" in a,
                "multiple": "multiple" in a,
                "options": [],
            }
            self._form.fields.append(field)
            if tag != "input":
                self._field = field

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag in ("select", "textarea"):
            self._field = None
        elif tag == "ul":
            self._error_field = None

    def handle_data(self, data):
        if self._field is not None and self._field["type"] == "textarea":
            self._field["value"] += data
        elif self._field is not None and self._field["options"]:
            self._field["options"][-1]["text"] += data
        if self._error_field is not None and data.strip():
            prefix = f"{self._error_field}: " if self._error_field else ""
            self.errors.append(prefix + data.strip())


def parse(html: str) -> tuple[list[Form], list[str]]:
    """The page's forms and the validation messages it shows."""
    parser = _Parser()
    parser.feed(html)
    for form in parser.forms:
        for field in form.fields:
            for option in field["options"]:
                if option["value"] is None:  # <option>text</option> submits its text
                    option["value"] = option["text"].strip()
    return parser.forms, parser.errors


def main_form(forms: list[Form], path: str) -> Form | None:
    """The page's own POST form: not the language switch or the log-out button."""
    candidates = [
        f
        for f in forms
        if f.method == "post" and "/i18n/" not in f.action and "logout" not in f.action
    ]
    own = [f for f in candidates if f.action in ("", path)]
    return (own or candidates or [None])[0]


def fill(form: Form, *, marker: str, overrides: dict, today: dt.date) -> dict[str, list[str]]:
    """Values a careful user would enter: every text area and required text field carries the
    marker; selects keep their selection or take the first real option; dates are plausible."""
    data: dict[str, list[str]] = defaultdict(list)
    for field in form.fields:
        name, kind, value = field["name"], field["type"], field["value"]
        if name in overrides or kind in ("submit", "button", "image", "file", "reset"):
            continue
        if kind == "checkbox":
            if field["checked"]:
                data[name].append(value or "on")
        elif kind == "radio":
            group = [f for f in form.fields if f["type"] == "radio" and f["name"] == name]
            data[name] = [next((f for f in group if f["checked"]), group[0])["value"]]
        elif kind == "select":
            options = field["options"]
            chosen = [o["value"] for o in options if o["selected"] and o["value"]]
            if not chosen and field["required"]:
                chosen = [o["value"] for o in options if o["value"]][:1]
            data[name] += chosen or ([] if field["multiple"] else [""])
        elif kind == "date":
            data[name].append(value or _date_for(name, today).isoformat())
        elif kind == "number":
            data[name].append(value or ("1" if field["required"] else ""))
        elif kind in ("hidden", "email", "url", "password", "tel"):
            data[name].append(value)
        elif kind == "textarea" or field["required"]:
            data[name].append(f"Load test {marker}")
        else:
            data[name].append(value)
    for name, value in overrides.items():
        data[name] = [value]
    return dict(data)


def _date_for(name: str, today: dt.date) -> dt.date:
    if "due" in name or "deadline" in name:
        return today + dt.timedelta(days=14)
    if "start" in name or name.endswith("_from"):
        return today - dt.timedelta(days=60)
    if "end" in name or name.endswith("_until"):
        return today - dt.timedelta(days=1)
    return today
