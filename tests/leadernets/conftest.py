import pytest

from .builders import leader_network


@pytest.fixture
def leadernet(org):
    """The leader network of tests/leadernets/builders.py: the reference persona
    facilitates, the personnel persona takes part, with a season, a meeting and a note."""
    return leader_network(org)
