"""With DEBUG off the app servers serve /static/ themselves (WhiteNoise): the files that
``collectstatic`` wrote, under names that carry their content's hash, compressed when the
browser accepts it and cached for ever.

Runs the production settings in a process of its own (the settings are read once per process),
with a temporary STATIC_ROOT."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

call_command("collectstatic", interactive=False, verbosity=0)
url = staticfiles_storage.url("css/app.css")
client = Client()
out = {"url": url}
for name, encoding in (("plain", ""), ("gzip", "gzip"), ("brotli", "br, gzip")):
    r = client.get(url, secure=True, HTTP_ACCEPT_ENCODING=encoding)
    body = b"".join(r.streaming_content) if r.streaming else r.content
    out[name] = {
        "status": r.status_code,
        "cache": r.headers.get("Cache-Control", ""),
        "encoding": r.headers.get("Content-Encoding", ""),
        "type": r.headers.get("Content-Type", ""),
        "length": len(body),
    }
page = client.get(reverse("account_login"), secure=True)
out["page_links_hashed_css"] = url in page.content.decode()
print(json.dumps(out))
"""


def _production(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="partnership.config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_serves_hashed_css_compressed_and_cached_for_ever(tmp_path):
    seen = _production(tmp_path)

    # The name carries the content's hash: css/app.<12 hex>.css, and the pages link to it.
    name = seen["url"].rsplit("/", 1)[-1]
    assert seen["url"].startswith("/static/css/app.") and len(name.split(".")) == 3
    assert seen["page_links_hashed_css"]

    for kind in ("plain", "gzip", "brotli"):
        assert seen[kind]["status"] == 200, kind
        assert seen[kind]["cache"] == "max-age=315360000, public, immutable", kind
        assert seen[kind]["type"].startswith("text/css"), kind
    assert seen["plain"]["encoding"] == ""
    assert seen["gzip"]["encoding"] == "gzip"
    assert seen["brotli"]["encoding"] == "br"
    assert seen["gzip"]["length"] < seen["plain"]["length"]
    assert seen["brotli"]["length"] < seen["plain"]["length"]
