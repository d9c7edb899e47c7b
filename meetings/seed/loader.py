"""Write the facts of the source articles (``meetings.seed.articles``).

Re-running is safe. Every row is found by its natural key and saved only when
a value differs, so an unchanged re-run adds no history records. Two kinds of
value are written:

* facts: what the article says (a figure, a directive as the meeting set it,
  the meeting's record, the citation). They are the article's record, so a
  re-run puts them back if someone edited them, and reports each change.
* starting values: the state of living things, which staff own once seeded
  (a zone's catalogue entry, which import_zones also writes; an official's
  current titles; a project's stage; a directive's status). They are written
  when a row is created, and later only into a field that is still empty.

A field the data does not name (a rank the article does not give, a user
account) is never touched. Links (many-to-many) are only ever added, never
removed.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _

from zones.models import Industry, Mechanism, Metric, Official, ReportedFigure, SourceArticle, Target, Zone
from meetings.models import Directive, Meeting, MeetingDocument, MeetingParticipant, PromotionActivity
from projects.models import Enterprise, InvestmentProject

from .articles import ARTICLES

CHANGE_REASON = "seed_articles"


@dataclass
class Tally:
    """Counts per model label, and where to say what an update changed."""

    stdout: object = None
    counts: dict = field(default_factory=lambda: defaultdict(lambda: {"created": 0, "updated": 0, "unchanged": 0}))
    seen: set = field(default_factory=set)

    def add(self, *, obj, outcome, fields=()):
        # A row both articles name (新材料) counts once, as what happened to it first.
        key = (obj._meta.label, obj.pk)
        if key in self.seen and outcome == "unchanged":
            return
        self.seen.add(key)
        self.counts[obj._meta.label][outcome] += 1
        if outcome == "updated" and self.stdout is not None:
            self.stdout.write(
                _("Updated %(model)s “%(object)s”: %(fields)s")
                % {"model": obj._meta.verbose_name, "object": obj, "fields": ", ".join(fields)}
            )


@transaction.atomic
def seed_articles(*, stdout=None) -> dict:
    """Load every fact of both source articles; return, per model label,
    how many rows were created, updated and left unchanged."""
    tally = Tally(stdout=stdout)
    for article in ARTICLES:
        _seed_article(data=article, tally=tally)
    return {label: dict(counts) for label, counts in sorted(tally.counts.items())}


def _seed_article(*, data, tally):
    source = _sync(model=SourceArticle, lookup={"key": data["article"]["key"]}, facts=data["article"], tally=tally)
    cite = {"source": source}
    industries = {
        row["name"]: _sync(
            model=Industry, lookup={"name": row["name"]}, fill={"description": row["description"]}, tally=tally
        )
        for row in data["industries"]
    }
    zone = _seed_zone(data=data["zone"], industries=industries, cite=cite, tally=tally)
    officials = _seed_officials(rows=data["officials"], zone=zone, cite=cite, tally=tally)
    _seed_mechanisms(rows=data["mechanisms"], zone=zone, cite=cite, tally=tally)
    _seed_enterprises(rows=data["enterprises"], zone=zone, industries=industries, cite=cite, tally=tally)
    projects = _seed_projects(rows=data["projects"], zone=zone, industries=industries, cite=cite, tally=tally)
    figures = [
        _seed_figure(model=ReportedFigure, row=row, zone=zone, cite=cite, tally=tally)
        for row in data["reported_figures"]
    ]
    targets = [_seed_figure(model=Target, row=row, zone=zone, cite=cite, tally=tally) for row in data["targets"]]
    _seed_meeting(
        data=data, zone=zone, officials=officials, links={"reported_figures": figures, "targets": targets},
        cite=cite, tally=tally,
    )
    _seed_activities(rows=data["activities"], zone=zone, projects=projects, cite=cite, tally=tally)


def _zone_lookup(*, code, name):
    """import_zones finds zones by catalogue code; a zone entered by hand
    before it had a code is found by its name instead, and gets the code."""
    if not Zone.objects.filter(code=code).exists() and Zone.objects.filter(name=name, code__isnull=True).exists():
        return {"name": name}
    return {"code": code}


def _seed_zone(*, data, industries, cite, tally):
    catalogue = {key: value for key, value in data.items() if key not in {"leading_industries", "source_quote"}}
    return _sync(
        model=Zone,
        lookup=_zone_lookup(code=data["code"], name=data["name"]),
        fill={**catalogue, **cite, "source_quote": data["source_quote"]},
        links={"leading_industries": [industries[name] for name in data["leading_industries"]]},
        tally=tally,
    )


def _seed_officials(*, rows, zone, cite, tally):
    return {
        row["name"]: _sync(
            model=Official,
            lookup={"zone": zone, "name": row["name"]},
            facts={**cite, "source_quote": row["source_quote"]},
            # Titles change with promotions; the titles at the meeting are
            # kept on the participant row.
            fill={"titles": row["titles"]},
            tally=tally,
        )
        for row in rows
    }


def _seed_mechanisms(*, rows, zone, cite, tally):
    for row in rows:
        _sync(
            model=Mechanism,
            lookup={"zone": zone, "name": row["name"]},
            facts={**cite, "source_quote": row["source_quote"]},
            fill={"description": row["description"]},
            tally=tally,
        )


def _seed_enterprises(*, rows, zone, industries, cite, tally):
    for row in rows:
        _sync(
            model=Enterprise,
            lookup={"name": row["name"]},
            facts={**cite, "source_quote": row["source_quote"], "is_leading": row["is_leading"]},
            fill={
                "short_name": row["short_name"],
                "zone": zone,
                "industry": industries[row["industry"]],
                "description": row["description"],
            },
            tally=tally,
        )


def _seed_projects(*, rows, zone, industries, cite, tally):
    """The articles give no dates, so no ``ProjectStageChange`` is written:
    its ``changed_on`` is required, and the meeting date would put a 2022
    signing into 2023's statistics. The published report stands as the
    confirmation, cited by ``source``."""
    return {
        row["name"]: _sync(
            model=InvestmentProject,
            lookup={"zone": zone, "name": row["name"]},
            facts={**cite, "source_quote": row["source_quote"]},
            fill={
                "industry": industries[row["industry"]],
                "stage": row["stage"],
                "confirmed_stage": row["stage"],
                "description": row["description"],
            },
            tally=tally,
        )
        for row in rows
    }


def _seed_meeting(*, data, zone, officials, links, cite, tally):
    row = data["meeting"]
    meeting = _sync(
        model=Meeting,
        lookup={"zone": zone, "date": row["date"], "title": row["title"]},
        facts={key: value for key, value in row.items() if key not in {"date", "title"}} | cite,
        links=links,
        tally=tally,
    )
    for part in data["participants"]:
        _sync(
            model=MeetingParticipant,
            lookup={"meeting": meeting, "official": officials[part["official"]], "role": part["role"]},
            facts={"titles_at_meeting": part["titles_at_meeting"]},
            tally=tally,
        )
    for doc in data["documents"]:
        _sync(
            model=MeetingDocument,
            lookup={"meeting": meeting, "title": doc["title"]},
            facts={"order": doc["order"], "read_by": officials[doc["read_by"]]},
            tally=tally,
        )
    for order, directive in enumerate(data["directives"], start=1):
        _sync(
            model=Directive,
            lookup={"meeting": meeting, "order": order},
            facts={**cite, **directive},
            # Staff move the directive on; the seed only opens it.
            fill={"status": "open"},
            tally=tally,
        )
    return meeting


def _seed_figure(*, model, row, zone, cite, tally):
    metric = Metric.objects.get(code=row["metric"])
    facts = {key: value for key, value in row.items() if key not in {"metric", "year"}}
    return _sync(
        model=model,
        lookup={"zone": zone, "metric": metric, "year": row["year"], "quarter": None, "month": None},
        facts={**facts, **cite},
        tally=tally,
    )


def _seed_activities(*, rows, zone, projects, cite, tally):
    for row in rows:
        _sync(
            model=PromotionActivity,
            # No database key for activities; the seed treats zone, year and
            # title as one.
            lookup={"zone": zone, "year": row["year"], "title": row["title"]},
            facts={"kind": row["kind"], "place": row["place"], "source_quote": row["source_quote"], **cite},
            links={"projects": [projects[name] for name in row["projects"]]},
            tally=tally,
        )


def _sync(*, model, lookup, tally, facts=None, fill=None, links=None):
    """Create or update the row ``lookup`` finds; save only on a difference."""
    facts, fill, links = facts or {}, fill or {}, links or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**{**fill, **facts, **lookup})
        _save(obj)
        _add_links(obj=obj, links=links)
        tally.add(obj=obj, outcome="created")
        return obj
    changed = [name for name, value in facts.items() if _current(obj, name) != _comparable(value)]
    changed += [
        name for name, value in fill.items() if _is_empty(_current(obj, name)) and not _is_empty(_comparable(value))
    ]
    for name in changed:
        setattr(obj, name, {**fill, **facts}[name])
    if changed:
        _save(obj)
    added = _add_links(obj=obj, links=links)
    fields = changed + added
    tally.add(obj=obj, outcome="updated" if fields else "unchanged", fields=fields)
    return obj


def _add_links(*, obj, links):
    added = []
    for name, targets in links.items():
        manager = getattr(obj, name)
        present = set(manager.values_list("pk", flat=True))
        missing = [target for target in targets if target.pk not in present]
        if missing:
            manager.add(*missing)
            added.append(name)
    return added


def _current(obj, name):
    """The stored value, a foreign key as its id (no query)."""
    model_field = obj._meta.get_field(name)
    return getattr(obj, model_field.attname if isinstance(model_field, models.ForeignKey) else name)


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


def _is_empty(value):
    return value is None or value == ""


def _save(obj):
    obj.full_clean()
    # Shown in the history as the reason for the change.
    obj._change_reason = CHANGE_REASON
    obj.save()
