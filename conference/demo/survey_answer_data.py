"""How the demo's respondents answered, and why: volumes and timing, the trends each key's answers follow,
choice shares, free-text comments, and the action items that moved the trends. Data only, no logic (see
``conference.demo.survey_responses``). What the surveys ask is in ``survey_question_data``."""

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
