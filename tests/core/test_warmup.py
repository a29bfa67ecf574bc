"""A new web worker does its first request's one-off work before it takes one
(core/warmup.py, called from gunicorn's post_worker_init in netvaerk/gunicorn.py)."""

import gc
import logging

import pytest
from django.template import engines
from django.urls import clear_url_caches, get_resolver

from core import warmup

pytestmark = pytest.mark.django_db


def _cached_templates():
    loader = engines["django"].engine.template_loaders[0]
    return loader.get_template_cache


def test_warm_up_parses_the_portals_templates_and_reads_the_url_patterns():
    _cached_templates().clear()
    clear_url_caches()

    took = warmup.warm_up()

    assert set(took) == {
        "urls",
        "translations",
        "templates",
        "static_manifest",
        "database",
        "code_version",
    }
    cached = _cached_templates()
    assert "base.html" in cached
    assert "netvaerk/network_detail.html" in cached
    assert "agreements/detail.html" in cached
    assert get_resolver()._populated


def test_a_failing_step_is_logged_and_the_others_still_run(monkeypatch, caplog):
    def broken():
        raise RuntimeError("ingen forbindelse")

    monkeypatch.setattr(warmup, "STEPS", (broken, *warmup.STEPS[1:]))
    _cached_templates().clear()
    with caplog.at_level(logging.ERROR, logger="core.warmup"):
        took = warmup.warm_up()
    assert "broken" in took
    assert "ingen forbindelse" in caplog.text
    assert "base.html" in _cached_templates()


def test_gunicorn_warms_each_worker_up_before_freezing_what_it_loaded():
    from netvaerk import gunicorn

    class Worker:
        log = logging.getLogger("gunicorn.test")

    _cached_templates().clear()
    try:
        gunicorn.post_worker_init(Worker())
        assert "base.html" in _cached_templates()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
