"""The demo's feedback surveys: questions, which survey asks what, the trends the answers follow, comments
and the action items that moved them. Data only, no logic (see ``conference.demo.surveys``)."""

# --- Scale labels (one per point, from the lowest value up) ------------------------------------------------
# Version 1 of every key the bank's templates also define is written exactly as the bank writes it
# (conference/surveys/survey_templates.py), so that whichever comes first, the demo or the bank, the
# other finds the same question; the demo never imports the bank.

AGREEMENT = [
    {"de": "trifft überhaupt nicht zu", "en": "strongly disagree"},
    {"de": "trifft eher nicht zu", "en": "disagree"},
    {"de": "teils, teils", "en": "neither agree nor disagree"},
    {"de": "trifft eher zu", "en": "agree"},
    {"de": "trifft voll zu", "en": "strongly agree"},
]
SATISFACTION = [
    {"de": "sehr unzufrieden", "en": "very dissatisfied"},
    {"de": "eher unzufrieden", "en": "rather dissatisfied"},
    {"de": "teils, teils", "en": "neither"},
    {"de": "eher zufrieden", "en": "rather satisfied"},
    {"de": "sehr zufrieden", "en": "very satisfied"},
]
LIKELIHOOD = ([{"de": "überhaupt nicht wahrscheinlich", "en": "not at all likely"}]
              + [{"de": "", "en": ""} for _ in range(9)]
              + [{"de": "äußerst wahrscheinlich", "en": "extremely likely"}])
# German school grades: 1 is the best, so this scale runs "lower is better".
GRADES = [
    {"de": "1 – sehr gut", "en": "1 – very good"},
    {"de": "2 – gut", "en": "2 – good"},
    {"de": "3 – befriedigend", "en": "3 – satisfactory"},
    {"de": "4 – ausreichend", "en": "4 – sufficient"},
    {"de": "5 – mangelhaft", "en": "5 – poor"},
]
YES_NO_MAYBE = [{"value": "yes", "de": "Ja", "en": "Yes"}, {"value": "no", "de": "Nein", "en": "No"},
                {"value": "maybe", "de": "Vielleicht", "en": "Maybe"}]


def _options(*triples):
    return [{"value": value, "de": de, "en": en} for value, de, en in triples]


ROLES = _options(
    ("teacher", "Lehrkraft", "Teacher"), ("kita", "Kita / frühkindliche Bildung", "Early childhood (Kita)"),
    ("parent", "Eltern", "Parent"), ("youth_work", "Jugendhilfe", "Youth services"),
    ("administration", "Verwaltung", "Administration"), ("business", "Wirtschaft", "Business"),
    ("student", "Schülerin, Schüler oder Studierende", "Pupil or student"), ("other", "Sonstiges", "Other"))


def _likert(de, en, labels=None, **extra):
    return {"type": "likert_5", "de": de, "en": en, "labels": labels or AGREEMENT, **extra}


# --- The questions: key -> versions (version 1 first) ------------------------------------------------------
# type, de/en (text), and optionally help_de/help_en, labels (scale), options (choice), direction,
# comparable (with the version before).

