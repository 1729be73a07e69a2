import ArgumentParser
import GleanerCore

extension Gleaner {
    /// `gleaner query …`: answers from a store directory.
    public struct Query: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Answer questions from a store.",
            discussion: """
            Examples:
              gleaner query stats --store gleaner-store
              gleaner query stats --store gleaner-store --json | jq .articles
            """,
            subcommands: [Stats.self]
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

    func open() throws -> StoreReader {
        do { return try StoreReader(root: store) } catch { throw ValidationError("\(error)") }
    }
}

extension Gleaner.Query {
    /// `gleaner query stats`: how many articles, failures, entities and quotes are stored.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Counts of stored articles, failures, entities and quotes.",
            discussion: """
            JSON shape: {"articles": N, "failures": M, "entities": E, "quotes": Q, "failure_reasons": {reason: count}}
            """
        )

        @OptionGroup var options: StoreQueryOptions

        func run() throws {
            let index = try options.open().loadIndex()
            let quotes = index.quotesBySpeaker.values.reduce(0) { $0 + $1.count }
            var reasons: [String: Int] = [:]
            for failure in index.failures.values { reasons[failure.reason, default: 0] += 1 }
            if options.json {
                var json = JSONWriter()
                json.object { o in
                    o.field("articles", int: index.articleCount)
                    o.field("failures", int: index.failureCount)
                    o.field("entities", int: index.entities.count)
                    o.field("quotes", int: quotes)
                    o.field("failure_reasons") { w in
                        w.object { o in for (reason, n) in reasons.sorted(by: { $0.key < $1.key }) { o.field(named: reason) { $0.int(n) } } }
                    }
                }
                StandardStreams.writeLine(json.bytes)
            } else {
                var rows = [("articles", index.articleCount), ("failures", index.failureCount),
                            ("entities", index.entities.count), ("quotes", quotes)]
                rows += reasons.sorted { $0.key < $1.key }.map { ("  failed: " + $0.key, $0.value) }
                for (label, value) in rows {
                    StandardStreams.writeLine(label.padding(toLength: 20, withPad: " ", startingAt: 0) + String(value))
                }
            }
        }
    }
}

import Foundation
