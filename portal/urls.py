from django.urls import path

from . import deliveries, desk, orgmap, search_views, views, workspace

urlpatterns = [
    path("", views.home, name="home"),
    path("soeg/", search_views.search, name="search"),
    path("organisation/", orgmap.organisation, name="organisation"),
    path("organisation/<int:pk>/", orgmap.department_detail, name="department-detail"),
    path("sekretariat/", workspace.workspace, name="workspace"),
    path("sekretariat/aftaler/", workspace.agreement_matrix, name="agreement-matrix"),
    path("sekretariat/eksport.<str:fmt>", workspace.export, name="workspace-export"),
    path("sekretariat/pladser/", desk.desk_calendar, name="desk-calendar"),
    path("sekretariat/udsendelser/", deliveries.deliveries, name="deliveries"),
    path(
        "sekretariat/udsendelser/<int:pk>/igen/", deliveries.delivery_retry, name="delivery-retry"
    ),
]
