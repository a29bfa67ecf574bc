"""core.numbers.grouped gives what Django's number_format gives, in both languages."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format

from core.numbers import grouped

VALUES = [
    Decimal("0"),
    Decimal("0.0"),
    Decimal("-0.04"),
    Decimal("0.05"),
    Decimal("1.25"),
    Decimal("-1.99"),
    Decimal("999.9"),
    Decimal("1000"),
    Decimal("-1234.5"),
    Decimal("1234567.89"),
    Decimal("12.3456"),
    Decimal("-0.5"),
    Decimal("1e20"),
    0,
    7,
    -45000,
    1234567,
]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("decimal_pos", [0, 1, 2])
def test_grouped_is_number_format(language, decimal_pos):
    with translation.override(language):
        for value in VALUES:
            expected = number_format(value, decimal_pos, force_grouping=True)
            assert grouped(value, decimal_pos) == expected, value


def test_danish_groups_and_decimals():
    with translation.override("da"):
        assert grouped(Decimal("-1234.5"), 1) == "-1.234,5"
    with translation.override("en"):
        assert grouped(Decimal("-1234.5"), 1) == "-1,234.5"


def test_other_values_fall_back_to_number_format():
    with translation.override("da"):
        assert grouped(1234.5, 1) == number_format(1234.5, 1, force_grouping=True)
