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
# Who signs the certificates of attendance of every Tag der Bildung: name, role.
CERTIFICATE_SIGNATORY = ("Dr. Miriam Hollstein", "Leiterin des Regionalen Bildungsbüros")

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

# Visitors and co-presenters
FIRST_NAMES = ["Anna", "Ben", "Clara", "Deniz", "Elif", "Finn", "Greta", "Hamza", "Ida", "Jonas", "Kübra", "Lena",
               "Milan", "Nora", "Ole", "Paula", "Rafael", "Sara", "Tim", "Yara"]
LAST_NAMES = ["Schmidt", "Yılmaz", "Müller", "Nowak", "Becker", "Hoffmann", "Kaya", "Wagner", "Schulz", "Fischer"]

# More visitors for the Tag der Bildung that booked its workshops by ranked preference.
MORE_FIRST_NAMES = ["Alina", "Bastian", "Carina", "Dominik", "Emilia", "Fatma", "Georg", "Hannah", "Ilias", "Jana",
                    "Katharina", "Lukas", "Marie", "Niklas", "Olga", "Philipp", "Rabia", "Simon", "Theresa", "Ulrike",
                    "Vincent", "Wiebke", "Zeynep", "Matthias", "Sabine", "Thomas", "Anja", "Stefan", "Birgit",
                    "Mehmet"]
MORE_LAST_NAMES = ["Weber", "Meyer", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
                   "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Demir", "Şahin",
                   "Kowalski", "Popescu", "Jansen", "Vogel"]

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo password, used only by seed-demo
DEMO_USERS = [
    ("admin@example.org", "admin", "Alex Admin", None),
    ("organiser@example.org", "organiser", "Olga Organisatorin", None),
    ("analyst@example.org", "analyst", "Ana Analytikerin", None),
    ("reviewer@example.org", "reviewer", "Rüdiger Reviewer", None),
    ("provider@example.org", "provider", "Petra Partnerin", "Volkshochschule"),
    # More reviewers for the calls for offers; the one from a partner institution never reviews
    # her own organisation's offers (conflict of interest).
    ("reviewer2@example.org", "reviewer", "Regina Roth", None),
    ("reviewer3@example.org", "reviewer", "Kemal Aydın", None),
    ("reviewer4@example.org", "reviewer", "Sabine Lorenz", "Stadtbibliothek"),
]
# An analyst locked out after too many wrong passwords, so that the administrators' account page
# (/manage/accounts/) has a lock to show and lift. Not among DEMO_USERS: she cannot sign in until unlocked.
LOCKED_DEMO_USER = ("locked@example.org", "analyst", "Lena Lindner")

# --- The call for offers of each Tag der Bildung --------------------------------------------------

CALL_INTRO = (
    "Der Tag der Bildung lebt von seinen Partnern: Kitas, Schulen, Vereine, Beratungsstellen, Kultur- und "
    "Weiterbildungseinrichtungen zeigen, was Bildung in unserer Stadt ausmacht. Das Leitthema lautet "
    "„{theme}“. Reichen Sie Ihr Angebot ein – Workshop, Vortrag, Präsentation, Mitmachaktion oder Stand. "
    "Eine Jury aus dem Bildungsbüro und externen Fachleuten bewertet alle Angebote nach den unten genannten "
    "Kriterien; über die Aufnahme ins Programm informieren wir Sie nach Ablauf der Frist."
)

# label, description, weight
CALL_CRITERIA = [
    ("Relevanz für die Zielgruppe", "Spricht das Angebot die genannten Zielgruppen an und ist es für sie nützlich?", 2),
    ("Qualität des Konzepts", "Sind Ziel, Ablauf und Methoden klar und im Zeitrahmen umsetzbar?", 1),
    ("Beitrag zum Leitthema", "Wie gut greift das Angebot das Leitthema des Tages auf?", 1),
]

# A sentence per kind that completes the abstract of an offer.
OFFER_KIND_TEXT = {
    "workshop": "Im Workshop probieren die Teilnehmenden selbst aus und nehmen Material für die Praxis mit.",
    "talk": "Ein Vortrag mit anschließender Fragerunde; Vorkenntnisse sind nicht nötig.",
    "presentation": "Wir stellen unser Projekt vor und berichten von Erfahrungen, Stolpersteinen und Ergebnissen.",
    "stand": "Am Stand beraten wir den ganzen Tag, verteilen Material und beantworten Fragen.",
    "hands_on": "Eine Mitmachaktion für Groß und Klein: einfach vorbeikommen und mitmachen.",
}

