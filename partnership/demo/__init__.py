"""Demo data for Rotterdam, used by ``python manage.py seed_demo`` (and by benchmarks).

``generate`` builds the data, ``texts`` holds the Dutch words, ``accounts`` says who is a demo
user, and ``wipe`` removes what a seed made.
"""
