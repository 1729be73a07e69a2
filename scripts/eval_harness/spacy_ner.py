"""Runs inside the spaCy venv: reads a JSON list of [key, path] on stdin, prints one JSON line
per article: {"key", "entities": [[start, end, label, text], ...]} with code-point offsets."""
import importlib
import json
import sys


def main():
    model = importlib.import_module(sys.argv[1])
    nlp = model.load()
    jobs = json.load(sys.stdin)
    texts = (open(path, encoding="utf-8", errors="replace").read() for _, path in jobs)
    for (key, _), doc in zip(jobs, nlp.pipe(texts, batch_size=32)):
        ents = [[e.start_char, e.end_char, e.label_, e.text] for e in doc.ents]
        sys.stdout.write(json.dumps({"key": key, "entities": ents}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
