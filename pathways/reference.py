"""The roles that other parts of the portal and imported survey files refer to by slug: they
must exist, published, with these names (the career map's reference data provides them)."""

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
