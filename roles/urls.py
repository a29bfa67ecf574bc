from django.urls import path

from . import views

app_name = "roles"
urlpatterns = [
    path("roller/", views.role_list, name="role-list"),
    path("roller/<slug:slug>/", views.role_detail, name="role-detail"),
    path("personer/", views.person_list, name="person-list"),
    path("personer/vaelg/", views.person_search, name="person-search"),
    path("personer/eksport.<slug:fmt>", views.person_export, name="person-export"),
    path("pjecer/", views.pamphlet_list, name="pamphlet-list"),
    path("pjecer/<slug:slug>/<slug:fmt>.pdf", views.pamphlet_pdf, name="pamphlet-pdf"),
]
