from django.urls import path

from loket.views import health, public

app_name = "loket"

urlpatterns = [
    path("", public.home, name="home"),
    path("werkplek/", public.backoffice_home, name="backoffice-home"),
    path("werkplek/controle/worker", health.probe_start, name="probe-start"),
    path("werkplek/controle/worker/<int:probe_id>", health.probe_status, name="probe-status"),
]
