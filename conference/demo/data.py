"""The demo series: a plausible German Bildungskonferenz from 2019 on. Data only, no logic."""

# (number, format, (year, month, day), theme, status)
EDITIONS = [
    (15, "open_day", (2019, 9, 14), "Bildung im digitalen Zeitalter", "archived"),
    (16, "council", (2020, 3, 4), "Übergang von der Kita in die Grundschule", "archived"),
    (17, "council", (2020, 11, 11), "Lernen auf Distanz – was bleibt?", "archived"),
    (18, "council", (2021, 3, 10), "Bildungsgerechtigkeit nach der Pandemie", "archived"),
    (19, "open_day", (2021, 9, 18), "Lernen überall – Bildung im Quartier", "archived"),
    (20, "council", (2022, 3, 16), "Ganztag an Grundschulen vorbereiten", "evaluated"),
    (21, "council", (2022, 11, 9), "Sprachförderung von Anfang an", "evaluated"),
    (22, "council", (2023, 3, 15), "Berufliche Orientierung stärken", "evaluated"),
    (23, "open_day", (2023, 9, 16), "Demokratie leben und lernen", "evaluated"),
    (24, "council", (2024, 3, 13), "Inklusion in Kita und Schule", "evaluated"),
    (25, "council", (2024, 11, 13), "Fachkräfte für Bildung gewinnen", "evaluated"),
    (26, "council", (2025, 3, 12), "Mentale Gesundheit junger Menschen", "evaluated"),
    (27, "open_day", (2025, 9, 13), "Nachhaltig lernen – Bildung für morgen", "evaluated"),
    (28, "council", (2026, 3, 11), "Rechtsanspruch Ganztag 2026 – Stand der Umsetzung", "evaluated"),
    (29, "council", (2026, 11, 11), "Künstliche Intelligenz in Schule und Weiterbildung", "held"),
    (30, "council", (2027, 3, 10), "Übergang Schule – Beruf neu denken", "registration_open"),
    (31, "open_day", (2027, 5, 8), "Bildung gemeinsam gestalten", "registration_open"),
]

COUNCIL_HOURS = ((15, 0), (18, 0))
OPEN_DAY_HOURS = ((11, 0), (16, 0))
OPEN_DAY_SLOTS = [((11, 0), (11, 45)), ((12, 0), (12, 45)), ((13, 0), (13, 45)), ((14, 0), (14, 45)),
                  ((15, 0), (15, 45))]

# name, address, [(room, capacity, step_free, equipment)]
COUNCIL_VENUES = [
    ("Rathaus", "Marktplatz 1", [
        ("Ratssaal", 80, True, ["Beamer", "Mikrofonanlage", "Induktionsschleife"]),
        ("Sitzungszimmer A", 25, True, ["Bildschirm", "Flipchart"]),
        ("Sitzungszimmer B", 25, True, ["Bildschirm", "Flipchart"]),
    ]),
]
OPEN_DAY_VENUES = [
    ("Rathaus", "Marktplatz 1", [
        ("Ratssaal", 120, True, ["Beamer", "Mikrofonanlage", "Induktionsschleife"]),
        ("Sitzungssaal 1", 40, True, ["Beamer", "Flipchart"]),
        ("Sitzungssaal 2", 30, True, ["Bildschirm", "Flipchart"]),
        ("Foyer", 60, True, ["Strom"]),
    ]),
    ("Marktplatz", "Marktplatz", [
        ("Bühne", 150, True, ["Mikrofonanlage", "Strom"]),
        ("Zelt A", 50, True, ["Strom", "Stellwände"]),
        ("Zelt B", 50, True, ["Strom", "Stellwände"]),
        ("Zelt C", 30, True, ["Strom"]),
        ("Standmeile", 400, True, ["Strom"]),
    ]),
    ("Alte Kämmerei", "Kämmereigasse 3", [
        ("Großer Saal", 90, True, ["Beamer", "Mikrofonanlage"]),
        ("Seminarraum 1", 25, True, ["Beamer", "Flipchart"]),
        ("Seminarraum 2", 25, False, ["Flipchart"]),
        ("Seminarraum 3", 20, True, ["Bildschirm"]),
        ("Werkstatt", 16, False, ["Werkbänke", "Strom"]),
    ]),
]

# name, kind
ORGANISATIONS = [
    ("Städtische Gesamtschule Mitte", "school"), ("Gymnasium am Stadtpark", "school"),
    ("Grundschule Lindenweg", "school"), ("Grundschule Am Wasserturm", "school"),
    ("Realschule Nord", "school"), ("Förderschule Sonnenhang", "school"),
    ("Berufskolleg Technik und Wirtschaft", "school"), ("Hauptschule Ostviertel", "school"),
    ("AWO Kita Sonnenschein", "kita"), ("Ev. Familienzentrum Regenbogen", "kita"),
    ("Kath. Kita St. Marien", "kita"), ("Städtische Kita Pusteblume", "kita"),
    ("Jugendamt der Stadt", "youth_services"), ("Jugendzentrum Alte Post", "youth_services"),
    ("Caritasverband", "welfare"), ("Diakonie", "welfare"), ("Deutsches Rotes Kreuz, Kreisverband", "welfare"),
    ("Volkshochschule", "adult_education"), ("Stadtbibliothek", "culture"), ("Musikschule", "culture"),
    ("Stadtmuseum", "culture"), ("Theater am Markt", "culture"),
    ("Industrie- und Handelskammer", "business"), ("Kreishandwerkerschaft", "business"),
    ("Agentur für Arbeit", "public"), ("Jobcenter", "public"),
    ("Kommunales Integrationszentrum", "public"), ("Schulpsychologische Beratungsstelle", "public"),
    ("Schulamt für die Stadt", "school_supervision"), ("Bezirksregierung, Schulaufsicht", "school_supervision"),
    ("Hochschule für Angewandte Wissenschaften", "university"),
    ("Universität, Zentrum für Lehrerbildung", "university"),
    ("Stadtsportbund", "association"), ("Naturschutzzentrum", "association"),
    ("Verbraucherzentrale, Beratungsstelle", "association"), ("Medienzentrum", "public"),
    ("Stadtelternrat", "parents"), ("Stadtschülerschaft", "students"), ("Zukunftswerkstatt MINT e. V.", "association"),
    ("Lesepaten e. V.", "association"), ("Bürgerstiftung", "association"), ("Stadtwerke", "business"),
]

