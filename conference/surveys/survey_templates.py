"""The default survey of every (format, audience): plain data, no database.

``BANK`` defines the template questions (each becomes version 1 of its key in the question bank, see
``questions.ensure_bank``); ``TEMPLATES`` lists, per format and audience, the survey's title, intro and
its questions in order with their required flags. The texts follow the items that municipal education
conferences typically ask (overall satisfaction, expectations, a rating per session, organisation, venue
and catering, first visit, how people heard of the day, recommendation, open comments).
"""

from __future__ import annotations

from conference.editions.models import EditionFormat
from conference.registration.models import PARTICIPANT_ROLES
from conference.surveys.models import Audience, QuestionType, ScaleDirection

# The question whose answer becomes a response's ``respondent_group`` (the filter in the analysis).
GROUP_QUESTION_KEY = "respondent_role"

AGREEMENT_5 = [
    {"de": "trifft überhaupt nicht zu", "en": "strongly disagree"},
    {"de": "trifft eher nicht zu", "en": "disagree"},
    {"de": "teils, teils", "en": "neither agree nor disagree"},
    {"de": "trifft eher zu", "en": "agree"},
    {"de": "trifft voll zu", "en": "strongly agree"},
]
SATISFACTION_5 = [
    {"de": "sehr unzufrieden", "en": "very dissatisfied"},
    {"de": "eher unzufrieden", "en": "rather dissatisfied"},
    {"de": "teils, teils", "en": "neither"},
    {"de": "eher zufrieden", "en": "rather satisfied"},
    {"de": "sehr zufrieden", "en": "very satisfied"},
]
# 0–10: only the ends carry words; the points in between are shown as numbers.
LIKELIHOOD_0_10 = ([{"de": "überhaupt nicht wahrscheinlich", "en": "not at all likely"}]
                   + [{"de": "", "en": ""} for _ in range(9)]
                   + [{"de": "äußerst wahrscheinlich", "en": "extremely likely"}])

# The English labels of the respondent roles, as registration shows them (the German ones in brackets
# there are the terms people know).
_ROLE_DE = {
    "teacher": "Lehrkraft", "kita": "Kita / frühkindliche Bildung", "parent": "Eltern",
    "youth_work": "Jugendhilfe", "administration": "Verwaltung", "business": "Wirtschaft",
    "student": "Schülerin, Schüler oder Studierende", "other": "Sonstiges",
}
_ROLE_EN = {
    "teacher": "Teacher", "kita": "Early childhood (Kita)", "parent": "Parent", "youth_work": "Youth services",
    "administration": "Administration", "business": "Business", "student": "Pupil or student", "other": "Other",
}
ROLE_OPTIONS = [{"value": code, "de": _ROLE_DE[code], "en": _ROLE_EN[code]} for code in PARTICIPANT_ROLES]


def _likert(text_de: str, text_en: str, labels=None, **extra) -> dict:
    return {"type": QuestionType.LIKERT_5, "text_de": text_de, "text_en": text_en,
            "scale_labels": labels or AGREEMENT_5, **extra}


