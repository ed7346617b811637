"""Lexicons for the domain rulers: generic military equipment and place-introducing nouns.

Generic equipment is annotated (re3d annotates "drones", "a heavy machine gun", "tanks" as
Weapon / MilitaryPlatform / Vehicle) but not linked to an entity: it names a class, not a thing.
Each entry is (label, head words); modifiers are listed separately and may precede any head.
"""

from __future__ import annotations

# Head nouns (singular and plural) by label.
GENERIC_EQUIPMENT: dict[str, tuple[str, ...]] = {
    "WEAPON": (
        "weapon", "weapons", "missile", "missiles", "rocket", "rockets", "munition", "munitions",
        "bomb", "bombs", "mortar", "mortars", "artillery", "shell", "shells", "cannon", "cannons",
        "howitzer", "howitzers", "grenade", "grenades", "grenade launcher", "grenade launchers",
        "machine gun", "machine guns", "machinegun", "rifle", "rifles", "landmine", "landmines",
        "mine", "mines", "ied", "ieds", "vbied", "vbieds", "explosive device", "explosive devices",
        "air defense system", "air defense systems", "air defence system", "air defence systems",
        "air defense missiles", "air defence missiles", "ammunition", "barrel bomb",
        "barrel bombs", "chemical weapons", "heavy weapons", "weapon systems", "artillery systems",
        "mortar systems", "launcher", "launchers", "car bomb", "car bombs", "vehicle bombs",
        "rocket artillery", "rocket-propelled grenade", "rocket-propelled grenades",
        "rocket propelled grenade", "rocket propelled grenades", "grenade launcher",
        "rocket-propelled grenade launcher", "rocket propelled grenade launcher",
        "artillery round", "artillery rounds", "anti-aircraft artillery", "bullet", "bullets",
        "military hardware", "sniper rifle", "sniper rifles", "gun", "guns", "gun butt",
        "gun butts", "rifle butt", "rifle butts",
    ),
    "MILITARY_PLATFORM": (
        "aircraft", "warplane", "warplanes", "fighter jet", "fighter jets", "jet", "jets",
        "plane", "planes", "fighter", "fighters", "bomber", "bombers", "drone", "drones", "uav",
        "uavs", "helicopter", "helicopters", "gunship", "gunships", "tank", "tanks",
        "technical vehicle", "technical vehicles", "technicals", "warship", "warships",
        "frigate", "frigates", "destroyer", "destroyers", "submarine", "submarines",
        "aircraft carrier", "aircraft carriers", "assault ship", "assault ships", "patrol boat",
        "patrol boats", "airlifters", "remotely piloted aircraft", "armored personnel carrier",
        "armored personnel carriers", "armoured personnel carrier",
        "armoured personnel carriers", "corvette", "corvettes", "minesweeper", "minesweepers",
        "surface vessel", "surface vessels", "underwater vessel", "underwater vessels",
    ),
    "VEHICLE": (
        "vehicle", "vehicles", "truck", "trucks", "dump truck", "dump trucks", "car", "cars",
        "pickup", "pickups", "pickup trucks", "convoy vehicles", "tanker trucks", "bulldozer",
        "bulldozers", "excavator", "excavators", "front-end loader", "front-end loaders", "bus",
        "buses", "ambulance", "ambulances", "cargo ship", "cargo ships", "merchant ship",
        "merchant ships", "merchant vessel", "merchant vessels", "commercial ship",
        "commercial ships", "commercial vessel", "commercial vessels", "bulk carrier",
        "bulk carriers", "container ship", "container ships", "oil tanker", "oil tankers",
        "oil tanker truck", "oil tanker trucks",
        "fishing boat", "fishing boats", "ferry", "ferries", "airliner", "airliners",
        "passenger plane", "passenger planes",
    ),
}
# Trailing words kept inside an equipment mention ("the S-300 system", "two Pantsir systems",
# "Mi-24 helicopters"): what the system is, said after its name.
EQUIPMENT_TAILS = ("system", "systems", "battery", "batteries", "drone", "drones",
                   "missile", "missiles", "launcher", "launchers", "rocket", "rockets",
                   "helicopter", "helicopters", "gunship", "gunships", "jet", "jets", "aircraft",
                   "fighter", "fighters", "bomber", "bombers", "tank", "tanks", "vehicle",
                   "vehicles", "howitzer", "howitzers", "rifle", "rifles", "warship", "warships",
                   "frigate", "frigates", "mrap", "mraps", "apc", "apcs")
