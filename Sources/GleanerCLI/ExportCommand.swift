import ArgumentParser
import GleanerCore

extension Gleaner {
    /// `gleaner export`: articles, entities or quotes as JSON Lines or CSV.
    public struct Export: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print stored articles, entities or quotes, one per line (JSON Lines or CSV).",
            discussion: """
                articles: the gleaner.article/1 records in commit order, each id once (CSV: id, title, \
                path). entities: the entity table (CSV: name, type, country, articles, mentions, quotes, aliases). \
                quotes: every quote, by article id (CSV: speaker, kind, text, article). --failures prints the \
                gleaner.failure/1 records instead of articles (CSV: id, reason, path, detail).

                Examples:
                  gleaner export --store gleaner-store > articles.jsonl
                  gleaner export --store gleaner-store --what quotes --format csv > quotes.csv
                """
        )

        enum What: String, ExpressibleByArgument, CaseIterable { case articles, entities, quotes }
        enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

        @Option(help: "Store directory.")
        var store: String = "gleaner-store"

        @Option(help: "What to export: articles, entities or quotes.")
        var what: What = .articles

        @Option(help: "jsonl or csv.")
        var format: Format = .jsonl

        @Flag(help: "Print failure records instead of articles.")
        var failures = false

        public init() {}

        public func validate() throws {
            if failures && what != .articles {
                throw ValidationError("Please use --failures with --what articles only.")
            }
        }

        public func run() throws {
            let reader = try openStoreForReading(store)
            var out = BufferedOutput()
            defer { out.flush() }
            switch (what, format) {
            case (.articles, .jsonl):
                try reader.forEachRecord(failures: failures) { out.line(Array($0)) }
            case (.articles, .csv) where failures:
                out.line(CSV.row(["id", "reason", "path", "detail"]))
                try reader.forEachRecord(failures: true) { json in
                    guard let r = RecordSummary.decode(json) else { return }
                    out.line(CSV.row([r.id, r.reason ?? "", r.source.path, r.detail ?? ""]))
                }
            case (.articles, .csv):
                out.line(CSV.row(["id", "title", "path"]))
                for row in try reader.articleRows() where !row.failed {
                    out.line(CSV.row([row.id, row.title, row.path]))
                }
            case (.entities, _):
                if format == .csv {
                    out.line(CSV.row(["name", "type", "country", "articles", "mentions", "quotes", "aliases"]))
                }
                for e in try reader.entities().rows {
                    if format == .csv {
                        out.line(
                            CSV.row([
                                e.name, e.type, e.country ?? "", String(e.articles), String(e.mentions),
                                String(e.quotes), e.aliases.joined(separator: "; "),
                            ]))
                    } else {
                        var json = JSONWriter()
                        json.entityRow(e)
                        out.line(json.bytes)
                    }
                }
            case (.quotes, _):
                if format == .csv { out.line(CSV.row(["speaker", "kind", "text", "article"])) }
                for q in try reader.quotes().rows {
                    if format == .csv {
                        out.line(CSV.row([q.speaker ?? "", q.kind, q.text, q.article]))
                    } else {
                        var json = JSONWriter()
                        json.quoteRow(q)
                        out.line(json.bytes)
                    }
                }
            }
        }
    }
}

/// RFC 4180 rows: fields with commas, quotes or line breaks are quoted, quotes doubled.
enum CSV {
    static func row(_ fields: [String]) -> [UInt8] {
        Array(
            fields.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",").utf8)
    }
}

/// Collects output lines and writes them in large chunks (exports can be millions of lines).
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func line(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        StandardStreams.write(bytes: buffer, fd: 1)
        buffer.removeAll(keepingCapacity: true)
    }
}
