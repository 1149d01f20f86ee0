"""The library's mock DigiD identity provider (development and tests only; config/urls.py
routes it only when DIGID_MODE is "mock", which production refuses). Its BSN page is ours: see
`loket.views.digid.MockBSNView`."""

from digid_eherkenning.mock.idp.views.digid import DigiDMockIDPLoginView
from django.urls import path

from loket.views.digid import MockBSNView

app_name = "digid-mock"

urlpatterns = [
    path("inloggen/", DigiDMockIDPLoginView.as_view(), name="login"),
    path("inloggen_bsn/", MockBSNView.as_view(), name="bsn"),
]
