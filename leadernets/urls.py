from django.urls import path

from . import views

app_name = "leadernets"

urlpatterns = [
    path("", views.participation, name="participation"),
    path("saeson/<int:pk>/", views.season, name="season"),
    path("saeson/<int:pk>/nyt-moede/", views.meeting_create, name="meeting-create"),
    path("saeson/<int:pk>/evaluering/", views.evaluate, name="evaluate"),
    path("saeson/<int:pk>/afslut/", views.season_close, name="season-close"),
    path("moede/<int:pk>/ny-note/", views.note_create, name="note-create"),
    path("note/<int:pk>/ret/", views.note_edit, name="note-edit"),
    path("<slug:slug>/", views.network, name="network"),
    path("<slug:slug>/ny-saeson/", views.season_create, name="season-create"),
]
