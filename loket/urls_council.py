"""The council's pages (werkplek/raad): dashboard, Word reports and their download."""

from django.urls import path

from loket.views import council

urlpatterns = [
    path("", council.dashboard, name="council"),
    path("rapportages/", council.report_request, name="council-report-request"),
    path("rapportages/<int:pk>/opnieuw/", council.report_retry, name="council-report-retry"),
    path(
        "rapportages/<int:pk>/raadsrapportage.docx",
        council.report_download,
        name="council-report-download",
    ),
]