BANK: dict[str, dict] = {
    # --- Everyone at an open day, and partly the council ---
    "overall_satisfaction": _likert(
        "Wie zufrieden sind Sie insgesamt mit der Veranstaltung?",
        "Overall, how satisfied are you with the event?", SATISFACTION_5),
    "expectations_met": _likert(
        "Die Veranstaltung hat meine Erwartungen erfüllt.", "The event met my expectations."),
    "session_rating": {
        "type": QuestionType.SESSION_RATING,
        "text_de": "Wie zufrieden waren Sie mit den Angeboten, die Sie besucht haben?",
        "text_en": "How satisfied were you with the sessions you attended?",
        "help_de": "Bitte bewerten Sie nur Angebote, an denen Sie teilgenommen haben.",
        "help_en": "Please rate only the sessions you took part in.",
        "scale_labels": SATISFACTION_5},
    "organisation": _likert(
        "Die Veranstaltung war gut organisiert.", "The event was well organised."),
    "venue": _likert(
        "Die Veranstaltungsorte waren gut erreichbar und geeignet.",
        "The venues were easy to reach and suitable."),
    "catering": _likert(
        "Mit der Verpflegung war ich zufrieden.", "I was satisfied with the food and drinks."),
    "first_time": {
        "type": QuestionType.YES_NO_MAYBE,
        "text_de": "Waren Sie zum ersten Mal beim Tag der Bildung?",
        "text_en": "Was this your first time at the Tag der Bildung?",
        "help_de": "„Vielleicht“, wenn Sie es nicht mehr genau wissen.",
        "help_en": "“Maybe” if you no longer remember."},
    "heard_via": {
        "type": QuestionType.MULTIPLE_CHOICE,
        "text_de": "Wie haben Sie von der Veranstaltung erfahren?",
        "text_en": "How did you hear about the event?",
        "help_de": "Mehrfachnennungen möglich.", "help_en": "Choose all that apply.",
        "options": [
            {"value": "press", "de": "Presse", "en": "Press"},
            {"value": "social_media", "de": "Social Media", "en": "Social media"},
            {"value": "school_kita", "de": "Schule/Kita", "en": "School or Kita"},
            {"value": "poster", "de": "Aushang/Plakat", "en": "Notice or poster"},
            {"value": "friends_colleagues", "de": "Freunde/Kollegen", "en": "Friends or colleagues"},
            {"value": "by_chance", "de": "zufällig vorbeigekommen", "en": "Came by chance"},
            {"value": "other", "de": "Sonstiges", "en": "Other"},
        ]},
    "would_recommend": {
        "type": QuestionType.YES_NO_MAYBE,
        "text_de": "Würden Sie die Veranstaltung weiterempfehlen oder wiederkommen?",
        "text_en": "Would you recommend the event or come again?"},
    "recommend_score": {
        "type": QuestionType.SCALE_0_10,
        "text_de": "Wie wahrscheinlich ist es, dass Sie den Tag der Bildung Freunden oder Kollegen empfehlen?",
        "text_en": "How likely are you to recommend the Tag der Bildung to friends or colleagues?",
        "scale_labels": LIKELIHOOD_0_10},
    GROUP_QUESTION_KEY: {
        "type": QuestionType.SINGLE_CHOICE,
        "text_de": "In welcher Rolle waren Sie hier?",
        "text_en": "In which role did you attend?",
        "help_de": "Nur für die Auswertung nach Gruppen; Gruppen unter fünf Antworten werden nie gezeigt.",
        "help_en": "Only for the analysis by group; groups of fewer than five answers are never shown.",
        "options": ROLE_OPTIONS},
    "comments": {
        "type": QuestionType.FREE_TEXT,
        "text_de": "Was möchten Sie uns noch mitteilen? Was sollen wir beim nächsten Mal anders machen?",
        "text_en": "Is there anything else you would like to tell us? What should we do differently next time?",
        "help_de": "Bitte keine Namen oder Angaben, die Personen erkennbar machen.",
        "help_en": "Please do not mention names or details that identify people."},
    # --- Registrants (also those who did not come) ---
    "registration_ease": _likert(
        "Die Anmeldung war einfach.", "Registering was easy."),
    "attended": {
        "type": QuestionType.SINGLE_CHOICE,
        "text_de": "Haben Sie die Veranstaltung besucht?", "text_en": "Did you attend the event?",
        "options": [
            {"value": "fully", "de": "Ja, die ganze Zeit", "en": "Yes, all of it"},
            {"value": "partly", "de": "Ja, teilweise", "en": "Yes, part of it"},
            {"value": "no", "de": "Nein", "en": "No"},
        ]},
    "absence_reason": {
        "type": QuestionType.MULTIPLE_CHOICE,
        "text_de": "Falls Sie nicht (ganz) dabei waren: Woran lag es?",
        "text_en": "If you did not attend (all of it): why not?",
        "help_de": "Mehrfachnennungen möglich.", "help_en": "Choose all that apply.",
        "options": [
            {"value": "schedule", "de": "Termin passte doch nicht", "en": "The date no longer suited me"},
            {"value": "illness", "de": "Krankheit", "en": "Illness"},
            {"value": "fully_booked", "de": "Gewünschte Angebote waren ausgebucht",
             "en": "The sessions I wanted were fully booked"},
            {"value": "travel", "de": "Anreise zu aufwendig", "en": "Too hard to get there"},
            {"value": "other", "de": "Sonstiges", "en": "Other"},
        ]},
    "information_before": _likert(
        "Vorab fühlte ich mich gut informiert (Programm, Orte, Zeiten).",
        "Beforehand I felt well informed (programme, places, times)."),
    # --- Partner institutions that offered sessions ---
    "turnout_satisfaction": _likert(
        "Mit der Zahl der Besucherinnen und Besucher in unserem Angebot waren wir zufrieden.",
        "We were satisfied with the number of visitors to our session."),
    "would_offer_again": {
        "type": QuestionType.YES_NO_MAYBE,
        "text_de": "Würden Sie beim nächsten Tag der Bildung wieder ein Angebot machen?",
        "text_en": "Would you offer a session at the next Tag der Bildung again?"},
    "organisation_support": _likert(
        "Die Unterstützung durch das Bildungsbüro bei der Vorbereitung war gut.",
        "The Bildungsbüro supported us well in preparing."),
    # --- Council members ---
    "meeting_usefulness": _likert(
        "Die Sitzung war für meine Arbeit nützlich.", "The meeting was useful for my work."),
    "recommendations_relevance": _likert(
        "Die Empfehlungen der Konferenz sind für meine Institution relevant.",
        "The conference's recommendations are relevant to my institution."),
    "preparation_documents": _likert(
        "Die Sitzungsunterlagen kamen rechtzeitig und haben mich gut vorbereitet.",
        "The meeting documents arrived in time and prepared me well."),
    "time_for_discussion": _likert(
        "Es gab genug Zeit für Austausch und Diskussion.", "There was enough time for exchange and discussion."),
}

