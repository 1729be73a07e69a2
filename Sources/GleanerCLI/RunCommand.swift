import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner run`: collector, workers and producer as child processes on local sockets.
    public struct Run: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Extract articles into a store in one command, with local worker processes.",
            discussion: """
            Starts a collector, N workers and a producer as child processes talking over ipc:// \
            sockets in a temporary folder, waits for the producer, stops the others cleanly \
            (workers first, then the collector) and prints the summary. Running it again over \
            the same files skips what the store already holds.

            Examples:
              gleaner run seeds
              gleaner run /data/news --workers 8 --store /data/news-store
            """
        )

        @Argument(help: "Article files and folders.")
        var paths: [String]

        @Option(help: "Worker processes (default: number of cores).")
        var workers: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Store directory (created if missing).")
        var store: String = "gleaner-store"

        @Option(name: .customLong("ext"), help: "Only take files with this extension from folders (repeatable, e.g. --ext txt).")
        var extensions: [String] = []

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        @OptionGroup var limits: ArticleLimitOptions
        @OptionGroup var log: LogOptions

        public init() {}

        public func validate() throws {
            guard workers >= 1 else { throw ValidationError("Please give --workers a value of at least 1.") }
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("Please check the paths: no such file or folder: \(path).")
            }
        }

        public func run() throws {
            StopSignal.install()  // ^C reaches the children too; we stay to stop them in order
            let folder = try TemporaryFolder(prefix: "gleaner-run")
            defer { folder.remove() }
            let collectorEndpoint = "ipc://\(folder.path)/collector"
            let producerEndpoint = "ipc://\(folder.path)/producer"
            let common = log.childArguments(defaultLevel: "warning") + ["--max-article-bytes", String(limits.maxArticleBytes)]

            let collector = try ChildProcess("gleaner-collector", ["--store", store, "--bind", collectorEndpoint] + common)
            guard collector.awaitLine(startingWith: "gleaner-collector: listening") != nil else {
                throw ValidationError("The collector did not start (see its error above).")
            }
            let producer = try ChildProcess("gleaner-producer", paths + ["--bind", producerEndpoint,
                                            "--collector", collectorEndpoint] + common + (quiet ? ["--quiet"] : [])
                                            + extensions.flatMap { ["--ext", $0] })
            var pool: [ChildProcess] = []
            if producer.awaitLine(startingWith: "gleaner-producer: listening") != nil {
                for _ in 0..<workers {
                    pool.append(try ChildProcess("gleaner-worker", ["--producer", producerEndpoint,
                                                 "--collector", collectorEndpoint] + common, captureOutput: false))
                }
            }
            let summary = producer.awaitLine(startingWith: "gleaner-producer: ")
            let status = producer.wait()
            for worker in pool { worker.terminate() }
            for worker in pool { worker.wait() }
            collector.terminate()
            let collectorStatus = collector.wait()
            if let summary {
                StandardStreams.writeLine(summary.replacingOccurrences(of: "gleaner-producer: ", with: "gleaner: ") + " → \(store)")
            }
            if status != 0 { throw ExitCode(status) }
            if collectorStatus != 0 { throw ExitCode(collectorStatus) }
        }
    }
}

/// A private temporary folder (for ipc:// socket files, which outlive their sockets).
struct TemporaryFolder {
    let path: String

    init(prefix: String) throws {
        var template = Array((NSTemporaryDirectory() + "\(prefix)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