# Offers that did not make it into a programme (or are still open): title, kind, topics, target groups, abstract
MORE_OFFERS = [
    ("Escape Room Mathematik", "hands_on", ["stem"], ["secondary"],
     "Knifflige Rätsel, die sich nur mit Mathematik lösen lassen – in Teams gegen die Uhr."),
    ("Lesen mit Hund", "hands_on", ["language"], ["primary"],
     "Kinder lesen einem ausgebildeten Lesehund vor und gewinnen so Sicherheit beim Lesen."),
    ("Elternabend digital gestalten", "workshop", ["digital"], ["teachers", "parents"],
     "Wie Elternabende online oder hybrid gelingen und mehr Familien erreichen."),
    ("Mehrsprachigkeit als Ressource", "talk", ["language", "inclusion"], ["kita", "teachers"],
     "Warum Familiensprachen beim Deutschlernen helfen und wie Kitas sie einbeziehen können."),
    ("Schülerzeitung 2.0", "workshop", ["digital", "democracy"], ["secondary"],
     "Von der Idee zum Online-Magazin: Recherche, Schreiben und Veröffentlichen im Team."),
    ("Upcycling-Werkstatt", "hands_on", ["sustainability", "culture"], ["primary", "public"],
     "Aus Verpackungen und Stoffresten entstehen Taschen, Spiele und Kunstwerke."),
    ("Bewegte Pause für alle", "presentation", ["health", "inclusion"], ["teachers", "primary"],
     "Ein Konzept für Pausenhöfe, auf denen sich alle Kinder gern bewegen."),
    ("Gewaltfreie Kommunikation im Kollegium", "workshop", ["health"], ["teachers"],
     "Konflikte im Team ansprechen, ohne zu verletzen – Grundlagen und Übungen."),
    ("Berufsorientierung mit VR-Brillen", "stand", ["transition", "digital"], ["secondary"],
     "Ausbildungsberufe in virtueller Realität erleben: vom Kfz-Betrieb bis zur Pflegestation."),
    ("Kinderrechte in der Kita", "talk", ["democracy"], ["kita"],
     "Wie schon die Kleinsten mitbestimmen können – Beispiele aus dem Kita-Alltag."),
    ("Trickfilm-Studio", "workshop", ["digital", "culture"], ["primary"],
     "Mit Tablets und Knete entstehen kurze Stop-Motion-Filme."),
    ("Sprachcafé für Eltern", "hands_on", ["language", "inclusion"], ["parents", "adult"],
     "Ins Gespräch kommen, Deutsch üben, Fragen zur Schule stellen – bei Kaffee und Kuchen."),
    ("Energiedetektive an der Grundschule", "presentation", ["sustainability", "stem"], ["primary", "teachers"],
     "Kinder messen Strom- und Wärmeverbrauch ihrer Schule und schlagen Verbesserungen vor."),
    ("Ausbildungsbotschafter berichten", "talk", ["transition"], ["secondary", "parents"],
     "Junge Auszubildende erzählen von ihrem Weg in den Beruf."),
    ("Philosophieren mit Kindern", "workshop", ["democracy", "language"], ["kita", "primary"],
     "Große Fragen, kleine Denker: Gesprächsrunden, die Neugier und Zuhören fördern."),
    ("Digitale Lernplattformen im Vergleich", "presentation", ["digital"], ["teachers"],
     "Drei Plattformen, drei Schulen: was sich im Alltag bewährt hat."),
    ("Trommeln ohne Grenzen", "hands_on", ["culture", "inclusion"], ["public"],
     "Gemeinsam trommeln – ohne Noten, ohne Vorkenntnisse, für jedes Alter."),
    ("Lerncoaching für Jugendliche", "workshop", ["health", "transition"], ["secondary"],
     "Lernstrategien, Zeitplanung und Motivation vor Prüfungen."),
    ("Queere Jugendliche an Schulen stärken", "talk", ["inclusion", "health"], ["teachers", "youth_work"],
     "Was Schulen für ein offenes und sicheres Klima tun können."),
    ("Forschen im Wald", "hands_on", ["sustainability", "stem"], ["kita", "primary"],
     "Lupe, Becherglas und Bestimmungsbuch: Natur entdecken direkt vor der Haustür."),
    ("Schach macht schlau", "hands_on", ["stem"], ["primary", "secondary"],
     "Schnupperpartien und Rätsel für Einsteiger und Fortgeschrittene."),
    ("Finanzbildung für junge Erwachsene", "workshop", ["transition"], ["vocational", "adult"],
     "Erstes Gehalt, erste Wohnung, erster Vertrag – worauf es ankommt."),
    ("Hausaufgabenhilfe im Quartier", "stand", ["all_day", "inclusion"], ["parents", "primary"],
     "Ehrenamtliche stellen ihr Angebot vor und suchen Verstärkung."),
    ("Programmieren mit Scratch", "workshop", ["digital", "stem"], ["primary"],
     "Eigene Spiele und Animationen mit Bausteinen programmieren."),
    ("Inklusion im Sportverein", "presentation", ["inclusion", "health"], ["youth_work", "public"],
     "Wie Vereine Kinder mit und ohne Behinderung gemeinsam trainieren."),
    ("Zeitzeugen im Gespräch", "talk", ["democracy", "culture"], ["secondary", "adult"],
     "Erinnerungen an Mauerfall und Wiedervereinigung – und Fragen der Jugend von heute."),
    ("Tüftelwerkstatt Elektronik", "hands_on", ["stem"], ["secondary"],
     "Löten, Schalten, Leuchten: kleine Elektronikprojekte zum Mitnehmen."),
    ("Kita-Einstieg für Familien mit Fluchterfahrung", "stand", ["inclusion", "language"], ["parents"],
     "Beratung in mehreren Sprachen zu Anmeldung, Betreuung und Eingewöhnung."),
    ("Ganztag: Kooperation mit Musikschulen", "presentation", ["all_day", "culture"], ["teachers", "youth_work"],
     "Instrumentalunterricht im Ganztag – ein Modell aus drei Grundschulen."),
    ("Lernwerkstatt Deutsch als Zweitsprache", "workshop", ["language"], ["teachers"],
     "Material und Methoden für den Unterricht in Willkommens- und Regelklassen."),
    ("Medienscouts stellen sich vor", "stand", ["digital"], ["secondary", "parents"],
     "Schülerinnen und Schüler beraten Gleichaltrige zu Social Media und Datenschutz."),
    ("Klimafrühstück", "hands_on", ["sustainability", "health"], ["public"],
     "Regional, saisonal, lecker: ein Frühstück, das über Klima und Ernährung ins Gespräch bringt."),
    ("Resilienz stärken in der Grundschule", "talk", ["health"], ["teachers", "parents"],
     "Was Kinder widerstandsfähig macht und wie Erwachsene sie dabei begleiten."),
    ("Praktikumsbörse", "stand", ["transition"], ["secondary", "vocational"],
     "Betriebe aus der Region bieten Praktikumsplätze an – direkt vor Ort bewerben."),
    ("Bilderbuchkino", "hands_on", ["language", "culture"], ["kita"],
     "Bilderbücher auf großer Leinwand, vorgelesen und gemeinsam besprochen."),
    ("Schule als Lebensraum gestalten", "workshop", ["all_day", "democracy"], ["teachers", "secondary"],
     "Schülerinnen, Schüler und Lehrkräfte planen gemeinsam Räume zum Lernen und Erholen."),
    ("Berufliche Weiterbildung mit Bildungsprämie", "talk", ["transition"], ["adult"],
     "Fördermöglichkeiten für Beschäftigte und wie man sie beantragt."),
    ("Stadtrallye der Demokratie", "hands_on", ["democracy"], ["primary", "secondary"],
     "An Stationen rund um das Rathaus erfahren Kinder, wie Stadtpolitik funktioniert."),
    ("Gebärdensprache zum Ausprobieren", "workshop", ["inclusion", "language"], ["public"],
     "Erste Gebärden lernen und erleben, wie Verständigung ohne Worte gelingt."),
    ("Künstliche Intelligenz verstehen", "workshop", ["digital", "stem"], ["secondary", "adult"],
     "Was steckt hinter Chatbots und Bilderkennung? Experimente ohne Vorkenntnisse."),
    ("Familienbildung vor Ort", "stand", ["health", "inclusion"], ["parents"],
     "Kurse, Beratung und Treffpunkte für Familien im Stadtteil."),
    ("Improvisationstheater für Jugendliche", "workshop", ["culture", "health"], ["secondary"],
     "Spontan sein, aufeinander reagieren, Fehler feiern – Übungen aus dem Improtheater."),
    ("Natur-Kita: Erfahrungen aus zehn Jahren", "presentation", ["sustainability"], ["kita"],
     "Was Kinder draußen lernen und wie der Alltag einer Natur-Kita aussieht."),
    ("Mädchen in MINT-Berufen", "talk", ["stem", "transition"], ["secondary", "parents"],
     "Ingenieurinnen und Informatikerinnen erzählen von Studium und Beruf."),
]