QUESTIONS = {
    "overall_satisfaction": [_likert("Wie zufrieden sind Sie insgesamt mit der Veranstaltung?",
                                     "Overall, how satisfied are you with the event?", SATISFACTION)],
    # Not in the bank's templates: the demo's one question on the school-grade scale.
    "overall_grade": [_likert("Welche Schulnote geben Sie dem Tag der Bildung insgesamt?",
                              "Which school grade do you give the Tag der Bildung overall?", GRADES,
                              direction="lower_is_better",
                              help_de="1 = sehr gut, 5 = mangelhaft.", help_en="1 = very good, 5 = poor.")],
    "expectations_met": [_likert("Die Veranstaltung hat meine Erwartungen erfüllt.",
                                 "The event met my expectations.")],
    "session_rating": [{
        "type": "session_rating", "labels": SATISFACTION,
        "de": "Wie zufrieden waren Sie mit den Angeboten, die Sie besucht haben?",
        "en": "How satisfied were you with the sessions you attended?",
        "help_de": "Bitte bewerten Sie nur Angebote, an denen Sie teilgenommen haben.",
        "help_en": "Please rate only the sessions you took part in."}],
    "organisation": [_likert("Die Veranstaltung war gut organisiert.", "The event was well organised.")],
    "venue": [_likert("Die Veranstaltungsorte waren gut erreichbar und geeignet.",
                      "The venues were easy to reach and suitable.")],
    "catering": [
        _likert("Mit der Verpflegung war ich zufrieden.", "I was satisfied with the food and drinks."),
        # Asks about something else since the catering changed: not comparable with version 1.
        _likert("Das nachhaltige Verpflegungsangebot (regional, vegetarisch, Mehrweggeschirr) hat mich überzeugt.",
                "The sustainable catering (local, vegetarian, reusable tableware) convinced me.",
                comparable=False),
    ],
    "first_time": [{
        "type": "yes_no_maybe", "options": YES_NO_MAYBE,
        "de": "Waren Sie zum ersten Mal beim Tag der Bildung?",
        "en": "Was this your first time at the Tag der Bildung?",
        "help_de": "„Vielleicht“, wenn Sie es nicht mehr genau wissen.",
        "help_en": "“Maybe” if you no longer remember."}],
    "heard_via": [
        {"type": "multiple_choice", "de": "Wie haben Sie von der Veranstaltung erfahren?",
         "en": "How did you hear about the event?",
         "help_de": "Mehrfachnennungen möglich.", "help_en": "Choose all that apply.",
         "options": _options(
             ("press", "Presse", "Press"), ("social_media", "Social Media", "Social media"),
             ("school_kita", "Schule/Kita", "School or Kita"), ("poster", "Aushang/Plakat", "Notice or poster"),
             ("friends_colleagues", "Freunde/Kollegen", "Friends or colleagues"),
             ("by_chance", "zufällig vorbeigekommen", "Came by chance"), ("other", "Sonstiges", "Other"))},
        # Reworded with clearer labels, the same options: comparable.
        {"type": "multiple_choice", "comparable": True,
         "de": "Wie sind Sie auf den Tag der Bildung aufmerksam geworden?",
         "en": "How did you learn about the Tag der Bildung?",
         "help_de": "Mehrere Antworten möglich.", "help_en": "Choose all that apply.",
         "options": _options(
             ("press", "Zeitung oder Radio", "Newspaper or radio"),
             ("social_media", "Soziale Medien", "Social media"),
             ("school_kita", "Über Schule oder Kita (Elternbrief, Aushang, Klassenchat)",
              "Through a school or Kita (letter, notice, class chat)"),
             ("poster", "Plakat oder Flyer in der Stadt", "Poster or flyer in town"),
             ("friends_colleagues", "Familie, Freunde oder Kollegium", "Family, friends or colleagues"),
             ("by_chance", "Zufällig vorbeigekommen", "Came by chance"), ("other", "Sonstiges", "Other"))},
    ],
    "would_recommend": [{"type": "yes_no_maybe", "options": YES_NO_MAYBE,
                         "de": "Würden Sie die Veranstaltung weiterempfehlen oder wiederkommen?",
                         "en": "Would you recommend the event or come again?"}],
    "recommend_score": [{"type": "scale_0_10", "labels": LIKELIHOOD,
                         "de": "Wie wahrscheinlich ist es, dass Sie den Tag der Bildung Freunden oder Kollegen "
                               "empfehlen?",
                         "en": "How likely are you to recommend the Tag der Bildung to friends or colleagues?"}],
    "respondent_role": [{
        "type": "single_choice", "options": ROLES,
        "de": "In welcher Rolle waren Sie hier?", "en": "In which role did you attend?",
        "help_de": "Nur für die Auswertung nach Gruppen; Gruppen unter fünf Antworten werden nie gezeigt.",
        "help_en": "Only for the analysis by group; groups of fewer than five answers are never shown."}],
    "comments": [{
        "type": "free_text",
        "de": "Was möchten Sie uns noch mitteilen? Was sollen wir beim nächsten Mal anders machen?",
        "en": "Is there anything else you would like to tell us? What should we do differently next time?",
        "help_de": "Bitte keine Namen oder Angaben, die Personen erkennbar machen.",
        "help_en": "Please do not mention names or details that identify people."}],
    # Registrants (also those who did not come)
    "registration_ease": [_likert("Die Anmeldung war einfach.", "Registering was easy.")],
    # Not in the bank's templates: asked where workshops were allocated by ranked preference.
    "allocation_fair": [_likert("Die Vergabe der Workshopplätze nach Wunschliste war fair.",
                                "Allocating the workshop places by ranked preference was fair.")],
    "attended": [{
        "type": "single_choice", "de": "Haben Sie die Veranstaltung besucht?", "en": "Did you attend the event?",
        "options": _options(("fully", "Ja, die ganze Zeit", "Yes, all of it"),
                            ("partly", "Ja, teilweise", "Yes, part of it"), ("no", "Nein", "No"))}],
    "absence_reason": [{
        "type": "multiple_choice", "de": "Falls Sie nicht (ganz) dabei waren: Woran lag es?",
        "en": "If you did not attend (all of it): why not?",
        "help_de": "Mehrfachnennungen möglich.", "help_en": "Choose all that apply.",
        "options": _options(
            ("schedule", "Termin passte doch nicht", "The date no longer suited me"),
            ("illness", "Krankheit", "Illness"),
            ("fully_booked", "Gewünschte Angebote waren ausgebucht", "The sessions I wanted were fully booked"),
            ("travel", "Anreise zu aufwendig", "Too hard to get there"), ("other", "Sonstiges", "Other"))}],
    "information_before": [_likert("Vorab fühlte ich mich gut informiert (Programm, Orte, Zeiten).",
                                   "Beforehand I felt well informed (programme, places, times).")],
    # Partner institutions that offered sessions
    "turnout_satisfaction": [_likert(
        "Mit der Zahl der Besucherinnen und Besucher in unserem Angebot waren wir zufrieden.",
        "We were satisfied with the number of visitors to our session.")],
    "would_offer_again": [{"type": "yes_no_maybe", "options": YES_NO_MAYBE,
                           "de": "Würden Sie beim nächsten Tag der Bildung wieder ein Angebot machen?",
                           "en": "Would you offer a session at the next Tag der Bildung again?"}],
    "organisation_support": [_likert("Die Unterstützung durch das Bildungsbüro bei der Vorbereitung war gut.",
                                     "The Bildungsbüro supported us well in preparing.")],
    # Council members
    "meeting_usefulness": [_likert("Die Sitzung war für meine Arbeit nützlich.",
                                   "The meeting was useful for my work.")],
    "recommendations_relevance": [_likert("Die Empfehlungen der Konferenz sind für meine Institution relevant.",
                                          "The conference's recommendations are relevant to my institution.")],
    "preparation_documents": [_likert("Die Sitzungsunterlagen kamen rechtzeitig und haben mich gut vorbereitet.",
                                      "The meeting documents arrived in time and prepared me well.")],
    "time_for_discussion": [_likert("Es gab genug Zeit für Austausch und Diskussion.",
                                    "There was enough time for exchange and discussion.")],
}

