"""The roles that other parts of the portal and imported survey files refer to by slug: they
must exist, published, with these names (the career map's reference data provides them); and
the names of the reference data's file formats, which the loader checks and the open data
states."""

FORMAT = "nhs-mental-health-career-map/1"
PAY_YEAR_FORMAT = "nhs-agenda-for-change-pay-year/1"

REQUIRED_ROLES = {
    "assistant-psychologist": "Assistant psychologist",
    "psychological-wellbeing-practitioner": "Psychological wellbeing practitioner",
    "cbt-therapist": "Cognitive behavioural therapist",
    "clinical-psychologist": "Clinical psychologist",
    "counselling-psychologist": "Counselling psychologist",
    "forensic-psychologist": "Forensic psychologist",
    "health-psychologist": "Health psychologist",
    "clinical-associate-in-psychology": "Clinical associate in psychology",
    "education-mental-health-practitioner": "Education mental health practitioner",
    "childrens-wellbeing-practitioner": "Children's wellbeing practitioner",
    "mental-health-and-wellbeing-practitioner": "Mental health and wellbeing practitioner",
    "child-and-adolescent-psychotherapist": "Child and adolescent psychotherapist",
    "family-and-systemic-psychotherapist": "Family and systemic psychotherapist",
    "counsellor": "Counsellor",
    "mental-health-nurse": "Mental health nurse",
    "psychiatrist": "Psychiatrist",
    "peer-support-worker": "Peer support worker",
    "healthcare-support-worker": "Healthcare support worker",
    "occupational-therapist": "Occupational therapist",
    "social-worker": "Social worker",
    "arts-therapist": "Arts therapist",
    "consultant-psychologist": "Consultant psychologist",
}

# NHS England's 12 psychological professions (NHS England, "Psychological profession roles",
# hee.nhs.uk/our-work/mental-health/new-roles-mental-health/psychological-professions-roles,
# checked 2026-12-01), each with the career-map role that stands for it.
PSYCHOLOGICAL_PROFESSIONS = {
    "Clinical Psychologists": "clinical-psychologist",
    "Cognitive Behavioural Therapists": "cbt-therapist",
    "Psychological Wellbeing Practitioners": "psychological-wellbeing-practitioner",
    "Counsellors": "counsellor",
    "Child and Adolescent Psychotherapists": "child-and-adolescent-psychotherapist",
    "Counselling Psychologists": "counselling-psychologist",
    "Forensic Psychologists": "forensic-psychologist",
    "Health Psychologists": "health-psychologist",
    "Systemic Family Therapists": "family-and-systemic-psychotherapist",
    "Adult Psychotherapists": "adult-psychotherapist",
    "Children's Wellbeing Practitioner": "childrens-wellbeing-practitioner",
    "Education Mental Health Practitioner": "education-mental-health-practitioner",
}

# The roles the December 2026 fact check (shared/reference/fact-check-2026-12.md) found missing.
FACT_CHECK_MISSING_ROLES = [
    "adult-psychotherapist",
    "interpersonal-psychotherapist",
    "dynamic-interpersonal-therapist",
    "couple-therapist-for-depression",
    "counselling-for-depression-practitioner",
    "high-intensity-psychotherapeutic-counsellor",
    "associate-psychological-practitioner",
    "cyp-psychological-therapist",
    "infant-mental-health-practitioner",
    "primary-care-graduate-mental-health-worker",
    "educational-psychologist",
    "clinical-neuropsychologist",
    "senior-cbt-therapist",
    "senior-peer-support-worker",
    "advanced-clinical-practitioner-mental-health",
    "non-medical-prescriber",
    "nurse-consultant-mental-health",
    "support-time-and-recovery-worker",
    "mental-health-practitioner",
    "ips-employment-specialist",
]

# The moves the fact check found missing: (from, to); a starting point or a role on the left.
FACT_CHECK_MISSING_MOVES = [
    ("assistant-psychologist", "clinical-associate-in-psychology"),
    ("assistant-psychologist", "forensic-psychologist"),
    ("assistant-psychologist", "psychological-wellbeing-practitioner"),
    ("assistant-psychologist", "childrens-wellbeing-practitioner"),
    ("assistant-psychologist", "education-mental-health-practitioner"),
    ("assistant-psychologist", "mental-health-and-wellbeing-practitioner"),
    ("senior-psychological-wellbeing-practitioner", "cbt-therapist"),
    ("psychological-wellbeing-practitioner", "clinical-associate-in-psychology"),
    ("mental-health-nurse", "advanced-clinical-practitioner-mental-health"),
    ("mental-health-nurse", "non-medical-prescriber"),
    ("learning-disability-nurse", "cbt-therapist"),
    ("arts-therapist", "cbt-therapist"),
    ("forensic-psychologist", "consultant-psychologist"),
    ("health-psychologist", "consultant-psychologist"),
    ("psychology-graduate", "mental-health-nurse"),
    ("psychology-graduate", "social-worker"),
    ("youth-intensive-psychological-practitioner", "clinical-psychologist"),
    ("psychology-graduate", "foundation-doctor"),  # graduate entry medicine, on to psychiatry
]

# Roles at the top of their own ladder: no move on is expected (progression is within the
# role's bands). Every other published role must have at least one way on.
TOP_OF_LADDER = {
    "consultant-psychologist": "The top of the practitioner psychologist ladder (bands 8c to 9).",
    "psychiatrist": "Consultant psychiatrist is the end of medical specialty training.",
    "nurse-consultant-mental-health": "The top of the clinical nursing ladder.",
    "consultant-occupational-therapist": "The top of the occupational therapy ladder.",
    "approved-clinician": "A statutory role taken on at the top of a profession.",
    "approved-mental-health-professional": "A statutory role taken on within a profession.",
    "advanced-peer-support-practitioner": "The top of the peer support ladder.",
    "senior-cbt-therapist": "The top of the CBT therapist ladder (band 8a).",
    "child-and-adolescent-psychotherapist": "Progression is within the role (band 7 to 8a).",
    "family-and-systemic-psychotherapist": "Progression is within the role.",
}
