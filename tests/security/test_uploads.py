"""The one upload of devzone, the Excel project import, is read in memory and
dropped: no model keeps a file, nothing lands on disk under the upload's
name, no URL serves it back, and what a hostile file carries is refused
with a message or printed escaped, never run."""
import datetime
import io
import os
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from projects import imports
from projects.imports import ImportLimits
from projects.models import Enterprise, InvestmentProject, ProjectStageChange

pytestmark = pytest.mark.django_db

# Not walked for the upload's name: the dependencies and the repository.
NOT_WALKED = {".venv", "node_modules", ".git"}


def test_no_model_keeps_a_file():
    """No model of any installed app has a FileField or ImageField: there is
    nowhere an upload could be stored to be served later."""
    with_files = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert with_files == []


def xlsx(rows, headers=("zone", "project name", "stage", "date of the stage")):
    book = openpyxl.Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def files_named(stem):
    """Files whose name holds ``stem`` under the project (where the default
    storage writes while MEDIA_ROOT is unset) and under MEDIA_ROOT."""
    roots = {Path(settings.BASE_DIR)}
    if settings.MEDIA_ROOT:
        roots.add(Path(settings.MEDIA_ROOT))
    found = []
    for root in roots:
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = [name for name in subfolders if name not in NOT_WALKED]
            found += [os.path.join(folder, name) for name in files if stem in name]
    return found


def database_state():
    return (InvestmentProject.objects.count(), Enterprise.objects.count(), ProjectStageChange.objects.count())


@pytest.fixture
def staff_client(client, users):
    client.force_login(users["staff"])
    return client


@pytest.fixture
def zone_name(users):
    return users["staff"].memberships.get().zone.name


def test_an_imported_file_is_neither_kept_nor_served(staff_client, zone_name):
    """A good workbook is imported (its project exists), and then nothing
    carries the file's name: no file on disk, nothing in the default
    storage, no page under /media/ or /static/ or beside the import."""
    stem = f"devzone-upload-{uuid.uuid4().hex}"
    name = f"{stem}.xlsx"
    content = xlsx([(zone_name, "上传的项目", "negotiating", datetime.datetime(2024, 2, 22))])
    before = InvestmentProject.objects.count()

    response = staff_client.post(reverse("projects:project_import"),
                                 {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")})

    assert response.status_code == 302
    assert InvestmentProject.objects.count() == before + 1
    assert InvestmentProject.objects.filter(name="上传的项目").exists()
    assert files_named(stem) == []
    assert not storages["default"].exists(name)
    for url in (f"/media/{name}", f"/{settings.STATIC_URL.strip('/')}/{name}", f"/{name}",
                reverse("projects:project_import") + name):
        assert staff_client.get(url).status_code == 404, url


def zip_bomb():
    """A small .xlsx-looking zip whose one entry unpacks to 2 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/sharedStrings.xml", bytes(2 * 1024 * 1024))
    return buffer.getvalue()


HOSTILE = {
    "html-named-xlsx": (
        "{stem}.xlsx",
        b'<html><body><script>alert("xss-upload")</script></body></html>',
        "The file is named .xlsx but is not an Excel workbook.",
    ),
    "script-in-the-name": (
        '<script>alert("xss-upload")</script>{stem}.html',
        b'<script>alert("xss-upload")</script>',
        "Upload an Excel workbook (.xlsx): the template filled in.",
    ),
    "executable": ("{stem}.exe", b"MZ\x90\x00" + bytes(200), "Upload an Excel workbook (.xlsx): the template filled in."),
    "zip-bomb": ("{stem}.xlsx", zip_bomb(), "The workbook unpacks to more than 1 MB, too much to read."),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_a_message_and_changes_nothing(staff_client, monkeypatch, case):
    """Each is refused with a message saying what to upload instead; no
    project, investor or stage change is saved; the script it carries (in
    its content or its name) is not printed back as a tag."""
    monkeypatch.setattr(imports, "LIMITS", ImportLimits(max_uncompressed_mb=1))
    stem = f"devzone-upload-{uuid.uuid4().hex}"
    name, content, message = HOSTILE[case]
    name = name.format(stem=stem)
    before = database_state()

    response = staff_client.post(reverse("projects:project_import"),
                                 {"file": SimpleUploadedFile(name, content, content_type="text/html")})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert message in html
    assert "<script>alert" not in html
    assert database_state() == before
    assert files_named(stem) == []


def test_a_script_in_a_cell_is_reported_escaped_and_imported_as_text(staff_client, zone_name):
    """A cell's value is quoted in the list of problems, and a project
    imported under a script's name shows it as text on its page."""
    bad = xlsx([('<script>alert("xss-cell")</script>', "项目", "negotiating", datetime.datetime(2024, 2, 22))])
    response = staff_client.post(reverse("projects:project_import"),
                                 {"file": SimpleUploadedFile("bad.xlsx", bad, content_type="application/octet-stream")})
    html = response.content.decode()
    assert "No zone is named &lt;script&gt;alert(&quot;xss-cell&quot;)&lt;/script&gt;." in html
    assert "<script>alert" not in html

    good = xlsx([(zone_name, '<script>alert("xss-name")</script>', "negotiating", datetime.datetime(2024, 2, 22))])
    response = staff_client.post(reverse("projects:project_import"),
                                 {"file": SimpleUploadedFile("good.xlsx", good, content_type="application/octet-stream")})
    assert response.status_code == 302
    project = InvestmentProject.objects.get(name='<script>alert("xss-name")</script>')
    html = staff_client.get(project.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;xss-name&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
