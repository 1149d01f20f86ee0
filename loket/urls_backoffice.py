"""Backoffice (werkplek) URLs: staff only."""

from django.contrib.auth import views as auth_views
from django.urls import path

from loket.views import health, public

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="backoffice/login.html"),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", public.backoffice_home, name="backoffice-home"),
    path("controle/worker", health.probe_start, name="probe-start"),
    path("controle/worker/<int:probe_id>", health.probe_status, name="probe-status"),
]
