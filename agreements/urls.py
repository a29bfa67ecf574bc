from django.urls import path

from . import content_views, views

app_name = "agreements"
urlpatterns = [
    path("netvaerk/<slug:slug>/pjecer/", views.network_pamphlets, name="network-pamphlets"),
    path(
        "netvaerk/<slug:slug>/pjecer/<slug:role_slug>/<slug:fmt>.pdf",
        views.network_pamphlet_pdf,
        name="network-pamphlet-pdf",
    ),
    path(
        "netvaerk/<slug:slug>/pjecer/<slug:role_slug>/udleveret/",
        views.pamphlet_handout,
        name="pamphlet-handout",
    ),
    path("netvaerk/<slug:slug>/aftaler/", views.network_agreements, name="network-agreements"),
    path(
        "netvaerk/<slug:slug>/aftaler/start/<slug:key>/",
        views.agreement_start,
        name="start",
    ),
    path("aftaler/<int:pk>/", views.agreement_detail, name="detail"),
    path("aftaler/<int:pk>/trin/<int:step>/", views.agreement_step, name="step"),
    path("aftaler/<int:pk>/gennemse/", views.agreement_review, name="review"),
    path("aftaler/<int:pk>/moede/", views.agreement_meeting, name="meeting"),
    path("aftaler/<int:pk>/bekraeft/", views.agreement_confirm, name="confirm"),
    path("aftaler/<int:pk>/kommentar/", views.agreement_comment, name="comment"),
    path("aftaler/<int:pk>/genaabn/", views.agreement_reopen, name="reopen"),
    path("aftaler/<int:pk>/del/", views.reflection_share, name="share"),
    path("aftaler/<int:pk>/historik/", views.agreement_history, name="history"),
    path("aftaler/<int:pk>/version/<int:revision>/", views.agreement_revision, name="revision"),
    path("aftaler/<int:pk>/<slug:edition>.pdf", views.agreement_pdf, name="pdf"),
    # The secretariat's editor for templates and reflection tools.
    path(
        "sekretariat/indhold/skabeloner/",
        content_views.content_templates,
        name="content-templates",
    ),
    path(
        "sekretariat/indhold/skabeloner/<slug:key>/",
        content_views.content_template,
        name="content-template",
    ),
    path(
        "sekretariat/indhold/skabeloner/<slug:key>/trin/<int:position>/",
        content_views.content_section,
        name="content-section",
    ),
    path(
        "sekretariat/indhold/skabeloner/<slug:key>/forhaandsvisning/<int:position>/",
        content_views.content_preview,
        name="content-preview",
    ),
    path(
        "sekretariat/indhold/skabeloner/<slug:key>/offentliggoer/",
        content_views.content_publish,
        name="content-publish",
    ),
    path(
        "sekretariat/indhold/skabeloner/<slug:key>/versioner/",
        content_views.content_versions,
        name="content-versions",
    ),
]
