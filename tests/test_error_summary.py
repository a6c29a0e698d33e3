"""A form that comes back with errors starts with a summary (role="alert") that links to each
field in error; every link lands on an element of the page."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.summaries: list[dict] = []
        self._in_summary = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "div" and "error-summary" in (a.get("class") or "").split():
            self.summaries.append({"role": a.get("role"), "links": []})
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        elif self._in_summary and tag == "a":
            self.summaries[-1]["links"].append(a.get("href", ""))

    def handle_endtag(self, tag):
        if self._in_summary and tag == "div":
            self._in_summary -= 1


def _read(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


@pytest.mark.parametrize(
    ("url_name", "data", "fields"),
    [
        ("accounts:department_list", {"name": "", "email": "geen-adres"}, {"name", "email"}),
        ("partnership:policy_frameworks", {"name": ""}, {"name", "category", "department"}),
    ],
)
def test_the_summary_links_to_each_field_in_error(coordinator_client, url_name, data, fields):
    response = coordinator_client.post(reverse(url_name), data)
    assert response.status_code == 200
    page = _read(response)
    [summary] = page.summaries
    assert summary["role"] == "alert"
    assert {link.removeprefix("#id_") for link in summary["links"]} == fields
    for link in summary["links"]:
        assert link.removeprefix("#") in page.ids


def test_a_form_with_its_own_template_has_the_summary_too(member_client, initiative):
    url = reverse("partnership:partner_link_create", args=[initiative.slug])
    response = member_client.post(url, {"new_name": "Woonstichting", "cooperation": "xyz"})
    page = _read(response)
    [summary] = page.summaries
    assert summary["links"]
    assert all(link.removeprefix("#") in page.ids for link in summary["links"])


def test_a_valid_or_unsent_form_has_no_summary(coordinator_client):
    response = coordinator_client.get(reverse("accounts:department_list"))
    assert not _read(response).summaries
    assert not re.search(r"error-summary", response.content.decode())
