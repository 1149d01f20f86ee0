from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path(
        "zaken/<str:number>/ingebrekestelling/",
        views.notice_of_default,
        name="notice-of-default",
    ),
]
