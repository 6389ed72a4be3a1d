"""The staff roles. Each is a Django group, created by a data migration."""

CAREERS_STAFF = "Careers staff"
SCHEME_LEADERS = "Scheme leaders"
ROLE_EDITORS = "Role editors"
SURVEY_ANALYSTS = "Survey analysts"

STAFF_ROLES = (CAREERS_STAFF, SCHEME_LEADERS, ROLE_EDITORS, SURVEY_ANALYSTS)
