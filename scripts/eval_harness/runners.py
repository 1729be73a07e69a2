"""The two systems under test: the built gleaner binary and the pinned spaCy baseline."""
import hashlib
import json
import os
import subprocess
import sys
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
ARGS_PER_CALL = 400  # paths per `gleaner extract` call, well under the kernel's argument limit


def run_gleaner(binary, paths, threads, extra_args=()):
    """gleaner.article/1 records for `paths`, in order, from `gleaner extract --threads N [extra_args]`."""
    records = []
    for i in range(0, len(paths), ARGS_PER_CALL):
        chunk = paths[i:i + ARGS_PER_CALL]
        out = subprocess.run([binary, "extract", "--threads", str(threads)] + list(extra_args) + chunk,
                             capture_output=True, check=False)
        lines = out.stdout.decode("utf-8").splitlines()
        if len(lines) != len(chunk):
            sys.exit(f"gleaner extract printed {len(lines)} records for {len(chunk)} files:\n"
                     + out.stderr.decode("utf-8", "replace")[-2000:])
        records += [json.loads(line) for line in lines]
    return records


def _model_spec():
    with open(os.path.join(HERE, "spacy-model.txt")) as f:
        line = next(x for x in f if x.strip() and not x.startswith("#"))
    dist, version, module, sha = line.split()
    return dist, version, module, sha


def ensure_spacy_venv(cache, log):
    """The venv under `cache`, made once per requirements file and model pin. Returns its python."""
    root = os.path.join(cache, "spacy-venv")
    python = os.path.join(root, "bin", "python")
    with open(os.path.join(HERE, "requirements-spacy.txt"), "rb") as f:
        stamp = hashlib.sha256(f.read() + " ".join(_model_spec()).encode()).hexdigest()
    stamp_file = os.path.join(root, "gleaner-eval-stamp")
    if os.path.exists(stamp_file) and open(stamp_file).read() == stamp:
        return python
    log("making the spaCy venv (PyPI, pinned versions) ...")
    venv.EnvBuilder(clear=True, with_pip=True).create(root)
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + ["-r", os.path.join(HERE, "requirements-spacy.txt")], check=True)
    dist, version, _, sha = _model_spec()
    wheels = os.path.join(cache, "wheels")
    subprocess.run([python, "-m", "pip", "download", "--quiet", "--no-deps", "-d", wheels, f"{dist}=={version}"],
                   check=True)
    wheel = next(os.path.join(wheels, w) for w in sorted(os.listdir(wheels))
                 if w.lower().startswith(dist.replace("-", "_").lower() + "-" + version))
    with open(wheel, "rb") as f:
        got = hashlib.sha256(f.read()).hexdigest()
    if got != sha:
        sys.exit(f"{wheel}: sha256 {got}, expected {sha} (scripts/eval_harness/spacy-model.txt)")
    subprocess.run(pip + ["--no-deps", wheel], check=True)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return python


def spacy_records(cache, paths, log):
    """Record-shaped spaCy output for each path, from a cache keyed by the text's sha256."""
    dist, version, module, _ = _model_spec()
    store = os.path.join(cache, f"spacy-{dist}-{version}.jsonl")
    known = {}
    if os.path.exists(store):
        with open(store, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                known[row["key"]] = row["entities"]
    keys = []
    for p in paths:
        with open(p, "rb") as f:
            keys.append(hashlib.sha256(f.read()).hexdigest())
    todo = sorted({k: p for k, p in zip(keys, paths) if k not in known}.items())
    if todo:
        python = ensure_spacy_venv(cache, log)
        log(f"spaCy: {len(todo)} articles not in the cache, running {module} ...")
        proc = subprocess.run([python, os.path.join(HERE, "spacy_ner.py"), module],
                              input=json.dumps(todo).encode(), capture_output=True, check=False)
        if proc.returncode != 0:
            sys.exit("spaCy failed:\n" + proc.stderr.decode("utf-8", "replace")[-3000:])
        with open(store, "a", encoding="utf-8") as f:
            for line in proc.stdout.decode("utf-8").splitlines():
                row = json.loads(line)
                known[row["key"]] = row["entities"]
                f.write(line + "\n")
    return [as_record(known[k]) for k in keys]


def as_record(entities):
    """spaCy entities as a gleaner.article/1-shaped record (one entity per mention)."""
    return {"title": "", "quotes": [],
            "entities": [{"type": label, "mentions": [{"start": a, "end": b, "text": text}]}
                         for a, b, label, text in entities]}