# Review comments, from poor (score 1–2) to strong (score 4–5).
REVIEW_COMMENTS = {
    "low": [
        "Das Konzept bleibt zu allgemein; Ablauf und Ziel sind nicht klar erkennbar.",
        "Passt kaum zum Leitthema, und die Zielgruppe ist sehr eng gefasst.",
        "Ähnliche Angebote gibt es bereits mehrfach; hier fehlt ein eigener Ansatz.",
        "Für 45 Minuten zu viel Inhalt, die Umsetzung wirkt nicht realistisch.",
    ],
    "mid": [
        "Solides Angebot; der Bezug zum Leitthema könnte deutlicher werden.",
        "Interessant für die Zielgruppe, der Ablauf ist aber noch etwas vage.",
        "Gute Idee, die Raum- und Materialfragen sollten vorab geklärt werden.",
        "Ordentlich, aber wenig überraschend – als Ergänzung denkbar.",
    ],
    "high": [
        "Sehr klares Konzept, passt hervorragend zum Leitthema.",
        "Praxisnah und lebendig; die Zielgruppe wird direkt angesprochen.",
        "Bewährter Partner mit überzeugendem Angebot – unbedingt aufnehmen.",
        "Originell und gut umsetzbar, spricht auch neue Besuchergruppen an.",
    ],
}

