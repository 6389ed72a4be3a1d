"""The check on the career map's sources: facts whose review is more than 12 months old, facts
without a source, and sources on hosts outside the allow-list kept in source_hosts.txt. One
report read by `manage.py check_sources` and by the admin's source check list."""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from pathways import models

HOSTS_FILE = Path(__file__).with_name("source_hosts.txt")

OVERDUE = "overdue"
MISSING = "missing"
HOST = "host"
KINDS = {
    OVERDUE: "Review older than 12 months",
    MISSING: "No source",
    HOST: "Source not on an allowed host",
}


@dataclass(frozen=True)
class Problem:
    kind: str  # OVERDUE, MISSING or HOST
    record: str  # "Role: Counsellor", "Link: PWP → CBT therapist"
    detail: str
    url: str = ""
    admin_url: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass
class SourceReport:
    today: date
    problems: list[Problem] = field(default_factory=list)
    not_checked: list[Problem] = field(default_factory=list)  # said so in the data: not errors
    facts_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]


def _normal_host(host: str) -> str:
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@cache
def allowed_hosts(path: Path = HOSTS_FILE) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        _normal_host(line.strip()) for line in lines if line.strip() and not line.startswith("#")
    )


def url_problem(url: str, hosts: frozenset[str] | None = None) -> str | None:
    """Why a source address is not acceptable, or None: it must be https, on an allowed host,
    and a specific page (not a site's home page)."""
    hosts = allowed_hosts() if hosts is None else hosts
    parts = urlsplit(url or "")
    if parts.scheme != "https":
        return f"not an https address: {url}"
    if _normal_host(parts.hostname or "") not in hosts:
        return f"{parts.hostname} is not on the allow-list (pathways/source_hosts.txt)"
    if parts.path in ("", "/") and not parts.query:
        return "a site's home page, not a specific page"
    return None


def _cutoff(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def _admin(model, pk) -> str:
    return f"/admin/pathways/{model._meta.model_name}/{pk}/change/"


def source_report(*, today: date, hosts: frozenset[str] | None = None) -> SourceReport:
    """Check every published fact on the map against the three rules. Facts the data itself
    marks as not checked (a pay band's `unchecked` note without a check date) are listed
    separately and are not problems: the data says why."""
    hosts = allowed_hosts() if hosts is None else hosts
    cutoff = _cutoff(today)
    report = SourceReport(today=today)
    add = report.problems.append

    def check_url(record, url, admin_url):
        report.facts_checked += 1
        if not url:
            add(Problem(MISSING, record, "no source address", "", admin_url))
        elif reason := url_problem(url, hosts):
            add(Problem(HOST, record, reason, url, admin_url))

    def check_date(record, checked_on, admin_url, what="checked"):
        if checked_on is None:
            add(Problem(OVERDUE, record, f"never {what}", "", admin_url))
        elif checked_on < cutoff:
            add(Problem(OVERDUE, record, f"last {what} {checked_on:%-d %B %Y}", "", admin_url))

    roles = models.Role.objects.published().prefetch_related("sources").order_by("name")
    for role in roles:
        record = f"Role: {role.name}"
        admin_url = _admin(models.Role, role.pk)
        check_date(record, role.reviewed_on, admin_url, "reviewed")
        sources = list(role.sources.all())
        if not sources:
            add(Problem(MISSING, record, "no sources listed", "", admin_url))
        for source in sources:
            check_url(f"{record} (source “{source.title}”)", source.url, admin_url)
            check_date(f"{record} (source “{source.title}”)", source.checked_on, admin_url)

    for band in models.PayBand.objects.all():
        record = f"Pay band: {band.name} ({band.pay_year})"
        admin_url = _admin(models.PayBand, band.pk)
        check_url(record, band.source_url, admin_url)
        if band.checked_on is None and band.unchecked:
            report.not_checked.append(Problem(OVERDUE, record, band.unchecked, "", admin_url))
        else:
            check_date(record, band.checked_on, admin_url)

    used_routes = set(
        models.Link.objects.filter(
            to_role__status=models.Role.Status.PUBLISHED, entry_route__isnull=False
        )
        .values_list("entry_route", flat=True)
        .distinct()
    )
    for route in models.EntryRoute.objects.filter(pk__in=used_routes).order_by("name"):
        record = f"Entry route: {route.name}"
        admin_url = _admin(models.EntryRoute, route.pk)
        check_url(record, route.source_url, admin_url)
        check_date(record, route.checked_on, admin_url)
        if route.competition:
            check_url(f"{record} (competition)", route.competition_source_url, admin_url)

    # Entry requirements: what each step needs and gives, and the study steps.
    for qual in models.Qualification.objects.order_by("name"):
        record = f"Qualification: {qual.name}"
        admin_url = _admin(models.Qualification, qual.pk)
        check_url(record, qual.source_url, admin_url)
        check_date(record, qual.checked_on, admin_url, "reviewed")
    for step in models.StudyStep.objects.order_by("name"):
        record = f"Study step: {step.name}"
        admin_url = _admin(models.StudyStep, step.pk)
        check_url(record, step.source_url, admin_url)
        check_date(record, step.checked_on, admin_url, "reviewed")
        if step.competition:
            check_url(f"{record} (competition)", step.competition_source_url, admin_url)
    requirements = models.Requirement.objects.select_related(
        "role", "entry_route", "study_step", "link__from_role", "link__from_start", "link__to_role"
    )
    for requirement in requirements.order_by("pk"):
        record = f"Requirement: {requirement}"
        admin_url = _admin(models.Requirement, requirement.pk)
        check_url(record, requirement.source_url, admin_url)
        check_date(record, requirement.checked_on, admin_url, "reviewed")
    gains = models.Gain.objects.select_related("role", "entry_route", "qualification")
    for gain in gains.order_by("pk"):
        record = f"Gain: {gain}"
        admin_url = _admin(models.Gain, gain.pk)
        check_url(record, gain.source_url, admin_url)
        check_date(record, gain.checked_on, admin_url, "reviewed")

    links = (
        models.Link.objects.filter(to_role__status=models.Role.Status.PUBLISHED)
        .exclude(from_role__status=models.Role.Status.DRAFT)
        .select_related("from_role", "from_start", "to_role")
        .order_by("pk")
    )
    for link in links:
        check_url(f"Link: {link}", link.source_url, _admin(models.Link, link.pk))

    for rule in models.WaitingRule.objects.filter(active=True):
        record = f"Rule: {rule.name}"
        admin_url = _admin(models.WaitingRule, rule.pk)
        check_url(record, rule.source_url, admin_url)
        check_date(record, rule.checked_on, admin_url)

    return report


def source_count() -> int:
    """How many source addresses the published map cites (for docs and the command)."""
    return models.RoleSource.objects.filter(role__status=models.Role.Status.PUBLISHED).count()
