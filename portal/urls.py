from django.urls import path

from . import (
    access_log,
    accessibility_views,
    content,
    deliveries,
    desk,
    leavers,
    orgmap,
    privacy_views,
    search_views,
    views,
    workspace,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("soeg/", search_views.search, name="search"),
    path("organisation/", orgmap.organisation, name="organisation"),
    path("organisation/<int:pk>/", orgmap.department_detail, name="department-detail"),
    path("sekretariat/", workspace.workspace, name="workspace"),
    path("sekretariat/aftaler/", workspace.agreement_matrix, name="agreement-matrix"),
    path("sekretariat/eksport.<str:fmt>", workspace.export, name="workspace-export"),
    path("sekretariat/indhold/", content.content_overview, name="content"),
    path("sekretariat/pladser/", desk.desk_calendar, name="desk-calendar"),
    path("sekretariat/udsendelser/", deliveries.deliveries, name="deliveries"),
    path("sekretariat/fratraadte/", leavers.leavers, name="leavers"),
    path("sekretariat/adgangslog/", access_log.access_log, name="access-log"),
    path("privatliv/", privacy_views.privacy_notice, name="privacy"),
    path("tilgaengelighed/", accessibility_views.accessibility_statement, name="accessibility"),
    path(
        "personer/<int:pk>/indsigt.json",
        privacy_views.person_record_json,
        name="person-record-json",
    ),
    path(
        "personer/<int:pk>/indsigt.pdf", privacy_views.person_record_pdf, name="person-record-pdf"
    ),
    path(
        "sekretariat/personer/<int:pk>/anonymiser/",
        privacy_views.person_anonymise,
        name="person-anonymise",
    ),
    path(
        "sekretariat/udsendelser/<int:pk>/igen/", deliveries.delivery_retry, name="delivery-retry"
    ),
]
