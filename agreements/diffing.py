"""What changed between two versions of an agreement, question by question, word by word."""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import answers, templating

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Change:
    label: str
    kind: str  # "changed", "added", "removed", "question"
    old: str
    new: str
    segments: list  # [(op, text)]: op is "same", "del" or "ins"


def words(old, new):
    """Word-by-word changes; a text rewritten more than it was kept reads better as the
    old text struck out followed by the new one."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if old and new and matcher.ratio() < 0.5:
        return [("del", old), ("break", ""), ("ins", new)]
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("del", "".join(a[i1:i2])))
        if i2 > i1 and j2 > j1:
            segments.append(("same", " "))
        if j2 > j1:
            segments.append(("ins", "".join(b[j1:j2])))
    return segments


def _questions(content):
    return {q["key"]: q for _step, q in templating.questions(content)}


def changes(old_content, old_answers, new_content, new_answers):
    """Changes from one version to the next, in the newer version's order."""
    old_questions, new_questions = _questions(old_content), _questions(new_content)
    result = []
    for key, question in new_questions.items():
        new = answers.read(question, new_answers.get(key)).plain()
        before = old_questions.get(key)
        old = answers.read(before, old_answers.get(key)).plain() if before else ""
        if before is not None and before["label"] != question["label"]:
            result.append(
                Change(
                    question["label"],
                    "question",
                    before["label"],
                    question["label"],
                    words(before["label"], question["label"]),
                )
            )
        if old == new:
            continue
        kind = "added" if not old else "removed" if not new else "changed"
        result.append(Change(question["label"], kind, old, new, words(old, new)))
    for key, question in old_questions.items():
        if key in new_questions:
            continue
        old = answers.read(question, old_answers.get(key)).plain()
        if old:
            result.append(
                Change(
                    question["label"] + " " + _("(spørgsmålet er udgået)"),
                    "removed",
                    old,
                    "",
                    [("del", old)],
                )
            )
    return result
