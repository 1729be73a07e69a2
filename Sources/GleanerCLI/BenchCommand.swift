import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner bench …`: measured figures for docs/performance.md (see bench/).
    public struct Bench: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Measure extraction speed, hostile-input bounds and store scaling.",
            subcommands: [ExtractBench.self, HostileBench.self, StoreBench.self],
            defaultSubcommand: ExtractBench.self
        )

        public init() {}
    }
}

extension Gleaner.Bench {
    struct ExtractBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract",
            abstract: "In-process extraction speed over a folder of articles.",
            discussion: """
                Reads every file first, then extracts them all on --threads threads (default 1), \
                --rounds times, and \
                prints articles/s, MB/s and the process's peak RSS; with several rounds, also each \
                pass's rate, their median and the best (a shared machine's noise only slows passes down).

                Example:
                  gleaner bench extract /data/news-sample --rounds 3
                  gleaner bench extract /data/news-sample --threads 2
                """
        )

        @Argument(help: "Article files and folders.")
        var paths: [String]

        @Option(help: "Passes over the articles.")
        var rounds: Int = 1

        @Option(help: "Extraction threads, each taking the next article as it frees up.")
        var threads: Int = 1

        func validate() throws {
            guard rounds >= 1, threads >= 1 else {
                throw ValidationError("Please give --rounds and --threads values of at least 1.")
            }
        }

        func run() throws {
            let files = try FileWalker().list(paths).files
            let result = ExtractionBenchmark(paths: files, rounds: rounds, threads: threads).run()
            StandardStreams.writeLine(
                "extract: \(result.articles) articles, \(Format.decimal(Double(result.bytes) / 1_048_576, 1)) MB in "
                    + "\(Format.decimal(result.seconds, 2)) s: "
                    + "\(Format.decimal(result.articlesPerSecond, 0)) articles/s, "
                    + "\(Format.decimal(result.megabytesPerSecond, 2)) MB/s, "
                    + "peak RSS \(Format.decimal(result.peakRSSMegabytes, 1)) MB "
                    + "(\(threads) thread\(threads == 1 ? "" : "s"))")
            if rounds > 1 {
                let each = result.roundRates.map { Format.decimal($0, 0) }.joined(separator: " ")
                StandardStreams.writeLine(
                    "  per pass: \(each) articles/s; median \(Format.decimal(result.medianRate, 0)), best "
                        + "\(Format.decimal(result.bestRate, 0))"
                )
            }
        }
    }

    struct HostileBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hostile",
            abstract: "Extraction time per MB of hostile text next to ordinary news, one thread.",
            discussion: """
                Generates each hostile input in memory (one megabyte-long word, a megabyte of quote \
                marks, capitalised words, names, short lines, brackets, punctuation, …), extracts it \
                --rounds times (round-robin) and prints the median seconds per MB (10^6 bytes), the \
                ratio to ordinary news (the articles under --news joined into one document of the \
                same size; also shown one by one) and the JSON record's size per input byte. The \
                bound: no ratio above 3 (docs/performance.md, "Hostile input").

                Example:
                  gleaner bench hostile --news ../shared/corpus/bbc --rounds 3
                """
        )

        @Option(help: "Folder or files of ordinary news articles (default: ../shared/corpus/bbc, else seeds).")
        var news: [String] = []

        @Option(help: "Size of each input in bytes.")
        var bytes: Int = 1_000_000

        @Option(help: "Extractions of each input; the median is reported.")
        var rounds: Int = 3

        @Option(help: "Run only these cases (comma-separated names).")
        var only: String?

        @Flag(help: "Measure the thread's CPU time, not wall-clock time (steadier on a busy machine).")
        var cpu = false

        @Option(
            help: ArgumentHelp(
                "Write each input to DIR/NAME.txt (news: the joined document) and exit, "
                    + "to profile or extract one with `gleaner extract`.", valueName: "dir"))
        var save: String?

        func validate() throws {
            guard bytes >= 1_000 else { throw ValidationError("Please give --bytes a value of at least 1000.") }
            guard rounds >= 1 else { throw ValidationError("Please give --rounds a value of at least 1.") }
        }

        func run() throws {
            let bbc = "../shared/corpus/bbc"
            let sources = news.isEmpty ? [FileManager.default.fileExists(atPath: bbc) ? bbc : "seeds"] : news
            let files = try FileWalker(extensions: ["txt"]).list(sources).files
            guard !files.isEmpty else { throw ValidationError("Please give --news a folder of .txt articles.") }
            let cases = Set((only ?? "").split(separator: ",").map(String.init))
            let benchmark = HostileBenchmark(newsFiles: files, bytes: bytes, rounds: rounds, only: cases, cpuTime: cpu)
            if let save { return try saveInputs(benchmark, to: save) }
            StandardStreams.writeLine(
                "hostile: \(Format.decimal(Double(bytes) / 1_000_000, 2)) MB per input, "
                    + "median of \(rounds), extraction + JSON, one thread, \(cpu ? "thread CPU" : "wall-clock") time; "
                    + "news from \(sources.joined(separator: " "))")
            StandardStreams.writeLine(pad("input", 24) + pad("s/MB", 9) + pad("ratio", 8) + pad("JSON/in", 9) + "what")
            var reference: Double? = nil
            var worst: (name: String, ratio: Double)? = nil
            benchmark.run { row in
                if reference == nil { reference = row.secondsPerMegabyte }
                let ratio = row.secondsPerMegabyte / reference!
                let isNews = row.name == "news" || row.name == "news-articles"
                if !isNews && ratio > (worst?.ratio ?? 0) { worst = (row.name, ratio) }
                let record = Double(row.recordBytes) / Double(row.bytes)
                StandardStreams.writeLine(
                    pad(row.name, 24) + pad(Format.decimal(row.secondsPerMegabyte, 3), 9)
                        + pad(Format.decimal(ratio, 2), 8) + pad(Format.decimal(record, 2), 9) + row.summary)
            }
            if let worst {
                let ratio = Format.decimal(worst.ratio, 2)
                StandardStreams.writeLine("worst: \(worst.name), \(ratio)x ordinary news per MB (target: at most 3x)")
            }
        }

        private func saveInputs(_ benchmark: HostileBenchmark, to dir: String) throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for input in benchmark.inputs() where input.name != "news-articles" {
                let path = (dir as NSString).appendingPathComponent(input.name + ".txt")
                try Data(input.texts.joined()).write(to: URL(fileURLWithPath: path))
                StandardStreams.writeLine(path)
            }
        }

        private func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
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

        @Flag(
            help: ArgumentHelp(
                "Send the results over ZeroMQ to a real collector (in this process, on its own thread) and count its "
                    + "acks.")
        )
        var throughCollector = false

        @Flag(
            help: "Measure an upgrade: commit the records, then each again as a newer extractor version, then rebuild.")
        var upgrade = false

        func validate() throws {
            guard !FileManager.default.fileExists(atPath: store) else {
                throw ValidationError("Please give a --store path that does not exist yet.")
            }
        }

        func run() throws {
            let processor = ArticleProcessor()
            let base = try FileWalker().list(paths).files.compactMap { path -> ArticleRecord? in
                guard case .success(let bytes) = ArticleFile.read(path: path, maxBytes: processor.input.maxBytes),
                    case .article(let record) = processor.process(bytes: bytes, path: path)
                else { return nil }
                return record
            }
            let milestones = [10_000, 100_000, 1_000_000].filter { $0 < articles } + [articles]
            StandardStreams.writeLine("store: \(base.count) base records; committing \(articles) synthetic results")
            let benchmark = StoreBenchmark(base: base, storePath: store, milestones: milestones)
            if throughCollector {
                let folder = try TemporaryFolder(prefix: "gleaner-bench")
                defer { folder.remove() }
                try benchmark.runThroughCollector(endpoint: "ipc://\(folder.path)/collector") { m in
                    StandardStreams.writeLine(
                        "collector: \(m.articles) results acked: \(Format.decimal(m.recordsPerSecond, 0)) records/s, "
                            + "peak RSS \(Format.decimal(m.peakRSSMegabytes, 0)) MB (bench and collector), store "
                            + "\(Format.decimal(m.storeMegabytes, 0)) MB"
                    )
                    let perRecord = m.threadSeconds.filter { $0.value > 0 }.sorted { $0.value > $1.value }
                        .map { "\($0.key) \(Format.decimal($0.value * 1e6 / Double(m.articles), 1))" }
                    StandardStreams.writeLine("  CPU µs per record by thread: " + perRecord.joined(separator: ", "))
                }
                return
            }
            if upgrade {
                let u = try benchmark.runUpgrade()
                let rate = { (seconds: Double) in Format.decimal(Double(u.articles) / max(seconds, 1e-9), 0) }
                StandardStreams.writeLine(
                    "upgrade: \(u.articles) articles: first commit \(Format.decimal(u.commitSeconds, 2)) s "
                        + "(\(rate(u.commitSeconds)) records/s), checkpoint \(Format.decimal(u.checkpointSeconds, 2)) "
                        + "s, "
                        + "replacements journaled \(Format.decimal(u.replaceSeconds, 2)) s (\(rate(u.replaceSeconds)) "
                        + "records/s), "
                        + "rebuild \(Format.decimal(u.rebuildSeconds, 2)) s (\(rate(u.rebuildSeconds)) records/s)")
                StandardStreams.writeLine(
                    "upgrade: ratios to the first commit: replacements "
                        + "\(Format.decimal(u.replaceSeconds / max(u.commitSeconds, 1e-9), 2)), rebuild "
                        + "\(Format.decimal(u.rebuildSeconds / max(u.commitSeconds, 1e-9), 2))")
                return
            }
            let rates = benchmark.decodeRates()
            StandardStreams.writeLine(
                "decode: scanner \(Format.decimal(rates.scanner, 0)) records/s, JSONDecoder "
                    + "\(Format.decimal(rates.foundation, 0)) records/s "
                    + "(ratio \(Format.decimal(rates.scanner / rates.foundation, 1))x); "
                    + "validated as the collector checks results: \(Format.decimal(rates.validated, 0)) records/s")
            try benchmark.run { m in
                StandardStreams.writeLine(
                    "store: \(m.articles) articles: \(Format.decimal(m.recordsPerSecond, 0)) records/s, "
                        + "checkpoint \(Format.decimal(m.checkpointSeconds, 2)) s, \(m.distinctEntities) distinct "
                        + "entities, "
                        + "peak RSS \(Format.decimal(m.peakRSSMegabytes, 0)) MB, store "
                        + "\(Format.decimal(m.storeMegabytes, 0)) MB"
                )
            }
        }
    }
}
