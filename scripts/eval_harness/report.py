"""The printed table: one row per set, gleaner beside spaCy, look / score-only / all columns."""

PARTS = ("look", "score-only", "all")


def _f(x):
    return "   -  " if x is None else f"{x:6.3f}"


def _row(label, docs, tokens, ours, theirs):
    cells = " ".join(_f(ours.get(p)) for p in PARTS)
    line = f"{label:<28}{docs:>5}{tokens:>9,}  | {cells} |"
    if theirs is not None:
        line += " " + " ".join(_f(theirs.get(p)) for p in PARTS) + " |"
        held = None if ours.get("score-only") is None or theirs.get("score-only") is None \
            else ours["score-only"] - theirs["score-only"]
        line += f" {held:+.3f}" if held is not None else "    -"
    return line


def _quote_block(q, label):
    """Quote recall and precision, and speaker accuracy, by half."""
    if not q:
        return []
    out = ["", f"{label}: look / score-only / all"]
    for name, key, of in (("quote recall", "recall", "gold"), ("quote precision", "precision", "system"),
                          ("speaker exact (matched, named)", "speaker_exact", "named"),
                          ("speaker surname (matched, named)", "speaker_surname", "named"),
                          ("found with right speaker (surname)", "end_to_end_surname", "named_gold")):
        cells = "  ".join(f"{q[p][key]:.3f} ({q[p][of]:>4})" for p in PARTS if p in q)
        out.append(f"  {name:<36}{cells}")
    a = q.get("all", {})
    out.append(f"  unnamed gold speakers given no speaker: {a.get('unnamed_null', 0)}/{a.get('unnamed', 0)}")
    return out


def table(results):
    engines = list(results["train"])
    spacy = next((e for e in engines if e != "gleaner"), None)
    head = f"{'set':<28}{'docs':>5}{'tokens':>9}  | gleaner: look  s-only    all |"
    if spacy:
        head += f" {spacy}: look s-only    all | Δ s-only"
    out = ["Distinct-name F1, PER/ORG/LOC (look = the half you may read; s-only = score-only half)", head,
           "-" * len(head)]
    train = results["train"].get("gleaner", {})
    for group in train:
        ours = {p: c["f1"] for p, c in train[group].items()}
        theirs = {p: c["f1"] for p, c in results["train"][spacy][group].items()} if spacy else None
        if group == "train, all sets":  # the pooled row closes the train part
            out.append("-" * len(head))
        out.append(_row(group, results["docs"].get(group, 0), results["tokens"].get(group, 0), ours, theirs))
    dev = results["dev"].get("gleaner", {})
    if dev:
        out += ["", "Dev/eval sets (../shared/eval, all documents, scored by score.py)", "-" * len(head)]
        labels = [("conll2003_testa", "CoNLL testa (exact spans)"), ("bbc_dev", "bbc_dev names"),
                  ("gum_news", "GUM news (score.py minspans)"), ("gum_news_mapped", "GUM news (mapped as train)")]
        for key, label in labels:
            if key not in dev:
                continue
            f1 = lambda e: (results["dev"][e][key].get("names") or results["dev"][e][key]).get("f1")  # noqa: E731
            theirs = {"all": f1(spacy)} if spacy else None
            docs = results["dev_docs"].get(key.replace("_mapped", ""), 0)
            out.append(_row(label, docs, 0, {"all": f1("gleaner")}, theirs).replace("        0  |", "           |"))
        b = dev.get("bbc_dev", {})
        if "quotes" in b:
            sp, ti = b.get("speakers", {}), b.get("titles", {})
            out.append(f"bbc_dev quotes F1 {b['quotes']['f1']:.3f}, speakers exact {sp.get('exact', 0):.3f} "
                       f"surname {sp.get('surname', 0):.3f} (of {sp.get('quotes_with_speaker', 0)}), "
                       f"titles {ti.get('exact', 0)}/{ti.get('of', 0)}")
    for key, label in (("litbank_quotes", "LitBank quotations (speaker benchmark, gleaner)"),
                       ("gum_quotes", "GUM quotations, speakers annotated for this project (gleaner)")):
        out += _quote_block(results.get(key) or {}, label)
    t = results.get("timing_seconds", {})
    out += ["", "time: " + ", ".join(f"{k} {v:.1f}s" for k, v in t.items())]
    return "\n".join(out)
