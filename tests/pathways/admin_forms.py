"""The role admin as the tests post to it: its change list's path (CHANGELIST) and a change
form filled in with a role's values (`role_form`), with any changes on top."""

CHANGELIST = "/admin/pathways/role/"


def role_form(role, **changes):
    data = {
        "name": role.name,
        "status": role.status,
        "profession_group": role.profession_group,
        "also_known_as": role.also_known_as,
        "summary": role.summary,
        "work": role.work,
        "settings": role.settings,
        "entry_requirements": role.entry_requirements,
        "band_min": role.band_min_id or "",
        "band_max": role.band_max_id or "",
        "trainee_band": role.trainee_band_id or "",
        "other_pay": role.other_pay,
        "pay_note": role.pay_note,
        "regulator": role.regulator,
        "registration": role.registration,
        "unchecked": role.unchecked,
        "reviewed_on": role.reviewed_on.isoformat() if role.reviewed_on else "",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "requirements-TOTAL_FORMS": "0",
        "requirements-INITIAL_FORMS": "0",
        "gains-TOTAL_FORMS": "0",
        "gains-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data
