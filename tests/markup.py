"""Comparing HTML written two ways (a template and Python), for the lists whose rows are
written in Python (core/html.py)."""

import re


def tidy(html):
    """The markup without the whitespace between tags."""
    return re.sub(r">\s+<", "><", html.strip())
