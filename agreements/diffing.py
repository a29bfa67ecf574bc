"""What changed between two versions of an agreement, question by question, word by word."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.content import word_diff

from . import answers, templating


@dataclass
class Change:
    label: str
    kind: str  # "changed", "added", "removed", "question"
    old: str
    new: str
    segments: list  # [(op, text)]: op is "same", "del" or "ins"


words = word_diff


def _questions(content):
    return {q["key"]: q for _step, q in templating.questions(content)}


def changes(old_content, old_answers, new_content, new_answers, labels=None):
    """Changes from one version to the next, in the newer version's order."""
    old_questions, new_questions = _questions(old_content), _questions(new_content)
    labels = answers.catalogue_labels() if labels is None else labels
    result = []
    for key, question in new_questions.items():
        new = answers.read(question, new_answers.get(key), labels).plain()
        before = old_questions.get(key)
        old = answers.read(before, old_answers.get(key), labels).plain() if before else ""
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
        old = answers.read(question, old_answers.get(key), labels).plain()
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
