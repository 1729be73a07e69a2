import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner bench …`: measured figures for docs/performance.md (see bench/).
    public struct Bench: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Measure extraction speed and store scaling.",
            subcommands: [ExtractBench.self, StoreBench.self],
            defaultSubcommand: ExtractBench.self
        )

        public init() {}
    }
}

extension Gleaner.Bench {
    struct ExtractBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract",
            abstract: "In-process extraction speed over a folder of articles, one thread.",
            discussion: """
            Reads every file first, then extracts them all on one thread, --rounds times, and \
            prints articles/s, MB/s and the process's peak RSS; with several rounds, also each \
            pass's rate, their median and the best (a shared machine's noise only slows passes down).

            Example:
              gleaner bench extract /data/news-sample --rounds 3
            """
        )

        @Argument(help: "Article files and folders.")
        var paths: [String]

        @Option(help: "Passes over the articles.")
        var rounds: Int = 1

        func run() throws {
            let files = try FileWalker().list(paths).files
            let result = ExtractionBenchmark(paths: files, rounds: rounds).run()
            StandardStreams.writeLine("extract: \(result.articles) articles, \(Format.decimal(Double(result.bytes) / 1_048_576, 1)) MB in \(Format.decimal(result.seconds, 2)) s: "
                + "\(Format.decimal(result.articlesPerSecond, 0)) articles/s, \(Format.decimal(result.megabytesPerSecond, 2)) MB/s, "
                + "peak RSS \(Format.decimal(result.peakRSSMegabytes, 1)) MB (1 thread)")
            if rounds > 1 {
                let each = result.roundRates.map { Format.decimal($0, 0) }.joined(separator: " ")
                StandardStreams.writeLine("  per pass: \(each) articles/s; median \(Format.decimal(result.medianRate, 0)), best \(Format.decimal(result.bestRate, 0))")
            }
        }
    }

    struct StoreBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "Feed synthetic results through the collector's store and report at milestones.",
            discussion: """
            Extracts the articles under PATH once, then commits --articles synthetic records \
            derived from them (fresh ids, a growing set of entity name variants) in batches of \
            512, checkpointing every 5 s of work and at each milestone.

            Example:
              gleaner bench store /data/news-sample --articles 1000000 --store /tmp/bench-store
            """
        )

        @Argument(help: "Article files and folders to derive results from.")
        var paths: [String]

        @Option(help: "Records to commit; milestones at 10k, 100k and 1M up to this.")
        var articles: Int = 100_000

        @Option(help: "Store directory (must not exist).")
        var store: String

        @Flag(help: "Send the results over ZeroMQ to a real collector (in this process, on its own thread) and count its acks.")
        var throughCollector = false

        func validate() throws {
            guard !FileManager.default.fileExists(atPath: store) else { throw ValidationError("Please give a --store path that does not exist yet.") }
        }

        func run() throws {
            let processor = ArticleProcessor()
            let base = try FileWalker().list(paths).files.compactMap { path -> ArticleRecord? in
                guard case .success(let bytes) = ArticleFile.read(path: path, maxBytes: processor.input.maxBytes),
                      case .article(let record) = processor.process(bytes: bytes, path: path) else { return nil }
                return record
            }
            let milestones = [10_000, 100_000, 1_000_000].filter { $0 < articles } + [articles]
            StandardStreams.writeLine("store: \(base.count) base records; committing \(articles) synthetic results")
            let benchmark = StoreBenchmark(base: base, storePath: store, milestones: milestones)
            if throughCollector {
                let folder = try TemporaryFolder(prefix: "gleaner-bench")
                defer { folder.remove() }
                try benchmark.runThroughCollector(endpoint: "ipc://\(folder.path)/collector") { m in
                    StandardStreams.writeLine("collector: \(m.articles) results acked: \(Format.decimal(m.recordsPerSecond, 0)) records/s, "
                        + "peak RSS \(Format.decimal(m.peakRSSMegabytes, 0)) MB (bench and collector), store \(Format.decimal(m.storeMegabytes, 0)) MB")
                    let perRecord = m.threadSeconds.filter { $0.value > 0 }.sorted { $0.value > $1.value }
                        .map { "\($0.key) \(Format.decimal($0.value * 1e6 / Double(m.articles), 1))" }
                    StandardStreams.writeLine("  CPU µs per record by thread: " + perRecord.joined(separator: ", "))
                }
                return
            }
            let rates = benchmark.decodeRates()
            StandardStreams.writeLine("decode: scanner \(Format.decimal(rates.scanner, 0)) records/s, JSONDecoder \(Format.decimal(rates.foundation, 0)) records/s "
                + "(ratio \(Format.decimal(rates.scanner / rates.foundation, 1))x)")
            try benchmark.run { m in
                StandardStreams.writeLine("store: \(m.articles) articles: \(Format.decimal(m.recordsPerSecond, 0)) records/s, "
                    + "checkpoint \(Format.decimal(m.checkpointSeconds, 2)) s, \(m.distinctEntities) distinct entities, "
                    + "peak RSS \(Format.decimal(m.peakRSSMegabytes, 0)) MB, store \(Format.decimal(m.storeMegabytes, 0)) MB")
            }
        }
    }
}
