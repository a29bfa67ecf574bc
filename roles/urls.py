from django.urls import path

from . import content_views, views

app_name = "roles"
urlpatterns = [
    path("roller/", views.role_list, name="role-list"),
    path("roller/<slug:slug>/", views.role_detail, name="role-detail"),
    path("personer/", views.person_list, name="person-list"),
    path("personer/vaelg/", views.person_search, name="person-search"),
    path("personer/eksport.<slug:fmt>", views.person_export, name="person-export"),
    path("pjecer/", views.pamphlet_list, name="pamphlet-list"),
    path("pjecer/<slug:slug>/<slug:fmt>.pdf", views.pamphlet_pdf, name="pamphlet-pdf"),
    # The secretariat's editor for the role descriptions and pamphlet texts.
    path("sekretariat/indhold/roller/", content_views.content_roles, name="content-roles"),
    path(
        "sekretariat/indhold/roller/<slug:slug>/",
        content_views.content_role,
        name="content-role",
    ),
    path(
        "sekretariat/indhold/roller/<slug:slug>/forhaandsvisning/",
        content_views.content_role_preview,
        name="content-role-preview",
    ),
    path(
        "sekretariat/indhold/roller/<slug:slug>/forhaandsvisning.pdf",
        content_views.content_role_preview_pdf,
        name="content-role-preview-pdf",
    ),
    path(
        "sekretariat/indhold/roller/<slug:slug>/offentliggoer/",
        content_views.content_role_publish,
        name="content-role-publish",
    ),
    path(
        "sekretariat/indhold/roller/<slug:slug>/versioner/",
        content_views.content_role_versions,
        name="content-role-versions",
    ),
]
