"""What the demo's feedback surveys ask: scale labels, the questions with their versions, which survey asks
which keys in which edition, titles and intros. Data only, no logic (see ``conference.demo.surveys``).
How people answered is in ``survey_answer_data``."""

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
# Registrants were first asked for their view at the 27th (the first day booked by preference); earlier
# days had registrations too, but no survey for them.
REGISTRANTS_ASKED_FROM = 27
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
# The same in English, for those who read the site in English.
TITLES_EN = {
    "visitors": "Your view of the Tag der Bildung",
    "providers": "Partners' feedback on the Tag der Bildung",
    "registrants": "A short survey on your registration",
    "council_members": "Feedback on the meeting of the Bildungskonferenz",
}
INTROS_EN = {
    "visitors": ("Thank you for coming to the Tag der Bildung! Your answers are anonymous and help us make the next "
                 "one better. It takes about five minutes."),
    "providers": ("Your offer enriched the Tag der Bildung – thank you! Please tell us how it went for your "
                  "institution. The answers are anonymous."),
    "registrants": ("You registered for the Tag der Bildung. Whether you came or not, your anonymous answers help us "
                    "plan."),
    "council_members": ("Your view helps the steering group and the education office prepare the next meeting. The "
                        "answers are anonymous."),
}
