"""A small OpenID Connect provider for the tests: a real HTTP server in a thread, with an RSA
key made in the test. It serves the discovery document, /authorize (which signs in
`next_claims` at once and sends the browser back with a code), /token (an ID token signed
with the key, or whatever a test asks for), /userinfo, /jwks and /logout.

    code = provider.issue({"sub": "s-1", "preferred_username": "signe"}, nonce=nonce)

makes a one-time code; the portal's token request for it gets the signed ID token.
"""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "netvaerksportalen"
CLIENT_SECRET = "hemmelig-klient-noegle"
KID = "test-key-1"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeProvider:
    def __init__(self, end_session=True):
        self.key = new_key()
        self.end_session = end_session
        self.codes = {}  # code → (claims of the ID token, claims of userinfo, signing options)
        self.access_tokens = {}  # access token → userinfo claims
        self.token_requests = []
        self.logouts = []
        self.discovery_hits = 0
        self.next_claims = None  # who /authorize signs in
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- what the tests use ----------------------------------------------------------

    def discovery(self):
        document = {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }
        if self.end_session:
            document["end_session_endpoint"] = f"{self.url}/logout"
        return document

    def issue(self, claims, nonce, userinfo=None, key=None, alg="RS256", **overrides):
        """A one-time code for an ID token with `claims` (plus iss, aud, iat, exp and nonce,
        each of which `overrides` may replace), signed with `key` (the provider's own by
        default). `userinfo` are claims only the userinfo endpoint gives."""
        now = int(time.time())
        payload = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **claims,
            **overrides,
        }
        code = secrets.token_urlsafe(16)
        self.codes[code] = (payload, {"sub": claims.get("sub"), **(userinfo or {})}, key, alg)
        return code

    def sign(self, payload, key=None, alg="RS256"):
        if alg == "none":
            return jwt.encode(payload, None, algorithm="none")
        return jwt.encode(payload, key or self.key, algorithm=alg, headers={"kid": KID})

    def jwks(self):
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def token(self, form):
        self.token_requests.append(form)
        entry = self.codes.pop(form.get("code"), None)  # a code works once
        if entry is None or form.get("client_secret") != CLIENT_SECRET:
            return 400, {"error": "invalid_grant"}
        payload, userinfo, key, alg = entry
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = userinfo
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.sign(payload, key, alg),
        }


def _handler(provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _redirect(self, location):
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):  # noqa: N802
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                provider.discovery_hits += 1
                return self._json(200, provider.discovery())
            if url.path == "/jwks":
                return self._json(200, provider.jwks())
            if url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in provider.access_tokens:
                    return self._json(401, {"error": "invalid_token"})
                return self._json(200, provider.access_tokens[token])
            if url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or provider.next_claims is None:
                    return self._json(400, {"error": "unauthorized_client"})
                code = provider.issue(provider.next_claims, nonce=query.get("nonce"))
                params = urlencode({"code": code, "state": query["state"]})
                return self._redirect(f"{query['redirect_uri']}?{params}")
            if url.path == "/logout" and provider.end_session:
                provider.logouts.append(query)
                return self._redirect(query["post_logout_redirect_uri"])
            return self._json(404, {"error": "not_found"})

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlparse(self.path).path == "/token":
                return self._json(*provider.token(form))
            return self._json(404, {"error": "not_found"})

    return Handler


def configured_provider(settings):
    """A running fake provider, and the portal configured for it through discovery. A test
    module makes it a fixture: `provider_fixture = pytest.fixture(name="oidc_provider")(
    configured_provider)`."""
    provider = FakeProvider().start()
    settings.OIDC_OP_DISCOVERY_URL = provider.url
    for name in (
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
        "OIDC_OP_LOGOUT_ENDPOINT",
        "OIDC_OP_ISSUER",
    ):
        setattr(settings, name, None)
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_TIMEOUT = 5
    yield provider
    provider.stop()
