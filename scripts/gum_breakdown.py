#!/usr/bin/env python3
"""Break GUM (score.py gum) errors down by cause, to tell schema conflicts from real misses.

usage: python3 scripts/gum_breakdown.py [GLEANER]   (default .build/release/gleaner)

Needs ../shared/eval (research data, never copied into the repo). Prints the F1 as score.py
computes it, then: gold names our schema cannot produce (titles, comma or prepositional tails,
coordinations: docs/design.md excludes titles from mention text), gold names nested inside a longer
name we output, our person names that GUM files inside a common noun phrase ("actor X"), type
disagreements, and the F1 a system perfect on everything else would reach.
"""
import collections, glob, importlib.util, json, os, re, subprocess, sys

ROOT = os.path.join(os.path.dirname(__file__), "..")
EVAL = os.path.join(ROOT, "..", "shared", "eval")
spec = importlib.util.spec_from_file_location("score", os.path.join(EVAL, "score.py"))
S = importlib.util.module_from_spec(spec); spec.loader.exec_module(S)
CORE = ("PER", "ORG", "LOC")
lexicon = open(os.path.join(ROOT, "Sources/GleanerCore/Extraction/Lexicon.swift")).read()
TITLES = set(lexicon.split('static let titleWords = words("""')[1].split('"""')[0].split())

def inexpressible(text, kind):
    first = text.split()[0].lower().rstrip(".")
    return (first in TITLES or ", " in text or text[0].islower()
            or (kind == "PER" and re.search(r" (and|or|&) ", text))
            or (kind in ("PER", "LOC") and re.search(r" (of|from|in|at|near|by) ", text)))

def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/gleaner")
    n = collections.Counter(); confusions = collections.Counter()
    for path in sorted(glob.glob(os.path.join(EVAL, "gum_news/gold/*.json"))):
        gold_doc = json.load(open(path))
        text_path = os.path.join(EVAL, "gum_news/text", gold_doc["doc_id"] + ".txt")
        record = json.loads(subprocess.run([binary, "extract", text_path], capture_output=True).stdout)
        gold = {(S.norm(e["minspan"]["text"]), e["conll_like"]) for e in gold_doc["entities"]
                if e.get("form") == "proper" and e.get("conll_like") in CORE}
        ours = {x for x in S.mentions(record, False) if x[1] in CORE}
        all_ours = {S.norm(m["text"]) for e in record["entities"] for m in e["mentions"]}
        types_of = collections.defaultdict(set)
        for e in record["entities"]:
            for m in e["mentions"]: types_of[S.norm(m["text"])].add(S.TYPEMAP.get(e["type"], e["type"]))
        outside = [S.norm(e["text"]) for e in gold_doc["entities"] if e.get("form") != "proper"] \
            + [t for t, k in gold if inexpressible(t, k)]
        gold_texts = {t for t, _ in gold}
        n["tp"] += len(gold & ours); n["fp"] += len(ours - gold); n["fn"] += len(gold - ours)
        for t, k in gold - ours:
            if inexpressible(t, k): n["fn schema"] += 1
            elif t in all_ours: n["fn type"] += 1; confusions[(k, "/".join(sorted(types_of[t])))] += 1
            elif any(t in m for m in all_ours): n["fn nested"] += 1
            else: n["fn missed"] += 1
        n["fp descriptor"] += sum(1 for t, k in ours - gold if k == "PER" and t not in gold_texts
                                  and any(t in o and t != o for o in outside))
    f1 = 2 * n["tp"] / (2 * n["tp"] + n["fp"] + n["fn"])
    print(f"F1 {f1:.3f}  tp {n['tp']} fp {n['fp']} fn {n['fn']}")
    print(f"misses: schema conflict {n['fn schema']}, nested {n['fn nested']}, type {n['fn type']}, missed {n['fn missed']}")
    print(f"false positives from names inside GUM common noun phrases: {n['fp descriptor']}")
    print("type confusions (gold, ours):", dict(confusions.most_common(8)))
    reachable = n["tp"] + n["fn"] - n["fn schema"] - n["fn nested"]
    p = reachable / (reachable + n["fp descriptor"]); r = reachable / (n["tp"] + n["fn"])
    print(f"ceiling, everything else perfect: P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}")

if __name__ == "__main__":
    main()
