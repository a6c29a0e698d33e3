"""The load test behind ``python manage.py loadtest``, on Locust.

``locustfile`` holds the simulated users (initiators, civil servants, council members) and runs
them in a process of its own (Locust patches the standard library with gevent); ``pages`` is how
they read and fill the app's forms (no Locust, no Django: tested on its own); ``writes`` checks in
the database that every acknowledged write is stored; ``settings`` are what gunicorn runs with.
"""
