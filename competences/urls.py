from django.urls import path

from . import training_views, views

app_name = "competences"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("ny/", views.create, name="create"),
    path("medarbejdere/", views.staff, name="staff"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/del/", views.share, name="share"),
    path("<int:pk>/personaleleder/", views.leader_rating, name="leader-rating"),
    path("<int:pk>/kompetencer.pdf", views.pdf, name="pdf"),
    path("uddannelse/<int:pk>/", training_views.training, name="training"),
    path("uddannede-co-drivere/", training_views.training_pool, name="training-pool"),
]
