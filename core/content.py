"""Content the secretariat writes: Danish first, English beside it, published in versions.

**Two languages.** A model lists its texts in `translated_fields`; each text has a Danish
field (`name`) and an English one beside it (`name_en`). `translated(obj, "name")` gives the
text in the language of the request and falls back to Danish where the English is empty.

**Versions.** A text that networks and counterparts receive (an agreement template, a process
description, a role description with its pamphlet text) is edited as a draft in ordinary rows
and becomes live only when the secretariat publishes it. Publishing freezes the draft as plain
data: `content` in Danish, hashed, and `translations["en"]`, the same shape holding only the
texts, not hashed. A changed Danish text makes a new version; a changed English text alone
updates the latest version in place, so an agreement in progress reads the English of its own
version and nothing new is asked of anyone. `localize` merges the two for reading, text by
text, falling back to Danish, and `missing` lists what has no English yet.

**Comparing.** `compare` takes two versions as lists of labelled texts (each content type
flattens its own) and gives the changes word by word, in the shape
`templates/includes/content_changes.html` shows.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DEFAULT = "da"
ENGLISH = "en"


def content_language(language=None):
    """The content language for a UI language: English for any English, else Danish."""
    language = language or get_language() or DEFAULT
    return ENGLISH if language.lower().startswith("en") else DEFAULT


def translated(obj, field, language=None):
    """`obj.<field>` in the active language; the Danish text where the English is empty."""
    if content_language(language) == ENGLISH:
        english = getattr(obj, f"{field}_en", "")
        if english and english.strip():
            return english
    return getattr(obj, field)


def untranslated_fields(obj):
    """The names of `obj`'s texts that have Danish but no English."""
    return [
        field
        for field in getattr(type(obj), "translated_fields", ())
        if (getattr(obj, field) or "").strip() and not (getattr(obj, f"{field}_en") or "").strip()
    ]


def translated_models():
    """Every model with texts in two languages, for the checks that all shipped content has
    its English."""
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "translated_fields", ())]


class NormalizedNewlines:
    """A form mixin: browsers send a text area's line breaks as CRLF, the texts are kept with
    LF, so saving an editor page without changing anything leaves the draft as it was."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str) and "\r" in value:
                self.cleaned_data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned if cleaned is not None else self.cleaned_data


# -- versions ---------------------------------------------------------------------------------


def content_hash(content):
    """A stable digest of JSON data (key order does not matter)."""
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _is_filled(value):
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value) and all(_is_filled(v) for v in value)
    return value is not None


def localize(content, translation, language=None):
    """`content` with each text the `translation` holds for it, in English; Danish elsewhere.

    Only keys present in `translation` are texts; everything else (keys, types, numbers) comes
    from `content`. A list of texts (choices, prompts) is taken whole or not at all, so its
    items always line up with the Danish values that answers are stored under.
    """
    if content_language(language) != ENGLISH or not translation:
        return content
    return _merge(content, translation)


def _merge(content, translation):
    if isinstance(content, dict) and isinstance(translation, dict):
        merged = dict(content)
        for key, english in translation.items():
            if key in content:
                merged[key] = _merge(content[key], english)
        return merged
    if isinstance(content, list) and isinstance(translation, list):
        if _is_structured(content):
            return [
                _merge(item, translation[i]) if i < len(translation) else item
                for i, item in enumerate(content)
            ]
        if len(translation) == len(content) and _is_filled(translation):
            return list(translation)
        return content
    if isinstance(content, str) and isinstance(translation, str) and translation.strip():
        return translation
    return content


def missing(content, translation, text_keys, path=()):
    """The paths of texts (keys named in `text_keys`, at any depth) that have Danish in
    `content` but no English in `translation`."""
    found = []
    if isinstance(content, dict):
        translation = translation if isinstance(translation, dict) else {}
        for key, value in content.items():
            english = translation.get(key)
            if key in text_keys and not _is_structured(value):
                if _is_filled(value) and not (
                    _is_filled(english)
                    and (not isinstance(value, list) or len(english) == len(value))
                ):
                    found.append((*path, key))
            else:
                found += missing(value, english, text_keys, (*path, key))
    elif _is_structured(content):
        translation = translation if isinstance(translation, list) else []
        for i, item in enumerate(content):
            english = translation[i] if i < len(translation) else {}
            found += missing(item, english, text_keys, (*path, i))
    return found


def english_only(content, translation, text_keys):
    """`content` with every text (keys in `text_keys`) replaced by its English, or emptied
    where there is none; the other keys as they are."""
    if isinstance(content, dict):
        translation = translation if isinstance(translation, dict) else {}
        result = {}
        for key, value in content.items():
            english = translation.get(key)
            if key in text_keys and not _is_structured(value):
                if isinstance(value, list):
                    fits = isinstance(english, list) and len(english) == len(value)
                    result[key] = list(english) if fits else []
                else:
                    result[key] = english if isinstance(english, str) else ""
            else:
                result[key] = english_only(value, english, text_keys)
        return result
    if _is_structured(content):
        translation = translation if isinstance(translation, list) else []
        return [
            english_only(item, translation[i] if i < len(translation) else {}, text_keys)
            for i, item in enumerate(content)
        ]
    return content


def _is_structured(value):
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) for i in value)


class ContentVersion(models.Model):
    """A published version of a text: Danish content (hashed) and its English (not hashed).

    Concrete versions add the foreign key to what they are a version of, named `owner_field`,
    with `related_name="versions"`.
    """

    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("indhold"))
    translations = models.JSONField(_("oversættelser"), default=dict, blank=True)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("offentliggjort"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offentliggjort af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translated_at = models.DateTimeField(_("engelsk ændret"), null=True, blank=True)

    class Meta:
        abstract = True

    def english(self):
        """The stored English, or nothing where what is stored is not in the expected shape
        (a version edited by hand must not break the pages that read it)."""
        translations = self.translations if isinstance(self.translations, dict) else {}
        english = translations.get(ENGLISH)
        return english if isinstance(english, dict) else {}

    def localized(self, language=None):
        return localize(self.content, self.english(), language)

    # The keys of `content` that are texts, at any depth; subclasses name theirs.
    text_keys = frozenset()

    def english_only(self):
        """The content with each text in English and empty where it has none (no Danish
        fallback): what comparing two versions' English should see."""
        return english_only(self.content, self.english(), self.text_keys)

    def missing_english(self):
        return missing(self.content, self.english(), self.text_keys)


