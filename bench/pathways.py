"""Benchmark of the career map on a synthetic map of 2,000 roles and 10,000 links.

Creates a scratch database in the private cluster (never the `portal` database), migrates it,
loads the real reference data and adds synthetic roles and links, then times pages through
Django's test client in this process (server time: URL routing, middleware, views, templates,
queries), next to a minimal page rendered by the same stack, and the route finder on its own.

The career map's pages are cached (pathways/cache.py). `directory`, `role` and `map` are timed
with each URL already visited once (the cache warm, as after any visitor). `directory_cold` and
`role_cold` are the first visit after a role editor's edit: before every request one edit is
made, in turn a role's summary, a new source for a role, a role's pay note and a new link
between two roles (so one edit in four changes what the route graph reads); `role_cold` then
asks for another role's page (what the next visitors see), `role_edited` for the edited role's
own page (rebuilt in full). `map_cold` empties the page cache before every request. `route_page`
asks for a new pair of roles each time (its results not cached; the route graph and the two
lists of roles are, once per data version).

    .venv/bin/python bench/pathways.py [--roles 2000] [--links 10000] [--runs 100]

Ends with one line of name=value pairs.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = "bench_pathways"
os.environ["PGDATABASE_NAME"] = SCRATCH
os.environ.setdefault("TESTING", "true")  # plain HTTP, no HTTPS redirect
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

from bench.common import create_scratch, drop_scratch  # noqa: E402

WORDS = [
    "assessment",
    "therapy",
    "recovery",
    "family",
    "children",
    "adults",
    "community",
    "inpatient",
    "supervision",
    "psychological",
    "wellbeing",
    "talking",
    "therapies",
    "anxiety",
    "depression",
    "psychosis",
    "trauma",
    "groups",
    "schools",
    "forensic",
    "perinatal",
    "primary",
    "care",
    "risk",
    "formulation",
    "intervention",
    "research",
]


def build_map(total_roles: int, total_links: int, rng: random.Random):
    from pathways import services
    from pathways.models import (
        EntryRoute,
        Link,
        PayBand,
        ProfessionGroup,
        Role,
        Setting,
        StartingPoint,
    )

    services.reference_data_load_file()
    bands = list(PayBand.objects.all())
    groups = [value for value, _ in ProfessionGroup.choices]
    settings = [value for value, _ in Setting.choices]
    existing = Role.objects.count()
    new_roles = []
    for i in range(total_roles - existing):
        low = rng.randrange(len(bands) - 2)
        high = min(len(bands) - 1, low + rng.randrange(3))
        new_roles.append(
            Role(
                slug=f"synthetic-role-{i}",
                name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} practitioner {i}",
                status=Role.Status.PUBLISHED,
                profession_group=rng.choice(groups),
                summary=" ".join(rng.choice(WORDS) for _ in range(25)),
                work=" ".join(rng.choice(WORDS) for _ in range(40)),
                settings=rng.sample(settings, 2),
                band_min=bands[low],
                band_max=bands[high],
            )
        )
    Role.objects.bulk_create(new_roles, batch_size=500)
    # Links follow the shape of a career map: mostly up the bands (training or promotion,
    # with experience first), some sideways, a few down; starting points lead into the lower
    # bands. Uniformly random links would make every role a step from every other.
    order = {band.pk: band.order for band in bands}
    by_band: dict[int, list[int]] = {}
    role_band = {}
    for pk, band_id in Role.objects.filter(band_min__isnull=False).values_list("pk", "band_min"):
        by_band.setdefault(order[band_id], []).append(pk)
        role_band[pk] = order[band_id]
    levels = sorted(by_band)
    roles = list(role_band)
    starts = list(StartingPoint.objects.values_list("pk", flat=True))
    routes = list(EntryRoute.objects.all())
    links = []
    seen = set(Link.objects.values_list("from_role_id", "from_start_id", "to_role_id"))
    while len(seen) < total_links:
        if rng.random() < 0.05:
            source = (None, rng.choice(starts))
            level = rng.choice(levels[:4])
            kind = rng.choice(["route", "direct"])
        else:
            source = (rng.choice(roles), None)
            here = role_band[source[0]]
            draw = rng.random()
            if draw < 0.8:
                kind = rng.choice(["route", "promotion"])
                level = min(levels[-1], here + rng.choice([0, 1, 1, 2]))
            else:
                kind = "sideways"
                level = here if draw < 0.95 else max(levels[0], here - 1)
            level = min(levels, key=lambda candidate, level=level: abs(candidate - level))
        to_role = rng.choice(by_band[level])
        key = (*source, to_role)
        if to_role == source[0] or key in seen:
            continue
        seen.add(key)
        links.append(
            Link(
                from_role_id=source[0],
                from_start_id=source[1],
                to_role_id=to_role,
                kind=kind,
                entry_route=rng.choice(routes) if kind == "route" else None,
                min_experience_months=0 if source[1] else rng.choice([6, 12, 12, 24, 36]),
            )
        )
    Link.objects.bulk_create(links, batch_size=1000)
    return Role.objects.count(), Link.objects.count()


def timed(client, urls, runs, before=None):
    times = []
    for i in range(runs):
        url = urls[i % len(urls)]
        if before:
            before(url)
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=2000)
    parser.add_argument("--links", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(2026)

    create_scratch(SCRATCH)
    try:
        django.setup()
        from django.core.cache import caches
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        role_count, link_count = build_map(args.roles, args.links, rng)
        print(
            f"Built a map of {role_count} roles and {link_count} links "
            f"in {time.perf_counter() - started:.1f} s"
        )

        from pathways import cache
        from pathways.models import Link, Role, RoleSource, StartingPoint
        from pathways.routes import find_routes

        slugs = list(Role.objects.values_list("slug", flat=True))
        starts = list(StartingPoint.objects.values_list("slug", flat=True))
        client = Client(HTTP_HOST="localhost")
        pages = {
            "minimal": ["/accessibility/"],
            "directory": [
                "/pathways/",
                "/pathways/?q=psychologist",
                "/pathways/?q=talking+therapies&group=psychological",
                "/pathways/?q=pyschologist",
                "/pathways/?group=nursing&band_from=5&band_to=7&entry_level=on",
                "/pathways/?setting=schools&salaried_training=on&page=2",
            ],
            "role": [f"/pathways/roles/{rng.choice(slugs)}/" for _ in range(50)],
            "route_page": [
                f"/pathways/routes/?from={rng.choice(starts + slugs)}&to={rng.choice(slugs)}"
                for _ in range(max(50, args.runs))  # a new pair each time
            ],
            "map": ["/pathways/map/", "/pathways/map/?group=psychological"],
        }
        for urls in pages.values():  # warm up: templates, the cached route graph
            timed(client, urls[:2], 2)
        page_cache = caches[cache.CACHE_ALIAS]
        role_ids = dict(Role.objects.values_list("slug", "pk"))
        edits = iter(range(10**9))
        edited = []

        def edit(slug=None):
            """One role editor's edit, of the next kind in turn, to `slug` or a random role."""
            number = next(edits)
            slug = slug or rng.choice(slugs)
            pk = role_ids[slug]
            kind = number % 4
            if kind == 0:
                Role.objects.filter(pk=pk).update(summary=f"Edited summary {number}.")
            elif kind == 1:
                RoleSource.objects.create(
                    role_id=pk, title=f"Source {number}", url="https://www.healthcareers.nhs.uk/",
                    checked_on="2026-12-01",
                )  # fmt: skip
            elif kind == 2:
                Role.objects.filter(pk=pk).update(pay_note=f"Edited pay note {number}.")
            else:
                other = role_ids[rng.choice(slugs)]
                if other != pk:
                    Link.objects.get_or_create(from_role_id=pk, to_role_id=other, kind="sideways")
            edited.append(slug)

        results = {}
        for name, urls in pages.items():
            runs = max(10, args.runs // 4) if name == "map" else args.runs
            if name == "map":
                results["map_cold"] = timed(
                    client, urls, max(4, runs // 3), before=lambda url: page_cache.clear()
                )
                timed(client, urls, len(urls))  # every URL visited once
                results[name] = timed(client, urls, runs)
                continue
            if name == "directory":
                timed(client, urls, len(urls))  # every URL visited once
                results["directory_cold"] = timed(client, urls, runs, before=lambda url: edit())
                timed(client, urls, len(urls))  # every URL visited once
            if name == "role":
                timed(client, urls, len(urls))  # every URL visited once
                results["role_cold"] = timed(client, urls, runs, before=lambda url: edit())
                own = [f"/pathways/roles/{rng.choice(slugs)}/" for _ in range(runs)]
                results["role_edited"] = timed(
                    client, own, runs, before=lambda url: edit(url.split("/")[3])
                )
                timed(client, urls, len(urls))  # every URL visited once
            results[name] = timed(client, urls, runs)

        graph = cache.route_graph()
        finder = []
        for _ in range(300):
            start, goal = rng.choice(starts + slugs), rng.choice(slugs)
            began = time.perf_counter()
            find_routes(graph, start, goal, funded_only=rng.random() < 0.3)
            finder.append((time.perf_counter() - began) * 1000)
        results["route_finder"] = finder

        minimal_p50 = statistics.median(results["minimal"])
        minimal_p95 = pct(results["minimal"], 95)
        print(
            f"\n{'page':<16}{'runs':>6}{'p50 ms':>10}{'p95 ms':>10}"
            f"{'p50 ratio':>11}{'p95 ratio':>11}"
        )
        summary = {"roles": role_count, "links": link_count}
        for name, values in results.items():
            p50, p95 = statistics.median(values), pct(values, 95)
            print(
                f"{name:<16}{len(values):>6}{p50:>10.1f}{p95:>10.1f}"
                f"{p50 / minimal_p50:>11.2f}{p95 / minimal_p95:>11.2f}"
            )
            summary[f"{name}_p50_ms"] = round(p50, 1)
            summary[f"{name}_p95_ms"] = round(p95, 1)
            if name not in ("minimal", "route_finder"):
                summary[f"{name}_p50_ratio"] = round(p50 / minimal_p50, 2)
                summary[f"{name}_p95_ratio"] = round(p95 / minimal_p95, 2)
        print(
            "\nroute_finder is find_routes() alone on the cached graph; route_page is the "
            "whole route finder page. directory and role: cache warm; directory_cold and "
            "role_cold: the first visit after an edit (role_cold another role's page, "
            "role_edited the edited role's own); map_cold: page cache emptied before each."
        )
        print(" ".join(f"{key}={value}" for key, value in summary.items()))
    finally:
        drop_scratch(SCRATCH)


if __name__ == "__main__":
    main()