# What partners add under "notes" now and then.
OFFER_NOTES = [
    "Wir bringen eigene Tablets und einen Router mit.",
    "Bitte nicht vor 12 Uhr, unser Team kommt von einer anderen Veranstaltung.",
    "Wir brauchen einen Tisch und zwei Stühle, sonst nichts.",
    "Ein Wasseranschluss in der Nähe wäre hilfreich.",
    "Gern auch draußen, wenn das Wetter mitspielt.",
    "Zwei unserer Referentinnen nutzen einen Rollstuhl.",
    "Wir können das Angebot auch zweimal hintereinander durchführen.",
]

# --- One past Tag der Bildung booked its workshops by ranked preference ---------------------------

PREFERENCE_EDITION = 27
# Its workshops, each repeated in "Runde 2" to "Runde 4" in one room: key, title (an offer of OFFERS),
# room, how popular it was (relative weight). Every workshop in every round with one capacity is also
# the shape the allocation solves fastest (a flow instead of a 0/1 programme).
PREFERENCE_ROUNDS = (2, 3, 4)
PREFERENCE_WORKSHOPS = [
    ("roboter", "Roboter bauen für Einsteiger", "Werkstatt", 10),
    ("calliope", "Programmieren mit dem Calliope mini", "Seminarraum 3", 8),
    ("podcast", "Podcast-Werkstatt", "Seminarraum 1", 7),
    ("achtsamkeit", "Achtsamkeit im Klassenzimmer", "Seminarraum 2", 4),
    ("fake-news", "Fake News erkennen", "Sitzungssaal 1", 6),
    ("sicher-im-netz", "Sicher im Netz", "Sitzungssaal 2", 4),
    ("gesunde-pause", "Gesunde Pause: Kochen mit Kindern", "Zelt C", 5),
    ("schulgarten", "Bienen, Boden, Beete: Schulgarten", "Zelt A", 5),
    ("wasser", "Experimente mit Wasser", "Zelt B", 3),
]
# Which visitors lean to which workshops: role -> target groups of OFFERS they look for.
ROLE_INTERESTS = {
    "teacher": {"teachers", "primary", "secondary"}, "kita": {"kita", "primary"}, "parent": {"parents", "primary"},
    "youth_work": {"secondary", "youth_work"}, "student": {"secondary"}, "administration": {"teachers"},
    "business": {"secondary", "vocational"}, "other": set(),
}
ACCESSIBILITY_NEEDS = ["Ich nutze einen Rollstuhl.", "Bitte einen Platz in der Nähe der Tür.",
                       "Ich bin schwerhörig und brauche die Induktionsschleife."]
