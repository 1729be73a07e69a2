#!/usr/bin/env python3
"""Writes the input-format fixtures of Tests/GleanerIntegrationTests/Fixtures/input.

Standard library only (Python 3.9+). The articles are invented for the tests. Run from the
repository root: python3 scripts/make-input-fixtures.py
"""
import gzip
import json
import os

OUT = "Tests/GleanerIntegrationTests/Fixtures/input"

ARTICLES = [
    ("Ferry operator adds winter sailings to the islands",
     "The Northern Isles ferry operator will run two extra sailings a week this winter, its chief executive, "
     "Iain Sutherland, said on Monday.",
     '"Demand has grown every year since 2019," Sutherland said. "The islands need a reliable link."'),
    ("Museum returns carved stone to its village",
     "A carved stone taken from the village of Kilbride in 1911 has been returned by the National Museum, "
     "its director, Helen Ward, said on Tuesday.",
     '"It belongs where it was carved," Ward said. "We are glad to see it home."'),
    ("Rail line reopens after landslip repairs",
     "Trains are running again between Glenmore and Ardlui after engineers cleared a landslip, Network Rail "
     "said on Wednesday.",
     '"The slope is now stable," said engineer Priya Shah. "We will keep watching it through the winter."'),
    ("School wins national robotics prize",
     "Pupils from Ashgrove Academy have won the national schools robotics competition in Glasgow, the "
     "organisers said on Thursday.",
     '"They built the robot from scrap," said teacher Mark Ellis. "I could not be prouder."'),
]


def page(title, lead, quote, date):
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Island News</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience on our website.</p></div>
<article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
<div class="story-body"><p>{lead}</p><p>{quote}</p>
<p>The announcement was welcomed by local councillors, who had campaigned for the change for several years.</p></div>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div></article>
<footer><p>Copyright 2023 Island News. All rights reserved.</p></footer></body></html>
"""


def warc_record(fields, block):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def response(uri, date, n, body, status="200 OK", ctype="text/html; charset=utf-8"):
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    return warc_record([("WARC-Type", "response"), ("WARC-Target-URI", uri), ("WARC-Date", date),
                        ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-00000000000{n}>"),
                        ("Content-Type", "application/http; msgtype=response")], http)


def warc(articles):
    info = warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", "2023-03-06T12:00:00Z"),
                        ("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000000>"),
                        ("Content-Type", "application/warc-fields")], b"software: fixture-writer\r\n")
    records = [info]
    for n, (title, lead, quote) in enumerate(articles, start=1):
        uri = f"https://islandnews.test/story-{n}"
        records.append(warc_record([("WARC-Type", "request"), ("WARC-Target-URI", uri),
                                    ("WARC-Date", "2023-03-06T12:00:0%dZ" % n),
                                    ("Content-Type", "application/http; msgtype=request")],
                                   f"GET /story-{n} HTTP/1.1\r\nHost: islandnews.test\r\n\r\n".encode()))
        records.append(response(uri, "2023-03-06T12:00:0%dZ" % n, n,
                                page(title, lead, quote, "2023-03-0%d" % (n + 1)).encode()))
    records.append(response("https://islandnews.test/logo.png", "2023-03-06T12:01:00Z", 8, b"\x89PNG\r\n\x1a\n" + bytes(64),
                            ctype="image/png"))
    records.append(response("https://islandnews.test/gone", "2023-03-06T12:01:01Z", 9, b"<html>Not found</html>",
                            status="404 Not Found"))
    return records


def main():
    os.makedirs(OUT, exist_ok=True)
    # JSON Lines: a blank line, a line without text (a failure record), a line with an id number.
    lines = []
    for n, (title, lead, quote) in enumerate(ARTICLES[:3], start=1):
        lines.append(json.dumps({"id": f"feed-{n}", "url": f"https://feed.test/{n}", "title": title,
                                 "text": lead + "\n\n" + quote, "date": f"2023-02-1{n}"}, ensure_ascii=False))
        if n == 1:
            lines.append("")
    lines.append(json.dumps({"id": 99, "title": "No body here"}))
    with open(f"{OUT}/feed.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    records = warc(ARTICLES[:2])
    with open(f"{OUT}/crawl.warc", "wb") as f:
        f.write(b"".join(records))
    # Common Crawl style: one gzip member per record.
    with open(f"{OUT}/news.warc.gz", "wb") as f:
        for record in warc(ARTICLES[2:]):
            f.write(gzip.compress(record, mtime=0))

    title, lead, quote = ARTICLES[0]
    with open(f"{OUT}/story.html", "w", encoding="utf-8") as f:
        f.write(page("Harbour lights switched on for the season", "The harbour lights at Stromvik were switched on "
                     "for the season on Friday, the harbour master, Anna Leask, said.",
                     '"It is the start of summer for us," Leask said.', "2023-04-07"))
    text = ("Bakery celebrates fifty years on the high street\n\nThe Crossley bakery opened in 1973, its owner, "
            "Joan Crossley, said on Saturday. \u201cWe still use my father\u2019s recipes,\u201d she said.\n")
    with open(f"{OUT}/utf16.txt", "wb") as f:
        f.write(b"\xff\xfe" + text.encode("utf-16-le"))
    latin = ("Caf\u00e9 owner wins award\n\nThe owner of the Caf\u00e9 Rosa in Kirkwall, Elena Rossi, won the "
             "regional hospitality award on Sunday, the judges said. The prize is worth \u00a3500.\n")
    with open(f"{OUT}/latin1.txt", "wb") as f:
        f.write(latin.encode("cp1252"))


if __name__ == "__main__":
    main()
