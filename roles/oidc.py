"""Single sign-on with OpenID Connect (mozilla-django-oidc), matched to imported people.

- The provider's endpoints come from settings (OIDC_OP_*), or else from its discovery
  document (OIDC_OP_DISCOVERY_URL), fetched when first needed and cached.
- The ID token is verified by the library (signature against the provider's JWKS, expiry,
  nonce) and here as well: audience (our client id), issuer, and the claims that must be
  there. The library checks no audience itself.
- A signed-in identity is a person when its "sub" is a person's stored `oidc_subject`; else
  when its OIDC_USERNAME_CLAIM equals a person's username or e-mail (OIDC_MATCH_ON) and that
  person has no subject yet: the subject is stored then. Nobody is ever created.
- A leaver (`left_on` set, or an inactive user) is refused.
- The secretariat claim adds the user to the secretariat group (and staff); its absence takes
  them out again when OIDC_SECRETARIAT_REVOKE is on.

Why a refusal happened is left on the request (`request.oidc_refusal`) for the callback view
to say in Danish.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from .models import Person

logger = logging.getLogger(__name__)

# Setting → the discovery document's key for it.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
    "OIDC_OP_ISSUER": "issuer",
}
WELL_KNOWN = "/.well-known/openid-configuration"
# Seconds of clock difference between the provider and us that a token's times may have.
LEEWAY = 60

# Why a sign-in was refused (request.oidc_refusal).
UNKNOWN = "ukendt"
LEFT = "fratraadt"
FAILED = "fejl"


def enabled():
    """Single sign-on is on when a client id and the provider's address are configured."""
    return bool(
        getattr(settings, "OIDC_RP_CLIENT_ID", "")
        and (
            getattr(settings, "OIDC_OP_DISCOVERY_URL", "")
            or getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", None)
        )
    )


def local_login():
    return getattr(settings, "LOCAL_LOGIN", True)


def discovery():
    """The provider's discovery document, cached for OIDC_DISCOVERY_CACHE_SECONDS."""
    url = settings.OIDC_OP_DISCOVERY_URL
    if not url:
        return {}
    if not url.rstrip("/").endswith(WELL_KNOWN):
        url = url.rstrip("/") + WELL_KNOWN
    key = f"oidc-discovery:{url}"
    document = cache.get(key)
    if document is None:
        response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", 10))
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, getattr(settings, "OIDC_DISCOVERY_CACHE_SECONDS", 3600))
    return document


def get_setting(attr, *default):
    """mozilla-django-oidc's setting lookup, falling back on the discovery document for the
    provider's endpoints."""
    value = getattr(settings, attr, None)
    if (
        value in (None, "")
        and attr in DISCOVERED
        and getattr(settings, "OIDC_OP_DISCOVERY_URL", "")
    ):
        value = discovery().get(DISCOVERED[attr])
        if value:
            return value
    if attr in DISCOVERED:
        return value or (default[0] if default else None)
    return import_from_settings(attr, *default)


def provider_logout_url(request):
    """Where to send the browser to end the provider's session too, or None: only after a
    single sign-on, and only when the provider has an end-session endpoint."""
    id_token = request.session.get("oidc_id_token")
    if not id_token or not enabled():
        return None
    try:
        endpoint = get_setting("OIDC_OP_LOGOUT_ENDPOINT")
    except (requests.RequestException, ValueError):
        logger.warning("The provider's discovery document could not be read at logout.")
        return None
    if not endpoint:
        return None
    params = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(
            _resolve(settings.LOGOUT_REDIRECT_URL)
        ),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def _resolve(url_or_name):
    from django.shortcuts import resolve_url

    return resolve_url(url_or_name)


