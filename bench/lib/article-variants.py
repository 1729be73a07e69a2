"""Writes a corpus several times over under DIR, each copy's articles made unique by a last
line ("Variant K."), and drops files whose content repeats, so every file written is one
task for the producer (which skips repeated content) and one article for the in-process
benchmark alike. Used by bench/efficiency.sh to make a run long enough to measure.

usage: python3 bench/lib/article-variants.py DIR COPIES CORPUS…
"""
import hashlib
import os
import sys


def main():
    folder, copies, corpora = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    texts, seen = [], set()
    for corpus in corpora:
        for d, _, files in sorted(os.walk(corpus)):
            for name in sorted(files):
                if not name.endswith(".txt") or name.upper() == "README.TXT":
                    continue
                data = open(os.path.join(d, name), "rb").read()
                digest = hashlib.sha256(data).digest()
                if digest not in seen:
                    seen.add(digest)
                    texts.append(data)
    count = 0
    for k in range(copies):
        for text in texts:
            sub = os.path.join(folder, "%04d" % (count // 1000))
            if count % 1000 == 0:
                os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, "%d.txt" % count), "wb") as f:
                f.write(text.rstrip(b"\n") + b"\n\nVariant %d.\n" % k)
            count += 1
    print(count)


if __name__ == "__main__":
    main()
