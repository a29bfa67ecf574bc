from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("temaforslag/", views.proposal_list, name="list"),
    path("temaforslag/nyt/", views.proposal_create, name="create"),
    path("temaforslag/<int:pk>/", views.proposal_detail, name="detail"),
    path("temaforslag/<int:pk>/rediger/", views.proposal_edit, name="edit"),
    path("temaforslag/<int:pk>/send/", views.proposal_submit, name="submit"),
    path("temaforslag/<int:pk>/traek-tilbage/", views.proposal_withdraw, name="withdraw"),
    path("temaforslag/<int:pk>/flere-oplysninger/", views.proposal_more_info, name="more-info"),
    path("temaforslag/<int:pk>/dublet/", views.proposal_duplicate, name="duplicate"),
    path("temaforslag/<int:pk>/beslutning/", views.proposal_decide, name="decide"),
    path("temaforslag/runder/", views.round_list, name="round-list"),
    path("temaforslag/runder/<int:pk>/", views.round_detail, name="round-detail"),
    path("temaforslag/runder/<int:pk>/rediger/", views.round_edit, name="round-edit"),
    path(
        "temaforslag/runder/<int:pk>/eksport.<slug:fmt>",
        views.round_export,
        name="round-export",
    ),
    path(
        "temaforslag/runder/<int:pk>/beslutninger.pdf",
        views.round_decisions_pdf,
        name="round-decisions-pdf",
    ),
]