# title, kind, topics, target groups, needs registration
OFFERS = [
    ("Programmieren mit dem Calliope mini", "workshop", ["digital", "stem"], ["primary", "teachers"], True),
    ("Roboter bauen für Einsteiger", "hands_on", ["stem", "digital"], ["secondary"], True),
    ("Sprachschatz: Lesen von Anfang an", "talk", ["language"], ["kita", "parents"], False),
    ("Vorlesen in vielen Sprachen", "hands_on", ["language", "culture"], ["kita", "parents"], False),
    ("Bewerbungsmappe-Check", "workshop", ["transition"], ["secondary", "vocational"], True),
    ("Ausbildung im Handwerk: Mitmachparcours", "stand", ["transition"], ["secondary", "parents"], False),
    ("Klassenrat einführen", "workshop", ["democracy"], ["teachers", "primary"], True),
    ("Jugend debattiert – Schnupperrunde", "workshop", ["democracy"], ["secondary"], True),
    ("Inklusive Bewegungsspiele", "hands_on", ["inclusion", "health"], ["kita", "primary"], False),
    ("Leichte Sprache im Schulalltag", "talk", ["inclusion", "language"], ["teachers"], False),
    ("Achtsamkeit im Klassenzimmer", "workshop", ["health"], ["teachers"], True),
    ("Erste Hilfe für Kinderseelen", "talk", ["health"], ["parents", "teachers"], False),
    ("Klimaschule werden – so geht's", "presentation", ["sustainability"], ["teachers", "secondary"], False),
    ("Bienen, Boden, Beete: Schulgarten", "hands_on", ["sustainability", "stem"], ["primary", "kita"], False),
    ("Theater spielen ohne Worte", "workshop", ["culture", "inclusion"], ["primary", "secondary"], True),
    ("Musik für alle: Instrumentenkarussell", "hands_on", ["culture"], ["kita", "primary"], False),
    ("Ganztag gemeinsam planen", "talk", ["all_day"], ["teachers", "youth_work"], False),
    ("Kooperation Schule und Sportverein", "presentation", ["all_day", "health"], ["youth_work", "teachers"], False),
    ("KI im Unterricht: Chancen und Grenzen", "talk", ["digital"], ["teachers", "adult"], False),
    ("Fake News erkennen", "workshop", ["digital", "democracy"], ["secondary", "adult"], True),
    ("Medienkompetenz für Eltern", "talk", ["digital"], ["parents"], False),
    ("Tablet-Klassen: Erfahrungen aus drei Jahren", "presentation", ["digital"], ["teachers"], False),
    ("Mathe zum Anfassen", "hands_on", ["stem"], ["primary"], False),
    ("Experimente mit Wasser", "hands_on", ["stem", "sustainability"], ["kita", "primary"], False),
    ("Berufe der Zukunft: Energiewende", "stand", ["transition", "sustainability"], ["secondary"], False),
    ("Studieren ohne Abitur?", "talk", ["transition"], ["adult", "vocational"], False),
    ("Weiterbildung für Beschäftigte in Kitas", "presentation", ["language", "inclusion"], ["kita", "adult"], False),
    ("Elterncafé: Übergang in die weiterführende Schule", "talk", ["transition"], ["parents"], False),
    ("Schulsozialarbeit stellt sich vor", "stand", ["health", "inclusion"], ["parents", "youth_work"], False),
    ("Demokratie-Werkstatt für Kinder", "workshop", ["democracy"], ["primary"], True),
    ("Stadtgeschichte entdecken", "hands_on", ["culture", "democracy"], ["primary", "secondary"], False),
    ("Lernort Bibliothek", "stand", ["language", "digital"], ["public"], False),
    ("Deutsch lernen im Quartier", "presentation", ["language", "inclusion"], ["adult"], False),
    ("Gesunde Pause: Kochen mit Kindern", "hands_on", ["health", "sustainability"], ["primary", "parents"], True),
    ("Sicher im Netz", "workshop", ["digital"], ["secondary", "parents"], True),
    ("Die Sprach-Kita stellt sich vor", "stand", ["language"], ["kita", "parents"], False),
    ("Bildungsberatung für Zugewanderte", "stand", ["inclusion", "transition"], ["adult"], False),
    ("Podcast-Werkstatt", "workshop", ["digital", "culture"], ["secondary"], True),
    ("Lernen durch Engagement", "presentation", ["democracy", "all_day"], ["teachers", "youth_work"], False),
    ("Nachhaltig einkaufen – Schülerfirma", "stand", ["sustainability"], ["secondary", "public"], False),
]

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo password, used only by seed-demo
DEMO_USERS = [
    ("admin@example.org", "admin", "Alex Admin", None),
    ("organiser@example.org", "organiser", "Olga Organisatorin", None),
    ("analyst@example.org", "analyst", "Ana Analytikerin", None),
    ("reviewer@example.org", "reviewer", "Rüdiger Reviewer", None),
    ("provider@example.org", "provider", "Petra Partnerin", "Volkshochschule"),
]
