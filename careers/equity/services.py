"""Writes for the equity pages: importing entry, workforce and plan files; programmes' reference
groups; recommendations, their actions and progress updates. Keyword-only, one transaction
each; refusals raise `config.rules.RuleBroken` subclasses."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from accounts.models import User
from careers.equity import formats as fmt
from careers.equity import sources
from careers.equity.models import (
    Action,
    EntryFigure,
    EquityImport,
    PlanTarget,
    Programme,
    ProgressUpdate,
    Recommendation,
    StaffCount,
)
from config.rules import RuleBroken

logger = logging.getLogger(__name__)


class EquityRefused(RuleBroken):
    """A request about equity data that the rules refuse."""


class FileRefused(EquityRefused):
    """The file cannot be imported at all: unreadable, wrong layout, already stored."""

    def __init__(self, message: str, record: EquityImport | None = None):
        super().__init__(message)
        self.record = record


class RowsRejected(EquityRefused):
    """Some rows are wrong: nothing was stored; `record.problems` lists every one."""

    def __init__(self, record: EquityImport):
        super().__init__(record.message)
        self.record = record


class EvidenceBroken(EquityRefused):
    """An evidence link that does not lead to a working page of this site."""

    field = "evidence_url"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _rejected(**fields) -> EquityImport:
    return EquityImport.objects.create(status=EquityImport.Status.REJECTED, **fields)


def programme_create(
    *,
    slug: str,
    name: str,
    role_slug: str = "",
    publisher: str = "",
    source_url: str = "",
    by: User | None = None,
) -> Programme:
    """A programme whose figures are imported: `publisher` and `source_url` name who publishes
    its figures and the page they are on."""
    slug = slugify(slug)[:60]
    if not slug or not name.strip():
        raise EquityRefused("A programme needs a slug and a name.")
    try:
        with transaction.atomic():
            return Programme.objects.create(
                slug=slug,
                name=name.strip(),
                role_slug=role_slug,
                publisher=publisher.strip(),
                source_url=source_url.strip(),
            )
    except IntegrityError:  # the slug is unique: taken, perhaps a moment ago by someone else
        raise EquityRefused(f"There is already a programme “{slug}”.") from None


def equity_import(
    *,
    path: Path | str,
    filename: str = "",
    programme: Programme | None = None,
    sheet: str = "",
    source: str = "",
    by: User | None = None,
) -> EquityImport:
    """Import one file (any of the four layouts), all or nothing. A Clearing House or generic
    entry file needs its programme. Raises FileRefused (unreadable, wrong layout, already
    stored) or RowsRejected (every bad row listed on the record, which is kept)."""
    path = Path(path)
    filename = filename or path.name
    sha256 = _sha256(path)
    base = {
        "programme": programme,
        "filename": filename[:255],
        "source": source[:500],
        "sha256": sha256,
        "created_by": by,
    }
    try:
        parsed = fmt.check(
            path,
            sheet=sheet,
            programme_names=(programme.slug, programme.name) if programme else (),
        )
    except fmt.FileUnreadable as error:
        raise FileRefused(str(error), _rejected(message=str(error), **base)) from None
    base["layout"] = parsed.layout
    if parsed.layout in fmt.ENTRY_LAYOUTS and programme is None:
        message = "Choose the programme these entry figures belong to."
        raise FileRefused(message, _rejected(message=message, **base))
    if parsed.layout not in fmt.ENTRY_LAYOUTS:
        base["programme"] = programme = None
    if EquityImport.objects.filter(
        layout=parsed.layout, sha256=sha256, status=EquityImport.Status.STORED
    ).exists():
        message = "This file has been imported already: nothing was stored a second time."
        raise FileRefused(message, _rejected(message=message, **base))
    if not parsed.rows and not parsed.problems:
        message = "The file has a header but no rows."
        raise FileRefused(message, _rejected(message=message, **base))
    problems = list(parsed.problems)
    if parsed.layout in fmt.ENTRY_LAYOUTS and programme is not None:  # refused above if None
        problems += _entry_clashes(programme, parsed.rows)
    if problems:
        problems.sort(key=lambda p: (p[0], str(p[1])))
        record = _rejected(
            rows_read=parsed.rows_read,
            problems=problems,
            message=f"{len(problems)} problem(s) in {len({p[0] for p in problems})} row(s): "
            "nothing was stored. Correct the file and import it again.",
            **base,
        )
        raise RowsRejected(record)
    try:
        with transaction.atomic():
            record = EquityImport.objects.create(
                status=EquityImport.Status.STORED,
                rows_read=parsed.rows_read,
                rows_stored=len(parsed.rows),
                message=f"{len(parsed.rows):,} rows stored.",
                **base,
            )
            _store(record, parsed)
    except IntegrityError:
        message = "This file was imported at the same moment by someone else: nothing was stored."
        raise FileRefused(message, _rejected(message=message, **base)) from None
    return record


def _entry_clashes(programme: Programme, rows: list[dict]) -> list[list]:
    years = {row["year"] for row in rows}
    stored = {
        (f.year, f.section, f.category_key, f.is_group_total): f.equity_import_id
        for f in EntryFigure.objects.filter(programme=programme, year__in=years).only(
            "year", "section", "category_key", "is_group_total", "equity_import_id"
        )
    }
    clashes = []
    for row in rows:
        key = (row["year"], row["section"], row["category_key"], row["is_group_total"])
        if key in stored:
            clashes.append(
                [
                    row["row"],
                    "category",
                    row["category"],
                    f"Already stored for {row['year']} by import {stored[key]}.",
                ]
            )
    return clashes


def _fields(row: dict) -> dict:
    """A checked row's values, named as the figure's model fields: all but its row number."""
    return {k: v for k, v in row.items() if k != "row"}


def _store(record: EquityImport, parsed: fmt.Parsed):
    if parsed.layout in fmt.ENTRY_LAYOUTS:
        EntryFigure.objects.bulk_create(
            [
                EntryFigure(
                    programme=record.programme,
                    equity_import=record,
                    row_number=row["row"],
                    **_fields(row),
                )
                for row in parsed.rows
            ],
            batch_size=2000,
        )
    elif parsed.layout == "workforce":
        roles = sources.career_map_roles()
        StaffCount.objects.bulk_create(
            [
                StaffCount(
                    equity_import=record,
                    role_slug=sources.match_role(row["role"], roles),
                    **_fields(row),
                )
                for row in parsed.rows
            ],
            batch_size=5000,
        )
    else:
        PlanTarget.objects.bulk_create(
            [PlanTarget(equity_import=record, **_fields(row)) for row in parsed.rows]
        )


def programme_set_reference(
    *, programme: Programme, section: str, category_key: str, by: User | None = None
) -> Programme:
    """Set the reference group of one section for a programme; it must be a category the
    programme's figures hold."""
    if section not in fmt.SECTIONS or section == "TOTALS":
        raise EquityRefused("Choose a section.")
    if not EntryFigure.objects.filter(
        programme=programme, section=section, category_key=category_key
    ).exists():
        raise EquityRefused("Choose a category this programme's figures hold.")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        programme.reference_groups = {**programme.reference_groups, section: category_key}
        programme.save(update_fields=["reference_groups"])
    return programme


