"""The zh_Hans catalogue is the default interface: it must be complete,
current and compiled."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

from tests.needs import unavailable

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCE_DIRS = ["devzone", "zones", "projects", "meetings", "insights", "tooling", "templates"]


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    """The .mo is committed (a fresh machine may lack msgfmt): it must hold
    exactly what the .po says."""
    po = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.pofile(str(PO))
          if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.mofile(str(MO))
          if e.msgid}
    assert mo == po


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """Run makemessages on a copy of the sources: no msgid may be missing
    from the committed catalogue."""
    if not shutil.which("xgettext"):
        unavailable("GNU gettext (xgettext) is not installed; .ci/run installs it")
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "devzone.settings", "PYTHONPATH": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location", "--no-wrap"],
        cwd=tmp_path, env=env, check=True, capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed)
    assert missing == []
