"""Search that works for Danish text, on SQLite and PostgreSQL alike.

SQLite folds only ASCII letters, so `icontains` finds "ældre" but not "Ældre". Instead every
searchable row keeps a `search_text` column: its searchable fields run through `normalise`
(lower case, æ/ø/å spelt ae/oe/aa, accents dropped, whitespace collapsed). A query goes
through the same function, and each of its words must occur somewhere in the column, so
"leder" finds "Netværksleder" and "aeldre", "Ældre" and "ældre" give the same hits. On
PostgreSQL a trigram index (pg_trgm, gin_trgm_ops) serves those `LIKE '%word%'` lookups.

Infrastructure: this module imports no app.
"""

import unicodedata

from django.db.models import F, Q
from django.db.models.functions import Lower

MAX_QUERY_LENGTH = 100
BATCH_SIZE = 1000

# The Danish letters, spelt as Danes spell them without the letters (Aarhus, Ærø → aeroe).
# Applied after casefold, so the upper-case letters are covered too.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def normalise(text):
    """Lower case, æ→ae, ø→oe, å→aa, other accents dropped (é→e, ü→u), whitespace collapsed."""
    # NFC first, so an "å" typed as "a" + combining ring is one letter like any other.
    text = unicodedata.normalize("NFC", str(text or "")).casefold().translate(_DANISH)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(text.split())


def join(*parts):
    """The search text of several fields: each normalised, empty ones left out."""
    return " ".join(n for n in (normalise(p) for p in parts) if n)


def query_words(query):
    """The normalised words of a query, which is cut at MAX_QUERY_LENGTH characters."""
    return normalise(str(query or "")[:MAX_QUERY_LENGTH]).split()


def search_q(query, field="search_text"):
    """A filter in which every word of the query occurs in `field`, or None for no words."""
    words = query_words(query)
    if not words:
        return None
    condition = Q()
    for word in dict.fromkeys(words):
        condition &= Q(**{f"{field}__contains": word})
    return condition


def search(queryset, query, field="search_text"):
    """The rows of `queryset` matching every word of `query`; all of them for no words."""
    condition = search_q(query, field)
    return queryset if condition is None else queryset.filter(condition)


def saves_search_text(save_kwargs, sources, field="search_text"):
    """For a model's save(): whether this save may change the search text (it saves all
    fields, or some of `sources`). A save of only some fields then saves `field` too."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is None:
        return True
    if not set(sources) & set(update_fields):
        return False
    save_kwargs["update_fields"] = {*update_fields, field}
    return True


def rebuild(queryset, build, *, field="search_text", batch_size=BATCH_SIZE):
    """Recompute `field` with `build(obj)` for every row of `queryset`, saving the changed
    rows with bulk_update in batches. Returns the number of rows looked at."""
    manager = queryset.model._base_manager.db_manager(queryset.db)
    count = 0
    changed = []
    for obj in queryset.order_by("pk").iterator(chunk_size=batch_size):
        count += 1
        text = build(obj)
        if getattr(obj, field) != text:
            setattr(obj, field, text)
            changed.append(obj)
        if len(changed) >= batch_size:
            manager.bulk_update(changed, [field], batch_size=batch_size)
            changed = []
    if changed:
        manager.bulk_update(changed, [field], batch_size=batch_size)
    return count


def in_text_order(queryset, query, field="search_text"):
    """`queryset` searched for `query` (as search()) and ordered by `field`, then pk: a
    total order, so two rows with the same text keep their places between pages.

    With words to find, the order is by Lower(field): the same order, as the column is lower
    case already, but not the column's own index. PostgreSQL then finds the matches through
    the trigram index and sorts them, instead of walking the whole name index and testing
    every row until a page is full: for a common name (2,300 of 45,000 people, the first
    after 18,000 in name order) 3 ms instead of 9, and deep pages no slower. Without words
    the index order is the fast path and is kept."""
    condition = search_q(query, field)
    if condition is None:
        return queryset.order_by(F(field).asc(), "pk")
    return queryset.filter(condition).order_by(Lower(field).asc(), "pk")
