from django.shortcuts import render
from django.utils.translation import gettext as _

from agreements.selectors import agreements_for_person
from core.permissions import is_secretariat
from leadernets.selectors import leader_networks_for
from netvaerk import selectors as network_selectors
from roles.access import person_for_user

from . import summaries
from .models import NetworkSummary, Rules, TalkState


def _by_state(agreements):
    """The agreements in two groups, each with its state in words: those under way (and the
    reflections), then those agreed. Empty groups are left out."""
    under_way, agreed = [], []
    for agreement in agreements:
        agreement.state, agreement.state_text = summaries.agreement_state(agreement)
        (agreed if agreement.state == TalkState.AGREED else under_way).append(agreement)
    groups = [(_("I gang"), under_way), (_("Aftalt"), agreed)]
    return [(label, items) for label, items in groups if items]


def home(request):
    """Mine netværk: where the user holds a role, what waits for them, and what is next."""
    person = person_for_user(request.user)
    cards, staff_cards = network_selectors.my_network_cards(person)
    mine, waiting = agreements_for_person(person, request.user) if person else ([], [])
    mine, waiting = _by_state(mine), _by_state(waiting)
    ctx = {
        "person": person,
        "cards": cards,
        "staff_cards": staff_cards,
        "mine": mine,
        "waiting": waiting,
        "leader_networks": leader_networks_for(card.network for card in cards),
    }
    if is_secretariat(request.user):
        summaries.refresh_stale()
        rules = Rules.current()
        ctx["status_counts"] = network_selectors.status_counts()
        attention = NetworkSummary.objects.filter(needs_attention=True)
        ctx["attention_count"] = attention.count()
        ctx["attention"] = [
            (s.network, summaries.attention_texts(s, rules))
            for s in attention.select_related("network").order_by("network__name")[:10]
        ]
    return render(request, "portal/home.html", ctx)
