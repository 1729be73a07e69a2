"""Distinct-name scoring for the mapped train sets and quote/speaker scoring for LitBank.

Names are compared as score.py compares them: per document, the set of distinct normalised
(text, class) pairs over PER/ORG/LOC, micro-averaged. Three additions, all from the mapping:
a gold name may accept another class (LitBank facilities: LOC or ORG); texts the set cannot
settle (MISC, titles alone, GUM groups of people) neither earn nor cost; system mentions inside
an unannotated headline are dropped.
"""
from names import CORE, TYPEMAP, norm


class Counts:
    """True positives, false positives and false negatives per class."""

    def __init__(self):
        self.by_type = {t: [0, 0, 0] for t in CORE}

    def add(self, other):
        for t in CORE:
            for i in range(3):
                self.by_type[t][i] += other.by_type[t][i]

    def totals(self):
        return [sum(self.by_type[t][i] for t in CORE) for i in range(3)]

    def f1(self):
        return prf(*self.totals())[2]

    def as_json(self):
        tp, fp, fn = self.totals()
        p, r, f = prf(tp, fp, fn)
        return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "by_type": {t: dict(zip(("tp", "fp", "fn"), v)) for t, v in self.by_type.items()}}


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_names(doc):
    """({(text, class): accepted classes}, texts that are not scored) for one document."""
    gold, dont_care = {}, set()
    for s in doc.spans:
        text = norm(doc.text[s.start:s.end])
        if s.kind in CORE:
            gold.setdefault((text, s.kind), set()).update({s.kind} | set(s.alternatives))
        else:
            dont_care.add(text)
    return gold, dont_care


def system_names(record, ignore_ranges=()):
    """Distinct (text, class) pairs of a gleaner.article/1 record, PER/ORG/LOC only."""
    out = set()
    for e in record.get("entities") or []:
        kind = TYPEMAP.get(str(e.get("type", "")).upper())
        if kind not in CORE:
            continue
        for m in e.get("mentions") or []:
            if any(a <= m.get("start", -1) and m.get("end", -1) <= b for a, b in ignore_ranges):
                continue
            out.add((norm(m.get("text", "")), kind))
    return out


def score_names(doc, record):
    gold, dont_care = gold_names(doc)
    accepted = {(text, k) for (text, _), kinds in gold.items() for k in kinds}
    found = {x for x in system_names(record, doc.ignore_ranges) if x in accepted or x[0] not in dont_care}
    counts, used = Counts(), set()
    for (text, kind), kinds in sorted(gold.items()):
        hit = (text, kind) if (text, kind) in found else next(
            ((text, k) for k in sorted(kinds) if (text, k) in found and (text, k) not in used), None)
        if hit and hit not in used:
            used.add(hit)
            counts.by_type[hit[1]][0] += 1
        else:
            counts.by_type[kind][2] += 1
    for text, kind in found - used:
        counts.by_type[kind][1] += 1
    return counts


def name_errors(doc, record):
    """(missed gold names, spurious system names) of one document, for --errors."""
    gold, dont_care = gold_names(doc)
    accepted = {(text, k) for (text, _), kinds in gold.items() for k in kinds}
    found = {x for x in system_names(record, doc.ignore_ranges) if x in accepted or x[0] not in dont_care}
    missed = sorted(g for g, kinds in gold.items() if not any((g[0], k) in found for k in kinds))
    return missed, sorted(found - accepted)


class QuoteCounts:
    """LitBank quotations: recall of gold quotes, precision of ours, speaker accuracy."""

    FIELDS = ("gold", "system", "matched", "named_gold", "named", "exact", "surname", "unnamed", "unnamed_null")

    def __init__(self):
        self.n = dict.fromkeys(self.FIELDS, 0)

    def add(self, other):
        for k in self.FIELDS:
            self.n[k] += other.n[k]

    def as_json(self):
        n = self.n
        out = dict(n)
        out["recall"] = round(n["matched"] / n["gold"], 4) if n["gold"] else 0.0
        out["precision"] = round(n["matched"] / n["system"], 4) if n["system"] else 0.0
        out["speaker_exact"] = round(n["exact"] / n["named"], 4) if n["named"] else 0.0
        out["speaker_surname"] = round(n["surname"] / n["named"], 4) if n["named"] else 0.0
        out["end_to_end_surname"] = round(n["surname"] / n["named_gold"], 4) if n["named_gold"] else 0.0
        return out


def speaker_matches(ours, names):
    """(exact, surname) agreement of our speaker string with any proper name of the gold speaker,
    using score.py's surname rule (one name ends with the other's last word)."""
    sp = norm(ours or "").lower()
    if not sp:
        return False, False
    golds = [norm(n).lower() for n in names]
    exact = sp in golds
    return exact, exact or any(g and (g.endswith(sp.split()[-1]) or sp.endswith(g.split()[-1])) for g in golds)


def score_quotes(doc, record):
    """Pairs gold and system quotes one-to-one by largest character overlap."""
    counts = QuoteCounts()
    ours = [q for q in record.get("quotes") or [] if isinstance(q.get("start"), int) and isinstance(q.get("end"), int)]
    counts.n["gold"], counts.n["system"] = len(doc.quotes), len(ours)
    counts.n["named_gold"] = sum(1 for q in doc.quotes if q.speaker_names)
    pairs = sorted(((min(g.end, q["end"]) - max(g.start, q["start"]), gi, qi)
                    for gi, g in enumerate(doc.quotes) for qi, q in enumerate(ours)), reverse=True)
    gold_used, ours_used = {}, set()
    for overlap, gi, qi in pairs:
        if overlap > 0 and gi not in gold_used and qi not in ours_used:
            gold_used[gi] = qi
            ours_used.add(qi)
    counts.n["matched"] = len(gold_used)
    for gi, qi in gold_used.items():
        names = doc.quotes[gi].speaker_names
        speaker = ours[qi].get("speaker")
        if names:
            exact, surname = speaker_matches(speaker, names)
            counts.n["named"] += 1
            counts.n["exact"] += exact
            counts.n["surname"] += surname
        else:
            counts.n["unnamed"] += 1
            counts.n["unnamed_null"] += speaker is None
    return counts
