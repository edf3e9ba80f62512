"""The demo council's seats and people: the institutions, seat groups, terms, changes of holder and the
name lists. Data only, no logic.

Dates are (year, month, day) of the series as written in ``data.EDITIONS``; the seed moves them by
``year_shift`` together with the editions.
"""

# Institutions the council adds to the demo partners of ``data.ORGANISATIONS``: name, kind
ORGANISATIONS = [
    ("Sekundarschule Am Hellweg", "school"), ("Weiterbildungskolleg der Stadt", "school"),
    ("Elterninitiative Kinderhaus Wirbelwind e. V.", "kita"), ("Kindertagespflege in der Stadt e. V.", "kita"),
    ("Der Paritätische, Kreisgruppe", "welfare"), ("Stadtjugendring e. V.", "youth_services"),
    ("DGB-Stadtverband", "union"), ("Unternehmerverband der Region e. V.", "business"),
    ("Zentrum für schulpraktische Lehrerausbildung (ZfsL)", "university"),
    ("CDU-Fraktion im Rat der Stadt", "council_group"), ("SPD-Fraktion im Rat der Stadt", "council_group"),
    ("Fraktion Bündnis 90/Die Grünen im Rat der Stadt", "council_group"),
    ("FDP-Fraktion im Rat der Stadt", "council_group"), ("Fraktion Die Linke im Rat der Stadt", "council_group"),
    ("Fraktion Volt im Rat der Stadt", "council_group"), ("Integrationsrat der Stadt", "council_group"),
    ("Verbund der Migrantenorganisationen e. V.", "association"), ("Inklusionsbeirat der Stadt", "association"),
    ("Amt für Schule und Bildung", "public"),
]

# Seat groups in order: name, how often its seats are represented (share of meetings), and its seats
# as (label: what the seat stands for, unique; the organisation holding it).
SEAT_GROUPS = [
    ("Schulen", 0.74, [
        ("Grundschulen (1)", "Grundschule Lindenweg"),
        ("Grundschulen (2)", "Grundschule Am Wasserturm"),
        ("Hauptschulen", "Hauptschule Ostviertel"),
        ("Realschulen", "Realschule Nord"),
        ("Sekundarschulen", "Sekundarschule Am Hellweg"),
        ("Gesamtschulen", "Städtische Gesamtschule Mitte"),
        ("Gymnasien", "Gymnasium am Stadtpark"),
        ("Förderschulen", "Förderschule Sonnenhang"),
        ("Berufskollegs", "Berufskolleg Technik und Wirtschaft"),
        ("Weiterbildungskollegs", "Weiterbildungskolleg der Stadt"),
        ("Elternvertretung", "Stadtelternrat"),
        ("Schülervertretung", "Stadtschülerschaft"),
    ]),
    ("Kindertagesbetreuung", 0.70, [
        ("Städtische Kindertageseinrichtungen", "Städtische Kita Pusteblume"),
        ("Kitas der Arbeiterwohlfahrt", "AWO Kita Sonnenschein"),
        ("Evangelische Kitas", "Ev. Familienzentrum Regenbogen"),
        ("Katholische Kitas", "Kath. Kita St. Marien"),
        ("Elterninitiativen", "Elterninitiative Kinderhaus Wirbelwind e. V."),
        ("Kindertagespflege", "Kindertagespflege in der Stadt e. V."),
    ]),
    ("Jugendhilfe", 0.72, [
        ("Öffentliche Jugendhilfe", "Jugendamt der Stadt"),
        ("Offene Kinder- und Jugendarbeit", "Jugendzentrum Alte Post"),
        ("Freie Wohlfahrtspflege (Caritas)", "Caritasverband"),
        ("Freie Wohlfahrtspflege (Diakonie)", "Diakonie"),
        ("Freie Wohlfahrtspflege (DRK)", "Deutsches Rotes Kreuz, Kreisverband"),
        ("Freie Wohlfahrtspflege (Parität)", "Der Paritätische, Kreisgruppe"),
        ("Jugendverbände", "Stadtjugendring e. V."),
    ]),
    ("Wirtschaft und Kammern", 0.56, [
        ("Industrie und Handel", "Industrie- und Handelskammer"),
        ("Handwerk", "Kreishandwerkerschaft"),
        ("Arbeitsverwaltung", "Agentur für Arbeit"),
        ("Grundsicherung", "Jobcenter"),
        ("Gewerkschaften", "DGB-Stadtverband"),
        ("Arbeitgeberverbände", "Unternehmerverband der Region e. V."),
    ]),
    ("Hochschulen und Weiterbildung", 0.62, [
        ("Hochschule", "Hochschule für Angewandte Wissenschaften"),
        ("Universität", "Universität, Zentrum für Lehrerbildung"),
        ("Lehrerausbildung", "Zentrum für schulpraktische Lehrerausbildung (ZfsL)"),
        ("Weiterbildung", "Volkshochschule"),
    ]),
    ("Politik (Ratsfraktionen)", 0.60, [
        ("CDU-Fraktion", "CDU-Fraktion im Rat der Stadt"),
        ("SPD-Fraktion", "SPD-Fraktion im Rat der Stadt"),
        ("Fraktion Bündnis 90/Die Grünen", "Fraktion Bündnis 90/Die Grünen im Rat der Stadt"),
        ("FDP-Fraktion", "FDP-Fraktion im Rat der Stadt"),
        ("Fraktion Die Linke", "Fraktion Die Linke im Rat der Stadt"),
        ("Fraktion Volt", "Fraktion Volt im Rat der Stadt"),
        ("Integrationsrat", "Integrationsrat der Stadt"),
    ]),
    ("Zivilgesellschaft", 0.62, [
        ("Sport", "Stadtsportbund"),
        ("Bibliotheken", "Stadtbibliothek"),
        ("Kulturelle Bildung", "Musikschule"),
        ("MINT-Bildung", "Zukunftswerkstatt MINT e. V."),
        ("Bildung für nachhaltige Entwicklung", "Naturschutzzentrum"),
        ("Migrantenorganisationen", "Verbund der Migrantenorganisationen e. V."),
        ("Inklusion", "Inklusionsbeirat der Stadt"),
    ]),
    ("Schulaufsicht und Verwaltung", 0.82, [
        ("Untere Schulaufsicht (Grundschulen)", "Schulamt für die Stadt"),
        ("Untere Schulaufsicht (Förderschulen)", "Schulamt für die Stadt"),
        ("Obere Schulaufsicht (Gymnasien und Gesamtschulen)", "Bezirksregierung, Schulaufsicht"),
        ("Obere Schulaufsicht (Berufskollegs)", "Bezirksregierung, Schulaufsicht"),
        ("Schulträger", "Amt für Schule und Bildung"),
        ("Integration", "Kommunales Integrationszentrum"),
        ("Schulpsychologie", "Schulpsychologische Beratungsstelle"),
    ]),
]

