"""Gold-name conventions shared by every set: one name per span, flat, no titles.

A gold name is a character span of an article text with a type (PER, ORG, LOC, MISC). The
helpers here turn a corpus's annotated span (a GUM noun phrase, a LitBank proper mention) into
the name this project's guidelines ask for, and compare names the way score.py does.
"""
import os
import re
import unicodedata
from dataclasses import dataclass, field

DATA = os.path.join(os.path.dirname(__file__), "data")
CORE = ("PER", "ORG", "LOC")
# Record entity types -> scored classes, as in score.py (other types are not scored).
TYPEMAP = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC",
           "FAC": "LOC", "NORP": "MISC", "MISC": "MISC", "EVENT": "MISC"}


def word_list(name):
    """The entries of data/NAME: one a line, '#' lines are the header."""
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))


TITLES = word_list("titles.txt")
ORG_HEADS = word_list("org_heads.txt")
# Lowercase words allowed inside a name between capitalised words ("Bank of England").
CONNECTORS = frozenset("of de du des la le del della di da van von der den y and & for the al bin ibn".split())
# Connectors that never join a person's name ("Louis XV of France" is Louis XV, then France).
NOT_IN_PERSON = frozenset("of and & for the".split())


def norm(s):
    """score.py's normalisation: NFKC, straight quotes, one space, no leading 'the', no 's."""
    s = unicodedata.normalize("NFKC", s or "")
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        s = s.replace(a, b)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^(the|The) ", "", s)
    return re.sub(r"('s|')$", "", s).strip()


@dataclass
class GoldSpan:
    """An annotated name before flattening. `kind` None means: not scored, but a system name
    with this text is not counted wrong either (a type or boundary the set cannot settle)."""
    start: int
    end: int
    kind: object
    alternatives: frozenset = field(default_factory=frozenset)


def _tokens(text, start, end):
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]


def _capitalised(tok):
    return any(c.isupper() for c in tok)


def name_span(text, start, end, kind, head=None):
    """The name inside an annotated span, or None when the span holds no name.

    Starts from the head token (or the first capitalised token), grows over capitalised tokens
    and connectors that lead to another capitalised token, stops at a comma, and for PER drops
    leading titles. `head` is a character offset inside the head token, when the corpus gives one.
    """
    toks = _tokens(text, start, end)
    words = [text[a:b] for a, b in toks]
    i = None
    if head is not None:
        i = next((k for k, (a, b) in enumerate(toks) if a <= head < b and _capitalised(words[k])), None)
    if i is None:  # no head given, or a lowercase one ("de Tocqueville"): the first capitalised word
        i = next((k for k, w in enumerate(words) if _capitalised(w)), None)
    if i is None:
        return None
    connectors = CONNECTORS - NOT_IN_PERSON if kind == "PER" else CONNECTORS

    def ends_clause(k):
        return words[k].endswith((",", ";", ":")) or words[k] in ("-", "--", "\u2013", "\u2014", "(")

    lo = i
    while lo > 0 and not ends_clause(lo - 1):
        w = words[lo - 1]
        if w[-1] in ")]\"'\u201d\u2019":
            break
        if _capitalised(w):
            lo -= 1
        elif w[0].isdigit() and lo >= 2 and _capitalised(words[lo - 2]):  # "S 75th Ave"
            lo -= 2
        elif w.lower() in connectors and lo >= 2 and _capitalised(words[lo - 2]) and not ends_clause(lo - 2):
            lo -= 2
        else:
            break
    hi = i
    while hi + 1 < len(words) and not ends_clause(hi):
        w = words[hi + 1]
        if w[0] in "([\"'\u201c\u2018":
            break
        if _capitalised(w) or (w[0].isdigit() and hi + 1 > i):
            hi += 1
        elif w.lower() in connectors and hi + 2 < len(words) and _capitalised(words[hi + 2]):
            hi += 2
        else:
            break
    if kind == "PER":
        while lo < hi and words[lo].lower().rstrip(".") in TITLES:
            lo += 1
        if words[lo].lower().rstrip(".") in TITLES:
            return None
    a, b = toks[lo][0], toks[hi][1]
    while b > a and text[b - 1] in ",;:":
        b -= 1
    for suffix in ("'s", "\u2019s"):
        if text[a:b].endswith(suffix) and b - a > len(suffix):
            b -= len(suffix)
    return (a, b) if b > a else None


def flatten(spans):
    """Drop spans that lie inside a longer span: a name inside a name is not listed on its own."""
    out = []
    for s in spans:
        inside = any(o is not s and o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start)
                     for o in spans)
        if not inside:
            out.append(s)
    return out
