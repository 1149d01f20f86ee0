from django.urls import include, path

from loket.views import mijn_zaken, notices, public, tracking

app_name = "loket"

urlpatterns = [
    path("", public.home, name="home"),
    path("indienen/<slug:slug>/", public.submit, name="submit"),
    path("ontvangen/", public.receipt, name="receipt"),
    path("volg/<str:token>/", tracking.track, name="track"),
    path("volg/<str:token>/antwoord/", tracking.reply, name="track-reply"),
    path("volg/<str:token>/intrekken/", tracking.withdraw, name="track-withdraw"),
    path("volg/<str:token>/inzage/", tracking.access_export, name="track-access-export"),
    path("volg/<str:token>/digid/", tracking.bind_digid, name="track-digid"),
    path("mijn-zaken/", mijn_zaken.case_list, name="mijn-zaken"),
    path("mijn-zaken/<str:number>/", mijn_zaken.case_detail, name="mijn-zaak"),
    path("mijn-zaken/<str:number>/antwoord/", mijn_zaken.reply, name="mijn-zaak-reply"),
    path("mijn-zaken/<str:number>/intrekken/", mijn_zaken.withdraw, name="mijn-zaak-withdraw"),
    path(
        "mijn-zaken/<str:number>/inzage/",
        mijn_zaken.access_export,
        name="mijn-zaak-access-export",
    ),
    path("privacy/", public.privacy_statement, name="privacy"),
    path("toegankelijkheid/", public.accessibility_statement, name="accessibility"),
    path("werkplek/balie/", include("loket.urls_frontdesk")),
    path("werkplek/meldingen/", notices.notice_list, name="notices"),
    path("werkplek/meldingen/gelezen/", notices.notices_mark_read, name="notices-read"),
    path("werkplek/raad/", include("loket.urls_council")),
    path("werkplek/", include("loket.urls_backoffice")),
]
