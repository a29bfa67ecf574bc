"""Places on the agreement pages where the apps above agreements add their own links, without
this app knowing them (the layers run one way: competences → agreements)."""

from netvaerk.extensions import Action

__all__ = ["Action", "register_section_links", "section_links"]

_section_links = []


def register_section_links(provider):
    """`provider(agreement, section)` returns the Actions to show beside a step's guidance."""
    if provider not in _section_links:
        _section_links.append(provider)
    return provider


def section_links(agreement, section):
    return [link for provider in _section_links for link in provider(agreement, section)]
