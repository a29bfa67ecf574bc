"""core.search.normalise and the query helpers: pure functions, no database."""

import pytest
from django.db.models import Q

from core.search import MAX_QUERY_LENGTH, join, normalise, query_words, search_q


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ældre", "aeldre"),
        ("ældre", "aeldre"),
        ("AELDRE", "aeldre"),
        ("Søren Sørensen", "soeren soerensen"),
        ("ØKONOMI", "oekonomi"),
        ("Århus Å", "aarhus aa"),
        ("Børn og Unge", "boern og unge"),
        ("Café Müller naïve", "cafe muller naive"),
        ("  Netværks-\tleder \n i  Ærø ", "netvaerks- leder i aeroe"),
        ("Stra\u00dfe", "strasse"),  # casefold, not lower
        ("A\u030arhus", "aarhus"),  # å typed as a + combining ring
        ("", ""),
        (None, ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_every_spelling_of_a_danish_word_normalises_alike():
    spellings = ["Ældre", "ældre", "aeldre", "AELDRE", "Aeldre", "ÆLDRE"]
    assert {normalise(s) for s in spellings} == {"aeldre"}


def test_join_normalises_each_field_and_drops_empty_ones():
    assert join("Mette Holm", "", None, "Netværksleder") == "mette holm netvaerksleder"


def test_a_query_is_split_into_normalised_words_and_cut_at_100_characters():
    assert query_words("  Ældre   og SUNDHED ") == ["aeldre", "og", "sundhed"]
    assert query_words("") == [] and query_words("   ") == [] and query_words(None) == []
    long_query = "a" * 150
    assert query_words(long_query) == ["a" * MAX_QUERY_LENGTH]


def test_every_word_of_the_query_must_occur():
    assert search_q("") is None
    assert search_q("Ældre leder") == Q(search_text__contains="aeldre") & Q(
        search_text__contains="leder"
    )
    # A repeated word is one condition.
    assert search_q("leder Leder") == Q(search_text__contains="leder")
