"""The pages of single sign-on and of switching local password login off.

- /oidc/log-ind/ sends the browser to the provider; /oidc/callback/ takes it back and signs
  the person in (roles/oidc.py decides who that is); /oidc/afvist/ says in Danish why not.
- The login page offers "Log ind med kommunens login" when single sign-on is configured and
  shows the password form only while LOCAL_LOGIN is on.
- Logging out ends the provider's session too, when it has an end-session endpoint.
- With LOCAL_LOGIN off, the password pages are 404 and the admin's login sends to the
  portal's login page.
"""

import functools
import logging

import requests
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc import views as oidc_views

from . import oidc

logger = logging.getLogger(__name__)

REFUSALS = {
    oidc.UNKNOWN: (
        _("Du er ikke kendt i Netværksportalen"),
        _(
            "Du er logget ind hos kommunen, men Netværksportalen kender dig ikke. Portalen "
            "har kun de medarbejdere, der er hentet fra kommunens organisationsdata, og man "
            "kan ikke oprette sig selv. Kontakt Sekretariat for Netværksstrukturen, hvis du "
            "mener, at du skal have adgang."
        ),
    ),
    oidc.LEFT: (
        _("Din adgang er lukket"),
        _(
            "Du står som fratrådt eller deaktiveret i Netværksportalen og kan ikke logge ind. "
            "Kontakt Sekretariat for Netværksstrukturen, hvis det er en fejl."
        ),
    ),
    oidc.FAILED: (
        _("Log ind mislykkedes"),
        _(
            "Login via kommunens login kunne ikke gennemføres, og du er ikke logget ind. "
            "Prøv igen. Sker det igen, så kontakt Sekretariat for Netværksstrukturen."
        ),
    ),
}


def _refused(reason):
    return HttpResponseRedirect(f"{reverse('oidc:refused')}?{urlencode({'grund': reason})}")


class AuthenticationRequestView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc.get_setting)

    def __init__(self, *args, **kwargs):
        # The library reads the provider's address here; do it in get(), where a provider
        # that cannot be reached can be answered with a page.
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError) as exc:
            logger.warning("The provider's discovery document could not be read: %s", exc)
            return _refused(oidc.FAILED)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class AuthenticationCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc.get_setting)

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            # A state this browser never asked for, or one already used: a replay.
            logger.warning("Single sign-on callback refused: %s", exc)
            return self.login_failure()

    def login_failure(self):
        reason = getattr(self.request, "oidc_refusal", None) or oidc.FAILED
        return _refused(reason)


@login_not_required
def refused(request):
    """Why a single sign-on did not sign anyone in; nothing else."""
    reason = request.GET.get("grund")
    heading, text = REFUSALS.get(reason, REFUSALS[oidc.FAILED])
    context = {"heading": heading, "text": text, "retry": reason not in (oidc.UNKNOWN, oidc.LEFT)}
    return render(request, "roles/oidc_refused.html", context)


class LoginView(auth_views.LoginView):
    """Django's login page, with the single sign-on button, and without the password form
    when LOCAL_LOGIN is off."""

    def post(self, request, *args, **kwargs):
        if not oidc.local_login():
            return redirect(self._sso_url())
        return super().post(request, *args, **kwargs)

    def _sso_url(self):
        url = reverse("oidc:authenticate")
        next_url = self.get_redirect_url()
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_url"] = self._sso_url() if oidc.enabled() else None
        context["local_login"] = oidc.local_login()
        return context


class LogoutView(auth_views.LogoutView):
    """Django's logout, then on to the provider's end-session endpoint after a single
    sign-on, which comes back to the login page."""

    def post(self, request, *args, **kwargs):
        provider_url = oidc.provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response


def local_login_only(view):
    """A page about passwords: 404 while LOCAL_LOGIN is off."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not oidc.local_login():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def password_pages_local_only(patterns):
    """The account URL patterns, with every password page (password_…) local-login only."""
    return [
        URLPattern(p.pattern, local_login_only(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern) and (p.name or "").startswith("password_")
        else p
        for p in patterns
    ]


@login_not_required
def admin_login(request):
    """The administration's login: Django's own while LOCAL_LOGIN is on; otherwise the
    portal's login page (single sign-on), and a signed-in user who is not staff is refused."""
    if oidc.local_login():
        return admin.site.login(request)
    if request.user.is_authenticated:
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")


@local_login_only
def admin_password_change(request):
    """The administration's own password change, while LOCAL_LOGIN is on."""
    return admin.site.admin_view(admin.site.password_change)(request)