# Words that may precede a generic head inside the same mention ("heavy machine gun",
# "Russian drones", "rocket-propelled grenades" is listed whole).
GENERIC_MODIFIERS = (
    "heavy", "light", "ballistic", "cruise", "anti-aircraft", "anti-tank", "guided",
    "unguided", "military", "kamikaze", "attack", "armed", "combat", "naval",
    "explosive-laden", "improvised", "rocket-propelled", "self-propelled", "surface-to-air",
    "air-to-air", "long-range", "short-range", "precision", "chemical", "ground-based",
    "vehicle-borne", "homemade", "home-made", "makeshift", "amphibious", "nuclear-powered",
    "tactical", "armored", "armoured", "anti-air", "anti-ship", "anti-armour", "anti-armor",
    "anti-personnel", "unmanned", "suicide",
)
# Adjectives before equipment that count it ("several rockets", "multiple aircraft"), hedge
# the claim ("an apparent barrel bomb") or only mark possession ("their own cars"): like a
# number, they stay out of the equipment's span, where describing ones go in ("simple chemical
# weapons", "incendiary bombs").
NOT_DESCRIBING_ADJECTIVES = frozenset({
    "multiple", "several", "many", "few", "numerous", "various", "additional", "certain",
    "apparent", "alleged", "suspected", "possible", "purported", "reported", "own",
})
# Modifiers that make a vehicle a military one: a MILITARY_PLATFORM, where a VEHICLE is a
# civilian vehicle (re3d's distinction: "military vehicles", "armoured cars", "tactical
# vehicles" are platforms; "trucks", "a bulldozer" are vehicles).
MILITARY_VEHICLE_MODIFIERS = frozenset({"military", "armed", "combat", "tactical", "armored",
                                        "armoured", "suicide"})
# Head nouns that are too ambiguous alone in ordinary news ("strike" as a labour strike, "car",
# "mine", "shell", "jet", "fighters" as people): annotated only after a modifier.
NEEDS_MODIFIER = frozenset({"rocket", "car", "mine", "mines", "shell", "jet", "jets", "fighter",
                            "plane", "planes",
                            "fighters", "bus", "buses", "pickup", "pickups", "launcher",
                            "weapon", "ambulance", "ambulances", "gun", "guns"})
# Of those, heads that do name equipment when they are the subject or agent of an attack
# ("a jet bombed the school", "a rocket hit the market", "killed by a shell").
ATTACKING_HEADS = frozenset({"jet", "jets", "plane", "planes", "rocket", "shell"})
# Nouns of places and groups that keep or serve equipment: a generic equipment word modifying
# one names that place or group, not equipment ("a VBIED factory", "weapons caches", "mortar
# teams"); the nominal place and group heads below count too. Before other nouns the word
# still names equipment ("drone strike", "unmanned aircraft project", "weapons shipments").
EQUIPMENT_HOLDERS = frozenset({
    "cache", "caches", "storage", "stockpile", "stockpiles", "team", "teams", "crew", "crews",
    "crewmember", "crewmembers", "squad", "squads", "squadron", "squadrons", "operator",
    "operators", "point", "points", "factories", "workshop", "workshops", "plant", "plants",
})
# "the type of aircraft": the class is asked about, not equipment in use ("the number of
# munitions" counts real ones).
NON_REFERENTIAL_BEFORE_OF = frozenset({"type", "types", "kind", "kinds", "sort", "sorts"})
# Words before "tank(s)" that make it a container, not an armoured vehicle.
NOT_MILITARY_BEFORE = frozenset({"oil", "fuel", "storage", "water", "gas", "septic", "think"})
# Heads that name a person after the word before them: "a suicide bomber" is no aircraft, where
# "a suicide drone" and "suicide vehicles" are weapons carriers.
PEOPLE_AFTER = {"suicide": frozenset({"bomber", "bombers"})}
# Heads of ship classes; a name written right after one is that ship's ("the cargo ship
# Rubymar", "the frigate 'Admiral Makarov'").
SHIP_HEADS = frozenset({"ship", "vessel", "carrier", "tanker", "freighter", "frigate",
                        "destroyer", "warship", "corvette", "submarine", "boat", "ferry",
                        "minesweeper"})
