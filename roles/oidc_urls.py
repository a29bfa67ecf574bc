"""Single sign-on (OpenID Connect): the provider's redirect URI is /oidc/callback/."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import oidc_views

app_name = "oidc"
urlpatterns = [
    path(
        "log-ind/",
        login_not_required(oidc_views.AuthenticationRequestView.as_view()),
        name="authenticate",
    ),
    path(
        "callback/",
        login_not_required(oidc_views.AuthenticationCallbackView.as_view()),
        name="callback",
    ),
    path("afvist/", oidc_views.refused, name="refused"),
]
