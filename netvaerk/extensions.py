"""Places on the networks app's pages where the apps above it add their own links, without
this app knowing them (the layers run one way: agreements → netvaerk)."""

from dataclasses import dataclass

_network_actions = []


@dataclass
class Action:
    label: str
    url: str


def register_network_actions(provider):
    """`provider(user, network, can_edit)` returns the Actions to show on the network page."""
    if provider not in _network_actions:
        _network_actions.append(provider)
    return provider


def network_actions(user, network, can_edit):
    return [action for provider in _network_actions for action in provider(user, network, can_edit)]


_person_actions = []


def register_person_actions(provider):
    """`provider(user, person)` returns the Actions to show on a person's page."""
    if provider not in _person_actions:
        _person_actions.append(provider)
    return provider


def person_actions(user, person):
    return [action for provider in _person_actions for action in provider(user, person)]