# From which edition on a reworded key is asked in a newer version: key -> [(first edition, version)].
REWORDED = {"heard_via": [(23, 2)], "catering": [(27, 2)]}

# --- Which survey asks what: audience -> [(key, required)] in order, as the bank's templates do -----------

KEYS = {
    "visitors": [("overall_satisfaction", True), ("overall_grade", False), ("expectations_met", False),
                 ("session_rating", False), ("organisation", False), ("venue", False), ("catering", False),
                 ("first_time", False), ("heard_via", False), ("would_recommend", False),
                 ("recommend_score", False), ("respondent_role", False), ("comments", False)],
    "providers": [("overall_satisfaction", True), ("turnout_satisfaction", False), ("organisation_support", False),
                  ("organisation", False), ("venue", False), ("would_offer_again", False), ("comments", False)],
    "registrants": [("attended", True), ("registration_ease", False), ("allocation_fair", False),
                    ("information_before", False), ("absence_reason", False), ("heard_via", False),
                    ("respondent_role", False), ("would_recommend", False), ("comments", False)],
    "council_members": [("meeting_usefulness", True), ("recommendations_relevance", False),
                        ("preparation_documents", False), ("time_for_discussion", False), ("comments", False)],
}
# Keys an edition did not ask yet or no more: (audience, edition) -> keys. The first day had no
# returning visitors; the 0–10 recommendation score replaced yes/no/maybe from 23 on (both at 23).
NOT_ASKED = {("visitors", 15): {"first_time", "recommend_score"}, ("visitors", 19): {"recommend_score"},
             ("visitors", 27): {"would_recommend"}}
# Asked only of those who did not come to everything they booked.
CONDITIONAL = {"absence_reason": ("attended", {"partly", "no"})}

