"""One search box for the whole portal: networks, people and departments at once.

Each kind of result comes through the access rule of its own app (networks_visible_to,
people_visible_to) and the shared Danish-aware matching of core.search. The page shows the
first few of each and links on to the catalogue and the directory for the rest.
"""

from django.shortcuts import render
from django.template.loader import render_to_string

from core import audit, generations
from core import search as text_search
from core.paging import page_by_keys
from netvaerk.access import networks_visible_to
from roles.access import departments_visible_to, people_visible_to

LIMIT = 10


def _section(queryset):
    """The first LIMIT rows and the number of all matching rows: the keys and the count in
    one query, then only those rows with what they join ("leder" matches 1,500 people at
    scale, and sorting them with every joined column took three times as long)."""
    page = page_by_keys(queryset, LIMIT, 1, count_alongside=True)
    return {"items": page.object_list, "count": page.paginator.count}


# What the results show: networks (with their phases), people (names, titles, departments)
# and departments.
SEARCH_TOPICS = ("networks", "people", "departments")


def search(request):
    q = request.GET.get("q", "").strip()[: text_search.MAX_QUERY_LENGTH]
    searched = bool(text_search.query_words(q))
    results = ""
    if searched:
        audit.record(request, "search", detail=audit.criterion(request.GET, "q"))
        # The same for everyone who may see what is found: cached per search until a
        # network, person or department is written (core/generations.py).
        results = generations.cached(
            "search:" + generations.request_key(request, "q"),
            SEARCH_TOPICS,
            lambda: _results(request.user, q),
        )
    return render(request, "portal/search.html", {"q": q, "results": results})


def _results(user, q):
    ctx = {"q": q, "limit": LIMIT}
    ctx["networks"] = _section(
        networks_visible_to(user).search(q).select_related("current_phase").order_by("name", "pk")
    )
    ctx["people"] = _section(  # by name, as the directory
        text_search.in_text_order(
            people_visible_to(user).current().select_related("user", "department"), q
        )
    )
    ctx["departments"] = _section(
        text_search.search(departments_visible_to(user), q).order_by("name", "pk")
    )
    return render_to_string("portal/_search_results.html", ctx)
