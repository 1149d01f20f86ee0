from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path(
        "zaken/<str:number>/ingebrekestelling/",
        views.notice_of_default,
        name="notice-of-default",
    ),
    path(
        "zaken/<str:number>/dwangsombesluit/",
        views.penalty_decision,
        name="penalty-decision",
    ),
    path("zaken/<str:number>/inzien/", views.break_the_glass, name="break-glass"),
    path("inzagelog/", views.access_log_page, name="access-log"),
    path("inzageverzoeken/", views.access_requests, name="access-requests"),
    path(
        "inzageverzoeken/<int:pk>/vrijgeven/",
        views.access_request_release,
        name="access-request-release",
    ),
    path(
        "inzageverzoeken/<int:pk>/overzicht/",
        views.access_request_document,
        name="access-request-document",
    ),
    path("vernietigingslijsten/", views.destruction_lists, name="destruction-lists"),
    path("vernietigingslijsten/<int:pk>/", views.destruction_list_page, name="destruction-list"),
    path(
        "vernietigingslijsten/<int:pk>/zaken/<int:item_pk>/",
        views.destruction_item_decide,
        name="destruction-item",
    ),
    path(
        "vernietigingslijsten/<int:pk>/goedkeuren/",
        views.destruction_list_decide,
        name="destruction-list-approve",
    ),
    path(
        "vernietigingslijsten/<int:pk>/verklaring/",
        views.destruction_certificate,
        name="destruction-certificate",
    ),
]