def claim(claims, path):
    """A claim by a dotted path ("realm_access.roles"), or None."""
    value = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def is_single_sign_on(request, credentials=None):
    """django-axes' whitelist: a sign-in through the provider has no password to guess, and
    counting its refusals per address would lock a whole office out behind one proxy."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.view_name == "oidc:callback")


class LocalLoginSwitch(BaseBackend):
    """Refuses every username-and-password sign-in while LOCAL_LOGIN is off. Raising
    PermissionDenied stops Django from asking the backends after this one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and not local_login():
            raise PermissionDenied
        return None


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Signs in imported people only; see the module's description."""

    get_settings = staticmethod(get_setting)

    def __init__(self, *args, **kwargs):
        # The library reads every endpoint here; Django makes a backend for every sign-in
        # and every request's user. Read them when a sign-in needs them instead.
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 - the library's attribute names
        return self.get_settings("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return self.get_settings("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return self.get_settings("OIDC_OP_JWKS_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self):  # noqa: N802
        return settings.OIDC_RP_SIGN_ALGO

    @property
    def OIDC_RP_IDP_SIGN_KEY(self):  # noqa: N802
        return getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)

    # --- the sign-in ---------------------------------------------------------------------

    def authenticate(self, request, **kwargs):
        if request is None or not enabled() or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, ValueError) as exc:
            # A bad token, a provider that cannot be reached or answers nonsense: refused.
            logger.warning("Single sign-on refused: %s", exc)
            self._refuse(FAILED)
            return None

    def retrieve_matching_jwk(self, token):
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO or "kid" not in header:
            raise SuspiciousOperation("The token is not signed with the configured algorithm.")
        return super().retrieve_matching_jwk(token)

    def get_payload_data(self, token, key):
        """The ID token's claims, once its signature, expiry, audience and issuer are right.
        Unsigned tokens ("alg": "none") are never accepted."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The token is not signed with the configured algorithm.")
        issuer = self.get_settings("OIDC_OP_ISSUER")
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=issuer,
                leeway=LEEWAY,
                options={
                    "require": ["exp", "iat", "sub", "aud"],
                    "verify_iss": bool(issuer),
                },
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        audience = payload["aud"]
        if isinstance(audience, list) and len(audience) > 1:
            if payload.get("azp") != self.OIDC_RP_CLIENT_ID:
                raise SuspiciousOperation("ID token refused: azp is not this client.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's added (Entra ID puts app roles
        only in the ID token; other providers put them only in userinfo)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about another subject.")
            claims.update(userinfo)
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        """The user of the one person this identity is: by stored subject, else by the
        configured claim against a person not yet bound to another subject."""
        self._refuse(UNKNOWN)
        people = Person.objects.select_related("user")
        by_subject = people.filter(oidc_subject=claims["sub"])
        if by_subject:
            return [by_subject[0].user]
        value = claim(claims, settings.OIDC_USERNAME_CLAIM)
        if not isinstance(value, str) or not value.strip():
            return []
        field = "user__email" if settings.OIDC_MATCH_ON == "email" else "user__username"
        matches = list(people.filter(**{f"{field}__iexact": value.strip()}))
        if len(matches) != 1 or matches[0].oidc_subject:
            # Nobody, someone ambiguous, or a person already bound to another subject.
            return []
        return [matches[0].user]

    def create_user(self, claims):
        raise SuspiciousOperation("No self-registration: only imported people sign in.")

    def update_user(self, user, claims):
        person = user.person
        if not user.is_active or person.left_on is not None:
            self._refuse(LEFT)
            return None
        with transaction.atomic():
            if not person.oidc_subject:
                person.oidc_subject = claims["sub"]
                person.save(update_fields=["oidc_subject"])
            self._sync_secretariat(user, claims)
        self._refuse(None)
        return user

    def _sync_secretariat(self, user, claims):
        wanted = settings.OIDC_SECRETARIAT_VALUE
        if not wanted:
            return  # the group is managed in the administration
        values = claim(claims, settings.OIDC_SECRETARIAT_CLAIM)
        if isinstance(values, str):
            values = [values]
        group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
        if wanted in (values or []):
            user.groups.add(group)
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        elif settings.OIDC_SECRETARIAT_REVOKE and user.groups.filter(pk=group.pk).exists():
            user.groups.remove(group)
            if user.is_staff and not user.is_superuser:
                user.is_staff = False
                user.save(update_fields=["is_staff"])

    def _refuse(self, reason):
        self.request.oidc_refusal = reason
