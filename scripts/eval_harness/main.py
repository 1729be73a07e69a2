"""scripts/eval: name F1 of gleaner and spaCy en_core_web_sm over the train sets (mapped onto the
project's conventions, split into a look part and a score-only part) and the dev/eval sets.

usage: scripts/eval [--json] [--no-spacy] [--no-build] [--threads N] [--shared DIR] [--cache DIR]
                    [--binary PATH] [--errors GROUP]
See docs/evaluation.md.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devsets  # noqa: E402
import report  # noqa: E402
import runners  # noqa: E402
import sets  # noqa: E402
from scoring import Counts, QuoteCounts, name_errors, score_names, score_quotes  # noqa: E402

TOTAL = "train, all sets"
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019 "
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def parse_args(argv):
    p = argparse.ArgumentParser(prog="scripts/eval", description=__doc__.split("\n\n")[0])
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.add_argument("--no-spacy", action="store_true", help="leave out the spaCy baseline")
    p.add_argument("--no-build", action="store_true", help="do not run swift build first")
    p.add_argument("--threads", type=int, default=2, help="gleaner extract threads (default 2)")
    p.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"), help="the research data folder")
    p.add_argument("--cache", default=os.environ.get("GLEANER_EVAL_CACHE", os.path.join(ROOT, ".build", "eval")),
                   help="generated articles, gold, records, spaCy venv (default .build/eval)")
    p.add_argument("--binary", help="gleaner binary to test (default .build/release/gleaner, built)")
    p.add_argument("--extract-arg", action="append", default=[], metavar="ARG",
                   help="pass ARG to gleaner extract (repeatable), e.g. --extract-arg=--no-span-typer")
    p.add_argument("--errors", metavar="GROUP",
                   help="print missed and spurious names of GROUP's look part ('gum fiction', 'wikigold')")
    return p.parse_args(argv)


class Clock:
    """Progress lines on stderr and the seconds each phase took."""

    def __init__(self):
        self.start = self.last = time.monotonic()
        self.phases = []

    def log(self, msg):
        print(msg, file=sys.stderr, flush=True)

    def lap(self, name):
        now = time.monotonic()
        self.phases.append((name, round(now - self.last, 2)))
        self.last = now


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)


def write_article(cache, doc):
    """The article text and its gold (score.py holdout's format plus the not-scored texts)."""
    path = os.path.join(cache, "articles", doc.corpus, doc.doc_id + ".txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = doc.text.encode("utf-8")
    if not os.path.exists(path) or open(path, "rb").read() != data:
        with open(path, "wb") as f:
            f.write(data)
    kinds = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
    names = {}
    for s in doc.spans:
        names.setdefault((doc.text[s.start:s.end], s.kind), set()).update(s.alternatives)
    write_json(os.path.join(cache, "gold", doc.corpus, doc.doc_id + ".json"), {
        "file": f"{doc.corpus}/{doc.doc_id}.txt", "title": doc.text.split("\n", 1)[0], "part": doc.part,
        "entities": [{"text": t, "type": kinds[k], "canonical": t, "also": sorted(kinds[a] for a in alts)}
                     for (t, k), alts in sorted(names.items(), key=lambda x: (x[0][0], x[0][1] or "")) if k],
        "not_scored": sorted({t for t, k in names if not k}),
        "ignore_ranges": doc.ignore_ranges,
        "quotes": [{"text": doc.text[q.start:q.end].strip(QUOTE_MARKS)[:40],
                    "speaker": max(q.speaker_names, key=len) if q.speaker_names else None,
                    "speaker_id": q.speaker_id, "speaker_names": q.speaker_names, "start": q.start, "end": q.end}
                   for q in doc.quotes]})
    return path


def score_train(docs, records):
    """{group: {part: Counts}} in table order, and quote counts {corpus: {part: QuoteCounts}}."""
    names = defaultdict(lambda: defaultdict(Counts))
    quotes = defaultdict(lambda: defaultdict(QuoteCounts))
    for doc in docs:
        names[doc.group]
    names[TOTAL]
    for doc, rec in zip(docs, records):
        c = score_names(doc, rec)
        for key in (doc.group, TOTAL):
            names[key][doc.part].add(c)
            names[key]["all"].add(c)
        if doc.quotes:
            q = score_quotes(doc, rec)
            quotes[doc.corpus][doc.part].add(q)
            quotes[doc.corpus]["all"].add(q)
    return names, quotes


def print_errors(group, docs, records):
    shown = 0
    for doc, rec in zip(docs, records):
        if doc.group != group:
            continue
        if doc.part != sets.LOOK:
            continue
        missed, spurious = name_errors(doc, rec)
        shown += 1
        print(f"== {doc.corpus}/{doc.doc_id}")
        for text, kind in missed:
            print(f"  missed   {kind:4} {text}")
        for text, kind in spurious:
            print(f"  spurious {kind:4} {text}")
    if not shown:
        sys.exit(f"no look-part documents in group {group!r} (groups: {sorted({d.group for d in docs})})")


class DevScorer:
    """score.py's figures for the dev/eval articles, plus GUM news under the train mapping."""

    def __init__(self, cache, eval_root, corpus_root, dev):
        self.cache, self.eval_root, self.corpus_root, self.dev = cache, eval_root, corpus_root, dev
        self.score_module = devsets.load_score(eval_root)
        self.gum_news = [sets.read_gum_doc(os.path.join(eval_root, "gum_news", "gold", doc + ".json"), path,
                                           "gum_news") for s, doc, path in dev if s == "gum_news"]

    def score(self, engine, records):
        out = {}
        for name in sorted({s for s, _, _ in self.dev}):
            folder = os.path.join(self.cache, "records", engine.replace(" ", "-"), name)
            for (s, doc, _), rec in zip(self.dev, records):
                if s == name:
                    write_json(os.path.join(folder, doc + ".json"), rec)
            out[name] = devsets.score(self.score_module, self.eval_root, self.corpus_root, name, folder)
        if self.gum_news:
            mapped, _ = score_train(self.gum_news, [r for (s, _, _), r in zip(self.dev, records) if s == "gum_news"])
            out["gum_news_mapped"] = mapped["gum news"]["all"].as_json()
        return out


def main(argv):
    args = parse_args(argv)
    train_root, eval_root = os.path.join(args.shared, "train"), os.path.join(args.shared, "eval")
    corpus_root = os.path.join(args.shared, "corpus")
    if not os.path.isdir(train_root) and not os.path.isdir(eval_root):
        print(f"scripts/eval: no research data at {os.path.normpath(args.shared)} (train/ and eval/ sit beside "
              "the repository on the team's machines; a plain clone has none). Nothing to evaluate.")
        return 0
    clock = Clock()
    binary = args.binary or os.path.join(ROOT, ".build", "release", "gleaner")
    if not args.binary and not args.no_build:
        clock.log("swift build -c release --product gleaner ...")
        subprocess.run(["swift", "build", "-c", "release", "--product", "gleaner"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
        clock.lap("build")

    docs = list(sets.read_train(train_root)) if os.path.isdir(train_root) else []
    paths = [write_article(args.cache, d) for d in docs]
    dev = devsets.articles(eval_root, corpus_root) if os.path.isdir(eval_root) else []
    clock.lap("map sets")

    clock.log(f"gleaner extract: {len(paths) + len(dev)} articles ...")
    engines = {"gleaner": runners.run_gleaner(binary, paths + [p for _, _, p in dev], args.threads,
                                                      args.extract_arg)}
    clock.lap("gleaner extract")
    if args.errors:
        print_errors(args.errors, docs, engines["gleaner"][:len(docs)])
        return 0
    if not args.no_spacy:
        engines["spaCy sm"] = runners.spacy_records(args.cache, paths + [p for _, _, p in dev], clock.log)
        clock.lap("spaCy (cached by text)")

    results = {"train": {}, "dev": {}, "litbank_quotes": {}, "gum_quotes": {}, "tokens": {}, "docs": {},
               "dev_docs": {name: sum(1 for s, _, _ in dev if s == name) for name in {s for s, _, _ in dev}}}
    for d in docs:
        for key in (d.group, TOTAL):
            results["tokens"][key] = results["tokens"].get(key, 0) + d.tokens
            results["docs"][key] = results["docs"].get(key, 0) + 1
    dev_scorer = DevScorer(args.cache, eval_root, corpus_root, dev) if dev else None
    for engine, recs in engines.items():
        names, quotes = score_train(docs, recs[:len(docs)])
        results["train"][engine] = {g: {p: c.as_json() for p, c in parts.items()} for g, parts in names.items()}
        if engine == "gleaner":
            for corpus in ("litbank", "gum"):
                results[f"{corpus}_quotes"] = {p: q.as_json() for p, q in quotes.get(corpus, {}).items()}
        results["dev"][engine] = dev_scorer.score(engine, recs[len(docs):]) if dev_scorer else {}
    clock.lap("scoring")
    results["timing_seconds"] = dict(clock.phases)
    results["timing_seconds"]["total"] = round(time.monotonic() - clock.start, 2)
    results["split"] = "look if sha256('<corpus>/<doc id>')[0] is even, else score-only"
    if args.json:
        print(json.dumps(results, indent=1, sort_keys=True))
    else:
        print(report.table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
