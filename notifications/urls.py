from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifikationer/", views.notification_list, name="list"),
    path("notifikationer/<int:pk>/", views.notification_open, name="open"),
    path("notifikationer/alle-laest/", views.mark_all_read, name="mark-all-read"),
    path("notifikationer/indstillinger/", views.preference_edit, name="preferences"),
]
