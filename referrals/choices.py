"""The fixed lists of the referral forms and reports."""

from config import regions

GRADES = [
    ("foundation", "Foundation doctor"),
    ("core", "Core trainee"),
    ("specialty", "Specialty trainee or registrar"),
    ("sas", "Specialty and specialist (SAS) doctor"),
    ("consultant", "Consultant"),
    ("trainee_pp", "Trainee psychological practitioner"),
    ("qualified_pp", "Qualified psychological practitioner"),
    ("other", "Other"),
]

REASONS = [
    ("direction", "Uncertain about career direction or specialty"),
    ("outside", "Considering a career outside medicine or my current profession"),
    ("explore", "Wants to explore options confidentially"),
    ("progress", "Lack of progress and wants to reconsider their path"),
    ("health", "Ill health affecting career choice"),
    ("other", "Other"),
]

REGIONS = regions.WITH_OUTSIDE_ENGLAND

CONTACT_PREFERENCES = [("email", "Email"), ("phone", "Phone"), ("either", "Either")]

SELF_WEB = "self"
EDUCATOR_WEB = "educator"
STAFF_PHONE = "phone"
STAFF_EMAIL = "email"
SOURCES = [
    (SELF_WEB, "Self-referral (online form)"),
    (EDUCATOR_WEB, "Educator referral (online form)"),
    (STAFF_PHONE, "Logged by staff: phone call"),
    (STAFF_EMAIL, "Logged by staff: email"),
]
STAFF_SOURCES = [(STAFF_PHONE, "Phone call"), (STAFF_EMAIL, "Email")]

REFERRER_ROLES = [
    ("educational_supervisor", "Educational supervisor"),
    ("clinical_supervisor", "Clinical supervisor"),
    ("trainer", "Trainer"),
    ("tpd", "Training programme director"),
    ("course_tutor", "Course tutor (psychological professions)"),
    ("other", "Other educator"),
]

SESSION_MODES = [("in_person", "In person"), ("video", "Video"), ("phone", "Phone")]

SERVICE_KINDS = [
    ("psu", "Professional support unit"),
    ("counselling", "Counselling"),
    ("peer", "Peer support network"),
    ("benevolent", "Benevolent fund"),
    ("occupational_health", "Occupational health"),
    ("professional_body", "Professional body"),
    ("other", "Other"),
]
SERVICE_COVERAGE = [
    ("england", "England"),
    ("uk", "United Kingdom"),
    ("regional", "One region"),
    ("employer", "Your employer"),
]
