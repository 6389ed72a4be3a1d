"""The two places the equity pages read other parts of the portal, each through ONE function
so it can be switched:

- `career_map_roles()`: the career map's published roles (pathways), to map workforce roles
  and programmes to career-map roles;
- `survey_aspiring_by_group()`: our own survey's figures for graduates aspiring to a role, by
  group, with disclosure control applied (published counts only)."""

from __future__ import annotations

from careers.equity import formats as fmt

# Survey dimension for an equity section, and survey code -> equity category key.
SURVEY_DIMENSIONS = {
    "ETHNICITY": (
        "ethnic_group",
        {"white": "white", "asian": "asian", "black": "black", "mixed": "mixed", "other": "other"},
    ),
    "GENDER": ("gender", {"woman": "woman", "man": "man", "non_binary": "non-binary"}),
    "DISABILITY": ("disability", {"yes": "disability", "no": "no-disability"}),
}


def career_map_roles() -> dict[str, str]:
    """{normalised name or slug: role slug} for every published career-map role."""
    from pathways.models import Role

    roles = {}
    for slug, name in Role.objects.published().values_list("slug", "name"):
        roles[fmt.slug(name)] = slug
        roles[slug] = slug
    return roles


def match_role(text: str, roles: dict[str, str]) -> str:
    """The career-map role a workforce role names, or "" when none matches."""
    key = fmt.slug(text)
    if not key:
        return ""
    if key in roles:
        return roles[key]
    plural = key[:-1] if key.endswith("s") else key
    return roles.get(plural, "")


def survey_aspiring_by_group(role_slug: str, section: str) -> dict | None:
    """The latest published survey wave's published counts of graduates naming `role_slug`
    among their aspired roles, by group of `section`: {"wave": name, "url": report, "counts":
    {key: published count (int) or "*"}}; None when no wave is published or there is no such
    dimension.

    Read through the publication layer (`careers.queries.aspiration_by_group`), so the figures
    are exactly those the wave's published report shows: a withheld group stays "*"."""
    from careers.queries import aspiration_by_group

    if section not in SURVEY_DIMENSIONS:
        return None
    dimension, codes = SURVEY_DIMENSIONS[section]
    published = aspiration_by_group(role_slug, dimension)
    if published is None:
        return None
    by_code = {group["group"]: group for group in published["groups"]}
    counts = {}
    for code, key in codes.items():
        group = by_code.get(code)
        counts[key] = group["count"] if group and group["published"] else "*"
    return {"wave": published["wave"], "url": published["url"], "counts": counts}
