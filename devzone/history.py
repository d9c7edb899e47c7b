"""A record's change history as people read it: who changed what, when,
with related records and choices by name rather than by id or code."""
import datetime
from dataclasses import dataclass, field


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str = ""
    changes: list = field(default_factory=list)  # (label, old, new) as text


ALWAYS_HIDDEN = {"version", "updated_at", "created_at"}


def change_history(obj, *, hidden=(), limit=50):
    """The newest ``limit`` entries of ``obj.history``; saves that changed
    nothing visible are left out. One query for the records and one per
    related model named in them."""
    model = type(obj)
    hidden = ALWAYS_HIDDEN | set(hidden)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    raw, wanted = [], {}
    for newer, older in zip(records, records[1:] + [None]):
        if len(raw) == limit:
            break
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                if change.field in hidden:
                    continue
                model_field = model._meta.get_field(change.field)
                old, new = change.old, change.new
                if model_field.many_to_many:
                    # simple_history lists the through rows as dicts.
                    key = model_field.related_model._meta.model_name
                    old, new = ([row[key] for row in rows or []] for rows in (old, new))
                    wanted.setdefault(model_field.related_model, set()).update(old + new)
                elif model_field.is_relation:
                    wanted.setdefault(model_field.related_model, set()).update(v for v in (old, new) if v)
                changes.append((model_field, old, new))
            if not changes and not newer.history_change_reason:
                continue
        raw.append((newer, changes))
    names = {related: related._default_manager.in_bulk(ids) for related, ids in wanted.items()}
    return [
        HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            kind=record.history_type,
            reason=record.history_change_reason or "",
            changes=[(f.verbose_name, _shown(f, old, names), _shown(f, new, names)) for f, old, new in changes],
        )
        for record, changes in raw
    ]


def _shown(model_field, value, names):
    if model_field.many_to_many:
        related = names.get(model_field.related_model, {})
        return "、".join(str(related.get(pk, pk)) for pk in value) or "—"
    if value in (None, ""):
        return "—"
    if model_field.is_relation:
        return str(names.get(model_field.related_model, {}).get(value, value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)
