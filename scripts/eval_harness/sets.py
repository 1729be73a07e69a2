"""Readers that map each ../shared/train set onto the project's conventions.

Each reader yields Doc objects: an article text in the project's input format, the gold name
spans (flat, titles out, PER/ORG/LOC/MISC), character ranges whose system mentions are not
scored (headlines that the set never annotated) and the quotations whose speakers are scored:
LitBank's attributed quotations, and GUM's quotations with the speakers annotated for this project
(data/gum_quote_speakers.tsv).
docs/evaluation.md explains every mapping decision.
"""
import glob
import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass, field

from names import GoldSpan, ORG_HEADS, flatten, name_span
from textbuild import ArticleWriter

LOOK, SCORE_ONLY = "look", "score-only"
PLURAL_PRONOUNS = frozenset("they them their theirs themselves we us our ours ourselves".split())
SINGULAR_PRONOUNS = frozenset("he him his himself she her hers herself".split())
# Endings of one-word plural group names ("Americans", "Democrats", "Huguenots", "Methodists").
GROUP_ENDINGS = ("ans", "ats", "ists", "ites", "ots")


def part_of(corpus, doc_id):
    """The fixed half a document belongs to: sha256 of 'corpus/doc_id', even first byte = look."""
    return LOOK if hashlib.sha256(f"{corpus}/{doc_id}".encode()).digest()[0] % 2 == 0 else SCORE_ONLY


@dataclass
class GoldQuote:
    start: int
    end: int
    speaker_id: str
    speaker_names: list


@dataclass
class Doc:
    corpus: str
    group: str
    doc_id: str
    text: str
    spans: list
    ignore_ranges: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    tokens: int = 0

    @property
    def part(self):
        return part_of(self.corpus, self.doc_id)


def count_tokens(text):
    return len(re.findall(r"\w+|[^\w\s]", text))


# ---------------------------------------------------------------- GUM
def _gum_group_entities(entities):
    """Entity ids that GUM types 'person' but that stand for a group: referred to only by plural
    pronouns, or never by a personal pronoun and named by one plural word ('Americans')."""
    plural, singular = set(), set()
    for e in entities:
        if e.get("form") == "pronoun":
            w = e["text"].lower()
            (plural if w in PLURAL_PRONOUNS else singular if w in SINGULAR_PRONOUNS else set()).add(e["entity_id"])
    groups = set(plural - singular)
    for e in entities:
        words = e["minspan"]["text"].split()
        if (e.get("form") == "proper" and e["type"] == "person" and e["entity_id"] not in singular
                and len(words) == 1 and words[0].endswith(GROUP_ENDINGS)):
            groups.add(e["entity_id"])
    return groups


def gum_spans(text, entities):
    groups = _gum_group_entities(entities)
    spans = []
    for e in entities:
        if e.get("form") != "proper":
            continue
        kind = e.get("conll_like")
        if e["type"] == "person" and e["head"]["text"].lower() in ORG_HEADS:
            kind = "ORG"
        elif e["type"] == "person" and e["entity_id"] in groups:
            kind = None
        span = name_span(text, e["start"], e["end"], kind, head=e["head"]["start"])
        if span is None:
            spans.append(GoldSpan(e["minspan"]["start"], e["minspan"]["end"], None))
        else:
            spans.append(GoldSpan(span[0], span[1], kind))
    return flatten(spans)


GUM_SPEAKERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "gum_quote_speakers.tsv")