# --- Recommendations -----------------------------------------------------------------------------


def evidence_check(url: str) -> str:
    """The evidence link as stored: a path on this site (with its query string) whose page
    answers 200 to an anonymous visitor. Anything else is refused."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.test import RequestFactory
    from django.urls import Resolver404, resolve

    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        raise EvidenceBroken(
            "Give a page of this site, starting with /, for example /careers/equity/."
        )
    if not parts.path.startswith("/careers/equity/"):
        raise EvidenceBroken("The evidence must be an equity chart or table (/careers/equity/…).")
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise EvidenceBroken("No page of this site has that address.") from None
    request: Any = RequestFactory().get(url)  # given what the middleware would add
    request.get_host = lambda: "evidence-check.invalid"  # not a request from outside
    request.user = AnonymousUser()
    request.session = SessionStore()
    request.csp_nonce = ""
    try:
        # In a savepoint that is always rolled back: the check changes nothing, and a
        # database error in the view cannot break the caller's transaction.
        with transaction.atomic():
            response = match.func(request, *match.args, **match.kwargs)
            transaction.set_rollback(True)
    except Exception:  # noqa: BLE001 - a 404 raised by the view, or any error
        logger.info("Evidence link %s does not open", url, exc_info=True)
        response = None
    if response is None or response.status_code != 200:
        raise EvidenceBroken(
            "That page does not open (it may name a year or section with no data)."
        )
    return url


REC_FIELDS = (
    "title",
    "theme",
    "summary",
    "evidence_url",
    "evidence_label",
    "owner_organisation",
    "due_date",
    "status",
)


def _check_recommendation(fields: dict) -> None:
    if fields.get("theme") not in Recommendation.Theme.values:
        raise EquityRefused("Choose a theme.")
    if fields.get("status") not in Recommendation.Status.values:
        raise EquityRefused("Choose a status.")
    fields["evidence_url"] = evidence_check(fields.get("evidence_url", ""))


def recommendation_create(
    *,
    by: User | None,
    title: str,
    theme: str,
    summary: str,
    evidence_url: str,
    evidence_label: str,
    owner_organisation: str,
    due_date: date,
    status: str = Recommendation.Status.PROPOSED,
) -> Recommendation:
    given = locals()
    fields = {name: given[name] for name in REC_FIELDS}  # the recommendation's, as given
    _check_recommendation(fields)
    with transaction.atomic():
        recommendation = Recommendation(**fields)
        _save_by(recommendation, by)
    return recommendation


def _save_by(record: Any, by: User | None) -> None:
    """Save `record`, its history naming `by` as who changed it (django-simple-history reads
    the instance's `_history_user`)."""
    record._history_user = by
    record.save()


def _changed(record: Any, *, by: User | None, values: dict) -> Any:
    """Set the fields `values` names on `record` and save it, one transaction, its history
    naming `by` as who changed it."""
    with transaction.atomic():
        for name, value in values.items():
            setattr(record, name, value)
        _save_by(record, by)
    return record


def recommendation_update(
    *,
    recommendation: Recommendation,
    by: User | None,
    title: str,
    theme: str,
    summary: str,
    evidence_url: str,
    evidence_label: str,
    owner_organisation: str,
    due_date: date,
    status: str,
) -> Recommendation:
    given = locals()
    fields = {name: given[name] for name in REC_FIELDS}  # the recommendation's, as given
    _check_recommendation(fields)
    return _changed(recommendation, by=by, values=fields)


def action_create(
    *,
    recommendation: Recommendation,
    by: User | None,
    title: str,
    owner: str,
    due_date: date,
    status: str = Action.Status.NOT_STARTED,
) -> Action:
    if recommendation.status in (Recommendation.Status.DONE, Recommendation.Status.DROPPED):
        raise EquityRefused("A recommendation that is done or dropped takes no new actions.")
    with transaction.atomic():
        action = Action(
            recommendation=recommendation,
            title=title,
            owner=owner,
            due_date=due_date,
            status=status,
        )
        _save_by(action, by)
    return action


def action_update(
    *, action: Action, by: User | None, title: str, owner: str, due_date: date, status: str
) -> Action:
    if status not in Action.Status.values:
        raise EquityRefused("Choose a status.")
    values = {"title": title, "owner": owner, "due_date": due_date, "status": status}
    return _changed(action, by=by, values=values)


def progress_add(
    *, action: Action, by: User | None, text: str, percent_complete: int
) -> ProgressUpdate:
    """A progress update on an action; 100% marks the action done, anything else in progress."""
    text = (text or "").strip()
    if not text:
        raise EquityRefused("Say what has happened.")
    if not 0 <= percent_complete <= 100:
        raise EquityRefused("The percentage complete must be between 0 and 100.")
    latest = action.updates.order_by("-written_on", "-pk").first()
    if latest and percent_complete < latest.percent_complete:
        raise EquityRefused(
            f"The last update said {latest.percent_complete}% complete: progress cannot go back."
        )
    with transaction.atomic():
        update = ProgressUpdate(
            action=action, text=text, percent_complete=percent_complete, created_by=by
        )
        _save_by(update, by)
        status = Action.Status.DONE if percent_complete == 100 else Action.Status.IN_PROGRESS
        if action.status != status:
            action.status = status
            _save_by(action, by)
    return update