def latest(owner):
    """The live (latest published) version of `owner`, or None before its first publishing."""
    return owner.versions.order_by("-number").first()


def is_draft_changed(owner, content, translations):
    """Whether the draft differs from what is live: its Danish or its English."""
    live = latest(owner)
    return (
        live is None
        or live.content_hash != content_hash(content)
        or (live.translations or {}) != (translations or {})
    )


def publish(owner, content, translations, *, by=None):
    """Make the draft live. Returns `(version, created)`.

    A changed Danish text makes the next version; an unchanged Danish text with changed
    English updates the live version's English; an unchanged draft returns the live version.
    """
    digest = content_hash(content)
    translations = translations or {}
    who = by if by is not None and getattr(by, "is_authenticated", False) else None
    for _attempt in range(3):
        live = latest(owner)
        if live is not None and live.content_hash == digest:
            if (live.translations or {}) != translations:
                live.translations = translations
                live.translated_at = timezone.now()
                live.save(update_fields=["translations", "translated_at"])
            return live, False
        try:
            with transaction.atomic():
                number = (owner.versions.aggregate(n=Max("number"))["n"] or 0) + 1
                return (
                    owner.versions.create(
                        number=number,
                        content=content,
                        translations=translations,
                        content_hash=digest,
                        created_by=who,
                    ),
                    True,
                )
        except IntegrityError:  # the same number taken by a concurrent publish a moment ago
            continue
    raise IntegrityError("could not publish after three attempts")


def publish_shipped(owner, content, translations, *, by=None):
    """After loading shipped content or filling in its English (`load_english`): publish what
    was never published, and give the live version the English it lacks, text by text, where
    its Danish is unchanged. English the live version already has is kept, and a draft the
    secretariat has changed, Danish or English, is theirs to publish."""
    live = latest(owner)
    if live is None:
        return publish(owner, content, translations, by=by)[0]
    if live.content_hash != content_hash(content):
        return live
    draft = (translations or {}).get(ENGLISH) or {}
    filled = fill_missing(live.english(), draft)
    if filled != live.english():
        live.translations = {**(live.translations or {}), ENGLISH: filled}
        live.translated_at = timezone.now()
        live.save(update_fields=["translations", "translated_at"])
    return live


def fill_missing(english, draft):
    """`english` with each text it lacks taken from `draft` (the same shape)."""
    if isinstance(draft, dict):
        english = english if isinstance(english, dict) else {}
        return {key: fill_missing(english.get(key), value) for key, value in draft.items()} | {
            key: value for key, value in english.items() if key not in draft
        }
    if _is_structured(draft):
        english = english if isinstance(english, list) else []
        return [
            fill_missing(english[i] if i < len(english) else None, item)
            for i, item in enumerate(draft)
        ]
    return english if _is_filled(english) else draft


# -- comparing --------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old, new):
    """Word-by-word changes as `[(op, text)]`, op one of "same", "del", "ins", "break"; a text
    rewritten more than it was kept reads better as the old text struck out, then the new."""
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


@dataclass
class Change:
    label: str
    kind: str  # "changed", "added", "removed"
    old: str
    new: str
    segments: list


def compare(old, new):
    """Changes between two versions given as `[(key, label, text)]`: keys identify the same
    text in both (a question's key, a step's number), labels name it for the reader."""
    before = {key: (label, text) for key, label, text in old}
    after_keys = set()
    changes = []
    for key, label, text in new:
        after_keys.add(key)
        old_text = before.get(key, (label, ""))[1]
        if old_text == text:
            continue
        kind = "added" if not old_text else "removed" if not text else "changed"
        changes.append(Change(label, kind, old_text, text, word_diff(old_text, text)))
    for key, label, text in old:
        if key not in after_keys and text:
            changes.append(Change(label, "removed", text, "", [("del", text)]))
    return changes
