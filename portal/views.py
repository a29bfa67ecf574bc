from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agreements.selectors import agreements_for_person
from core import generations
from core.permissions import is_secretariat
from leadernets.selectors import leader_networks_for
from netvaerk import selectors as network_selectors
from roles.models import Person

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


# What Mine netværk shows: the user's person, their roles and their staff's (with the
# networks, phases and plans), the agreements they are a party to (with templates and
# confirmations), their leader networks' meetings and people's names; for the secretariat
# the summaries and networks of the overview too (core.generations watches their tables).
HOME_TOPICS = ("people", "network_roles", "networks", "agreements", "leader_networks")


def home(request):
    """Mine netværk: where the user holds a role, what waits for them, and what is next.
    Below the heading it is cached per user, language and day (roles end, meetings pass)
    until what it shows is written (for the secretariat also the summaries and rules)."""
    user = request.user
    secretariat = is_secretariat(user)
    today = timezone.localdate()
    key = f"home:{user.pk}:{get_language()}:{today.isoformat()}:{secretariat:d}"
    topics = (*HOME_TOPICS, *summaries.SUMMARY_TOPICS) if secretariat else HOME_TOPICS
    body = generations.cached(key, topics, lambda: _home_body(user, secretariat, today))
    return render(request, "portal/home.html", {"body": body})


def _home_body(user, secretariat, today):
    # The person and their name read here, after the generations (core.generations.cached).
    person = Person.objects.select_related("user").filter(user_id=user.pk).first()
    cards, staff_cards = network_selectors.my_network_cards(person)
    mine, waiting = agreements_for_person(person, user) if person else ([], [])
    ctx = {
        "person": person,
        "is_secretariat": secretariat,
        "cards": cards,
        "staff_cards": staff_cards,
        "mine": _by_state(mine),
        "waiting": _by_state(waiting),
        "leader_networks": leader_networks_for(card.network for card in cards),
    }
    if secretariat:
        summaries.refresh_stale(today)  # when the body is built (see portal.workspace._body)
        rules = Rules.current()
        ctx["status_counts"] = network_selectors.status_counts()
        attention = NetworkSummary.objects.filter(needs_attention=True)
        ctx["attention_count"] = attention.count()
        ctx["attention"] = [
            (s.network, summaries.attention_texts(s, rules))
            for s in attention.select_related("network").order_by("network__name")[:10]
        ]
    return render_to_string("portal/_home_body.html", ctx)
