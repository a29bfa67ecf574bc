import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

SESSION_ACTIVITY_KEY = "activity"


class DanishFirstLocaleMiddleware:
    """Danish unless the user has chosen another language in the portal.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show a
    municipal intranet in English on any machine installed in English. Here the language
    is the one chosen with the language switch (a cookie), and otherwise Danish.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# --- Browser and session hardening ---

# The settings whose addresses a form on the portal may lead to: the identity provider
# (a login or logout through single sign-on ends there after a redirect).
_FORM_TARGET_SETTINGS = (
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_LOGOUT_ENDPOINT",
    "OIDC_OP_DISCOVERY_URL",
)


def _origin(url):
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def content_security_policy():
    """The header's value from settings.CONTENT_SECURITY_POLICY (directive → sources), with
    the identity provider's origin added to form-action when single sign-on is set up."""
    policy = {name: list(sources) for name, sources in settings.CONTENT_SECURITY_POLICY.items()}
    if "form-action" in policy:
        for name in _FORM_TARGET_SETTINGS:
            origin = _origin(getattr(settings, name, None))
            if origin and origin not in policy["form-action"]:
                policy["form-action"].append(origin)
    return "; ".join(
        " ".join([name, *sources]) if sources else name for name, sources in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every response Django makes: scripts and styles from the
    portal's own static files only (no inline script), no framing, forms post to the portal
    (and the identity provider). CSP_REPORT_ONLY sends it as a report-only header instead,
    to try a stricter policy without breaking pages. Static files are served by WhiteNoise
    before this middleware and carry no policy (they are not documents)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if settings.DEBUG and response.status_code in (404, 500):
            # Django's technical error pages (DEBUG only) style and script inline.
            return response
        if header not in response.headers:
            response.headers[header] = content_security_policy()
        return response


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response Django makes.

    Every page, PDF, export and JSON answer needs a login, and the calendar feeds are read
    with a secret token: all carry personal data, so neither the browser (its back button,
    its disk cache on a shared PC) nor a proxy may keep a copy. The login and password pages
    carry a CSRF token and are not worth keeping either. Static files keep their long
    caching: WhiteNoise answers them before this middleware.
    """

    VALUE = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = self.VALUE
        return response


def stamp_login(sender, request, user, **kwargs):
    """On login (user_logged_in): the session starts now, so the first request after the
    login need not write it again."""
    if getattr(request, "session", None) is not None:
        now = int(time.time())
        request.session[SESSION_ACTIVITY_KEY] = [now, now]


class IdleTimeoutMiddleware:
    """Logs out a session that has been idle longer than IDLE_TIMEOUT_MINUTES, and one older
    than SESSION_COOKIE_AGE since its login (an absolute maximum).

    Every request by the logged-in user counts as activity; the stamp is written at most
    once a minute (SESSION_ACTIVITY_KEY: [logged in at, last activity], in seconds), so an
    active user does not write the session on every request. The check runs before the
    login-required middleware's (it must come before it in MIDDLEWARE): an idle-expired
    request is then an anonymous one, so a form posted to a view marked @preserves_post is
    kept and shown again after the next login, exactly as after an expired session.
    """

    WRITE_EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and user.is_authenticated:
            now = int(time.time())
            stamp = session.get(SESSION_ACTIVITY_KEY)
            if not stamp:  # just logged in (or a session from before the stamp)
                session[SESSION_ACTIVITY_KEY] = [now, now]
            elif now - stamp[1] >= self.WRITE_EVERY:
                session[SESSION_ACTIVITY_KEY] = [stamp[0], now]
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        stamp = request.session.get(SESSION_ACTIVITY_KEY)
        if not stamp:
            return None
        now = int(time.time())
        idle = now - stamp[1] > settings.IDLE_TIMEOUT_MINUTES * 60
        too_old = now - stamp[0] > settings.SESSION_COOKIE_AGE
        if not (idle or too_old):
            return None
        logout(request)
        if not (request.method == "POST" and getattr(view_func, "preserves_post", False)):
            # A kept form says so itself (core.preserve).
            messages.info(
                request,
                _(
                    "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s "
                    "minutter. Log ind igen."
                )
                % {"minutes": settings.IDLE_TIMEOUT_MINUTES}
                if idle
                else _("Du er blevet logget ud, fordi dit login er udløbet. Log ind igen."),
            )
        return None
