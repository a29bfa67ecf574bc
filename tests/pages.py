"""The objects a page's URL is made from, in one place for the tests that open the pages of
the permission matrix (test_permission_matrix.py, test_links.py, test_site.py,
test_html_validity.py, e2e/test_phones.py).

`page_data` makes the contexts: "base" (the network, the organisation, the plan and a calendar
token) and, for the pages that need more, one per kind, the base plus that kind's objects.
`page_url` picks a page's context by its URL name and reverses the name with the matrix's
arguments (`_args` in test_permission_matrix.py, which also makes a leader network on first
use). The matrix's builders are imported where they are used: the matrix imports this module.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from agreements import services
from netvaerk.models import CalendarFeed

KINDS = ("agreements", "proposals", "competences", "notifications")


def _kind(name):
    """The kind of objects the page `name` is about, or "base"."""
    if name.startswith("agreements:") and "pamphlet" not in name:
        return "agreements"
    if name.startswith("proposals:"):
        return "proposals"
    if name.startswith("competences:"):
        return "competences"
    if name.startswith("notifications:") or name.startswith("deliver"):
        return "notifications"
    return "base"


class _PageData(dict):
    """The contexts by kind; a kind asked for before it is made is made then. A kind without
    a builder gets the base context."""

    def __init__(self, base, builders):
        super().__init__(base=base)
        self._builders = builders

    def __missing__(self, kind):
        build = self._builders.get(kind)
        self[kind] = self["base"] | build() if build else self["base"]
        return self[kind]


def calendar_token(org):
    """The network leader's calendar token, for the calendar feeds' addresses."""
    return CalendarFeed.objects.get_or_create(user=org["leader"].user)[0].token


def page_data(network, org, plan, start, token=None, kinds=KINDS, eager=False):
    """The contexts of every page: the objects of each of `kinds` (in that order, if made now)
    are made on first use, or all now if `eager`, so every page is opened with the same data.
    The pages of a kind not in `kinds` get the base context, and nothing is made for them."""
    from .test_permission_matrix import _agreements, _competences, _notification, _proposals

    builders = {
        "agreements": lambda: _agreements(network, org, start),
        "proposals": lambda: _proposals(org),
        "competences": lambda: _competences(org),
        "notifications": lambda: {"notification": _notification(network, org)},
    }
    base = {"network": network, "org": org, "plan": plan, "token": token}
    data = _PageData(base, {kind: builders[kind] for kind in kinds})
    if eager:
        for kind in kinds:
            data[kind] = base | builders[kind]()
    return data


def page_url(name, data):
    """The address of the page `name`, made from its context in `data` (see page_data)."""
    from .test_permission_matrix import _args

    return reverse(name, args=_args(name, data[_kind(name)]))


def personnel_leader_agreement(network, org, start, shared_reflection=False):
    """The network leader's agreement with their personnel leader, ready for the meeting, and,
    if `shared_reflection`, the leader's reflection shared with the personnel leader: so the
    counterparts have pages of their own to open."""
    agreement = start(network, "aftale-personaleleder", org["leader"])
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    if not shared_reflection:
        return {"agreement": agreement}
    reflection = start(network, "refleksion-personaleleder", org["leader"])
    services.reflection_share(
        agreement=reflection, shared=True, lock_version=reflection.lock_version
    )
    return {"agreement": agreement, "reflection": reflection}