# Prefixes of warship names ("HMS Ocean", "USS Mahan", "FS Charles de Gaulle") and hull
# classification symbols written after them ("DDG 72", "L 12").
SHIP_PREFIXES = frozenset({"HMS", "USS", "USNS", "FS", "HMAS", "HMCS", "HMNZS", "INS", "TCG",
                           "ROKS", "JS", "ARA", "BNS", "NRP", "ITS", "ESPS", "HNLMS", "HDMS",
                           "KRI", "PNS", "RFS", "CNS", "ENS", "HS", "SPS", "FGS", "HNoMS",
                           "HSwMS", "RSS", "KD", "BRP", "IRIS"})
HULL_SYMBOLS = frozenset({"DDG", "DD", "CG", "CVN", "CV", "LHD", "LHA", "LPD", "LSD", "FFG",
                          "FF", "LCS", "SSN", "SSBN", "T-AO", "L", "D", "F", "R", "A", "P"})
# Determiners kept inside a generic equipment mention, as re3d does ("a VBIED", "the tanks").
EQUIPMENT_DETERMINERS = frozenset({"a", "an", "the"})

# Small words inside Arabic and European personal names ("Abdullah bin al-Hussein", "Abu
# Mohammed al-Julani", "Ursula von der Leyen"): parts of a name, never the name itself.
NAME_PARTICLES = frozenset({"al", "bin", "ibn", "de", "el", "abu", "bint", "bu", "van", "von"})

# Heads of group phrases on a state's name or demonym that speak or act for the state
# ("Syrian government", "Iraqi officials", "Tunisian authorities"); with another head ("the
# Syrian opposition", "Iraqi civilians") the phrase names people of that nationality.
STATE_BODY_HEADS = frozenset({
    "government", "governments", "authorities", "authority", "officials", "official", "regime",
    "administration", "leadership", "leaders", "state", "ministry", "ministries", "delegation",
    "delegations", "diplomats", "diplomacy", "side", "envoy", "envoys", "embassy", "presidency",
    "cabinet", "parliament", "negotiators", "spokesman", "spokesperson", "counterparts",
    "prosecutors", "judiciary", "police",
})

# Prepositions spaCy folds into a following name at the start of a sentence ("Near Palmyra"
# tagged as a PERSON).
LEADING_PREPOSITIONS = frozenset({"Near", "In", "Outside", "Around", "Inside", "Across"})
# Words before a name that say it is a place ("in Jordan").
LOCATIVE_BEFORE = frozenset({"in", "near", "at", "outside", "around", "inside", "from", "into",
                             "toward", "towards", "across", "via", "through", "to", "of"})

# "the city of Sukna": a name after these nouns is a place, whatever spaCy tagged it.
PLACE_NOUNS = ("city", "town", "village", "region", "province", "district", "governorate",
               "port", "oasis", "county", "municipality", "area", "neighbourhood", "neighborhood")

# Arabic words that begin place names ("Jisr al-Shughur", "Deir ez-Zor", "Kafr Nabl", "Wadi
# Barada"): a name that starts with one is a place, whatever spaCy tagged it. Left out: words
# that also begin people's names ("Abu", "Umm", "Sheikh", "Tal").
ARABIC_TOWN_WORDS = frozenset({
    "Jisr", "Tell", "Tall", "Ras", "Bir", "Ain", "Ayn", "Deir", "Dayr", "Kafr", "Kfar",
    "Khirbet", "Khirbat", "Maarat", "Ma'arat", "Qasr", "Bab", "Marj", "Qalaat", "Beit", "Bayt",
    "Bint", "Souq", "Suq", "Hay", "Hayy", "Minat"})
ARABIC_LANDFORM_WORDS = frozenset({"Jabal", "Jebel", "Jabel", "Wadi", "Nahr"})

