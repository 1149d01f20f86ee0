from django.urls import path

from loket.views import frontdesk

urlpatterns = [
    path("", frontdesk.search, name="frontdesk"),
    path("nieuw/", frontdesk.register, name="frontdesk-register"),
    path("zaak/<str:number>/", frontdesk.case_detail, name="frontdesk-case"),
]
