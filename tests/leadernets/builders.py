"""A leader network among the personas, built through the real services.

The reference persona (a manager) facilitates, the personnel persona (a manager) takes
part; the secretariat administers but is no member. Everyone else is an outsider. Used by
the permission matrix (and through it the link crawl and the phone checks) and by this
app's tests; calling it twice returns the same objects.
"""

import datetime

from django.utils import timezone

from leadernets import services
from leadernets.models import Meeting, MeetingNote, Season
from netvaerk import services as network_services
from netvaerk.models import Network, NetworkRole

SLUG = "ledere-i-netvaerk"


def leader_network(org):
    network = Network.objects.filter(slug=SLUG).first()
    if network is not None:
        season = Season.objects.get(network=network)
        meeting = Meeting.objects.get(season=season)
        return {
            "leader_network": network,
            "season": season,
            "meeting": meeting,
            "note": MeetingNote.objects.get(meeting=meeting),
        }
    network = Network.objects.create(
        name="Ledere i netværk",
        slug=SLUG,
        theme="En fælles ledelseskultur",
        challenge="Ingen leder skaber en ny ledelseskultur alene.",
        type=Network.Type.LEADER,
        status=Network.Status.ACTIVE,
        start_date=datetime.date(2026, 1, 12),
    )
    for key, role in [
        ("reference", NetworkRole.Role.LEADER),
        ("personnel", NetworkRole.Role.PARTICIPANT),
    ]:
        network_services.network_role_assign(
            network=network, person=org[key], role=role, starts_on=datetime.date(2026, 1, 12)
        )
    today = timezone.localdate()
    season = services.season_create(
        network=network,
        name="Forår",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
    )
    meeting = services.meeting_create(
        season=season,
        held_on=today - datetime.timedelta(days=14),
        theme="Ledelse på tværs af områder",
        place="Rådhuset",
    )
    note = services.note_create(
        meeting=meeting, author=org["personnel"], text="Vi prøver fælles tavlemøder."
    )
    return {"leader_network": network, "season": season, "meeting": meeting, "note": note}
