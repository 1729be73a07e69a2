import ArgumentParser
import GleanerCore

extension Gleaner {
    /// `gleaner store …`: maintenance of a store directory.
    public struct Store: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Maintain a store directory.",
            subcommands: [Repair.self]
        )

        public init() {}
    }
}

extension Gleaner.Store {
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a store's indexes and corpus.json from the records its journal holds.",
            discussion: """
            For a store whose journal was deleted or cut short under its checkpoint (the \
            collector refuses to open it and says so), or whose indexes were damaged. Takes the \
            store's lock, so stop its collector first. Records no longer in the journal are gone: \
            run the producer (or `gleaner run`) over the same files again to extract them anew.

            Example:
              gleaner store repair --store gleaner-store
            """
        )

        @Option(help: "Store directory.")
        var store: String = "gleaner-store"

        func validate() throws {
            do { try StoreLayout(root: store).validate() } catch { throw ValidationError("\(error)") }
        }

        func run() throws {
            let report = try ArticleStore.repair(root: store)
            var line = "gleaner: rebuilt \(store) from its journal: \(report.records) records"
            if let previous = report.previousRecords, previous != report.records {
                line += " (the last checkpoint counted \(previous))"
            }
            if report.unreadableLines > 0 { line += "; skipped \(report.unreadableLines) unreadable journal lines" }
            StandardStreams.writeLine(line)
        }
    }
}
