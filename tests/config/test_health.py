import pytest


@pytest.mark.django_db
def test_healthz_ok_when_database_and_broker_are_up(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_is_down(client, settings, tmp_path):
    settings.REDIS_URL = f"redis+socket://{tmp_path}/nothing.sock"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_is_down(client, settings, redis_url, monkeypatch):
    from loket.views import health

    settings.REDIS_URL = redis_url

    def broken_cursor():
        raise health.connection.OperationalError("down") if False else RuntimeError("down")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