def read_gum_speakers(path=GUM_SPEAKERS):
    """{doc id: [GoldQuote]} from the speaker annotations of GUM's quotations. Spans labelled
    not-quote (terms, titles, scare quotes) are left out, as the quote guidelines leave them out;
    `none` quotes carry wording with no named source (scored as "no speaker" is right)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            doc, start, end, label, speaker = line.rstrip("\n").split("\t")
            if label == "not-quote":
                continue
            names = [speaker] if label == "speaker" else []
            out.setdefault(doc, []).append(GoldQuote(int(start), int(end), label, names))
    return out


def read_gum_doc(gold_path, text_path, corpus="gum", quotes=()):
    with gzip.open(gold_path, "rt", encoding="utf-8") if gold_path.endswith(".gz") else open(gold_path) as f:
        g = json.load(f)
    with open(text_path, encoding="utf-8") as f:
        text = f.read()
    ignore = [(0, text.index("\n"))] if g.get("title_from_meta") and "\n" in text else []
    return Doc(corpus, f"gum {g.get('genre', 'news')}", g["doc_id"], text, gum_spans(text, g["entities"]),
               ignore, list(quotes), tokens=count_tokens(text))


def read_gum(root, speakers_path=GUM_SPEAKERS):
    speakers = read_gum_speakers(speakers_path)
    for path in sorted(glob.glob(os.path.join(root, "gold", "*.json*"))):
        doc_id = os.path.basename(path).split(".json")[0]
        yield read_gum_doc(path, os.path.join(root, "text", doc_id + ".txt"), quotes=speakers.get(doc_id, ()))


# ---------------------------------------------------------------- CoNLL-style token files
def _bio_spans(token_spans, tags):
    """(start, end, type) runs from B-/I- tags (IOB2 or IO): a run starts at B- or at a change of
    type, so IO's 'I-PER I-ORG' is two names; OTH reads as MISC and a stray B-O as O."""
    out, cur = [], None
    for (a, b), tag in zip(token_spans, tags):
        kind = tag[2:] if tag[:2] in ("B-", "I-") and tag[2:] != "O" else None
        kind = {"OTH": "MISC"}.get(kind, kind)
        if kind is None:
            cur = None
        elif tag.startswith("B-") or cur is None or cur[2] != kind:
            cur = [a, b, kind]
            out.append(cur)
        else:
            cur[1] = b
    return [GoldSpan(a, b, k) for a, b, k in out]


def read_wikigold(path):
    """Wikigold: IO tags, 146 articles (the first has no -DOCSTART- line)."""
    docs, sentences, sent = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if sent:
                    sentences.append(sent)
                if sentences:
                    docs.append(sentences)
                sentences, sent = [], []
            elif not line.strip():
                if sent:
                    sentences.append(sent)
                sent = []
            else:
                tok, tag = line.rsplit(" ", 1)
                sent.append((tok, tag))
    if sent:
        sentences.append(sent)
    if sentences:
        docs.append(sentences)
    for n, sentences in enumerate(docs, 1):
        w = ArticleWriter(f"document {n}")
        spans = []
        for s in sentences:
            token_spans = w.add_sentence([t for t, _ in s])
            spans += _bio_spans(token_spans, [tag for _, tag in s])
        text = w.text()
        yield Doc("wikigold", "wikigold", f"wikigold-{n:03d}", text, spans, [w.title_range],
                  tokens=sum(len(s) for s in sentences))


# A sentence ends visibly when its last character (before closing quotes or brackets) is one of these.
SENTENCE_END = frozenset(".!?")
CLOSERS = "\"'”’)]"


def _ends_visibly(sentence):
    return sentence.rstrip().rstrip(CLOSERS)[-1:] in SENTENCE_END


def read_uner(paths):
    """UNER English-EWT: IOB2 tags; sentences keep their original text (# text). Sentences run on
    with a space, but one that ends without . ! or ? (an e-mail's header line, a signature, a list
    item: 'Coach: Lisa Gilette' then 'Kristen Quinn, Sarah Mulholland') ends its line, so that two
    sentences the source keeps apart are never joined into one run of words."""
    for path in paths:
        docs, cur = [], None
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("# newdoc id = "):
                    cur = (line[len("# newdoc id = "):], [])
                    docs.append(cur)
                elif line.startswith("# text = "):
                    cur[1].append((line[len("# text = "):], []))
                elif line and not line.startswith("#"):
                    cols = line.split("\t")
                    cur[1][-1][1].append((cols[1], cols[2]))
        for doc_id, sentences in docs:
            title = "document " + doc_id
            parts, spans, offset = [title, "\n\n"], [], len(title) + 2
            for k, (sent_text, toks) in enumerate(sentences):
                if k:
                    parts.append(" " if _ends_visibly(sentences[k - 1][0]) else "\n")
                    offset += 1
                token_spans, cursor = [], 0
                for tok, _ in toks:
                    i = sent_text.find(tok, cursor)
                    token_spans.append((offset + i, offset + i + len(tok)))
                    cursor = i + len(tok)
                spans += _bio_spans(token_spans, [t for _, t in toks])
                parts.append(sent_text)
                offset += len(sent_text)
            text = "".join(parts) + "\n"
            yield Doc("uner_ewt", "uner ewt", doc_id, text, spans, [(0, len(title))],
                      tokens=sum(len(t) for _, t in sentences))


