"""Two or more app servers, nothing kept on one server's disk (issue #15).

The stand-ins are real and local: an S3-compatible server (moto's server mode, started here on
a free port) for the PDF cache, and the Redis on 127.0.0.1:6379 (database 9, emptied first)
for the default cache. "The other app server" is a second Python process started with the
production settings path (PDF_CACHE_S3_*, REDIS_URL from the environment), or, inside this
process, fresh storage and cache connections and a second test client.
"""

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse

from core import pdf
from core.storage import AtomicFileSystemStorage

boto3 = pytest.importorskip("boto3", reason="boto3 (django-storages[s3]) is not installed")
moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] is not installed (pip install -e '.[test]')"
)
redis = pytest.importorskip("redis", reason="redis (the Redis client) is not installed")

BASE_DIR = Path(django_settings.BASE_DIR)
BUCKET = "netvaerk-pdf-cache"
KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}
# A database of its own per test run (.ci/run runs the SQLite and PostgreSQL suites at once).
REDIS_TEST_URL = os.getenv("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")
HTML = "<html lang='da'><head><title>Delt cache</title></head><body><p>Hej fra server A</p>"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """An empty bucket in the S3 stand-in, and STORAGES["pdf_cache"] pointing at it."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-north-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "pdf_cache": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "eu-north-1",
                "default_acl": None,
                "file_overwrite": True,
                **KEYS,
            },
        },
    }

    def keys():
        return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))

    yield keys
    for key in keys():
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


def _redis_answers():
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


needs_redis = pytest.mark.skipif(
    not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379 (the shared-cache stand-in)"
)


@pytest.fixture
def shared_redis(settings):
    """The default cache on Redis database 9, emptied before and after."""
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": "netvaerk-test",
        },
    }
    yield client
    client.flushdb()


def _other_server(html, *, s3_endpoint=None, redis_url="", render_timeout="20"):
    """Ask a second Python process, configured from the environment like a production app
    server, for the PDF of `html`. It has its own storage and cache connections."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "netvaerk.settings",
        "PDF_RENDER_TIMEOUT": render_timeout,
        "PDF_LOCK_DIR": django_settings.PDF_LOCK_DIR,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "netvaerk-test",
        "PDF_CACHE_S3_BUCKET": BUCKET if s3_endpoint else "",
        "PDF_CACHE_S3_ENDPOINT_URL": s3_endpoint or "",
        "PDF_CACHE_S3_REGION": "eu-north-1",
        "PDF_CACHE_S3_ACCESS_KEY_ID": KEYS["access_key"],
        "PDF_CACHE_S3_SECRET_ACCESS_KEY": KEYS["secret_key"],
    }
    script = """
import hashlib, json, sys, time
import django
django.setup()
from django.conf import settings
from core import pdf
started = time.monotonic()
answer = {
    "storage": settings.STORAGES["pdf_cache"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
}
try:
    data, hit = pdf.cached_pdf(sys.stdin.read())
    answer.update(hit=hit, sha=hashlib.sha256(data).hexdigest())
except pdf.PdfError as exc:
    answer.update(error=type(exc).__name__, retry_after=getattr(exc, "retry_after", None))
answer["seconds"] = time.monotonic() - started
print(json.dumps(answer))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=html,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_pdf_rendered_by_one_server_is_served_by_the_other_from_the_bucket(bucket, s3_endpoint):
    data, from_cache = pdf.cached_pdf(HTML)  # server A renders (the one real render here)
    assert not from_cache and data.startswith(b"%PDF")
    name = pdf.cache_key(HTML).removeprefix("pdf:")
    assert bucket() == [f"pdf/{name}.pdf"]  # an object in the bucket, nothing on local disk

    # Server B: another process, its settings from the environment. A render there would
    # fail at once (a 1 µs time limit), so the PDF can only come from the bucket.
    other = _other_server(HTML, s3_endpoint=s3_endpoint, render_timeout="0.000001")
    assert other["storage"] == "storages.backends.s3.S3Storage"
    assert other == {**other, "hit": True, "sha": hashlib.sha256(data).hexdigest()}
    assert bucket() == [f"pdf/{name}.pdf"]  # nothing rendered or written again


def test_a_fresh_storage_connection_reads_what_another_wrote_until_it_expires(bucket, settings):
    config = settings.STORAGES["pdf_cache"]
    server_a, server_b = storages.create_storage(config), storages.create_storage(config)
    key = pdf.cache_key("<p>udløber</p>")
    pdf.store_pdf(key, b"%PDF-1.7 delt", storage=server_a)
    assert pdf.stored_pdf(key, storage=server_b) == b"%PDF-1.7 delt"
    settings.PDF_CACHE_SECONDS = 0  # every stored PDF is now too old: a miss, rendered again
    time.sleep(0.01)
    assert pdf.stored_pdf(key, storage=server_b) is None
    assert pdf.stored_pdf(pdf.cache_key("<p>aldrig gemt</p>"), storage=server_b) is None


def test_clearing_the_pdf_cache_empties_the_bucket(bucket):
    for n in range(3):
        pdf.store_pdf(pdf.cache_key(f"<p>{n}</p>"), b"%PDF-1.7")
    assert len(bucket()) == 3
    assert pdf.clear_pdf_cache() == 3
    assert bucket() == []
    assert pdf.clear_pdf_cache() == 0


def test_two_clients_on_two_servers_share_the_pamphlet_pdf(org, bucket, settings):
    """The issue's acceptance inside one process: two clients, each with a storage
    connection and cache of its own, one bucket."""
    url = reverse("roles:pamphlet-pdf", args=["personaleleder", "a4"])
    server_a = Client()
    server_a.force_login(
        org["participant"].user, backend="django.contrib.auth.backends.ModelBackend"
    )
    first = server_a.get(url)
    assert first.status_code == 200 and first["X-PDF-Cache"] == "miss"
    assert len(bucket()) == 1

    # Server B: new connections to the bucket (the STORAGES setting read again), an empty
    # cache of its own, and a render would fail at once.
    settings.STORAGES = {**settings.STORAGES}
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"},
    }
    settings.PDF_RENDER_TIMEOUT = 0.000001
    server_b = Client()
    server_b.force_login(org["reference"].user, backend="django.contrib.auth.backends.ModelBackend")
    second = server_b.get(url)
    assert second.status_code == 200 and second["X-PDF-Cache"] == "hit"
    assert second.content == first.content
    assert len(bucket()) == 1


def test_the_folder_storage_never_shows_a_half_written_file(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    key = pdf.cache_key("<p>mappe</p>")
    pdf.store_pdf(key, b"%PDF-1.7 first", storage=storage)
    pdf.store_pdf(key, b"%PDF-1.7 again", storage=storage)  # replaced, not "…_a1b2c3d.pdf"
    assert storage.listdir("pdf")[1] == [f"{key.removeprefix('pdf:')}.pdf"]
    assert pdf.stored_pdf(key, storage=storage) == b"%PDF-1.7 again"
    assert not list(tmp_path.rglob(".tmp-*"))  # written under a temporary name, then renamed
    # An old file counts as missing.
    path = tmp_path / "pdf" / f"{key.removeprefix('pdf:')}.pdf"
    old = time.time() - django_settings.PDF_CACHE_SECONDS - 60
    os.utime(path, (old, old))
    assert pdf.stored_pdf(key, storage=storage) is None


@needs_redis
def test_a_failure_remembered_by_one_server_is_seen_by_the_other(shared_redis, settings):
    settings.PDF_RENDER_TIMEOUT = 0.000001  # a real timeout on server A
    html = "<p>Et dokument, der ikke kan nå at blive lavet</p>"
    with pytest.raises(pdf.PdfTimeout):
        pdf.cached_pdf(html)
    assert shared_redis.keys("netvaerk-test:*:failed")  # in Redis, not in this process

    # Server B, another process with its own Redis connection and a generous time limit: it
    # answers from the memory at once instead of rendering.
    other = _other_server(html, redis_url=REDIS_TEST_URL)
    assert other["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert other["error"] == "PdfTimeout" and other["retry_after"] > 0
    assert "hit" not in other

    # The same through two cache connection objects in this process.
    from django.core.cache import caches

    server_a, server_b = caches.create_connection("default"), caches.create_connection("default")
    server_a.set("oidc-discovery", {"issuer": "https://idp.example.dk"}, 60)
    assert server_b.get("oidc-discovery") == {"issuer": "https://idp.example.dk"}


@needs_redis
def test_a_session_started_on_one_server_is_valid_on_the_other(org, shared_redis):
    """Sessions are database rows (the default engine): the same cookie works on any
    server that shares the database, whatever the cache."""
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert django_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    server_a = Client()
    server_a.force_login(org["leader"].user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = server_a.cookies[django_settings.SESSION_COOKIE_NAME].value
    server_b = Client()
    server_b.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    response = server_b.get(reverse("roles:pamphlet-list"))
    assert response.wsgi_request.user == org["leader"].user
    assert response.wsgi_request.session[SESSION_KEY] == str(org["leader"].user.pk)


def test_the_daily_job_deletes_only_expired_pdfs_from_the_bucket(bucket, settings):
    for n in range(3):
        pdf.store_pdf(pdf.cache_key(f"<p>{n}</p>"), b"%PDF-1.7")
    assert pdf.prune_pdf_cache() == 0  # all fresh
    # S3 keeps whole seconds: the three are over 3 s old, the fresh one under 3 s even on
    # a busy machine (it has 2 s before the prune).
    time.sleep(3.1)
    fresh = pdf.cache_key("<p>ny</p>")
    pdf.store_pdf(fresh, b"%PDF-1.7 ny")
    default = settings.PDF_CACHE_SECONDS
    settings.PDF_CACHE_SECONDS = 3
    assert pdf.prune_daily.call() == {"deleted": 3}
    assert bucket() == [f"pdf/{fresh.removeprefix('pdf:')}.pdf"]
    settings.PDF_CACHE_SECONDS = default  # served as before
    assert pdf.stored_pdf(fresh) == b"%PDF-1.7 ny"


def test_pruning_a_folder_keeps_what_is_fresh_and_other_files(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    old, fresh = pdf.cache_key("<p>gammel</p>"), pdf.cache_key("<p>ny</p>")
    for key in (old, fresh):
        pdf.store_pdf(key, b"%PDF-1.7", storage=storage)
    (tmp_path / "pdf" / "README.txt").write_text("ikke en PDF")
    path = tmp_path / "pdf" / f"{old.removeprefix('pdf:')}.pdf"
    past = time.time() - django_settings.PDF_CACHE_SECONDS - 60
    os.utime(path, (past, past))
    assert pdf.prune_pdf_cache(storage) == 1
    assert sorted(storage.listdir("pdf")[1]) == [f"{fresh.removeprefix('pdf:')}.pdf", "README.txt"]
    assert pdf.prune_pdf_cache(AtomicFileSystemStorage(location=tmp_path / "tom")) == 0