TITLES = {
    "visitors": "Ihre Meinung zum Tag der Bildung",
    "providers": "Rückmeldung der Anbieter zum Tag der Bildung",
    "registrants": "Kurze Umfrage zu Ihrer Anmeldung",
    "council_members": "Rückmeldung zur Sitzung der Bildungskonferenz",
}
INTROS = {
    "visitors": ("Vielen Dank, dass Sie beim Tag der Bildung waren! Ihre Antworten sind anonym und helfen uns, "
                 "den nächsten Tag der Bildung besser zu machen. Das dauert etwa fünf Minuten."),
    "providers": ("Sie haben den Tag der Bildung mit einem Angebot bereichert – vielen Dank! Bitte sagen Sie uns, "
                  "wie es für Ihre Einrichtung lief. Die Antworten sind anonym."),
    "registrants": ("Sie hatten sich zum Tag der Bildung angemeldet. Ob Sie dabei waren oder nicht: Ihre anonymen "
                    "Antworten helfen uns bei der Planung."),
    "council_members": ("Ihre Einschätzung hilft dem Lenkungskreis und dem Bildungsbüro, die nächste Sitzung "
                        "vorzubereiten. Die Antworten sind anonym."),
}

# --- Volumes and timing ----------------------------------------------------------------------------------

VISITOR_RESPONSES = {15: 322, 19: 348, 23: 309, 27: 417}
# Of the people invited, the share that answers: (lowest, highest); the council at least 25 where possible.
RATES = {"providers": (0.55, 0.7), "registrants": (0.33, 0.42), "council_members": (0.78, 0.92)}
COUNCIL_MIN_RESPONSES = 25
# Visitors who rate sessions, and how many sessions each picks.
SESSION_RATERS = 0.85
SESSIONS_PICKED = (1, 3)
# Stands are visited in passing: they weigh less than their walk-in count when visitors pick sessions.
STAND_WEIGHT = 0.2
# Share of respondents who skip an optional question; and who do not say their role.
SKIP = 0.05
NO_ROLE = 0.06
# The window opens when the event ends and runs this many weeks; reminders go out after a week.
SURVEY_WEEKS = {"open_day": 4, "council": 2}
REMINDER_AFTER_DAYS = 7
# Open link: the share answering on the day itself (QR posters at the exits).
ON_THE_DAY = 0.55
# Personal links: the mean delay in days before answering; a share answers only after the reminder.
ANSWER_DELAY_DAYS = 2.5
AFTER_REMINDER = 0.3

# --- Trends: the mean each edition's answers scatter around ------------------------------------------------
# (audience, key) -> {edition: mean}: Likert on 1–5 (grades: 1 is best), recommend_score on 0–10.

MEANS = {
    ("visitors", "overall_satisfaction"): {15: 3.75, 19: 3.85, 23: 3.9, 27: 4.15},
    ("visitors", "overall_grade"): {15: 2.45, 19: 2.35, 23: 2.35, 27: 2.05},
    ("visitors", "expectations_met"): {15: 3.5, 19: 3.65, 23: 3.7, 27: 3.95},
    ("visitors", "session_rating"): {15: 3.9, 19: 4.0, 23: 4.0, 27: 4.2},
    ("visitors", "organisation"): {15: 3.45, 19: 3.7, 23: 3.75, 27: 3.95},
    # The Marktplatz in the rain (23); tents with walls and rooms to move into (27).
    ("visitors", "venue"): {15: 3.95, 19: 4.05, 23: 2.95, 27: 4.1},
    ("visitors", "catering"): {15: 3.3, 19: 3.4, 23: 3.2, 27: 4.0},
    ("visitors", "recommend_score"): {23: 7.4, 27: 8.1},
    # Partners found the turnout too low in 2019; the programme went out earlier, then schools advertised.
    ("providers", "overall_satisfaction"): {15: 3.4, 19: 3.7, 23: 3.85, 27: 4.1},
    ("providers", "turnout_satisfaction"): {15: 2.6, 19: 3.2, 23: 3.8, 27: 3.95},
    ("providers", "organisation_support"): {15: 3.6, 19: 3.8, 23: 3.85, 27: 4.1},
    ("providers", "organisation"): {15: 3.5, 19: 3.7, 23: 3.7, 27: 3.9},
    ("providers", "venue"): {15: 3.8, 19: 3.9, 23: 3.0, 27: 4.0},
    ("registrants", "registration_ease"): {27: 4.2},
    ("registrants", "allocation_fair"): {27: 3.8},
    ("registrants", "information_before"): {27: 3.9},
    # The council: online in November 2020; documents two weeks ahead from 21; fewer reports, more
    # discussion from 24; recommendations prepared with their addressees from 25; the report as PDF at 29.
    ("council_members", "meeting_usefulness"): {16: 3.6, 17: 3.0, 18: 3.35, 20: 3.7, 21: 3.7, 22: 3.6, 24: 3.95,
                                                25: 4.0, 26: 4.0, 28: 4.1, 29: 4.15},
    ("council_members", "time_for_discussion"): {16: 2.9, 17: 2.45, 18: 2.7, 20: 2.8, 21: 2.7, 22: 2.55,
                                                 24: 3.65, 25: 3.8, 26: 3.75, 28: 3.9, 29: 3.95},
    ("council_members", "preparation_documents"): {16: 3.0, 17: 2.75, 18: 2.9, 20: 2.85, 21: 3.65, 22: 3.7,
                                                   24: 3.75, 25: 3.8, 26: 3.85, 28: 3.85, 29: 4.25},
    ("council_members", "recommendations_relevance"): {16: 3.4, 17: 3.3, 18: 3.45, 20: 3.5, 21: 3.55, 22: 3.45,
                                                       24: 3.5, 25: 4.0, 26: 4.0, 28: 4.1, 29: 4.05},
}
# How far one respondent's answer scatters around the mean (Likert points; 0–10 doubles it).
SPREAD = 0.75
# How much a respondent's general mood moves all their answers.
MOOD = 0.45
# A session's quality, give or take, around the edition's session_rating mean.
SESSION_QUALITY = 0.5
# Groups that answer a little better or worse than the mean (Likert points).
GROUP_EFFECT = {"parent": 0.1, "kita": 0.1, "business": -0.25, "administration": -0.1, "student": 0.05}