# "Secretary of State", "Minister of Defence": the remit after an office's "of" is part of the
# title, not an organisation or a place NER may make of it.
OFFICE_TITLES = frozenset({"secretary", "minister", "undersecretary", "under-secretary"})
TITLE_REMITS = frozenset({"state", "defense", "defence", "interior", "health", "justice",
                          "finance", "energy", "war", "commerce", "homeland"})

# Given names common across the Arab world and the Sahel: alone, such a name is more often
# someone's first name than the surname of a known person ("Hassan said" is not Suheil
# al-Hassan).
COMMON_GIVEN_NAMES = (
    "Mohammed", "Muhammad", "Mohamed", "Mohammad", "Ahmed", "Ahmad", "Ali", "Hassan", "Hasan",
    "Hussein", "Hussain", "Ibrahim", "Khaled", "Khalid", "Omar", "Umar", "Mahmoud", "Mahmud",
    "Mustafa", "Abdullah", "Youssef", "Yusuf", "Salah", "Saleh", "Salih", "Hamza", "Hamed",
    "Hamid", "Karim", "Qasem", "Qasim", "Kassem", "Idris", "Musa", "Moussa", "Isa", "Issa",
    "Yahya", "Abbas", "Jamal", "Nabil", "Tarek", "Tariq", "Walid", "Yassin", "Zakaria",
    "Amadou", "Oumar", "Boubacar", "Abdoulaye", "Mamadou")

# Group phrases: a named actor followed by one of these heads names an organisation of that
# actor ("ISIL forces", "Iraqi government", "Syrian opposition", "U.S. troops"); the words in
# GROUP_MODIFIERS may come between ("ISIL tactical units", "Coalition military forces").
GROUP_HEADS = frozenset({
    "forces", "force", "troops", "fighters", "militants", "terrorists", "insurgents", "rebels",
    "units", "unit", "regime", "government", "opposition", "army", "militia", "militias",
    "operatives", "authorities", "leadership", "coalition", "partners", "officials",
    "soldiers", "personnel", "navy", "military",
})
GROUP_MODIFIERS = frozenset({
    "tactical", "armed", "security", "special", "military", "government", "regime",
    "ground", "air", "naval", "coalition", "allied", "partner", "opposition", "rebel",
    "terrorist", "elite", "proxy", "backed", "pro-government", "defence", "defense",
})
# Labels of entities a group phrase may start from.
GROUP_ANCHOR_LABELS = frozenset({"ORG", "NORP", "GPE"})
# Capitalised common nouns that are names of an organisation in defence reporting
# ("the Coalition" in CENTCOM and MoD statements).
NAMED_GROUP_NOUNS = frozenset({"Coalition"})

# Last words of a name that make it a structure, a FAC, whatever NER called it ("the
# Sankore Mosque", "the Kajbar Dam", "the Kasr Bridge"). Words naming bodies as often as
# buildings ("University", "Hospital", "Center") are left out.
FACILITY_NAME_HEADS = frozenset({
    "Mosque", "Church", "Cathedral", "Synagogue", "Shrine", "Temple", "Barrage", "Dam", "Gate",
    "Bridge", "Airport", "Airfield", "Airbase", "Stadium", "Palace", "Square", "Prison",
    "Tower", "Towers", "Citadel", "Castle", "Fortress", "Refinery", "Checkpoint",
})

# Trailing words of facility names after which the rest is the name of the place it sits in:
# "Ras Lanuf oil terminal" -> "Ras Lanuf", "Hmeimim air base" -> "Hmeimim".
FACILITY_SUFFIXES = (
    "oil terminal", "terminal", "oil port", "port", "seaport", "refinery", "oil refinery",
    "oil field", "gas field", "field", "air base", "airbase", "military base", "naval base",
    "base", "international airport", "airport", "airfield", "dam", "camp", "petrochemical plant",
    "power plant", "plant", "complex", "petrochemical complex", "prison", "garrison",
)

