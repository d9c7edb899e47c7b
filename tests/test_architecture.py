"""The house's one-way imports (docs/architecture.md).

zones ← projects ← meetings ← insights (the read side): an app may import
the apps below it, never one above. ``devzone/`` is the project and its
infrastructure: every app may import it, and it imports the domain apps
where it must (access reads memberships), but never the read side or the
tooling: the URLconf and Celery name those by string. Nothing but the
tooling imports the tooling. Migrations are history and are left out: a
migration may call the code that owned its models when it was written.
"""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The higher the rank, the later the app: it may import every lower rank.
RANK = {"zones": 0, "projects": 1, "meetings": 2, "insights": 3, "tooling": 4}
INFRASTRUCTURE = "devzone"
FORBIDDEN_TO_INFRASTRUCTURE = {"insights", "tooling"}


def imported_packages(path):
    """(line, top-level package) of every import statement in the file,
    relative imports resolved to the file's own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def violations(root):
    """Every import in ``root``'s apps that runs up the house, as
    "file:line imports package"."""
    found = []
    for package in [INFRASTRUCTURE, *RANK]:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            for line, imported in imported_packages(path):
                if imported == package or imported not in RANK:
                    continue
                if package == INFRASTRUCTURE:
                    wrong = imported in FORBIDDEN_TO_INFRASTRUCTURE
                else:
                    wrong = RANK[imported] > RANK[package]
                if wrong:
                    found.append(f"{path.relative_to(root)}:{line} imports {imported}")
    return found


def test_no_app_imports_one_above_it():
    assert violations(ROOT) == []


def test_the_check_finds_an_import_that_runs_up_the_house(tmp_path):
    """The rule itself is tested, so that an empty answer above means
    something: a projects module importing meetings, a devzone module
    importing the read side, and a meetings module importing the tooling
    are each caught; a downward import and a migration are not."""
    for package in [INFRASTRUCTURE, *RANK]:
        (tmp_path / package / "migrations").mkdir(parents=True)
    (tmp_path / "projects" / "views.py").write_text("from zones.models import Zone\nfrom meetings import selectors\n")
    (tmp_path / "devzone" / "views.py").write_text("import projects.models\nfrom insights.figures import zone_figures\n")
    (tmp_path / "meetings" / "tasks.py").write_text("def f():\n    from tooling import demo_data\n")
    (tmp_path / "zones" / "migrations" / "0002_x.py").write_text("from insights.reports import schedules\n")
    assert violations(tmp_path) == [
        "devzone/views.py:2 imports insights",
        "projects/views.py:2 imports meetings",
        "meetings/tasks.py:2 imports tooling",
    ]
