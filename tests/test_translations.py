"""Danish is the source language (the msgids); English must be complete."""

import gettext
import shutil
import subprocess

import pytest
from django.conf import settings

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(not shutil.which("msgattrib"), reason="gettext is installed by make")
@pytest.mark.parametrize("which", ["--untranslated", "--only-fuzzy"])
def test_every_string_has_an_english_translation(which):
    out = subprocess.run(
        ["msgattrib", which, "--no-wrap", str(PO)], capture_output=True, text=True, check=True
    ).stdout
    entries = [
        line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]
    assert entries == []


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is installed by make")
def test_the_committed_mo_file_matches_the_po_file(tmp_path):
    """Run compilemessages after editing the .po file; this catches a forgotten one."""
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)
    with open(PO.with_suffix(".mo"), "rb") as committed, open(fresh, "rb") as compiled:
        assert (
            gettext.GNUTranslations(committed)._catalog
            == gettext.GNUTranslations(compiled)._catalog
        )
