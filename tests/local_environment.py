"""Loaded by pytest before Django's settings (``-p tests.local_environment`` in pyproject.toml).

The settings fail closed: without ``DJANGO_DEBUG=true`` they demand a real ``DJANGO_SECRET_KEY``.
A test run is local use, so it says so here, unless the caller chose otherwise.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
