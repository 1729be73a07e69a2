"""Writes N unique article files of about SIZE bytes (default 5,000) under DIR, 1,000 per
folder: generated English-like text, no corpus needed. Used by bench/overhead.sh and
scripts/simulate-cluster for runs that measure the system's own overhead (workers --noop).

usage: python3 bench/lib/synthetic-corpus.py DIR N [SIZE]
"""
import os
import random
import sys

WORDS = ("the council said on monday that its plans for the new rail line would go ahead after "
         "a vote in parliament where ministers argued over costs and the report from experts "
         "warned of delays while local groups welcomed jobs and investment in the region").split()


def article(i, size, rng):
    head = f"Synthetic article {i}\n\nReport number {i} from the benchmark generator.\n".encode()
    words = []
    length = len(head)
    while length < size:
        w = rng.choice(WORDS)
        words.append(w)
        length += len(w) + 1
    return head + " ".join(words).encode()[: max(0, size - len(head))] + b"\n"


def main():
    folder, n = sys.argv[1], int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    rng = random.Random(11)
    for i in range(n):
        sub = os.path.join(folder, "%04d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "%d.txt" % i), "wb") as f:
            f.write(article(i, size, rng))


if __name__ == "__main__":
    main()
