"""Texts that the secretariat writes are data, never HTML.

Guidance beside an agreement step, the help text under a question, the role descriptions,
the process descriptions: they are edited in the administration and shown to everyone, so
they are always escaped. `limited_markup` adds the little a guidance text needs, made from
plain text and nothing else:

- a blank line starts a new paragraph; a single line break is a line break;
- lines beginning with "- " or "* " are a bulleted list, "1. " or "1) " a numbered one;
- **bold**;
- a web address (http:// or https://) becomes a link. Nothing else does: no other markup,
  no other scheme (a `javascript:` address stays text), no attributes.

Everything else, `<script>` included, is shown as the characters that were typed.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def _link(url):
    trailing = ""
    while url and url[-1] in _TRAILING:
        trailing = url[-1] + trailing
        url = url[:-1]
    if not re.match(r"https?://[^/]", url, re.IGNORECASE):
        return escape(url + trailing)
    return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(url)}</a>{escape(trailing)}'


def _inline(line):
    """One line: escaped, with bold and links."""
    out, last = [], 0
    for match in _URL.finditer(line):
        out.append(_BOLD.sub(r"<strong>\1</strong>", escape(line[last : match.start()])))
        out.append(_link(match.group(0)))
        last = match.end()
    out.append(_BOLD.sub(r"<strong>\1</strong>", escape(line[last:])))
    return "".join(out)


def limited_markup(text):
    """The text as safe HTML: escaped, in paragraphs and lists, with bold and web links."""
    if not text:
        return mark_safe("")
    blocks, kind, items = [], None, []

    def close():
        if not items:
            return
        if kind == "p":
            blocks.append("<p>" + "<br>".join(items) + "</p>")
        else:
            blocks.append(f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>")
        items.clear()

    for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            close()
            kind = None
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        this = "ul" if bullet else "ol" if number else "p"
        if this != kind:
            close()
            kind = this
        items.append(_inline((bullet or number).group(1) if this != "p" else line.strip()))
    close()
    return mark_safe("\n".join(blocks))
