import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner status`: asks a running producer how its run goes.
    public struct Status: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Show a running producer's workers, tasks, commits and ETA.",
            discussion: """
                Asks the producer over its worker endpoint (a status request it answers without \
                registering a worker). With CURVE, give this command a key pair the producer's \
                --curve-allow admits and the producer's public key. Exit 1 if the producer does \
                not answer within --timeout.

                Examples:
                  gleaner status --producer tcp://127.0.0.1:5557
                  gleaner status --producer tcp://P:5557 --watch
                  gleaner status --producer tcp://P:5557 --json | jq .eta_seconds
                  gleaner status --producer tcp://P:5557 --curve-key keys/ops.key --producer-key keys/producer.pub
                """
        )

        @Option(help: "The producer's endpoint (what workers use as --producer).")
        var producer: String = WireProtocol.defaultProducerEndpoint

        @Flag(help: "Print the report as JSON (gleaner.status/1); with --watch, one JSON object per line.")
        var json = false

        @Flag(help: "Keep asking every --interval seconds until Ctrl-C; redrawn in place on a terminal.")
        var watch = false

        @Option(help: "Seconds between reports with --watch.")
        var interval: Double = 1

        @Option(help: "Seconds to wait for the producer's answer.")
        var timeout: Double = 3

        @OptionGroup var curve: SecurityOptions

        public init() {}

        public func validate() throws {
            guard interval >= 0.1 else { throw ValidationError("Please give --interval at least 0.1 seconds.") }
            guard timeout > 0 else { throw ValidationError("Please give --timeout a positive number of seconds.") }
            _ = try EndpointFlag.check(producer, flag: "--producer", .connect)
        }

        public func run() throws {
            StopSignal.install()
            let endpoint = try EndpointFlag.check(producer, flag: "--producer", .connect)
            let security = try curve.security(needsAllowList: false, needsProducerKey: true, needsCollectorKey: false)
            let client = try StatusClient(endpoint: endpoint, security: security)
            let screen = watch && !json && StandardStreams.isTerminal(fd: 1)
            let timeoutMilliseconds = Int(timeout * 1000)
            repeat {
                let started = MonotonicClock.milliseconds()
                do {
                    let (report, bytes) = try client.fetch(timeoutMilliseconds: timeoutMilliseconds, stop: .process)
                    show(json ? String(decoding: bytes, as: UTF8.self) : StatusView.text(report), screen: screen)
                } catch StatusClient.StatusError.stopped {
                    break
                } catch let error as StatusClient.StatusError {
                    guard watch else { throw RuntimeError("\(error)") }
                    show("gleaner status: \(error) (asking again)", screen: screen)
                }
                let pause = Int(interval * 1000) - (MonotonicClock.milliseconds() - started)
                var waited = 0
                while watch && waited < pause && !StopSignal.requested { usleep(20_000); waited += 20 }
            } while watch && !StopSignal.requested
        }

        private func show(_ text: String, screen: Bool) {
            if screen {
                StandardStreams.write("\u{1B}[H\u{1B}[2J" + text + "\n", fd: 1)  // home, clear: redraw in place
            } else {
                StandardStreams.writeLine(text + (watch && !json ? "\n" : ""))
            }
        }
    }
}

/// The status report for people: a few lines and a table of workers.
enum StatusView {
    static func text(_ r: StatusReport) -> String {
        let planning =
            r.planning.done
            ? "done: \(r.planning.tasksPlanned) tasks from \(r.planning.filesListed) files"
            : "reading: \(r.planning.filesRead)/\(r.planning.filesListed) files, \(r.planning.tasksPlanned) tasks so "
            + "far"
        let eta = r.etaSeconds.map { Format.duration($0) } ?? "-"
        let collector: String
        switch r.collector.state {
        case .ok: collector = "ok"
        case .notAnswering: collector = "not answering (\(r.collector.detail))"
        case .cannotWrite: collector = "cannot write its store (\(r.collector.detail))"
        }
        var lines = [
            "producer   \(r.endpoint), run \(r.run), \(r.state.rawValue) for \(Format.duration(r.elapsedSeconds))",
            "planning   \(planning), \(r.planning.alreadyStored) already stored",
            "committed  \(r.committed.articles + r.committed.failures) (\(r.committed.articles) articles, "
                + "\(r.committed.failures) failures), \(Format.decimal(r.ratePerSecond, 1))/s over the last 10 s, "
                + "ETA \(eta)",
            "open       \(r.tasks.open): \(r.tasks.queued) queued, \(r.tasks.dispatched) dispatched, "
                + "\(r.tasks.started) started, \(r.tasks.finished) finished, \(r.tasks.awaitingCommit) awaiting commit",
            "collector  \(collector)",
            "workers    \(r.workersConnected) connected"
                + (r.workers.count < r.workersConnected ? " (\(r.workers.count) listed)" : ""),
        ]
        guard !r.workers.isEmpty else { return lines.joined(separator: "\n") }
        let nameWidth = min(40, max(4, r.workers.map(\.name.count).max() ?? 4))
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let cut = String(s.prefix(n))
            let fill = String(repeating: " ", count: max(0, n - cut.count))
            return right ? fill + cut : cut + fill
        }
        lines.append(
            "  " + pad("NAME", nameWidth) + "  " + pad("HEALTH", 21) + pad("THREADS", 8, right: true)
                + pad("CREDIT", 8, right: true) + pad("HELD", 7, right: true) + pad("TASKS/S", 9, right: true)
                + pad("DONE", 9, right: true))
        for w in r.workers {
            let health = w.health.rawValue + (w.reserved ? ", reserved" : "")
            lines.append(
                "  " + pad(w.name, nameWidth) + "  " + pad(health, 21) + pad("\(w.threads)", 8, right: true)
                    + pad("\(w.credit)", 8, right: true) + pad("\(w.held)", 7, right: true)
                    + pad(Format.decimal(w.ratePerSecond, 1), 9, right: true) + pad("\(w.finished)", 9, right: true))
        }
        return lines.joined(separator: "\n")
    }
}
