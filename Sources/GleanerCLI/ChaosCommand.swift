import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner chaos`: a fault drill over real processes (see docs/reliability.md).
    public struct Chaos: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Fault drill: run the pipeline while killing its processes, then audit the store.",
            discussion: """
                Starts a collector, a producer and --workers workers as child processes over PATH, \
                and every --kill-every-ms (on average) SIGKILLs a worker (and starts another), the \
                collector or the producer (both restarted), or SIGSTOPs a worker for 2-6 s. After \
                each run it checks the store: every unique input stored exactly once, failure \
                records only for bad input and poison. Rounds repeat on fresh stores until \
                --seconds have passed; one summary line per round and one at the end. Exit 0 when \
                every round ended and its store was clean, 1 otherwise. Logs stay in --folder.

                Examples:
                  gleaner chaos ../corpus/bbc --seconds 60
                  gleaner chaos /data/news --seconds 600 --workers 4 --hostile --poison
                """
        )

        @Argument(help: "Article files and folders.")
        var paths: [String]

        @Option(help: "How long to keep injecting faults (seconds); rounds repeat until then.")
        var seconds: Int = 60

        @Option(help: "Worker processes kept running.")
        var workers: Int = 3

        @Option(help: "Extraction threads per worker.")
        var threads: Int = 1

        @Option(help: "Mean time between faults (milliseconds).")
        var killEveryMs: Int = 500

        @Option(help: "Roles to kill, comma-separated: worker, collector, producer.")
        var roles: String = "worker,collector,producer"

        @Flag(help: "Also SIGSTOP workers for a few seconds.")
        var stopWorkers = false

        @Flag(help: "Add hostile files (empty, binary, PNG, Latin-1, UTF-16, 50 MB, a 1 MB line, a symlink loop …).")
        var hostile = false

        @Flag(help: "Add a poison article that crashes every worker that extracts it.")
        var poison = false

        @Option(help: "Producer lease (seconds).")
        var lease: Int = 20

        @Option(help: "Folder for stores, sockets and logs (default: a new temporary folder).")
        var folder: String?

        @Option(help: "Seed of the fault schedule.")
        var seed: UInt64 = 1

        public init() {}

        public func validate() throws {
            guard seconds > 0, workers >= 1, threads >= 1, killEveryMs >= 10, lease >= 1 else {
                throw ValidationError(
                    "Please give --seconds, --workers, --threads, --lease positive values and --kill-every-ms ≥ 10.")
            }
            guard parsedRoles != nil else {
                throw ValidationError("Please give --roles as worker, collector, producer (comma-separated).")
            }
        }

        private var parsedRoles: Set<ChaosDrill.Role>? {
            let names = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            let parsed = names.compactMap(ChaosDrill.Role.init(rawValue:))
            return parsed.count == names.count ? Set(parsed) : nil
        }

        public func run() throws {
            signal(SIGPIPE, SIG_IGN)
            let base = try folder ?? TemporaryFolder(prefix: "gleaner-chaos").path
            var drill = ChaosDrill(
                ChaosDrill.Options(
                    paths: paths, seconds: seconds, workers: workers, threads: threads,
                    killEveryMilliseconds: killEveryMs,
                    roles: parsedRoles ?? [], stopWorkers: stopWorkers, hostile: hostile, poison: poison,
                    leaseSeconds: lease,
                    maxAttempts: WireProtocol.defaultMaxAttempts, folder: base, seed: seed))
            let started = MonotonicClock.milliseconds()
            let results = try drill.run { n, r in
                let kills = r.kills.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(
                    separator: ", ")
                StandardStreams.writeLine(
                    "round \(n): \(r.finished ? "finished" : "DID NOT FINISH") in "
                        + "\(Format.decimal(r.seconds, 1)) s; \(r.audit.line); kills {\(kills)}, stops \(r.stops)")
                if !r.audit.lost.isEmpty {
                    StandardStreams.writeLine("  lost: " + r.audit.lost.prefix(10).joined(separator: ", "))
                }
            }
            let summary = ChaosSummary(
                results: results, seconds: Double(MonotonicClock.milliseconds() - started) / 1000)
            StandardStreams.writeLine(summary.line + " (logs: \(base))")
            if !summary.passed { throw ExitCode.failure }
        }
    }
}

/// The drill's one-line verdict over all rounds.
struct ChaosSummary {
    let results: [ChaosDrill.RoundResult]
    let seconds: Double

    var passed: Bool { results.allSatisfy { $0.finished && $0.audit.isClean } }

    var line: String {
        let stored = results.reduce(0) { $0 + $1.audit.storedOnce }
        let duplicates = results.reduce(0) { $0 + $1.audit.duplicates }
        let lost = results.reduce(0) { $0 + $1.audit.lost.count }
        let innocent = results.reduce(0) { $0 + $1.audit.innocentFailures.count }
        var failures: [String: Int] = [:], kills: [ChaosDrill.Role: Int] = [:]
        for r in results {
            failures.merge(r.audit.failures, uniquingKeysWith: +)
            kills.merge(r.kills, uniquingKeysWith: +)
        }
        let reasons = failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let killList = ChaosDrill.Role.allCases.map { "\($0.rawValue) \(kills[$0] ?? 0)" }.joined(separator: ", ")
        return
            "chaos: \(passed ? "PASS" : "FAIL"): \(results.count) rounds, \(stored) stored, \(duplicates) duplicates, "
            + "\(lost) lost, failures {\(reasons)}, \(innocent) innocent failures, kills {\(killList)}, "
            + "stops \(results.reduce(0) { $0 + $1.stops }), \(Format.decimal(seconds, 1)) s"
    }
}
