"""How the demo council's meetings run: quorum, invitation text, the answers people give, the fixed agenda
frame (welcome, report, recommendations, miscellaneous) and the wording of minutes. Data only, no logic.
The agenda of each meeting is in ``council_agenda_data``.
"""

QUORUM_SHARE = 0.5
INVITATION_TEXT = (
    "Sehr geehrte Mitglieder der Regionalen Bildungskonferenz,\n\n"
    "hiermit lade ich Sie herzlich zur {number}. Sitzung der Regionalen Bildungskonferenz ein. "
    "Schwerpunkt ist „{theme}“. Bitte teilen Sie uns über den Link in dieser Einladung bis zum {deadline} mit, "
    "ob Sie selbst oder Ihre Stellvertretung teilnehmen.\n\n"
    "Mit freundlichen Grüßen\nDr. Ursula Brenner\nBeigeordnete für Bildung, Jugend und Sport"
)
DECLINE_NOTES = [
    "Terminüberschneidung mit einer Schulkonferenz.",
    "Leider verhindert, die Stellvertretung ist im Urlaub.",
    "Krankheitsbedingt; bitte senden Sie uns die Unterlagen.",
    "Parallel tagt der Jugendhilfeausschuss.",
    "Dienstreise.",
    "Zeugniskonferenzen an diesem Nachmittag.",
    "Elternabend in der eigenen Einrichtung.",
    "Wir lesen die Niederschrift nach und melden uns bei Rückfragen.",
]
SUBSTITUTES = [
    "Yvonne Keßler (Abteilungsleitung)", "Tobias Reuter (Fachbereichsleitung)",
    "Derya Arslan (stellv. Schulleitung)", "Maximilian Busch (Referent)", "Susanne Albrecht (Geschäftsführung)",
]

WELCOME = ("Begrüßung und Feststellung der Beschlussfähigkeit",
           "Begrüßung durch die Vorsitzende, Feststellung der Beschlussfähigkeit, Genehmigung der Tagesordnung "
           "und der Niederschrift der letzten Sitzung.")
WELCOME_MINUTES = (
    "Die Vorsitzende, Beigeordnete Dr. Ursula Brenner, begrüßt die Mitglieder{online}. {present} von {seats} "
    "Sitzen sind vertreten; die Bildungskonferenz ist {quorate}. Tagesordnung und Niederschrift der letzten "
    "Sitzung werden ohne Änderungen genehmigt."
)
ONLINE = " zur Sitzung, die wegen der Pandemie als Videokonferenz stattfindet"
REPORT_TITLE = "Bericht aus dem Regionalen Bildungsbüro"
FOLLOW_UP_ITEM = "Wiedervorlage: {reference} {title}"
FOLLOW_UP_ITEM_TEXT = "Wiedervorlage der Empfehlung vom {date} an: {addressees}. Letzter Sachstand: {status}."
FOLLOW_UP_NO_NEWS = "Kein neuer Sachstand; die Empfehlung bleibt auf Wiedervorlage."
RECOMMENDATIONS = ("Beratung und Beschluss der Empfehlungen",
                   "Der Lenkungskreis legt Entwürfe vor, die aus der Beratung zum Schwerpunkt hervorgegangen sind. "
                   "Die Bildungskonferenz beschließt im Konsens.")
MISC = ("Verschiedenes", "")
MISC_MINUTES = "Die nächste Sitzung findet am {next} statt. {extra}"
MISC_EXTRA = [
    "Die Stadtbibliothek lädt zur Lesewoche im Herbst ein.",
    "Der Stadtsportbund weist auf das Programm „Bewegte Schule“ hin.",
    "Die Kammern bitten, den Ausbildungsatlas in den Schulen zu verteilen.",
    "Das Bildungsbüro bittet um Rückmeldungen zum Entwurf des Bildungsberichts.",
    "Keine weiteren Wortmeldungen.",
]
STATUS_DE = {"open": "offen", "in_progress": "in Umsetzung", "implemented": "umgesetzt",
             "dropped": "nicht weiter verfolgt", None: "offen"}
DECISION_MINUTES = {
    "adopted": "Die Bildungskonferenz beschließt im Konsens: {references}.",
    "deferred": "Vertagt: {references}.",
    "not_adopted": "Kein Konsens, nicht beschlossen: {references}.",
}
ADDRESSEES_DE = {
    "school_supervision": "Schulaufsicht", "school_authority": "Schulträger", "youth_services": "Jugendhilfe",
    "kita_providers": "Kita-Träger", "schools": "Schulen", "city_council": "Rat und Ausschüsse",
    "education_office": "Regionales Bildungsbüro", "business": "Wirtschaft und Kammern",
    "civil_society": "Zivilgesellschaft",
}
