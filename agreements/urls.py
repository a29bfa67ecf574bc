from django.urls import path

from . import views

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
]
