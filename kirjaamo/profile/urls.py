"""Public notice pages (no login) and the DPO's profile pages; ids only in URLs."""

from django.urls import path

from kirjaamo.profile import views

app_name = "profile"
urlpatterns = [
    path("tietosuojaseloste/", views.notice_public, {"lang": "fi"}, name="notice_fi"),
    path("dataskyddsbeskrivning/", views.notice_public, {"lang": "sv"}, name="notice_sv"),
    path("privacy-notice/", views.notice_public, {"lang": "en"}, name="notice_en"),
    path("tietosuojaseloste.pdf", views.notice_pdf, {"lang": "fi"}, name="notice_fi_pdf"),
    path("dataskyddsbeskrivning.pdf", views.notice_pdf, {"lang": "sv"}, name="notice_sv_pdf"),
    path("privacy-notice.pdf", views.notice_pdf, {"lang": "en"}, name="notice_en_pdf"),
    path("tietosuoja/profiili/", views.overview, name="overview"),
    path("tietosuoja/profiili/julkaise/", views.publish, name="publish"),
    path("tietosuoja/profiili/versiot/<int:number>/", views.version_detail, name="version"),
    path("tietosuoja/profiili/vertailu/", views.diff, name="diff"),
    path("tietosuoja/kasittelyseloste/", views.ropa, name="ropa"),
]