# Every seat's first term starts then, unless it was added later.
TERMS_START = (2020, 1, 1)
# The last Hauptschule ran out at the end of the school year 2023/24: its seat was abolished (last day).
ABOLISHED = {"Hauptschulen": (2024, 7, 31)}
# Volt formed a group in the council elected in September 2025 (first day).
ADDED = {"Fraktion Volt": (2025, 11, 1)}
# People who took over a seat's role on that day; the predecessor's term ended the day before.
CHANGES = [
    ("CDU-Fraktion", "member", (2020, 11, 1)),  # the council elected in 2020
    ("Fraktion Bündnis 90/Die Grünen", "member", (2020, 11, 1)),
    ("Fraktion Bündnis 90/Die Grünen", "deputy", (2020, 11, 1)),
    ("Katholische Kitas", "member", (2021, 6, 1)),
    ("Schülervertretung", "member", (2021, 9, 1)),
    ("Grundschulen (1)", "member", (2022, 8, 1)),
    ("Schülervertretung", "deputy", (2022, 9, 1)),
    ("Elternvertretung", "member", (2022, 10, 1)),
    ("Berufskollegs", "member", (2023, 2, 1)),
    ("Universität", "deputy", (2023, 4, 1)),
    ("Öffentliche Jugendhilfe", "member", (2023, 7, 1)),
    ("Schülervertretung", "member", (2023, 9, 1)),
    ("Industrie und Handel", "member", (2024, 1, 1)),
    ("Städtische Kindertageseinrichtungen", "deputy", (2024, 5, 1)),
    ("Arbeitsverwaltung", "deputy", (2025, 1, 1)),
    ("Schülervertretung", "member", (2025, 9, 1)),
    ("SPD-Fraktion", "member", (2025, 11, 1)),  # the council elected in 2025
    ("FDP-Fraktion", "deputy", (2025, 11, 1)),
    ("Fraktion Die Linke", "member", (2025, 11, 1)),
    ("Weiterbildung", "member", (2026, 4, 1)),
]
# Terms that ended without a successor (last day): the seat has no deputy since.
VACANCIES = [
    ("Weiterbildungskollegs", "deputy", (2025, 7, 31)),
    ("Arbeitgeberverbände", "deputy", (2026, 6, 30)),
]
# People who are not drawn from the name lists: (label, role, term index) -> (title, given, family, locale)
FIXED_PEOPLE = {
    ("Hochschule", "deputy", 0): ("Dr.", "Rachel", "Whitmore", "en"),
    ("Migrantenorganisationen", "deputy", 0): ("", "Samuel", "Mensah", "en"),
}
# Seats whose members are professors.
PROFESSORS = {"Hochschule", "Universität"}
# The version of the consent text people agreed to when they joined.
CONSENT_TEXT = "2020-01"
CONSENT_SHARE = 0.7

GIVEN_NAMES = [
    "Andrea", "Andreas", "Anke", "Barbara", "Bernd", "Christian", "Christiane", "Claudia", "Daniel", "Dirk",
    "Elke", "Esra", "Frank", "Gabriele", "Heike", "Holger", "Ingrid", "Jan", "Jörg", "Julia", "Jürgen", "Karin",
    "Katrin", "Klaus", "Leyla", "Manuela", "Marco", "Markus", "Martina", "Michael", "Monika", "Nicole",
    "Oliver", "Petra", "Ralf", "Sandra", "Silke", "Sven", "Tanja", "Ulrich", "Ute", "Volker", "Yasemin",
    "Wolfgang",
]
FAMILY_NAMES = [
    "Albers", "Bauer", "Baumann", "Beckmann", "Bergmann", "Brandt", "Busch", "Dietrich", "Engel", "Franke",
    "Friedrich", "Fuchs", "Günther", "Haas", "Hahn", "Heinrich", "Herrmann", "Hofmann", "Horn", "Jung",
    "Kaiser", "Keller", "König", "Kraus", "Kuhn", "Lorenz", "Ludwig", "Maier", "Martin", "Möller", "Peters",
    "Pohl", "Roth", "Sauer", "Schäfer", "Schmitz", "Schubert", "Schuster", "Seidel", "Simon", "Sommer",
    "Stein", "Thomas", "Vogt", "Walter", "Winkler", "Winter", "Ziegler", "Öztürk", "Aksoy", "Kamińska",
]
