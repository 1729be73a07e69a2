import ArgumentParser
import GleanerCore

extension Gleaner {
    /// `gleaner export`: every stored record, one JSON object per line.
    public struct Export: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print every stored article record, one JSON object per line.",
            discussion: """
            Records come out in commit order, each id once. --failures prints the \
            gleaner.failure/1 records instead.

            Examples:
              gleaner export --store gleaner-store > articles.jsonl
              gleaner export --store gleaner-store | jq -r .title
            """
        )

        @Option(help: "Store directory.")
        var store: String = "gleaner-store"

        @Flag(help: "Print failure records instead of articles.")
        var failures = false

        public init() {}

        public func run() throws {
            let reader: StoreReader
            do { reader = try StoreReader(root: store) } catch { throw ValidationError("\(error)") }
            try reader.forEachRecord(failures: failures) { StandardStreams.writeLine(Array($0)) }
        }
    }
}
