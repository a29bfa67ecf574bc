"""One search box for the whole portal: networks, people and departments at once.

Each kind of result comes through the access rule of its own app (networks_visible_to,
people_visible_to) and the shared Danish-aware matching of core.search. The page shows the
first few of each and links on to the catalogue and the directory for the rest.
"""

from django.shortcuts import render

from core import audit
from core import search as text_search
from netvaerk.access import networks_visible_to
from roles.access import departments_visible_to, people_visible_to

LIMIT = 10


def _section(queryset):
    """The first LIMIT rows and the number of all matching rows."""
    return {"items": list(queryset[:LIMIT]), "count": queryset.count()}


def search(request):
    q = request.GET.get("q", "").strip()[: text_search.MAX_QUERY_LENGTH]
    ctx = {"q": q, "limit": LIMIT, "searched": bool(text_search.query_words(q))}
    if ctx["searched"]:
        audit.record(request, "search", detail=audit.criterion(request.GET, "q"))
        user = request.user
        ctx["networks"] = _section(
            networks_visible_to(user)
            .search(q)
            .select_related("current_phase")
            .order_by("name", "pk")
        )
        ctx["people"] = _section(  # by name, as the directory
            text_search.in_text_order(
                people_visible_to(user).current().select_related("user", "department"), q
            )
        )
        ctx["departments"] = _section(
            text_search.search(departments_visible_to(user), q).order_by("name", "pk")
        )
    return render(request, "portal/search.html", ctx)
