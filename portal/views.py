from django.shortcuts import render

from agreements.selectors import agreements_for_person
from core.permissions import is_secretariat
from netvaerk import selectors as network_selectors
from roles.access import person_for_user

from . import summaries
from .models import NetworkSummary, Rules


def home(request):
    """Mine netværk: where the user holds a role, what waits for them, and what is next."""
    person = person_for_user(request.user)
    cards, staff_cards = network_selectors.my_network_cards(person)
    mine, waiting = agreements_for_person(person) if person else ([], [])
    ctx = {
        "person": person,
        "cards": cards,
        "staff_cards": staff_cards,
        "mine": mine,
        "waiting": waiting,
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