# ---------------------------------------------------------------- LitBank
LITBANK_TYPES = {"PER": ("PER", frozenset()), "ORG": ("ORG", frozenset()), "GPE": ("LOC", frozenset()),
                 "LOC": ("LOC", frozenset()), "FAC": ("LOC", frozenset({"ORG"})), "VEH": ("MISC", frozenset())}
OPENING_DOUBLE = ("\u201c", '"', "\u201c\u2018")


def _litbank_text(sentences, n):
    """Sentences in paragraphs: a sentence that opens with a double quote starts a paragraph
    (novels give each turn of dialogue its own paragraph; the excerpts lost their breaks)."""
    w = ArticleWriter(f"document {n}")
    spans = []
    for s in sentences:
        if s and s[0] in OPENING_DOUBLE:
            w.new_paragraph()
        spans.append(w.add_sentence(s))
    return w, spans


def _tsv_rows(path, label):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == label:
                rows.append(cols)
    return rows


def read_litbank(root):
    stems = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(root, "coref", "tsv", "*.txt")))
    for n, stem in enumerate(stems, 1):
        with open(os.path.join(root, "coref", "tsv", stem + ".txt"), encoding="utf-8") as f:
            sentences = [line.rstrip("\n").split(" ") if line.strip() else [] for line in f]
        w, tok = _litbank_text(sentences, n)
        text = w.text()
        coref = os.path.join(root, "coref", "tsv", stem + ".ann")
        mentions = {c[1]: c for c in _tsv_rows(coref, "MENTION")}
        entity_of = {c[1]: c[2] for c in _tsv_rows(coref, "COREF")}

        def char_span(s0, t0, s1, t1):
            return tok[int(s0)][int(t0)][0], tok[int(s1)][int(t1)][1]

        spans, names_of = [], {}
        for mid, c in sorted(mentions.items()):
            if c[8] != "PROP" or c[7] not in LITBANK_TYPES:
                continue
            a, b = char_span(*c[2:6])
            kind, alts = LITBANK_TYPES[c[7]]
            span = name_span(text, a, b, kind)
            spans.append(GoldSpan(span[0], span[1], kind, alts) if span else GoldSpan(a, b, None))
            names = names_of.setdefault(entity_of.get(mid), set())
            names.add(text[a:b])
            if span:
                names.add(text[span[0]:span[1]])
        quotes = []
        qpath = os.path.join(root, "quotations", "tsv", stem + ".ann")
        if os.path.exists(qpath):
            speaker = {c[1]: c[2] for c in _tsv_rows(qpath, "ATTRIB")}
            for c in _tsv_rows(qpath, "QUOTE"):
                a, b = char_span(*c[2:6])
                sid = speaker.get(c[1])
                quotes.append(GoldQuote(a, b, sid, sorted(names_of.get(sid, ()))))
        yield Doc("litbank", "litbank", stem, text, flatten(spans), [w.title_range], quotes,
                  tokens=sum(len(s) for s in sentences))


def read_train(train_root):
    """Every train set, in table order."""
    yield from read_gum(os.path.join(train_root, "gum"))
    yield from read_wikigold(os.path.join(train_root, "wikigold", "wikigold.conll.txt"))
    yield from read_uner(sorted(glob.glob(os.path.join(train_root, "uner_ewt", "*.iob2"))))
    yield from read_litbank(os.path.join(train_root, "litbank"))