# Choice shares: (audience, key) -> {edition: {code: share}}. Multiple choice: the chance that each
# option is ticked (at least one is).
SHARES = {
    ("visitors", "heard_via"): {
        15: {"press": 0.3, "social_media": 0.14, "school_kita": 0.12, "poster": 0.25, "friends_colleagues": 0.27,
             "by_chance": 0.43, "other": 0.05},
        19: {"press": 0.27, "social_media": 0.22, "school_kita": 0.14, "poster": 0.22, "friends_colleagues": 0.28,
             "by_chance": 0.36, "other": 0.05},
        23: {"press": 0.24, "social_media": 0.25, "school_kita": 0.41, "poster": 0.2, "friends_colleagues": 0.29,
             "by_chance": 0.24, "other": 0.04},
        27: {"press": 0.22, "social_media": 0.28, "school_kita": 0.46, "poster": 0.18, "friends_colleagues": 0.31,
             "by_chance": 0.17, "other": 0.04},
    },
    ("registrants", "heard_via"): {27: {"press": 0.2, "social_media": 0.25, "school_kita": 0.5, "poster": 0.12,
                                        "friends_colleagues": 0.3, "by_chance": 0.03, "other": 0.05}},
    ("visitors", "first_time"): {19: {"yes": 0.54, "no": 0.42, "maybe": 0.04},
                                 23: {"yes": 0.5, "no": 0.46, "maybe": 0.04},
                                 27: {"yes": 0.43, "no": 0.53, "maybe": 0.04}},
    ("visitors", "would_recommend"): {15: {"yes": 0.66, "maybe": 0.25, "no": 0.09},
                                      19: {"yes": 0.71, "maybe": 0.22, "no": 0.07},
                                      23: {"yes": 0.68, "maybe": 0.23, "no": 0.09}},
    ("registrants", "would_recommend"): {27: {"yes": 0.74, "maybe": 0.2, "no": 0.06}},
    ("visitors", "respondent_role"): {
        15: {"teacher": 0.22, "kita": 0.08, "parent": 0.29, "youth_work": 0.07, "administration": 0.06,
             "business": 0.04, "student": 0.1, "other": 0.14},
        19: {"teacher": 0.22, "kita": 0.09, "parent": 0.3, "youth_work": 0.07, "administration": 0.05,
             "business": 0.04, "student": 0.11, "other": 0.12},
        23: {"teacher": 0.24, "kita": 0.12, "parent": 0.35, "youth_work": 0.06, "administration": 0.04,
             "business": 0.03, "student": 0.08, "other": 0.08},
        27: {"teacher": 0.24, "kita": 0.13, "parent": 0.37, "youth_work": 0.06, "administration": 0.04,
             "business": 0.03, "student": 0.07, "other": 0.06},
    },
    ("registrants", "respondent_role"): {27: {"teacher": 0.34, "kita": 0.16, "parent": 0.28, "youth_work": 0.08,
                                              "administration": 0.05, "business": 0.02, "student": 0.03,
                                              "other": 0.04}},
    ("providers", "would_offer_again"): {15: {"yes": 0.6, "maybe": 0.28, "no": 0.12},
                                         19: {"yes": 0.68, "maybe": 0.24, "no": 0.08},
                                         23: {"yes": 0.77, "maybe": 0.18, "no": 0.05},
                                         27: {"yes": 0.82, "maybe": 0.14, "no": 0.04}},
    ("registrants", "attended"): {27: {"fully": 0.74, "partly": 0.15, "no": 0.11}},
    ("registrants", "absence_reason"): {27: {"schedule": 0.35, "illness": 0.3, "fully_booked": 0.2, "travel": 0.08,
                                             "other": 0.12}},
}
# Share of respondents that leave a comment (capped by the number of comments below).
COMMENT_SHARE = {"visitors": 0.07, "providers": 0.3, "registrants": 0.12, "council_members": 0.2}
# How many comments of each survey an analyst has hidden: (lowest, highest).
HIDDEN = {"visitors": (1, 2), "providers": (0, 1), "registrants": (0, 0), "council_members": (0, 1)}

