"""What the demo council discussed: per council edition its report, theme items and recommendations with
their later status reports, and the public PDF documents on agenda items. Data only, no logic.

Edition numbers are those of ``data.EDITIONS``; dates move with ``year_shift`` like the editions.
"""

# Per council edition: the Bildungsbüro's report (description, minutes), the theme items (title,
# description, minutes), an optional non-public item, and the recommendations with their status reports
# at later editions: (edition number, status, text). Recommendations default to "adopted".
MEETINGS = {
    16: {
        "report": ("Bildungsbericht 2019 und Rückblick auf den Tag der Bildung (15. Bildungskonferenz).",
                   "Das Bildungsbüro stellt die Kernaussagen des Bildungsberichts 2019 vor und berichtet, dass der "
                   "Tag der Bildung rund 3.000 Menschen erreicht hat."),
        "items": [
            ("Übergang von der Kita in die Grundschule",
             "Impulsvortrag aus dem Zentrum für Lehrerbildung, Erfahrungen aus zwei Tandems von Kita und "
             "Grundschule, anschließend Beratung in Kleingruppen.",
             "Die Befunde zeigen, dass Bildungsdokumentationen der Kitas selten an den Grundschulen ankommen und "
             "gemeinsame Fortbildungen fehlen. Die Kleingruppen sammeln Vorschläge für den Lenkungskreis."),
        ],
        "recommendations": [
            {"title": "Verbindliche Kooperationsvereinbarungen zwischen Kitas und Grundschulen",
             "text": "Die Bildungskonferenz empfiehlt, dass jede Grundschule mit den Kitas ihres Einzugsgebiets "
                     "eine schriftliche Kooperationsvereinbarung schließt. Sie regelt gemeinsame Aktivitäten im "
                     "letzten Kita-Jahr, Hospitationen und – mit Einwilligung der Eltern – den Austausch über "
                     "Entwicklungsstände. Das Bildungsbüro stellt eine Mustervereinbarung bereit.",
             "to": ["schools", "kita_providers", "education_office"],
             "reports": [(17, "in_progress", "Die Mustervereinbarung ist an alle Grundschulen und Kitas versandt; "
                                             "14 Vereinbarungen sind unterzeichnet."),
                         (18, "implemented", "Alle 23 Grundschulen haben Vereinbarungen mit den Kitas ihres "
                                             "Einzugsgebiets geschlossen.")]},
            {"title": "Gemeinsame Fortbildungen für Fachkräfte aus Kita und Grundschule",
             "text": "Die Bildungskonferenz empfiehlt Schulamt und Jugendamt, ab dem Schuljahr 2020/21 jährlich "
                     "mindestens zwei gemeinsame Fortbildungen für Erzieherinnen, Erzieher und Lehrkräfte "
                     "anzubieten, etwa zu Sprachbildung und früher mathematischer Bildung.",
             "to": ["school_supervision", "youth_services"],
             "reports": [(17, "in_progress", "Die ersten beiden Fortbildungen fanden wegen der Pandemie online "
                                             "statt; 62 Fachkräfte nahmen teil."),
                         (20, "implemented", "Die gemeinsamen Fortbildungen sind fester Bestandteil des Programms "
                                             "des Kompetenzteams; 2021 fanden vier Termine statt.")]},
            {"title": "Einheitlicher Übergabebogen Kita – Grundschule",
             "text": "Die Bildungskonferenz empfiehlt, einen stadtweit einheitlichen Übergabebogen zu entwickeln, "
                     "den Eltern freiwillig an die Grundschule weitergeben können.",
             "to": ["kita_providers", "schools", "education_office"],
             "reports": [(17, "in_progress", "Eine Arbeitsgruppe aus Kita-Trägern und Grundschulleitungen hat "
                                             "einen Entwurf erarbeitet."),
                         (18, "dropped", "Nicht weiter verfolgt: Das Land hat ein landesweites Verfahren zur "
                                         "Bildungsdokumentation angekündigt, mit dem ein städtischer Bogen "
                                         "konkurrieren würde.")]},
        ],
    },
    17: {
        "online": True,
        "report": ("Schulen und Kitas im zweiten Pandemiehalbjahr; Leihgeräte aus dem Sofortausstattungsprogramm.",
                   "Das Bildungsbüro berichtet, dass 1.900 Leihgeräte ausgegeben sind und weitere bestellt wurden."),
        "items": [
            ("Lernen auf Distanz – was bleibt?",
             "Berichte der Stadtschülerschaft, des Stadtelternrats und zweier Schulen über das Lernen auf Distanz "
             "im Frühjahr 2020.",
             "Die Berichte zeigen große Unterschiede zwischen den Schulen. Kinder ohne eigenes Gerät und ohne "
             "ruhigen Arbeitsplatz fielen zurück; die offene Jugendarbeit erreichte viele Jugendliche nur noch "
             "digital."),
        ],
        "recommendations": [
            {"title": "Leihgeräte und Internetzugang für alle Schülerinnen und Schüler",
             "text": "Die Bildungskonferenz empfiehlt dem Schulträger, die Leihgeräte so zu ergänzen, dass jedes "
                     "Kind ohne eigenes Gerät eines erhält, und Familien ohne Internetzugang geförderte "
                     "Datentarife anzubieten.",
             "to": ["school_authority", "city_council"],
             "reports": [(18, "in_progress", "2.400 Leihgeräte sind ausgegeben; der Rat hat Mittel für 800 weitere "
                                             "bewilligt."),
                         (20, "implemented", "Alle Schulen melden eine ausreichende Ausstattung; 350 Familien nutzen "
                                             "geförderte Datentarife.")]},
            {"title": "Betreute Lernräume in Jugendzentren und Bibliothek",
             "text": "Die Bildungskonferenz empfiehlt, in Jugendzentren, der Stadtbibliothek und Stadtteilzentren "
                     "betreute Lernräume mit WLAN für Schülerinnen und Schüler einzurichten, die zu Hause nicht in "
                     "Ruhe lernen können.",
             "to": ["youth_services", "civil_society"],
             "reports": [(18, "in_progress", "Vier Lernräume sind geöffnet: im Jugendzentrum Alte Post, in der "
                                             "Stadtbibliothek und in zwei Stadtteilzentren."),
                         (21, "implemented", "Die Lernräume gehören zum Regelangebot der offenen Jugendarbeit; im "
                                             "Schnitt gibt es 45 Besuche pro Woche.")]},
            {"title": "Eine Lernplattform für alle städtischen Schulen",
             "text": "Die Bildungskonferenz empfiehlt, dass alle städtischen Schulen dieselbe Lernplattform nutzen.",
             "to": ["school_authority", "schools"], "decision": "deferred",
             "reason": "Die Schulen wollen zunächst die Erfahrungen mit LOGINEO NRW abwarten."},
        ],
    },
    18: {
        "report": ("Vorstellung des kommunalen Bildungsberichts „Bildung in Zahlen 2020“.",
                   "Das Bildungsbüro stellt Übergangsquoten und Schulabschlüsse nach Sozialräumen vor. Die "
                   "Unterschiede zwischen den Stadtteilen haben sich in der Pandemie vergrößert."),
        "items": [
            ("Bildungsgerechtigkeit nach der Pandemie",
             "Befunde aus Schuleingangsuntersuchung und Bildungsbericht; Aussprache mit der Schulpsychologischen "
             "Beratungsstelle und der Jugendhilfe.",
             "Die Aussprache bestätigt große Lernrückstände vor allem in den Stadtteilen mit hohem Förderbedarf. "
             "Die Schulen wünschen sich Unterstützung über den Unterricht hinaus."),
        ],
        "closed": ("Vergabe der Mittel aus dem Bildungsfonds 2021",
                   "Beratung der Anträge von Schulen und Trägern; nicht öffentlich, weil die Anträge "
                   "personenbezogene Angaben enthalten.",
                   "Die Bildungskonferenz befürwortet sieben von neun Anträgen."),
        "recommendations": [
            {"title": "Lernferien für Kinder mit pandemiebedingten Lernrückständen",
             "text": "Die Bildungskonferenz empfiehlt, in den Sommerferien 2021 gemeinsam mit Volkshochschule, "
                     "Jugendhilfe und Hochschule Lernferien anzubieten, vorrangig in Sozialräumen mit hohem "
                     "Förderbedarf.",
             "to": ["education_office", "youth_services", "civil_society"],
             "reports": [(20, "in_progress", "Die Lernferien 2021 erreichten 640 Kinder; 2022 kommen die "
                                             "Herbstferien hinzu."),
                         (22, "implemented", "Die Lernferien finden jährlich in den Sommer- und Herbstferien statt "
                                             "und sind im Haushalt verstetigt.")]},
            {"title": "Schulsozialarbeit an allen Grundschulen",
             "text": "Die Bildungskonferenz empfiehlt dem Rat, Schulsozialarbeit schrittweise an allen Grundschulen "
                     "einzurichten, beginnend mit den Schulen mit dem höchsten Sozialindex.",
             "to": ["city_council", "school_authority", "youth_services"],
             "reports": [(20, "in_progress", "Sechs zusätzliche Stellen sind besetzt; 12 von 23 Grundschulen haben "
                                             "Schulsozialarbeit."),
                         (22, "in_progress", "Der Rat hat vier weitere Stellen ab 2024 bewilligt."),
                         (25, "in_progress", "17 von 23 Grundschulen sind versorgt; die übrigen Stellen hängen an "
                                             "der Haushaltsplanung 2026."),
                         (28, "in_progress", "Die Haushaltssperre verzögert die letzten sechs Stellen; das "
                                             "Bildungsbüro prüft eine Förderung über das Startchancen-Programm.")]},
            {"title": "Ehrenamtliche Lernpatenschaften ausbauen",
             "text": "Die Bildungskonferenz empfiehlt, ein stadtweites Netz ehrenamtlicher Lernpatinnen und "
                     "Lernpaten aufzubauen, das ein freier Träger koordiniert.",
             "to": ["civil_society", "education_office"],
             "reports": [(20, "open", "Noch kein Träger gefunden; die Freiwilligenagentur prüft die Koordination."),
                         (21, "dropped", "Nicht weiter verfolgt: Die Patenschaftsprojekte der Wohlfahrtsverbände "
                                         "decken den Bedarf; das Bildungsbüro vernetzt sie stattdessen.")]},
        ],
    },
    20: {
        "report": ("Rückblick auf den Tag der Bildung 2021 (19. Bildungskonferenz) und Vorbereitung des "
                   "Rechtsanspruchs auf Ganztagsbetreuung.",
                   "Der Tag der Bildung bot 86 Angebote an drei Orten. Das Bildungsbüro stellt den Zeitplan bis "
                   "zum Rechtsanspruch 2026 vor."),
        "items": [
            ("Ganztag an Grundschulen vorbereiten – Räume und Personal",
             "Das Amt für Schule und Bildung stellt die Bedarfsplanung bis 2029 vor; das Jugendamt berichtet über "
             "die Personalgewinnung im Offenen Ganztag.",
             "Bis 2026 fehlen rund 1.400 Plätze. Engpässe sind Räume an zehn Grundschulen und Fachkräfte."),
            ("Qualität im Offenen Ganztag – Beispiele aus der Praxis",
             "Zwei Träger des Offenen Ganztags und eine Grundschule stellen Kooperationen mit Musikschule und "
             "Sportvereinen vor.",
             "Die Beispiele zeigen, wie außerschulische Partner den Ganztag bereichern, wenn Zuständigkeiten und "
             "Finanzierung geklärt sind."),
        ],
        "recommendations": [
            {"title": "Ganztagsausbau mit verbindlichem Zeitplan",
             "text": "Die Bildungskonferenz empfiehlt dem Schulträger, für jede Grundschule bis Ende 2022 einen "
                     "Ausbauplan mit Raumprogramm und Zeitplan vorzulegen und den Rat halbjährlich zu unterrichten.",
             "to": ["school_authority", "city_council"],
             "reports": [(21, "in_progress", "Für 15 Grundschulen liegen Ausbaupläne vor, die übrigen folgen."),
                         (22, "in_progress", "Alle Ausbaupläne liegen vor; der Schulausschuss wird halbjährlich "
                                             "unterrichtet."),
                         (24, "implemented", "Ausbaupläne und Berichtswesen sind eingerichtet.")]},
            {"title": "Kooperationsbörse für außerschulische Partner im Ganztag",
             "text": "Die Bildungskonferenz empfiehlt, eine Kooperationsbörse einzurichten, über die Musikschule, "
                     "Sportvereine, Bibliothek und Kultureinrichtungen Angebote für den Ganztag machen, und dafür "
                     "einen städtischen Zuschuss bereitzustellen.",
             "to": ["education_office", "civil_society", "school_authority"],
             "reports": [(22, "in_progress", "Die Börse ist online; 31 Partner bieten 74 Angebote an."),
                         (26, "implemented", "Die Börse ist etabliert; ein Zuschuss von 120.000 € jährlich ist im "
                                             "Haushalt verankert.")]},
            {"title": "Qualifizierung für Quereinsteigende im Offenen Ganztag",
             "text": "Die Bildungskonferenz empfiehlt Jugendamt, Volkshochschule und Agentur für Arbeit, eine "
                     "berufsbegleitende Qualifizierung für Quereinsteigende im Offenen Ganztag aufzulegen.",
             "to": ["youth_services", "business", "civil_society"],
             "reports": [(21, "open", "Ein Konzept ist abgestimmt; die Finanzierung ist noch ungeklärt."),
                         (24, "in_progress", "Der erste Kurs mit 18 Teilnehmenden hat begonnen."),
                         (26, "dropped", "Nicht weiter verfolgt: Das Land bietet seit 2025 eine eigene "
                                         "Qualifizierung an, die die städtische ersetzt.")]},
        ],
    },
    21: {
        "report": ("Aufnahme geflüchteter Kinder und Jugendlicher aus der Ukraine in Kitas und Schulen.",
                   "Seit dem Frühjahr haben die Schulen 420 Kinder und Jugendliche aus der Ukraine aufgenommen; "
                   "das Kommunale Integrationszentrum berät die Familien."),
        "items": [
            ("Sprachförderung von Anfang an – von der Kita bis zur Schule",
             "Das Kommunale Integrationszentrum und zwei Sprach-Kitas berichten; Impuls zur durchgängigen "
             "Sprachbildung.",
             "Die Sprach-Kitas haben sich bewährt; ihre Finanzierung endet mit dem Bundesprogramm. "
             "Herkunftssprachlicher Unterricht ist stark nachgefragt."),
        ],
        "recommendations": [
            {"title": "Sprach-Kitas nach dem Ende des Bundesprogramms sichern",
             "text": "Die Bildungskonferenz empfiehlt dem Rat und den Kita-Trägern, die Fachkraftstellen der "
                     "Sprach-Kitas nach dem Ende des Bundesprogramms aus kommunalen Mitteln zu überbrücken, bis "
                     "eine Landesregelung greift.",
             "to": ["city_council", "kita_providers"],
             "reports": [(22, "in_progress", "Der Rat hat eine Übergangsfinanzierung bis Juli 2023 beschlossen."),
                         (24, "implemented", "Die Stellen sind über die Landesförderung dauerhaft gesichert.")]},
            {"title": "Herkunftssprachlichen Unterricht ausweiten",
             "text": "Die Bildungskonferenz empfiehlt der Schulaufsicht, herkunftssprachlichen Unterricht in "
                     "Ukrainisch, Arabisch und Türkisch an weiteren Standorten anzubieten und die Eltern "
                     "mehrsprachig darüber zu informieren.",
             "to": ["school_supervision", "schools"],
             "reports": [(22, "in_progress", "Ukrainisch wird an drei Standorten angeboten, Arabisch an einem "
                                             "weiteren."),
                         (25, "implemented", "Das Angebot ist auf neun Standorte ausgeweitet; ein Informationsblatt "
                                             "liegt in sieben Sprachen vor.")]},
            {"title": "Stadtweiter Sprachtest für alle Vierjährigen",
             "text": "Die Bildungskonferenz empfiehlt, den Sprachstand aller Vierjährigen in städtischer "
                     "Verantwortung zu testen.",
             "to": ["youth_services", "kita_providers"], "decision": "not_adopted",
             "reason": "Die Kita-Träger verweisen auf die alltagsintegrierte Beobachtung; zuständig ist das Land."},
        ],
    },
    22: {
        "report": ("Landesinitiative „Kein Abschluss ohne Anschluss“ in der Stadt; Lage auf dem Ausbildungsmarkt.",
                   "Im vergangenen Jahr blieben 180 Bewerberinnen und Bewerber unversorgt, zugleich 240 "
                   "Ausbildungsplätze unbesetzt."),
        "items": [
            ("Berufliche Orientierung stärken – Übergänge ohne Warteschleifen",
             "Agentur für Arbeit, IHK und Kreishandwerkerschaft stellen die Lage vor; die Stadtschülerschaft "
             "berichtet aus Sicht der Jugendlichen.",
             "Jugendliche wünschen sich mehr Praxis und eine Anlaufstelle statt vieler Zuständigkeiten. Die "
             "Kammern bieten an, einen Pool von Praktikumsbetrieben aufzubauen."),
        ],
        "closed": ("Stellungnahme zum Entwurf der Schulentwicklungsplanung",
                   "Vertrauliche Vorberatung eines Entwurfs der Verwaltung vor der Beratung im Schulausschuss.",
                   "Die Bildungskonferenz gibt Hinweise zur Zügigkeit der Gesamtschulen."),
        "recommendations": [
            {"title": "Jugendberufsagentur unter einem Dach",
             "text": "Die Bildungskonferenz empfiehlt Agentur für Arbeit, Jobcenter und Jugendamt, ihre Beratung "
                     "für junge Menschen unter 25 Jahren in einer Jugendberufsagentur an einem Ort "
                     "zusammenzuführen.",
             "to": ["business", "youth_services", "city_council"],
             "reports": [(24, "in_progress", "Die Kooperationsvereinbarung ist unterzeichnet; die Räume am Bahnhof "
                                             "werden umgebaut."),
                         (25, "implemented", "Die Jugendberufsagentur hat im September 2024 eröffnet.")]},
            {"title": "Praxistage für alle Schülerinnen und Schüler der Klasse 8",
             "text": "Die Bildungskonferenz empfiehlt Schulen und Kammern, allen Jugendlichen der Klasse 8 "
                     "mindestens drei Praxistage in Betrieben zu ermöglichen und dafür einen gemeinsamen "
                     "Betriebspool aufzubauen.",
             "to": ["schools", "business"],
             "reports": [(24, "in_progress", "Der Betriebspool umfasst 140 Betriebe; 70 % der Achtklässlerinnen und "
                                             "Achtklässler haben Praxistage absolviert."),
                         (26, "in_progress", "Gesamt- und Realschulen sind versorgt, an den Gymnasien fehlen Plätze."),
                         (28, "in_progress", "Die Gymnasien beteiligen sich seit diesem Schuljahr; 88 % sind "
                                             "erreicht.")]},
            {"title": "Eltern in die Berufsorientierung einbeziehen",
             "text": "Die Bildungskonferenz empfiehlt, an allen weiterführenden Schulen mehrsprachige "
                     "Informationsabende für Eltern zur Berufsorientierung anzubieten.",
             "to": ["schools", "civil_society", "education_office"],
             "reports": [(24, "implemented", "Informationsabende in fünf Sprachen fanden an allen weiterführenden "
                                             "Schulen statt; das Material ist online abrufbar.")]},
        ],
    },
    24: {
        "report": ("Startchancen-Programm und Auslaufen der Hauptschule Ostviertel.",
                   "Neun Schulen der Stadt sind in das Startchancen-Programm aufgenommen. Die Hauptschule "
                   "Ostviertel läuft zum Ende des Schuljahres aus; ihr Sitz in der Bildungskonferenz entfällt."),
        "items": [
            ("Inklusion in Kita und Schule – Ressourcen und Haltung",
             "Die Förderschule Sonnenhang, der Inklusionsbeirat und das Schulamt berichten über gemeinsames "
             "Lernen.",
             "Gemeinsames Lernen gelingt dort, wo multiprofessionelle Teams Zeit für Absprachen haben. Viele "
             "Schulgebäude sind nicht barrierefrei."),
            ("Schulbegleitung gemeinsam organisieren",
             "Das Jugendamt stellt das Poolmodell für Schulbegleitungen vor.",
             "Die Schulen begrüßen das Modell; die Elternvertretung bittet, Eltern in die Auswertung einzubeziehen."),
        ],
        "recommendations": [
            {"title": "Poolmodell für Schulbegleitungen erproben",
             "text": "Die Bildungskonferenz empfiehlt Jugendamt und Sozialamt, an fünf Schulen Schulbegleitungen "
                     "in einem Pool statt je Kind zu organisieren und das Modell wissenschaftlich begleiten zu "
                     "lassen.",
             "to": ["youth_services", "school_authority"],
             "reports": [(25, "in_progress", "Das Poolmodell läuft an fünf Schulen; die Hochschule wertet es aus."),
                         (28, "implemented", "Die Auswertung zeigt weniger Wechsel und eine bessere Einbindung; das "
                                             "Modell gilt ab dem Schuljahr 2026/27 an allen Grundschulen.")]},
            {"title": "Prioritätenliste für barrierefreie Schulgebäude",
             "text": "Die Bildungskonferenz empfiehlt dem Schulträger, eine Prioritätenliste für die barrierefreie "
                     "Erschließung der Schulgebäude vorzulegen und jährlich fortzuschreiben.",
             "to": ["school_authority", "city_council"],
             "reports": [(25, "open", "Die Bestandsaufnahme der Gebäude läuft; die Liste folgt 2025."),
                         (26, "in_progress", "Die Liste liegt vor; vier Schulen werden 2025/26 umgebaut.")]},
            {"title": "Fortbildung für multiprofessionelle Teams im gemeinsamen Lernen",
             "text": "Die Bildungskonferenz empfiehlt der Schulaufsicht, eine Fortbildungsreihe für Lehrkräfte, "
                     "sonderpädagogische Fachkräfte und Schulbegleitungen gemeinsam anzubieten.",
             "to": ["school_supervision", "schools"],
             "reports": [(28, "open", "Noch nicht begonnen: Das Kompetenzteam plant die Reihe für 2027.")]},
        ],
    },
    25: {
        "report": ("Eröffnung der Jugendberufsagentur; Ergebnisse der Elternbefragung zum Ganztag.",
                   "Die Jugendberufsagentur hat im ersten Monat 310 junge Menschen beraten. 78 % der befragten "
                   "Eltern wünschen einen Ganztagsplatz."),
        "items": [
            ("Fachkräfte für Bildung gewinnen – Kita, Ganztag und Schule",
             "Die Lage auf dem Arbeitsmarkt für Erzieherinnen, Erzieher und Lehrkräfte; praxisintegrierte "
             "Ausbildung und Seiteneinstieg.",
             "In Kitas fehlen rund 120 Fachkräfte, an Grundschulen sind 35 Stellen unbesetzt. Die praxisintegrierte "
             "Ausbildung gilt als wirksamster Weg."),
        ],
        "closed": ("Vergabe der Mittel aus dem Bildungsfonds 2025",
                   "Beratung der Anträge; nicht öffentlich wegen personenbezogener Angaben.",
                   "Die Bildungskonferenz befürwortet elf von vierzehn Anträgen."),
        "recommendations": [
            {"title": "Mehr Plätze in der praxisintegrierten Ausbildung zur Erzieherin und zum Erzieher",
             "text": "Die Bildungskonferenz empfiehlt den Kita-Trägern und dem Berufskolleg, die Zahl der "
                     "Ausbildungsplätze bis 2026 zu verdoppeln; die Stadt beteiligt sich an der Vergütung.",
             "to": ["kita_providers", "schools", "city_council"],
             "reports": [(26, "in_progress", "Die Zahl der Plätze ist von 40 auf 62 gestiegen."),
                         (29, "implemented", "Mit 84 Plätzen im Ausbildungsjahr 2026/27 ist das Ziel erreicht.")]},
            {"title": "Willkommenspaket für neue Lehrkräfte",
             "text": "Die Bildungskonferenz empfiehlt Schulaufsicht und Stadt, neuen Lehrkräften ein "
                     "Willkommenspaket mit Wohnungsvermittlung, Beratung zu Kita-Plätzen und Jobticket anzubieten, "
                     "besonders für Schulen mit hohem Sozialindex.",
             "to": ["school_supervision", "school_authority"],
             "reports": [(26, "open", "Schulamt und Personalamt klären die Zuständigkeiten."),
                         (28, "in_progress", "Kita-Plätze werden bevorzugt vermittelt; das Jobticket folgt 2026.")]},
            {"title": "Vier-Tage-Woche in städtischen Kitas erproben",
             "text": "Die Bildungskonferenz empfiehlt, in drei städtischen Kitas eine Vier-Tage-Woche für "
                     "Fachkräfte bei gleichen Öffnungszeiten zu erproben.",
             "to": ["kita_providers"], "decision": "deferred",
             "reason": "Die Träger wollen zunächst die Personalbefragung auswerten."},
        ],
    },
    26: {
        "report": ("Bildungsbericht 2024 mit dem Schwerpunkt Gesundheit; Vorbereitung des Tags der Bildung 2025.",
                   "Jedes fünfte Kind der Schuleingangsuntersuchung zeigt Auffälligkeiten in der "
                   "sozial-emotionalen Entwicklung."),
        "items": [
            ("Mentale Gesundheit junger Menschen – Befunde und Angebote",
             "Die Schulpsychologische Beratungsstelle, die Kinder- und Jugendpsychiatrie und die "
             "Stadtschülerschaft berichten; Aussprache über Wartezeiten und Prävention.",
             "Die Wartezeit auf ein Erstgespräch beträgt elf Wochen. Die Jugendlichen nennen Leistungsdruck und "
             "soziale Medien als Belastungen."),
        ],
        "recommendations": [
            {"title": "Wartezeiten in der schulpsychologischen Beratung verkürzen",
             "text": "Die Bildungskonferenz empfiehlt, die Schulpsychologische Beratungsstelle um zwei Stellen zu "
                     "verstärken, so dass Erstgespräche innerhalb von vier Wochen möglich sind.",
             "to": ["city_council", "school_supervision"],
             "reports": [(28, "in_progress", "Eine zusätzliche Stelle ist besetzt; die Wartezeit ist auf sieben "
                                             "Wochen gesunken.")]},
            {"title": "Ersthelfende für psychische Gesundheit an weiterführenden Schulen",
             "text": "Die Bildungskonferenz empfiehlt, an jeder weiterführenden Schule mindestens zwei Lehrkräfte "
                     "und zwei Schülerinnen oder Schüler als Ersthelfende für psychische Gesundheit ausbilden zu "
                     "lassen.",
             "to": ["schools", "school_supervision"],
             "reports": [(28, "open", "Die Krankenkassen prüfen eine Förderung; die Schulungen haben noch nicht "
                                      "begonnen.")]},
            {"title": "Offene Sprechstunden der Erziehungsberatung in Jugendzentren",
             "text": "Die Bildungskonferenz empfiehlt der Jugendhilfe, in allen Jugendzentren offene Sprechstunden "
                     "der Erziehungsberatung ohne Anmeldung anzubieten.",
             "to": ["youth_services", "civil_society"],
             "reports": [(28, "in_progress", "Zwei Jugendzentren bieten wöchentliche Sprechstunden an."),
                         (29, "implemented", "In allen vier Jugendzentren gibt es wöchentliche Sprechstunden.")]},
            {"title": "Medienkompetenz in der Elternbildung",
             "text": "Die Bildungskonferenz empfiehlt, Elternabende zu sozialen Medien und psychischer Gesundheit "
                     "an allen Schulen anzubieten und dafür ein gemeinsames Format zu entwickeln.",
             "to": ["civil_society", "education_office", "schools"],
             "reports": [(29, "in_progress", "Das Medienzentrum hat ein Format entwickelt; zwölf Schulen haben "
                                             "es gebucht.")]},
        ],
    },
    28: {
        "report": ("Rückblick auf den Tag der Bildung 2025; neue Mitglieder nach der Kommunalwahl 2025.",
                   "Die Vorsitzende begrüßt die neuen Mitglieder der Ratsfraktionen, darunter erstmals die "
                   "Fraktion Volt."),
        "items": [
            ("Rechtsanspruch Ganztag 2026 – Stand der Umsetzung",
             "Das Amt für Schule und Bildung berichtet zum Platzausbau; Träger des Offenen Ganztags und der "
             "Stadtelternrat äußern sich zur Qualität.",
             "Zum Schuljahr 2026/27 stehen 92 % der benötigten Plätze bereit. Die Eltern sorgen sich um die "
             "Ferienbetreuung und die Qualität des Mittagessens."),
        ],
        "closed": ("Vergabe der Mittel aus dem Bildungsfonds 2026",
                   "Beratung der Anträge; nicht öffentlich wegen personenbezogener Angaben.",
                   "Die Bildungskonferenz befürwortet alle acht Anträge."),
        "recommendations": [
            {"title": "Qualitätsrahmen für den Offenen Ganztag",
             "text": "Die Bildungskonferenz empfiehlt, einen gemeinsamen Qualitätsrahmen mit Mindeststandards für "
                     "Personal, Räume, Mittagessen und Lernzeiten im Offenen Ganztag zu vereinbaren.",
             "to": ["school_authority", "youth_services", "schools"],
             "reports": [(29, "in_progress", "Ein Entwurf wird mit Trägern und Schulen abgestimmt.")]},
            {"title": "Ferienbetreuung für alle Grundschulkinder sichern",
             "text": "Die Bildungskonferenz empfiehlt, die Ferienbetreuung so auszubauen, dass jedes "
                     "Grundschulkind mit Ganztagsplatz mindestens acht Ferienwochen betreut werden kann.",
             "to": ["youth_services", "civil_society", "city_council"]},
            {"title": "Beitragsfreiheit im Offenen Ganztag",
             "text": "Die Bildungskonferenz empfiehlt dem Rat, die Elternbeiträge im Offenen Ganztag abzuschaffen.",
             "to": ["city_council"], "decision": "not_adopted",
             "reason": "Die Ratsfraktionen verweisen auf die Haushaltslage."},
        ],
    },
    29: {
        "report": ("Start des Rechtsanspruchs auf Ganztagsbetreuung zum Schuljahr 2026/27.",
                   "Alle Grundschulkinder, deren Eltern einen Platz beantragt haben, wurden versorgt; an drei "
                   "Schulen wird in Containern betreut."),
        "items": [
            ("Künstliche Intelligenz in Schule und Weiterbildung",
             "Impulsvortrag der Hochschule; Erfahrungen aus dem Berufskolleg und der Volkshochschule.",
             "Schülerinnen und Schüler nutzen KI-Werkzeuge längst; Lehrkräfte wünschen sich Fortbildung und klare "
             "Regeln für Prüfungen."),
            ("Datenschutz und KI-Werkzeuge an Schulen",
             "Das Medienzentrum stellt datenschutzkonforme Werkzeuge vor.",
             "Die Schulen bitten den Schulträger, geprüfte Werkzeuge zentral bereitzustellen."),
        ],
        "recommendations": [
            {"title": "Fortbildungen zu Künstlicher Intelligenz für Lehrkräfte und Weiterbildner",
             "text": "Die Bildungskonferenz empfiehlt Schulaufsicht und Volkshochschule, ab 2027 gemeinsame "
                     "Fortbildungen zum Einsatz Künstlicher Intelligenz im Unterricht und in Kursen anzubieten.",
             "to": ["school_supervision", "civil_society"]},
            {"title": "Datenschutzkonforme KI-Werkzeuge zentral bereitstellen",
             "text": "Die Bildungskonferenz empfiehlt dem Schulträger, geprüfte KI-Werkzeuge über das "
                     "Medienzentrum allen Schulen datenschutzkonform bereitzustellen.",
             "to": ["school_authority"]},
            {"title": "Leitfaden zu KI bei Prüfungen und Hausaufgaben",
             "text": "Die Bildungskonferenz empfiehlt den Schulen, mit Unterstützung der Schulaufsicht einen "
                     "gemeinsamen Leitfaden zum Umgang mit KI bei Prüfungen und Hausaufgaben zu erarbeiten.",
             "to": ["schools", "school_supervision"]},
            {"title": "KI-Sprechstunden für Eltern und Ältere",
             "text": "Die Bildungskonferenz empfiehlt Stadtbibliothek und Volkshochschule, offene Sprechstunden zu "
                     "KI-Werkzeugen für Eltern und ältere Menschen anzubieten.",
             "to": ["civil_society", "education_office"]},
        ],
    },
    30: {
        "report": ("Umsetzung der Empfehlungen der 29. Bildungskonferenz; Stand des Ganztags.", ""),
        "items": [
            ("Übergang Schule – Beruf neu denken",
             "Die Jugendberufsagentur zieht nach zwei Jahren Bilanz; Impulse von IHK, Kreishandwerkerschaft und "
             "Berufskolleg; Beratung in Arbeitsgruppen.", ""),
        ],
        "recommendations": [
            {"title": "Berufliche Orientierung ab Klasse 5",
             "text": "Entwurf des Lenkungskreises: Die Bildungskonferenz empfiehlt den Schulen, berufliche "
                     "Orientierung ab Klasse 5 mit Betriebserkundungen und Talentwerkstätten zu beginnen.",
             "to": ["schools", "business"], "decision": "pending"},
            {"title": "Ausbildungsbotschafterinnen und -botschafter an allen Schulen",
             "text": "Entwurf des Lenkungskreises: Die Bildungskonferenz empfiehlt den Kammern, an jeder "
                     "weiterführenden Schule mindestens einmal im Jahr Auszubildende von ihrem Weg berichten zu "
                     "lassen.",
             "to": ["business", "schools"], "decision": "pending"},
        ],
    },
}

# Public PDF documents on agenda items: edition number -> [(which item, title, file name)]
DOCUMENTS = {
    29: [("report", "Sachstandsbericht des Regionalen Bildungsbüros", "bk29-sachstandsbericht")],
    30: [("recommendations", "Beschlussvorlage: Entwürfe der Empfehlungen", "bk30-beschlussvorlage")],
}