# States acting with others ("our ally Turkey"), and nouns a state name modifies as a place,
# not as an actor ("the Iraq border"); see agents.py.
COUNTERPART_NOUNS = frozenset({"ally", "allies", "partner", "partners", "member", "members",
                               "backer", "backers", "supporter", "supporters", "sponsor",
                               "sponsors"})
# Nouns of dealings between actors: a state after "with" or "between" them is a party ("talks
# with Russia", "the war with Israel", "cooperation between Chad and Niger").
RELATION_NOUNS = frozenset({
    "relations", "relationship", "ties", "talks", "negotiations", "cooperation",
    "co-operation", "partnership", "agreement", "deal", "war", "wars", "alliance", "dialogue",
    "action", "accord", "treaty", "truce", "ceasefire", "conflict", "dispute", "rift",
    "rapprochement", "normalisation", "normalization", "contacts", "summit", "coordination",
})
# Verbs whose direct object is someone acted towards, not a place ("support Iraq", "warned
# Israel", "urged Ethiopia"); "visit", "enter" or "shell" take places.
ADDRESSEE_VERBS = frozenset({
    "support", "back", "help", "assist", "aid", "arm", "train", "fund", "finance", "enable",
    "urge", "warn", "thank", "congratulate", "persuade", "encourage", "pressure", "press",
    "join", "sanction", "threaten", "invite", "lobby", "criticise", "criticize", "condemn",
    "blame", "reassure", "empower", "equip", "deter", "punish", "ask", "tell", "call",
})
# Participles of stance: a state that "is committed / determined / prepared" to act is an actor.
STANCE_PARTICIPLES = frozenset({"commit", "determine", "prepare", "resolve", "dedicate",
                                "concern", "oblige"})
# Nouns a state name modifies as a place, not as an actor.
TERRITORY_HEADS = frozenset({
    "border", "borders", "frontier", "territory", "territories", "region", "regions", "province",
    "provinces", "city", "cities", "capital", "coast", "coastline", "countryside", "soil",
    "airspace", "waters", "north", "south", "east", "west", "northeast", "northwest",
    "southeast", "southwest", "centre", "center", "interior", "side", "map", "desert",
    "mountains", "war", "conflict", "crisis", "people", "citizens", "nationals", "population",
    "refugees", "civilians", "embassy", "consulate", "time", "street", "streets",
})