# --- Free-text comments (German, as people write them) ----------------------------------------------------

COMMENTS = {
    "visitors": [
        "Tolle Atmosphäre, die Kinder hatten viel Spaß an den Mitmachständen.",
        "Bitte mehr Angebote für Jugendliche ab 14.",
        "Die Workshops waren schnell voll – vielleicht kann man sich vorher anmelden?",
        "Sehr gute Mischung aus Information und Mitmachen.",
        "Ich hätte mir mehr Sitzgelegenheiten gewünscht.",
        "Die Wege zwischen den drei Orten waren nicht ausgeschildert.",
        "Super, dass der Eintritt frei ist!",
        "Mehr Angebote auf Englisch, Türkisch oder Arabisch wären schön.",
        "Die Vorträge im Ratssaal waren zu lang.",
        "Wir kommen nächstes Jahr wieder.",
        "Toiletten waren zu wenige, vor allem auf dem Marktplatz.",
        "Ein gedrucktes Programm am Eingang hat gefehlt.",
        "Für Kinder mit Rollstuhl war die Alte Kämmerei schwer zugänglich.",
        "Sehr freundliche Helferinnen und Helfer an den Infopunkten.",
        "Zu laut auf der Standmeile, man hat sich kaum verstanden.",
        "Ein Samstag ist ideal, da können auch berufstätige Eltern kommen.",
        "Bitte den Tag bis 17 Uhr verlängern.",
        "Ich habe viele Kontakte für meine Schule mitgenommen.",
        "Die Beratung zur weiterführenden Schule war sehr hilfreich.",
        "Das Angebot für Kita-Kinder war etwas dünn.",
        "Mehr Wickel- und Stillmöglichkeiten, bitte.",
        "Parkplätze waren Mangelware – Hinweis auf Bus und Bahn wäre gut.",
        "Schön, dass so viele Vereine dabei waren.",
        "Manche Stände waren schon um 15 Uhr abgebaut.",
    ],
    "providers": [
        "Die Standzuteilung kam sehr spät, wir konnten kaum planen.",
        "Gute Abstimmung mit dem Bildungsbüro, vielen Dank!",
        "Der Aufbau am Morgen war zu knapp bemessen.",
        "Strom am Stand hat gefehlt, obwohl wir ihn angemeldet hatten.",
        "Wir hatten mehr Besuch als erwartet – gern wieder.",
        "Ein Treffen der Partner vorab wäre hilfreich, um Angebote abzustimmen.",
        "Die Angebote nebenan waren zu laut für einen Workshop.",
        "Bitte die Verpflegung der Helferinnen und Helfer mitdenken.",
        "Schöne Gelegenheit zur Vernetzung mit anderen Trägern.",
        "Der Workshop-Raum war für 16 Personen zu klein.",
        "Die Beschilderung zu unserem Raum in der Alten Kämmerei fehlte.",
        "Das Helferteam am Infopunkt war immer ansprechbar – danke!",
        "45 Minuten pro Runde sind für einen Workshop knapp.",
        "Wir würden gern auch am Nachmittag einen zweiten Termin anbieten.",
        "Die Rückmeldung zur Annahme unseres Angebots kam spät.",
        "Parkmöglichkeiten zum Ausladen des Materials fehlten.",
        "Unser Angebot lag zeitgleich mit einem sehr ähnlichen – bitte besser abstimmen.",
        "Die Online-Einreichung war unkompliziert.",
    ],
    "registrants": [
        "Die Anmeldung ging schnell, die Bestätigung kam sofort.",
        "Ich habe meinen Erstwunsch bekommen, super!",
        "Schade, dass ich keinen meiner drei Wünsche bekommen habe.",
        "Ich musste leider kurzfristig absagen – eine Abmeldung per Link war praktisch.",
        "Die Erinnerungsmail zwei Tage vorher wäre hilfreich gewesen.",
        "Die Wunschliste war verständlich erklärt.",
        "Warum ist die Vergabe nicht einfach nach Anmeldezeitpunkt?",
        "Bitte auch Plätze für spontane Besucher freihalten.",
        "Ich war krank und konnte nicht kommen.",
        "Die Workshop-Beschreibungen könnten genauer sein.",
    ],
    "council_members": [
        "Gute Sitzung, endlich konkrete Ergebnisse.",
        "Die Berichte nehmen zu viel Zeit ein.",
        "Die Unterlagen kamen zu spät, um sie im Haus abzustimmen.",
        "Die Empfehlungen sollten konkreter sein, wer was bis wann tut.",
        "Bitte die Sitzung pünktlich beenden.",
        "Der Austausch in den Kleingruppen war sehr wertvoll.",
        "Mehr Beteiligung der Schülervertretung wäre wünschenswert.",
        "Die Moderation war souverän.",
        "Ich wünsche mir einen Rückblick, was aus früheren Empfehlungen geworden ist.",
        "Die Tischvorlage kam zu kurzfristig.",
        "Spannende Impulse aus der Praxis.",
        "Zu viele Themen für drei Stunden.",
        "Die Protokolle kamen schnell, vielen Dank.",
        "Ich hätte gern die Präsentationen vorab.",
        "Die Stimme der Kitas kommt zu kurz.",
        "Bitte Sitzungen nicht in die Herbstferien legen.",
        "Gute Vorbereitung durch das Bildungsbüro.",
        "Mehr Zeit für die Empfehlungen, weniger für das Formale.",
        "Der Ratssaal ist für Gruppenarbeit ungeeignet.",
        "Die Umsetzung früherer Empfehlungen sollte sichtbarer werden.",
        "Es wäre gut, vorab zu wissen, worüber abgestimmt wird.",
        "Hilfreich, dass Vertretungen gut eingebunden werden.",
    ],
}
# Comments an analyst has hidden (insulting, or naming someone): kept, but shown to nobody.
HIDDEN_COMMENTS = {
    "visitors": [
        "Die Frau am Stand der Verbraucherzentrale (blonde Haare, Name steht auf dem Schild) war total unfreundlich.",
        "So ein Quatsch, rausgeschmissenes Steuergeld, ihr Pfeifen.",
    ],
    "providers": ["Herr K. vom Nachbarstand hat sich ständig beschwert, das war unmöglich."],
    "registrants": [],
    "council_members": ["Die Beiträge von Herrn Dr. S. aus der Schulaufsicht waren wieder einmal überheblich.",
                        "Frau M. vom Stadtelternrat redet immer viel zu lange, das nervt alle.",
                        "Die Vorsitzende hat wieder nur ihre Lieblinge drangenommen."],
}
# Comments that belong to one edition: (audience, edition) -> comments.
EDITION_COMMENTS = {
    ("visitors", 15): ["Viele wussten gar nicht, dass heute Tag der Bildung ist – wir sind zufällig vorbeigekommen.",
                       "Das Thema Digitalisierung war genau richtig."],
    ("visitors", 19): ["Schön, nach der Pandemie wieder etwas gemeinsam zu erleben.",
                       "Die Abstandsregeln in den Sälen waren gut umgesetzt."],
    ("visitors", 23): ["Bei dem Regen war es auf dem Marktplatz ungemütlich, die Zelte waren völlig überfüllt.",
                       "Bitte einen Plan B für schlechtes Wetter!",
                       "Wir haben über die Kita vom Tag erfahren – tolle Idee.",
                       "Die Demokratie-Werkstatt für Kinder war großartig."],
    ("visitors", 27): ["Toll, dass es diesmal regionales und vegetarisches Essen gab.",
                       "Das Mehrweggeschirr hat gut funktioniert.",
                       "Mehr Schatten auf dem Marktplatz, es war sehr heiß.",
                       "Die Zelte mit Seitenwänden waren eine gute Idee."],
    ("providers", 15): ["Es kamen leider kaum Besucher zu unserem Workshop.",
                        "Die meisten Leute sind nur zufällig vorbeigekommen."],
    ("providers", 23): ["Trotz Regen gut besucht, die Schulen haben offenbar kräftig geworben."],
    ("council_members", 17): ["Die Videokonferenz war anstrengend, die Aussprache kam zu kurz.",
                              "Technisch hat es leider oft gehakt."],
    ("council_members", 22): ["Drei Berichte hintereinander – für die Diskussion blieben zehn Minuten."],
    ("council_members", 24): ["Viel besser: Die Berichte lagen schriftlich vor, und wir hatten Zeit zu reden."],
    ("council_members", 29): ["Der Sachstandsbericht als PDF vorab war sehr hilfreich."],
}

