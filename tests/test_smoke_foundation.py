import pytest

pytestmark = pytest.mark.django_db


def test_home_page_answers_in_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Initiatieven" in response.content.decode() or "Initiatives" in response.content.decode()


def test_health_checks_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