# Every scale question above runs from worst to best (school grades would use LOWER_IS_BETTER).
for _definition in BANK.values():
    _definition.setdefault("direction", ScaleDirection.HIGHER_IS_BETTER)

_OPEN_DAY_INTRO = ("Vielen Dank, dass Sie beim Tag der Bildung waren! Ihre Antworten sind anonym und helfen uns, "
                   "den nächsten Tag der Bildung besser zu machen. Das dauert etwa fünf Minuten.")

# (format, audience) → title, intro (German and English) and [(question key, required)] in order.
TEMPLATES: dict[tuple[EditionFormat, Audience], dict] = {
    (EditionFormat.OPEN_DAY, Audience.VISITORS): {
        "title": "Ihre Meinung zum Tag der Bildung",
        "intro": _OPEN_DAY_INTRO,
        "title_en": "Your view of the Tag der Bildung",
        "intro_en": ("Thank you for coming to the Tag der Bildung! Your answers are anonymous and help us make the "
                     "next one better. It takes about five minutes."),
        "questions": [("overall_satisfaction", True), ("expectations_met", False), ("session_rating", False),
                      ("organisation", False), ("venue", False), ("catering", False), ("first_time", False),
                      ("heard_via", False), ("would_recommend", False), ("recommend_score", False),
                      (GROUP_QUESTION_KEY, False), ("comments", False)],
    },
    (EditionFormat.OPEN_DAY, Audience.PROVIDERS): {
        "title": "Rückmeldung der Anbieter zum Tag der Bildung",
        "intro": ("Sie haben den Tag der Bildung mit einem Angebot bereichert – vielen Dank! Bitte sagen Sie uns, "
                  "wie es für Ihre Einrichtung lief. Die Antworten sind anonym."),
        "title_en": "Partners' feedback on the Tag der Bildung",
        "intro_en": ("Your offer enriched the Tag der Bildung – thank you! Please tell us how it went for your "
                     "institution. The answers are anonymous."),
        "questions": [("overall_satisfaction", True), ("turnout_satisfaction", False),
                      ("organisation_support", False), ("organisation", False), ("venue", False),
                      ("would_offer_again", False), ("comments", False)],
    },
    (EditionFormat.OPEN_DAY, Audience.REGISTRANTS): {
        "title": "Kurze Umfrage zu Ihrer Anmeldung",
        "intro": ("Sie hatten sich zum Tag der Bildung angemeldet. Ob Sie dabei waren oder nicht: Ihre anonymen "
                  "Antworten helfen uns bei der Planung."),
        "title_en": "A short survey on your registration",
        "intro_en": ("You registered for the Tag der Bildung. Whether you came or not, your anonymous answers help "
                     "us plan."),
        "questions": [("attended", True), ("registration_ease", False), ("information_before", False),
                      ("absence_reason", False), ("heard_via", False), (GROUP_QUESTION_KEY, False),
                      ("would_recommend", False), ("comments", False)],
    },
    (EditionFormat.COUNCIL, Audience.COUNCIL_MEMBERS): {
        "title": "Rückmeldung zur Sitzung der Bildungskonferenz",
        "intro": ("Ihre Einschätzung hilft dem Lenkungskreis und dem Bildungsbüro, die nächste Sitzung "
                  "vorzubereiten. Die Antworten sind anonym."),
        "title_en": "Feedback on the meeting of the Bildungskonferenz",
        "intro_en": ("Your view helps the steering group and the education office prepare the next meeting. The "
                     "answers are anonymous."),
        "questions": [("meeting_usefulness", True), ("recommendations_relevance", False),
                      ("preparation_documents", False), ("time_for_discussion", False), ("comments", False)],
    },
}


def template_keys(format: EditionFormat) -> set[str]:
    """Every question key a format's templates use."""
    return {key for (fmt, _), template in TEMPLATES.items() if fmt == format for key, _ in template["questions"]}