# --- Action items: (source, target, question key, metric, title, description, owner, status) --------------

ACTIONS = [
    (15, 19, "turnout_satisfaction", "", "Programmheft vier Wochen vorher an Partner und Presse",
     "Die Partner fanden den Besuch zu gering. Das Programm geht künftig vier Wochen vor dem Tag an alle "
     "Partner, die Presse und die Stadtteilbüros.", "Presse- und Öffentlichkeitsarbeit", "done"),
    (19, 23, "heard_via", "", "Werbung über Schulen und Kitas",
     "Vier von zehn Besucherinnen und Besuchern kamen zufällig vorbei. Elternbriefe, Aushänge und Hinweise in den "
     "Klassenchats aller Schulen und Kitas sollen gezielt einladen.", "Bildungsbüro mit dem Schulamt", "done"),
    (23, 27, "venue", "", "Schlechtwetterplan für den Marktplatz",
     "Der Regen hat die Bewertung der Orte einbrechen lassen. Zelte mit Seitenwänden und feste Ausweichräume in "
     "Rathaus und Alter Kämmerei.", "Veranstaltungsmanagement der Stadt", "done"),
    (23, 27, "catering", "", "Verpflegung neu: regional, vegetarisch, Mehrweg",
     "Passend zum Leitthema „Nachhaltig lernen“ wird die Verpflegung neu ausgeschrieben. Die Frage dazu wird neu "
     "formuliert und ist mit den früheren Ergebnissen nicht vergleichbar.", "Bildungsbüro", "done"),
    (27, 31, "venue", "", "Mehr Schatten und Sitzplätze auf dem Marktplatz",
     "Sonnensegel, Bänke und eine Wasserstelle an der Standmeile.", "Veranstaltungsmanagement der Stadt",
     "in_progress"),
    (27, 31, "", "no_shows", "Erinnerung an gebuchte Workshops zwei Tage vorher",
     "Wer einen Platz gebucht hat, bekommt zwei Tage vor dem Tag eine Erinnerung mit Link zum Abmelden, damit "
     "Plätze für die Warteliste frei werden.", "Bildungsbüro", "open"),
    (20, 21, "preparation_documents", "", "Sitzungsunterlagen zwei Wochen vor der Sitzung versenden",
     "Die Mitglieder konnten die Unterlagen nicht mehr in ihren Häusern abstimmen. Sie gehen künftig zwei Wochen "
     "vorher mit der Einladung hinaus.", "Regionales Bildungsbüro", "done"),
    (22, 24, "time_for_discussion", "", "Weniger Berichte, mehr Aussprache",
     "Berichte liegen schriftlich vor und werden nur kurz eingeführt; für die Aussprache zum Schwerpunkt sind "
     "mindestens 60 Minuten eingeplant.", "Lenkungskreis", "done"),
    (24, 25, "recommendations_relevance", "", "Empfehlungen mit den Adressaten vorbereiten",
     "Der Lenkungskreis stimmt Entwürfe der Empfehlungen vor der Sitzung mit Schulaufsicht, Schulträger und "
     "Jugendhilfe ab.", "Lenkungskreis", "done"),
    (28, 29, "preparation_documents", "", "Sachstandsbericht als barrierefreies PDF vorab veröffentlichen",
     "Der Bericht des Bildungsbüros steht eine Woche vor der Sitzung öffentlich zum Download bereit.",
     "Regionales Bildungsbüro", "done"),
    (29, 30, "time_for_discussion", "", "Themenforen in kleinen Gruppen erproben",
     "Drei parallele Foren in zwei Runden, damit alle zu Wort kommen.", "Lenkungskreis", "in_progress"),
    (29, 30, "recommendations_relevance", "", "Empfehlungen in Leichter Sprache zusammenfassen",
     "Jede Empfehlung bekommt eine kurze Zusammenfassung in Leichter Sprache für die Veröffentlichung.",
     "Regionales Bildungsbüro", "open"),
]