# Head nouns of nominal mentions (nominals.py): bodies of people (plural where the singular
# is one person: "ministers" but "minister"), offices held by one person, and places.
NOMINAL_GROUP_HEADS = frozenset({
    "forces", "troops", "regime", "government", "governments", "administration", "coalition",
    "alliance", "group", "groups", "militants", "militia", "militias", "civilians", "partners",
    "community", "parties", "officials", "leaders", "leadership", "terrorists", "allies",
    "opposition", "ministers", "refugees", "fighters", "insurgents", "rebels", "jihadists",
    "extremists", "soldiers", "army", "armies", "military", "navy", "media", "journalists",
    "enemy", "authorities", "police", "residents", "victims", "protesters", "demonstrators",
    "gunmen", "attackers", "hostages", "detainees", "prisoners", "delegation", "delegations",
    "negotiators", "mediators", "monitors", "peacekeepers", "mercenaries", "contractors",
    "battalion", "brigade", "brigades", "division", "unit", "units", "cell", "cells",
    "perpetrators", "witnesses", "donors", "volunteers", "snipers", "backers", "supporters",
    "crowds", "mourners", "activists", "squadron", "squadrons",
})
NOMINAL_ROLE_HEADS = frozenset({
    "secretary", "spokesman", "spokeswoman", "spokesperson", "minister", "president",
    "ambassador", "envoy", "chancellor", "premier", "governor", "mayor", "emir", "officer",
    "official", "director",
})
# Nouns for people that make a group only when the phrase says whose: a name before them
# ("the Malian people", "U.S. service members") or after "of" ("the people of Gao", "the
# members of the Security Council"). Alone ("people", "members") most uses are not actors.
NOMINAL_PEOPLE_HEADS = frozenset({
    "people", "peoples", "population", "members", "families", "nations", "companies",
    "staff", "employees", "personnel", "advisers", "advisors", "citizens", "nationals",
    "children", "women", "men", "students", "workers", "tribesmen", "militiamen",
    "worshippers", "counterparts", "representatives",
})
# "the town of Tawila" is Tawila: a place noun before "of" and a place name denotes that place.
SAME_PLACE_NOUNS = frozenset({
    "city", "town", "village", "province", "district", "region", "governorate", "suburb",
    "neighbourhood", "neighborhood", "municipality", "county", "oasis", "area", "state",
    "locality", "hamlet", "township", "commune",
})
# "the outskirts of Khartoum": a part of a named place, a place of its own.
PLACE_PART_NOUNS = frozenset({
    "outskirts", "vicinity", "heart", "centre", "center", "part", "parts", "edge", "edges",
    "suburbs", "countryside", "environs", "west", "east", "north", "south",
})
# Lower-case nouns that complete a place name written before them ("Anbar province",
# "North Darfur state", "Karrada neighbourhood").
PLACE_NAME_SUFFIXES = frozenset({
    "province", "district", "governorate", "region", "neighbourhood", "neighborhood",
    "subdistrict", "municipality", "county", "oblast", "raion", "state", "prefecture",
})
# Lower-case nouns a place's name modifies ("Al-Jazira state", "the Deim neighbourhood"): the
# name before one is a place's, not a person's. Not "camp": "the Haley camp" is a party's.
NAMED_PLACE_NOUNS = PLACE_NAME_SUFFIXES | {"airbase", "oasis", "locality"}
NOMINAL_PLACE_HEADS = frozenset({
    "town", "city", "village", "area", "region", "country", "territory", "province",
    "district", "neighbourhood", "neighborhood", "suburb", "capital", "border", "library",
    "hospital", "mosque", "church", "school", "university", "market", "building", "buildings",
    "compound", "station", "airport", "airfield", "base", "bases", "position", "positions",
    "checkpoint", "checkpoints", "bridge", "bridges", "line", "site", "facility", "facilities",
    "headquarters", "camp", "camps", "prison", "factory", "refinery", "port", "harbour",
    "harbor", "road", "highway", "street", "square", "tunnel", "tunnels", "safehouse",
    "stronghold", "strongholds", "outpost", "outposts", "depot", "warehouse", "frontline",
    "schools", "hospitals", "mosques", "churches", "restaurant", "restaurants",
    "cafe", "complex", "entrance", "entrances", "basement", "shelter", "shelters",
    "towns", "cities", "villages", "streets", "neighbourhoods",
    "neighborhoods", "farm", "farms", "mountains", "river", "dam", "reservoir", "canal",
    "barracks",
})

# Pronoun coreference for groups (coref.py). Nouns naming a body of people that English lets
# take "they" as well as "it" ("the government say they will ..."; "the army ... they").
COLLECTIVE_GROUP_NOUNS = frozenset({
    "government", "army", "military", "police", "coalition", "alliance", "junta", "regime",
    "militia", "opposition", "navy", "leadership", "administration", "authorities",
})
# Kinds of knowledge-base organisations that reporting calls "they" although their names are
# singular ("ISIL ... They have lost", "the RSF said they").
PLURAL_REFERENCE_KINDS = frozenset({
    "armed_forces", "militia", "rebel_group", "armed_group", "terrorist_group",
    "security_service", "pmc",
})
# Possessed nouns that make a possessive pronoun an actor: "its forces", "their fighters"
# stand for the group itself in the event they take part in ("our" is left alone: the speaker
# rule behind "we" too often names the enemy just mentioned).
POSSESSED_AGENT_NOUNS = frozenset({
    "force", "forces", "troops", "fighter", "fighters", "militant", "militants", "soldier",
    "soldiers", "unit", "units", "army", "militia", "militias", "members", "personnel",
    "warplane", "warplanes", "jet", "jets", "drone", "drones", "aircraft", "artillery",
    "gunmen", "men",
})
# Verbs whose subject "it" is a placeholder ("it seems that", "it takes time").
DUMMY_SUBJECT_VERBS = frozenset({
    "seem", "appear", "happen", "rain", "snow", "take", "matter", "remain", "mean", "look",
    "follow", "emerge", "transpire", "cost",
})
