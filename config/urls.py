from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from loket.views import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("werkplek/archief/", include("records.urls")),
    path("digid/", include("loket.urls_digid")),
    path("", include("loket.urls")),
]
# The library's mock DigiD identity provider (type a BSN): development and tests only; the
# production settings refuse DIGID_MODE=mock, so these URLs never exist there.
if settings.DIGID_MODE == "mock":
    urlpatterns.insert(0, path("digid-mock/", include("loket.urls_digid_mock")))

admin.site.site_header = f"Loket Digitale Zaken — {settings.MUNICIPALITY_NAME}"
admin.site.site_title = "Loket Digitale Zaken"
