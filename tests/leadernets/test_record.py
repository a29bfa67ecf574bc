"""A member's notes and evaluations in their right-of-access record (portal/privacy.py)."""

import pytest

from leadernets import services
from portal.privacy import person_record

pytestmark = pytest.mark.django_db


def test_the_member_gets_their_notes_and_evaluations_the_secretariat_only_that_they_exist(
    leadernet, org
):
    member = org["personnel"]
    services.evaluation_save(
        season=leadernet["season"],
        person=member,
        ratings={"focus": 4, "culture": 3, "policy": 2, "integration": 5},
        comment="Godt at høre de andre chefer.",
    )
    own = person_record(member, for_secretariat=False)["leader_networks"]
    assert own["notes"][0]["text"] == "Vi prøver fælles tavlemøder."
    assert own["evaluations"][0]["focus"] == 4
    assert own["evaluations"][0]["comment"] == "Godt at høre de andre chefer."

    secretariat = person_record(member, for_secretariat=True)["leader_networks"]
    (note,) = secretariat["notes"]
    assert note["withheld"] and "text" not in note and note["meeting"]
    (evaluation,) = secretariat["evaluations"]
    assert evaluation["withheld"] and "focus" not in evaluation and "comment" not in evaluation
