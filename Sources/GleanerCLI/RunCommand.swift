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

        @Option(
            name: .customLong("ext"),
            help: "Only take files with this extension from folders (repeatable, e.g. --ext txt).")
        var extensions: [String] = []

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        @Flag(help: "Send every file again, even those stored by this extractor version (forces re-extraction).")
        var reextract = false

        @OptionGroup var limits: ArticleLimitOptions
        @OptionGroup var log: LogOptions

        public init() {}

        public func validate() throws {
            guard workers >= 1 else { throw ValidationError("Please give --workers a value of at least 1.") }
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("Please check the paths: no such file or folder: \(path).")
            }
        }

        /// Longest a child may take to stop after SIGTERM before it is killed (seconds): a
        /// worker drains for up to 30 s, then the collector flushes.
        static let stopSeconds = 60.0

        public func run() throws {
            StopSignal.install()  // Ctrl-C reaches us (the children ignore SIGINT): we stop them in order
            TemporaryFolder.removeStale(prefix: "gleaner-run")
            let folder = try TemporaryFolder(prefix: "gleaner-run")
            defer { folder.remove() }
            let collectorEndpoint = "ipc://\(folder.path)/collector"
            let producerEndpoint = "ipc://\(folder.path)/producer"
            let common =
                log.childArguments(defaultLevel: "warning") + ["--max-article-bytes", String(limits.maxArticleBytes)]

            let collector = try ChildProcess(
                "gleaner-collector", ["--store", store, "--bind", collectorEndpoint] + common)
            guard Self.awaitLine(collector, prefix: "gleaner-collector: listening", onStop: { false }) != nil else {
                return try Self.stop([], collector: collector, summary: nil, store: store, producerStatus: nil)
            }
            let producer = try ChildProcess(
                "gleaner-producer",
                paths + [
                    "--bind", producerEndpoint,
                    "--collector", collectorEndpoint,
                ] + common + (quiet ? ["--quiet"] : [])
                    + (reextract ? ["--reextract"] : [])
                    + extensions.flatMap { ["--ext", $0] })
            var pool: [ChildProcess] = []
            if Self.awaitLine(
                producer, prefix: "gleaner-producer: listening",
                onStop: {
                    producer.terminate(); return true
                }) != nil
            {
                for _ in 0..<workers where !StopSignal.requested {
                    pool.append(
                        try ChildProcess(
                            "gleaner-worker",
                            [
                                "--producer", producerEndpoint,
                                "--collector", collectorEndpoint,
                            ] + common, captureOutput: false))
                }
            }
            // On a stop request the producer stops dispatching, reports what is unfinished and exits 3.
            let summary = Self.awaitLine(
                producer, prefix: "gleaner-producer: ",
                onStop: {
                    producer.terminate(); return true
                })
            let status = producer.wait(timeoutSeconds: Self.stopSeconds)
            try Self.stop(pool, collector: collector, summary: summary, store: store, producerStatus: status)
        }

        /// Reads `child`'s stdout until a line starts with `prefix`, watching for a stop
        /// request: on the first, calls `onStop` and goes on reading if it returns true.
        /// - Returns: the line, or nil when the output ended or the stop ended the wait.
        static func awaitLine(_ child: ChildProcess, prefix: String, onStop: () -> Bool) -> String? {
            var stopHandled = false
            while true {
                if StopSignal.requested && !stopHandled {
                    stopHandled = true
                    if !onStop() { return nil }
                }
                switch child.readLine(timeoutMilliseconds: 100) {
                case .line(let line): if line.hasPrefix(prefix) { return line }
                case .quiet: continue
                case .ended: return nil
                }
            }
        }

        /// Ordered shutdown once the producer is done (or never started): workers drain, then
        /// the collector flushes; then the summary and the exit status. `producerStatus` nil:
        /// the collector never came up (or a stop came first), so there was no producer.
        static func stop(
            _ workers: [ChildProcess], collector: ChildProcess, summary: String?, store: String,
            producerStatus: Int32?
        ) throws {
            for worker in workers { worker.terminate() }
            for worker in workers { worker.wait(timeoutSeconds: stopSeconds) }
            let collectorWasUp = collector.isRunning
            collector.terminate()
            let collectorStatus = collector.wait(timeoutSeconds: stopSeconds)
            if let summary {
                StandardStreams.writeLine(
                    summary.replacingOccurrences(of: "gleaner-producer: ", with: "gleaner: ") + " → \(store)")
            }
            if StopSignal.requested {
                if summary == nil {
                    StandardStreams.writeLine("gleaner: stopped before any article was dispatched → \(store)")
                }
                throw ExitCodes.interrupted
            }
            guard let producerStatus, collectorWasUp || summary != nil else {
                throw RuntimeError("the collector did not start (its error is above).")
            }
            if producerStatus != 0 { throw ExitCode(producerStatus) }
            if collectorStatus != 0 { throw ExitCode(collectorStatus) }
        }
    }
}

/// A private temporary folder (for ipc:// socket files, which outlive their sockets), with
/// an `owner` file naming the process that made it, so folders left behind by a process that
/// was killed (SIGKILL leaves no chance to clean up) are removed by the next run.
struct TemporaryFolder {
    let path: String

    init(prefix: String) throws {
        var template = Array((NSTemporaryDirectory() + "\(prefix)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw RuntimeError(
                "could not create a temporary folder in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
        let me = getpid()
        try? "\(me) \(ProcessStart.ticks(of: me) ?? 0)\n".write(
            toFile: path + "/owner", atomically: false, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Removes this user's `prefix-*` folders whose owner process is gone. A folder without an
    /// owner file (written by an older Gleaner) goes once it is a day old.
    static func removeStale(prefix: String) {
        let base = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        where name.hasPrefix(prefix + "-") {
            let folder = (base.hasSuffix("/") ? base : base + "/") + name
            var info = stat()
            guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
            if let owner = try? String(contentsOfFile: folder + "/owner", encoding: .utf8) {
                let fields = owner.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
                guard fields.count == 2 else { continue }
                if ProcessStart.ticks(of: Int32(fields[0])) == fields[1] { continue }  // still running
            } else if Double(time(nil) - info.st_mtim.tv_sec) < 86_400 {
                continue
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}

/// When a process started, in clock ticks since boot (`/proc/PID/stat` field 22): with the
/// pid, it names one process even after the pid is reused.
enum ProcessStart {
    static func ticks(of pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? Int(fields[19]) : nil  // fields[0] is field 3 (state)
    }
}
