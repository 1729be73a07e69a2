import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner query …`: answers from a store's indexes.
    public struct Query: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Answer questions from a store: readable tables, or --json for scripts.",
            discussion: """
                Examples:
                  gleaner query stats --store gleaner-store
                  gleaner query entities --type PERSON --top 20
                  gleaner query entity "Imran Khan" --json | jq .cooccurring
                  gleaner query quotes --speaker Qureshi
                  gleaner query search Ukraine
                """,
            subcommands: [
                Stats.self, Entities.self, Entity.self, Quotes.self, Article.self, Failures.self, Search.self,
            ]
        )

        public init() {}
    }
}

/// `--store` and `--json`, shared by query subcommands.
struct StoreQueryOptions: ParsableArguments {
    @Option(help: "Store directory.")
    var store: String = "gleaner-store"

    @Flag(help: "Print JSON for scripts instead of a table.")
    var json = false

    func open() throws -> StoreReader { try openStoreForReading(store) }
}

/// `--limit` and `--offset`, shared by the queries that list many rows. With `--json` the
/// whole list comes out unless a limit is given; a table shows a screenful. Whenever rows
/// are left out, a line on stderr says so.
struct PageOptions: ParsableArguments {
    @Option(help: "At most this many rows (default: all with --json, a screenful in a table).")
    var limit: Int?

    @Option(help: "Skip this many rows first.")
    var offset: Int = 0

    @Option(name: .customLong("top"), help: .hidden)
    var top: Int?

    func validate() throws {
        guard (limit ?? 0) >= 0, (top ?? 0) >= 0, offset >= 0 else {
            throw ValidationError("Please give --limit and --offset values of 0 or more.")
        }
    }

    /// The limit in force: the flag, else all rows for JSON, else `tableRows`.
    func limit(json: Bool, tableRows: Int) -> Int { limit ?? top ?? (json ? .max : tableRows) }

    /// Tells stderr which rows of `total` were printed, when that is not all of them.
    func reportCut(shown: Int, total: Int, noun: String) {
        guard shown < total else { return }
        let range = shown == 0 ? "none" : "\(offset + 1)–\(offset + shown)"
        StandardStreams.writeLine(
            "gleaner: showed \(noun) \(range) of \(total); use --limit and --offset for the others.", fd: 2)
    }
}

extension Gleaner.Query {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Counts of stored articles, failures, entities, quotes and speakers.",
            discussion: #"JSON: {"articles": N, "failures": M, "entities": E, "quotes": Q, "speakers": S, "#
                + #""failure_reasons": {reason: n}, "extractors": {version: records}, "replacements_waiting": R}; "#
                + "version 0 counts records from before records named their extractor version.")

        @OptionGroup var options: StoreQueryOptions

        func run() throws {
            let s = try options.open().stats()
            if options.json {
                var json = JSONWriter()
                json.object { o in
                    o.field("articles", int: s.articles)
                    o.field("failures", int: s.failures)
                    o.field("entities", int: s.entities)
                    o.field("quotes", int: s.quotes)
                    o.field("speakers", int: s.speakers)
                    o.field("failure_reasons") { w in
                        w.object { o in
                            for (r, n) in s.failureReasons.sorted(by: { $0.key < $1.key }) {
                                o.field(named: r) { $0.int(n) }
                            }
                        }
                    }
                    o.field("extractors") { w in
                        w.object { o in
                            for (v, n) in s.extractors.sorted(by: { $0.key < $1.key }) {
                                o.field(named: String(v)) { $0.int(n) }
                            }
                        }
                    }
                    o.field("replacements_waiting", int: s.replacementsWaiting)
                }
                StandardStreams.writeLine(json.bytes)
            } else {
                var rows = [
                    ["articles", String(s.articles)], ["failures", String(s.failures)],
                    ["entities", String(s.entities)],
                    ["quotes", String(s.quotes)], ["speakers", String(s.speakers)],
                ]
                rows += s.failureReasons.sorted { $0.key < $1.key }.map { ["  failed: \($0.key)", String($0.value)] }
                rows += s.extractors.sorted { $0.key < $1.key }
                    .map { ["extractor version \($0.key)", String($0.value)] }
                if s.replacementsWaiting > 0 { rows.append(["replacements waiting", String(s.replacementsWaiting)]) }
                Table.print(rows)
            }
        }
    }

    struct Entities: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Entities across the store, most articles first.",
            discussion:
                #"JSON: an array of {"name", "type", "country", "aliases", "roles", "articles", "mentions", "quotes", "#
                    + #""first_seen", "last_seen"} (articles is a count)"#
        )

        @OptionGroup var options: StoreQueryOptions

        @Option(help: "Only this type: PERSON, ORG, LOC, NORP or MISC.")
        var type: String?

        @OptionGroup var page: PageOptions

        func validate() throws {
            if let type, EntityType(rawValue: type) == nil {
                throw ValidationError("Please give --type one of PERSON, ORG, LOC, NORP, MISC.")
            }
        }

        func run() throws {
            let found = try options.open().entities(
                type: type, offset: page.offset, limit: page.limit(json: options.json, tableRows: 50))
            let rows = found.rows
            defer { page.reportCut(shown: rows.count, total: found.total, noun: "entities") }
            if options.json {
                var json = JSONWriter()
                json.array(rows) { $0.entityRow($1) }
                StandardStreams.writeLine(json.bytes)
            } else {
                Table.print(
                    [["ARTICLES", "MENTIONS", "TYPE", "NAME", "ALIASES"]]
                        + rows.map {
                            [
                                String($0.articles), String($0.mentions), $0.type, $0.name,
                                $0.aliases.prefix(4).joined(separator: ", "),
                            ]
                        })
            }
        }
    }

    struct Entity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One entity: aliases, roles, articles, quotes and co-occurring entities.",
            discussion: #"""
                When the name (or alias) matches several entities, shows the one named in most \
                articles and lists the others.
                JSON: {"name", "type", "country", "aliases", "roles", "articles": [ids], "mentions", \
                "first_seen", "last_seen", \
                "quotes": [{"article", "kind", "text"}], "cooccurring": [{"name", "type", "articles"}], \
                "other_matches": [{"name", "type", "articles"}]}. Exit 1 if no entity matches.
                """#)

        @OptionGroup var options: StoreQueryOptions

        @Argument(help: "Name or alias (case and periods ignored).")
        var name: String

        @Option(help: "Only match this type.")
        var type: String?

        func run() throws {
            let shownQuotes = 20
            let level: StoreReader.Detail = options.json ? .everything : .summary(quotes: shownQuotes)
            guard let detail = try options.open().entity(named: name, type: type, detail: level) else {
                StandardStreams.writeLine("gleaner: no entity named \(name)", fd: 2)
                throw ExitCode(1)
            }
            let e = detail.entity
            if options.json {
                var json = JSONWriter()
                json.object { o in
                    o.field("name", string: e.name)
                    o.field("type", string: e.type)
                    o.field("country", string: e.country)
                    o.field("aliases") { $0.array(e.aliases) { $0.string($1) } }
                    o.field("roles") { $0.array(e.roles) { $0.string($1) } }
                    o.field("articles") { $0.array(detail.articleIDs) { $0.string($1) } }
                    o.field("mentions", int: e.mentions)
                    o.field("first_seen", string: e.firstSeen)
                    o.field("last_seen", string: e.lastSeen)
                    o.field("quotes") {
                        $0.array(detail.quotes) { w, q in
                            w.object { o in
                                o.field("article", string: q.article); o.field("kind", string: q.kind);
                                o.field("text", string: q.text)
                            }
                        }
                    }
                    o.field("cooccurring") {
                        $0.array(detail.cooccurring) { w, c in
                            w.object { o in
                                o.field("name", string: c.name); o.field("type", string: c.type);
                                o.field("articles", int: c.articles)
                            }
                        }
                    }
                    o.field("other_matches") {
                        $0.array(detail.otherMatches) { w, m in
                            w.object { o in
                                o.field("name", string: m.name); o.field("type", string: m.type);
                                o.field("articles", int: m.articles)
                            }
                        }
                    }
                }
                StandardStreams.writeLine(json.bytes)
            } else {
                Table.print([
                    ["name", e.name], ["type", e.type + (e.country.map { " (\($0))" } ?? "")],
                    ["aliases", e.aliases.joined(separator: ", ")], ["roles", e.roles.joined(separator: ", ")],
                    ["articles", String(detail.articleCount)], ["mentions", String(e.mentions)],
                    ["seen", "\(e.firstSeen) … \(e.lastSeen)"],
                ])
                if !detail.otherMatches.isEmpty {
                    StandardStreams.writeLine("\nAlso matching \"\(name)\":")
                    Table.print(detail.otherMatches.map { ["  " + $0.name, $0.type, "\($0.articles) articles"] })
                }
                if !detail.cooccurring.isEmpty {
                    StandardStreams.writeLine("\nOften with:")
                    Table.print(detail.cooccurring.map { ["  " + String($0.articles), $0.name, $0.type] })
                }
                if !detail.quotes.isEmpty {
                    StandardStreams.writeLine("\nQuotes:")
                    for q in detail.quotes.prefix(shownQuotes) {
                        StandardStreams.writeLine("  “\(q.text)” [\(q.article.prefix(12))]")
                    }
                    if detail.quoteCount > shownQuotes {
                        StandardStreams.writeLine("  … \(detail.quoteCount - shownQuotes) more (--json lists all)")
                    }
                }
            }
        }
    }

    struct Quotes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Quotes across the store, by article id.",
            discussion: #"JSON: an array of {"speaker", "kind", "text", "article"}"#)

        @OptionGroup var options: StoreQueryOptions

        @Option(help: "Only this speaker's quotes (canonical name).")
        var speaker: String?

        @OptionGroup var page: PageOptions

        func run() throws {
            let found = try options.open().quotes(
                speaker: speaker, offset: page.offset, limit: page.limit(json: options.json, tableRows: 100))
            let rows = found.rows
            defer { page.reportCut(shown: rows.count, total: found.total, noun: "quotes") }
            if options.json {
                var json = JSONWriter()
                json.array(rows) { $0.quoteRow($1) }
                StandardStreams.writeLine(json.bytes)
            } else {
                Table.print(
                    [["SPEAKER", "KIND", "QUOTE"]]
                        + rows.map { [$0.speaker ?? "(unattributed)", $0.kind, "“\($0.text)”"] })
            }
        }
    }

    struct Article: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one stored record by id (or an id prefix of at least 8 hex digits).",
            discussion: "Prints the gleaner.article/1 (or gleaner.failure/1) record as stored. Exit 1 if absent.")

        @OptionGroup var options: StoreQueryOptions

        @Argument(help: "Record id or prefix.")
        var id: String

        func run() throws {
            guard let record = try options.open().article(id: id) else {
                StandardStreams.writeLine("gleaner: no record with id \(id)", fd: 2)
                throw ExitCode(1)
            }
            StandardStreams.writeLine(record)
        }
    }

    struct Failures: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Failure records: files that could not be extracted, and why.",
            discussion: "JSON: an array of gleaner.failure/1 records.")

        @OptionGroup var options: StoreQueryOptions

        func run() throws {
            let records = try options.open().failures()
            if options.json {
                var json = JSONWriter()
                json.array(records) { $0.raw($1) }
                StandardStreams.writeLine(json.bytes)
            } else {
                let rows = records.compactMap { RecordSummary.decode($0) }.map {
                    [$0.reason ?? "", $0.source.path, $0.detail ?? ""]
                }
                Table.print([["REASON", "PATH", "DETAIL"]] + rows)
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find articles by title and entities by name or alias (case-insensitive).",
            discussion: #"JSON: {"articles": [{"id", "title", "path"}], "entities": [entity rows as in `entities`]}"#)

        @OptionGroup var options: StoreQueryOptions

        @Argument(help: "Text to look for.")
        var text: String

        func run() throws {
            let found = try options.open().search(text)
            if options.json {
                var json = JSONWriter()
                json.object { o in
                    o.field("articles") {
                        $0.array(found.articles) { w, a in
                            w.object { o in
                                o.field("id", string: a.id); o.field("title", string: a.title);
                                o.field("path", string: a.path)
                            }
                        }
                    }
                    o.field("entities") { $0.array(found.entities) { $0.entityRow($1) } }
                }
                StandardStreams.writeLine(json.bytes)
            } else {
                Table.print([["ARTICLE", "TITLE"]] + found.articles.map { [String($0.id.prefix(12)), $0.title] })
                StandardStreams.writeLine("")
                Table.print(
                    [["ARTICLES", "TYPE", "ENTITY"]] + found.entities.map { [String($0.articles), $0.type, $0.name] })
            }
        }
    }
}

extension JSONWriter {
    mutating func quoteRow(_ q: StoreReader.QuoteRow) {
        object { o in
            o.field("speaker", string: q.speaker)
            o.field("kind", string: q.kind)
            o.field("text", string: q.text)
            o.field("article", string: q.article)
        }
    }

}

/// Left-aligned columns, two spaces apart.
enum Table {
    static func print(_ rows: [[String]]) {
        guard let columns = rows.map(\.count).max() else { return }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], min(cell.count, 40)) }
        }
        var out = ""
        for row in rows {
            out +=
                row.enumerated().map { i, cell in
                    i < columns - 1
                        ? cell.padding(toLength: max(widths[i], cell.count), withPad: " ", startingAt: 0) : cell
                }
                .joined(separator: "  ") + "\n"
        }
        StandardStreams.write(out, fd: 1)
    }
}
