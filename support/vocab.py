"""The words of workshops and resources: who a workshop is for, formats, resource kinds,
audiences and topics. Support's own lists (it imports nothing from referrals)."""

from config import regions

# Re-exported (`as`): the app reads its lists through vocab.label.
from config.choices import label as label

PROFESSIONS = [
    ("medicine", "Medicine (doctors)"),
    ("psychology", "Psychology and psychological professions"),
    ("nursing", "Mental health nursing"),
    ("allied", "Allied health professions"),
    ("other", "Other"),
]

GRADES = [
    ("student", "Student or graduate"),
    ("foundation", "Foundation doctor"),
    ("core", "Core trainee"),
    ("specialty", "Specialty trainee or registrar"),
    ("trainee_pp", "Trainee psychological practitioner"),
    ("qualified", "Qualified clinician (consultant, SAS or qualified practitioner)"),
    ("other", "Other"),
]

REGIONS = regions.ENGLAND  # the one list (config/regions.py)

IN_PERSON, ONLINE = "in_person", "online"
FORMATS = [(IN_PERSON, "In person"), (ONLINE, "Online")]

GUIDE, LINK, DOCUMENT = "guide", "link", "document"
RESOURCE_KINDS = [(GUIDE, "Guide"), (LINK, "Link to another website"), (DOCUMENT, "Document (PDF)")]

TRAINEES, TRAINERS, GRADUATES = "trainees", "trainers", "graduates"
RESOURCE_AUDIENCES = [
    (TRAINEES, "Trainees"),
    (TRAINERS, "Trainers and educational supervisors"),
    (GRADUATES, "Psychology graduates"),
]

TOPICS = [
    ("choosing_specialty", "Choosing a specialty"),
    ("applying", "Applying for training"),
    ("outside_medicine", "Considering a career outside medicine"),
    ("returning", "Returning to practice"),
    ("ill_health", "Ill health and career choices"),
    ("psychology_routes", "Routes into the psychological professions"),
    ("supporting_trainees", "Supporting a trainee's career planning"),
    ("referring", "When and how to refer to careers support"),
]
