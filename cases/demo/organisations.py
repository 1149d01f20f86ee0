"""The organisations, teams, routing and demo users of a mid-size municipality (demo data)."""

ORGANISATIONS = [
    ("burgerzaken", "Burgerzaken", "department", "de gemeente, afdeling Burgerzaken"),
    ("belastingen", "Belastingen en WOZ", "department", "de gemeente, afdeling Belastingen"),
    ("sociaal", "Sociaal Domein", "department", "de gemeente, Sociaal Domein (Wmo, bijstand)"),
    ("parkeren", "Parkeren en Handhaving", "department", "de gemeente, Parkeren"),
    ("onderwijs", "Onderwijs en Leerplicht", "department", "de gemeente, Leerplicht"),
    ("afval", "Afval en Reiniging", "department", "de gemeente, Afval"),
    ("informatiebeheer", "Informatiebeheer", "department", "de gemeente, Informatiebeheer"),
    ("bsw", "Belastingsamenwerking Voorbeeld (BSV)", "partner", "de belastingsamenwerking (BSV)"),
    ("ggd", "GGD Regio Voorbeeld", "partner", "de GGD"),
    ("woco", "Woonstichting De Voorbeeldhof", "partner", "de woningcorporatie"),
]

# (code, name, organisation, is_fallback)
TEAMS = [
    ("regie", "Regie Loket Digitale Zaken", "informatiebeheer", True),
    ("privacy", "Privacy en Woo", "informatiebeheer", False),
    ("klachten", "Klachtencoördinatie", "burgerzaken", False),
    ("burgerzaken-brp", "Team BRP", "burgerzaken", False),
    ("belastingen-team", "Team Heffingen en WOZ", "belastingen", False),
    ("sociaal-team", "Team Inkomen en Wmo", "sociaal", False),
    ("parkeren-team", "Team Parkeren", "parkeren", False),
    ("onderwijs-team", "Team Leerplicht", "onderwijs", False),
    ("afval-team", "Team Afval", "afval", False),
    ("bsw-team", "Klantcontact BSV", "bsw", False),
    ("ggd-team", "Privacyloket GGD", "ggd", False),
    ("woco-team", "Huurdersservice", "woco", False),
    ("kcc", "KCC", "burgerzaken", False),
    ("raad", "Gemeenteraad", "informatiebeheer", False),
]

ROUTING = [
    (10, "question", "regie"),
    (20, "complaint", "klachten"),
    (30, "chain_error", "regie"),
    (40, "privacy_request", "privacy"),
    (50, "woo_request", "privacy"),
]

DEMO_PASSWORD = "loket-demo"

# (username, full name, team, role, superuser)
USERS = [
    ("balie", "Bente Balie", "kcc", "front_desk", False),
    ("behandelaar", "Bram Behandelaar", "klachten", "caseworker", False),
    ("privacy", "Pim Privacy", "privacy", "caseworker", False),
    ("belastingen", "Bo Belastingen", "belastingen-team", "caseworker", False),
    ("regisseur", "Rosa Regisseur", "regie", "coordinator", False),
    ("partner", "Pieter Partner (BSV)", "bsw-team", "caseworker", False),
    ("raadslid", "Ruud Raadslid", "raad", "council", False),
    ("beheerder", "Bea Beheerder", "regie", "functional_admin", True),
    # Records (issue 18): destruction lists, legal holds, AVG 15 exports and the access log.
    ("archivaris", "Anouk Archivaris", "privacy", "archivist", False),
    ("privacyfunctionaris", "Pia Privacyfunctionaris", "privacy", "privacy_officer", False),
]
