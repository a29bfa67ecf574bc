from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netvaerk.access import get_network_for_user
from netvaerk.pdf import pdf_response
from roles import pamphlets

from . import access, selectors, services
from .forms import HandoutForm


def _page(request, network, bound=None):
    found, _leader = selectors.counterparts(network)
    rows = []
    for c in found:
        if bound is not None and bound[0] == c.role.slug:
            form = bound[1]
        else:
            form = HandoutForm(instance=c.handout, prefix=c.role.slug)
        rows.append((c, form))
    return render(
        request,
        "agreements/network_pamphlets.html",
        {
            "network": network,
            "rows": rows,
            "missing": sum(1 for c in found if c.missing),
        },
        status=200 if bound is None else 400,
    )


def network_pamphlets(request, slug):
    """The network leader's checklist: a pamphlet for each counterpart, handed out or not."""
    network = access.get_network_for_pamphlets(request.user, slug)
    return _page(request, network)


@require_POST
def pamphlet_handout(request, slug, role_slug):
    network = access.get_network_for_pamphlets(request.user, slug)
    counterpart, _leader = selectors.counterpart_for(network, role_slug)
    if counterpart is None or counterpart.recipient is None:
        raise Http404
    form = HandoutForm(request.POST, instance=counterpart.handout, prefix=role_slug)
    if not form.is_valid():
        return _page(request, network, bound=(role_slug, form))
    services.pamphlet_handout_record(
        network=network,
        counterpart=counterpart,
        by=request.user,
        **form.cleaned_data,
    )
    messages.success(
        request,
        _("Registreret: %(person)s har fået pjecen om rollen som %(role)s.")
        % {"person": counterpart.recipient, "role": counterpart.role.name.lower()},
    )
    return redirect(reverse("agreements:network-pamphlets", args=[network.slug]))


def network_pamphlet_pdf(request, slug, role_slug, fmt):
    """A pamphlet with the recipient's name, the network and its leader on the cover."""
    network = get_network_for_user(request.user, slug)
    counterpart, leader = selectors.counterpart_for(network, role_slug)
    if (
        counterpart is None
        or fmt not in pamphlets.FORMATS
        or not access.can_read_personal_pamphlet(request.user, network, counterpart)
    ):
        raise Http404
    personal = pamphlets.Personalisation(
        recipient_name=counterpart.recipient.name,
        network_name=network.name,
        network_theme=network.theme,
        network_challenge=network.challenge,
        leader_name=leader.name if leader else "",
        talk_on=counterpart.handout.talk_on if counterpart.handout else None,
    )
    html = pamphlets.pamphlet_html(counterpart.role, fmt=fmt, personal=personal)
    return pdf_response(
        request,
        html,
        filename=pamphlets.pamphlet_filename(counterpart.role, fmt, suffix=f"-{network.slug}"),
        variant=fmt,
        postprocess=pamphlets.postprocess_for(fmt),
    )
