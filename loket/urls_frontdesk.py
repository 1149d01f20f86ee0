from django.urls import path

from loket.views import frontdesk

urlpatterns = [
    path("", frontdesk.search, name="frontdesk"),
    path("nieuw/", frontdesk.register, name="frontdesk-register"),
    path("zaak/<str:number>/", frontdesk.case_detail, name="frontdesk-case"),
    path("zaak/<str:number>/identiteit/", frontdesk.identity_check, name="frontdesk-identity"),
    path("zaak/<str:number>/geregistreerd/", frontdesk.registered, name="frontdesk-registered"),
    path("brieven/", frontdesk.letters, name="frontdesk-letters"),
    path("brieven/<int:pk>/brief.docx", frontdesk.letter_download, name="frontdesk-letter"),
    path("brieven/<int:pk>/verstuurd/", frontdesk.letter_posted, name="frontdesk-letter-posted"),
]

from loket.views import frontdesk_inbox  # noqa: E402

urlpatterns += [
    path("post/", frontdesk_inbox.queue, name="frontdesk-inbox"),
    path("post/<int:pk>/", frontdesk_inbox.message_detail, name="frontdesk-inbox-message"),
    path(
        "post/<int:pk>/origineel/",
        frontdesk_inbox.message_original,
        name="frontdesk-inbox-original",
    ),
]
