"""Backoffice (werkplek) URLs: staff only."""

from django.contrib.auth import views as auth_views
from django.urls import path

from loket.views import health, signin
from loket.views.backoffice import attachments, case_page, dashboard, worklists

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="backoffice/login.html"),
        name="login",
    ),
    path("inloggen/code/", signin.code, name="login-code"),
    path("inloggen/app-koppelen/", signin.setup, name="login-2fa-setup"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", dashboard.home, name="backoffice-home"),
    path("zaken/", worklists.worklist, name="bo-worklist"),
    path("zaken/<str:number>/", case_page.case_detail, name="bo-case"),
    path("zaken/<str:number>/acties/<slug:action>/", case_page.case_action, name="bo-case-action"),
    path(
        "zaken/<str:number>/bijlagen/<int:pk>/",
        attachments.attachment_download,
        name="bo-attachment",
    ),
    path(
        "zaken/<str:number>/correcties/<int:task_pk>/<slug:action>/",
        case_page.task_action,
        name="bo-task-action",
    ),
    path("correcties/", worklists.task_list, name="bo-tasks"),
    path("correcties/<int:pk>/", case_page.task_detail, name="bo-task"),
    path("escalaties/", worklists.escalations, name="bo-escalations"),
    path("controle/worker", health.probe_start, name="probe-start"),
    path("controle/worker/<int:probe_id>", health.probe_status, name="probe-status"),
]
