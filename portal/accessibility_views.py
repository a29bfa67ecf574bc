"""The accessibility statement (tilgængelighedserklæringen), which the law on accessible
public websites requires, after Digitaliseringsstyrelsen's model statement."""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from roles.models import Organisation

# When the statement was last reviewed against the portal. Update it with the text.
REVIEWED_ON = datetime.date(2026, 11, 30)


@login_not_required
def accessibility_statement(request):
    """Open to everyone: it is linked from every page's footer, the login page's too."""
    return render(
        request,
        "portal/accessibility.html",
        {
            "organisation": Organisation.current(),
            "reviewed_on": REVIEWED_ON,
            "site_url": request.build_absolute_uri("/"),
        },
    )
