"""The dev and evaluation sets under ../shared/eval, scored by their own score.py.

Records are written to a folder and handed to score.py with --records, so these figures are
exactly the ones `score.py` prints; its output is parsed into numbers.
"""
import contextlib
import glob
import importlib.util
import io
import json
import os
import re

LINE_PRF = re.compile(r"^(?P<label>[^:]+): P=(?P<p>[\d.]+) R=(?P<r>[\d.]+) F1=(?P<f>[\d.]+)$")


def load_score(eval_root):
    spec = importlib.util.spec_from_file_location("score", os.path.join(eval_root, "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def articles(eval_root, corpus_root):
    """[(set, record name, article path)] for CoNLL testa, GUM news and bbc_dev."""
    out = []
    for name in ("conll2003_testa", "gum_news"):
        for g in sorted(glob.glob(os.path.join(eval_root, name, "gold", "*.json"))):
            doc = os.path.basename(g)[:-5]
            out.append((name, doc, os.path.join(eval_root, name, "text", doc + ".txt")))
    for g in sorted(glob.glob(os.path.join(eval_root, "bbc_dev", "gold", "*.json"))):
        with open(g) as f:
            rel = json.load(f)["file"]
        out.append(("bbc_dev", os.path.basename(g)[:-5], os.path.join(corpus_root, "bbc", rel)))
    return [x for x in out if os.path.exists(x[2])]


def _parse(output):
    result = {"lines": output.strip().splitlines()}
    for line in result["lines"]:
        m = LINE_PRF.match(line.strip())
        if m and not line.startswith(" "):
            key = "quotes" if m["label"] == "quotes" else "names"
            result[key] = {"precision": float(m["p"]), "recall": float(m["r"]), "f1": float(m["f"])}
        m = re.search(r"exact (\d+)/(\d+) = [\d.]+, surname (\d+)/\d+", line)
        if m:
            n = int(m[2]) or 1
            result["speakers"] = {"exact": round(int(m[1]) / n, 4), "surname": round(int(m[3]) / n, 4),
                                  "quotes_with_speaker": int(m[2])}
        m = re.search(r"titles exact: (\d+)/(\d+)", line)
        if m:
            result["titles"] = {"exact": int(m[1]), "of": int(m[2])}
    return result


def score(score_module, eval_root, corpus_root, name, records_dir):
    """score.py's figures for one set, from records in records_dir."""
    recs = score_module.Records(["--records", records_dir])
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        if name == "conll2003_testa":
            score_module.conll(os.path.join(eval_root, name), recs)
        elif name == "gum_news":
            score_module.gum(os.path.join(eval_root, name), recs)
        else:
            score_module.holdout(os.path.join(eval_root, "bbc_dev", "gold"), os.path.join(corpus_root, "bbc"), recs)
    return _parse(buf.getvalue())
