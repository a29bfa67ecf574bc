import datetime

import pytest

from competences import services
from roles.models import Competence


@pytest.fixture
def assess(network):
    """assess(person, day, level=3 or {position: level}, notes={position: text}) → an
    assessment made through the service, as the page makes it."""

    def _assess(person, day, level=3, notes=None):
        notes = notes or {}
        levels = {}
        for c in Competence.objects.all():
            value = level.get(c.position, 3) if isinstance(level, dict) else level
            levels[c] = (value, notes.get(c.position, ""))
        return services.assessment_create(person=person, assessed_on=day, levels=levels)

    return _assess


def day(y, m, d):
    return datetime.date(y, m, d)
