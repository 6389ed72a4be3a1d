"""The words a mentoring scheme uses: grades, career stages, fields, regions, topics, meeting
modes and characteristics. Plain Python (no Django), so the pure matching and eligibility
modules and the models share one list."""

from config import regions

# Re-exported (`as`): the app reads its lists through vocab.label and vocab.labels.
from config.choices import label as label
from config.choices import labels as labels

MENTOR = "mentor"
MENTEE = "mentee"
ROLES = [(MENTOR, "Mentor"), (MENTEE, "Mentee")]

GRADES = [
    ("student", "Student member"),
    ("graduate", "Graduate member"),
    ("trainee", "In-training member"),
    ("full", "Full member"),
    ("associate_fellow", "Associate fellow"),
    ("fellow", "Fellow"),
]
# Students are excluded unless a scheme says otherwise.
DEFAULT_GRADES = [code for code, _ in GRADES if code != "student"]

# Career stages, in order: the position in this list is the stage's rank.
CAREER_STAGES = [
    ("graduate", "Graduate or assistant, before training"),
    ("trainee", "In training"),
    ("early", "Qualified up to 3 years"),
    ("established", "Qualified 3 to 10 years"),
    ("senior", "Senior or principal"),
    ("lead", "Consultant, head of service or professional lead"),
]
STAGE_RANK = {code: rank for rank, (code, _) in enumerate(CAREER_STAGES)}

# Fields or specialisms, each in a family (related fields score half).
FIELDS = [
    ("clinical_psychology", "Clinical psychology"),
    ("counselling_psychology", "Counselling psychology"),
    ("forensic_psychology", "Forensic psychology"),
    ("health_psychology", "Health psychology"),
    ("educational_psychology", "Educational psychology"),
    ("neuropsychology", "Clinical neuropsychology"),
    ("clinical_associate", "Clinical associate in psychology"),
    ("pwp", "Psychological wellbeing practice"),
    ("cbt", "Cognitive behavioural therapy"),
    ("psychotherapy", "Psychotherapy and counselling"),
    ("family_therapy", "Family and systemic therapy"),
    ("cwp", "Children's wellbeing practice"),
    ("research", "Research and teaching"),
]
FIELD_FAMILY = {
    "clinical_psychology": "applied_psychology",
    "counselling_psychology": "applied_psychology",
    "forensic_psychology": "applied_psychology",
    "health_psychology": "applied_psychology",
    "educational_psychology": "applied_psychology",
    "neuropsychology": "applied_psychology",
    "clinical_associate": "applied_psychology",
    "pwp": "psychological_therapies",
    "cbt": "psychological_therapies",
    "psychotherapy": "psychological_therapies",
    "family_therapy": "psychological_therapies",
    "cwp": "psychological_therapies",
    "research": "research",
}

# NHS England regions.
REGIONS = regions.ENGLAND

IN_PERSON = "in_person"
ONLINE = "online"
EITHER = "either"
MEETING_MODES = [
    (IN_PERSON, "In person"),
    (ONLINE, "Video or phone"),
    (EITHER, "Either"),
]

TOPICS = [
    ("applications", "Applications for jobs and training"),
    ("interviews", "Interviews and selection"),
    ("clinical_training", "Getting on to doctoral training"),
    ("research", "Research and publishing"),
    ("leadership", "Leadership and management"),
    ("supervision", "Supervision and reflective practice"),
    ("career_change", "Changing direction"),
    ("wellbeing", "Wellbeing and avoiding burnout"),
    ("progression", "Progression and pay bands"),
    ("inclusion", "Navigating barriers and inclusion"),
    ("returning", "Returning to work"),
    ("lived_experience", "Working with lived experience"),
]

# Optional and private: seen only by the person and the scheme's leaders (and by the mentor
# when a mentee asks to share theirs).
CHARACTERISTICS = [
    ("minority_ethnic", "From a Black, Asian or minority ethnic background"),
    ("disabled", "Disabled or living with a long-term condition"),
    ("first_in_family", "First in family to go to university"),
    ("lgbtq", "LGBTQ+"),
    ("carer", "Caring responsibilities"),
    ("lived_experience", "Lived experience of mental health difficulties"),
]
