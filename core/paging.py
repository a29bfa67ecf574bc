"""Paging deep into a large, sorted table without joining every row it skips.

Django's Paginator slices the queryset, so page 500 of 45,000 people makes the database
join and sort 12,500 rows to throw them away. `page_by_keys` pages the primary keys alone
(an index-only scan when the order has an index) and then loads just that page's rows with
everything they join.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window


def page_by_keys(queryset, per_page, number, *, count=None, load=None, count_alongside=False):
    """A Paginator page whose object_list is the page's rows of `queryset`, in its order.
    `count`, when given, is how many rows `queryset` has (a figure the caller has cached,
    core/generations.py), instead of counting them. `count_alongside`: count in the same
    query as the page's keys (a window count), for a search whose matches the database
    would otherwise find twice. `load(ids)`, when given, gives the rows of those keys as
    {key: row}, in any form (plain values are cheaper than models)."""
    keys = queryset.select_related(None).prefetch_related(None)
    paginator = Paginator(keys.values_list("pk", flat=True), per_page)
    page = None
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    elif count_alongside:
        page, ids = _page_counted_alongside(keys, paginator, number)
    if page is None:
        page = paginator.get_page(number)
        ids = list(page.object_list)
    if load is None:
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    else:
        rows = load(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def _page_counted_alongside(keys, paginator, number):
    """(page, its keys) from one query that also counts every row; (None, None) for what
    get_page answers (no such page: the last one; not a number: the first)."""
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        return None, None
    if wanted < 1:
        return None, None
    start = (wanted - 1) * paginator.per_page
    pairs = list(
        keys.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[
            start : start + paginator.per_page
        ]
    )
    if not pairs:
        return None, None
    paginator.count = pairs[0][1]
    return paginator.page(wanted), [pk for pk, _total in pairs]


def chunks(items, size=500):
    """`items` in lists of at most `size`: for `__in` lookups and bulk writes that must stay
    under the database's parameter limits however many rows there are."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
