import ArgumentParser
import Foundation
import GleanerNetem

/// `gleaner-netem`: a delaying TCP proxy for benchmarks (scripts/simulate-cluster), standing
/// in for the kernel's netem qdisc where it is missing.
@main
struct NetemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gleaner-netem",
        abstract: "Forward TCP connections with added delay, stalls and cuts (a slow link, for benchmarks).",
        discussion: """
            Each --forward accepts connections on LISTEN and relays them to TARGET. Bytes keep \
            their order; each direction is delayed by its own amount. Prints "gleaner-netem: \
            forwarding …" once listening, runs until SIGTERM or SIGINT, then resets every \
            connection and prints what it forwarded.

            Examples:
              gleaner-netem --forward 0.0.0.0:5557=10.0.0.2:5557 --delay-ms 25
              gleaner-netem --forward 127.0.0.1:6558=127.0.0.1:5558 --delay-ms 25 --stall-every-ms 5000 --stall-ms 300
            """
    )

    @Option(help: "LISTEN_HOST:PORT=TARGET_HOST:PORT (repeatable; host * listens on every address).")
    var forward: [String] = []

    @Option(help: "Added one-way delay in each direction, ms (a round trip gains twice this).")
    var delayMs = 0

    @Option(help: "Delay client → target instead of --delay-ms, ms.")
    var upstreamDelayMs: Int?

    @Option(help: "Delay target → client instead of --delay-ms, ms.")
    var downstreamDelayMs: Int?

    @Option(help: "Extra random delay per chunk, 0 to this many ms (bytes are never reordered).")
    var jitterMs = 0

    @Option(help: "Stall the whole link every this many ms (0: never).")
    var stallEveryMs = 0

    @Option(help: "Length of each stall, ms.")
    var stallMs = 0

    @Option(help: "Reset the oldest connection every this many ms (0: never).")
    var cutEveryMs = 0

    @Option(help: "MB a direction may hold before the proxy stops reading its sender.")
    var queueLimitMb = DelayProxy.defaultQueueLimitBytes >> 20

    func validate() throws {
        guard !forward.isEmpty else { throw ValidationError("Please give at least one --forward LISTEN=TARGET.") }
        let values = [
            delayMs, upstreamDelayMs ?? 0, downstreamDelayMs ?? 0, jitterMs, stallEveryMs, stallMs, cutEveryMs,
        ]
        guard values.allSatisfy({ $0 >= 0 }) else { throw ValidationError("Please give durations of 0 ms or more.") }
        guard queueLimitMb >= 1 else { throw ValidationError("Please give --queue-limit-mb a value of at least 1.") }
        _ = try forwards()
    }

    func run() throws {
        var impairment = LinkImpairment()
        impairment.upstreamDelayMilliseconds = upstreamDelayMs ?? delayMs
        impairment.downstreamDelayMilliseconds = downstreamDelayMs ?? delayMs
        impairment.jitterMilliseconds = jitterMs
        impairment.stallEveryMilliseconds = stallEveryMs
        impairment.stallMilliseconds = stallMs
        impairment.cutEveryMilliseconds = cutEveryMs
        let stopSignals = StopSignals()  // before any thread starts, so every thread inherits the mask
        let proxy: DelayProxy
        do {
            proxy = try DelayProxy(
                forwards: try forwards(), impairment: impairment, queueLimitBytes: queueLimitMb << 20)
        } catch {
            throw ValidationError("Please check --forward: \(error).")
        }
        let list = proxy.forwards.map(\.description).joined(separator: ", ")
        Self.say("gleaner-netem: forwarding \(list) (\(impairment.summary))")
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        let thread = Thread {
            outcome.statistics = proxy.run()
            done.signal()
        }
        thread.name = "proxy"
        thread.start()
        stopSignals.wait()
        proxy.requestStop()
        done.wait()
        Self.say("gleaner-netem: " + Self.describe(outcome.statistics))
    }

    private func forwards() throws -> [Forward] {
        do { return try forward.map(Forward.init) } catch { throw ValidationError("Please check --forward: \(error).") }
    }

    /// One line to stdout, unbuffered: scripts wait for the start-up line.
    private static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    static func describe(_ s: DelayProxy.Statistics) -> String {
        let mb = { (bytes: Int) in String(format: "%.1f", Double(bytes) / 1_048_576) }
        return "\(s.connections) connections (\(s.refused) refused, \(s.cuts) cut, \(s.broken) broken), "
            + "\(mb(s.bytesToTarget)) MB to targets, \(mb(s.bytesToClient)) MB to clients, \(s.stalls) stalls"
    }
}

/// The proxy thread's result, handed to the main thread (which reads it after the semaphore).
private final class Outcome: @unchecked Sendable {
    var statistics = DelayProxy.Statistics()
}

/// SIGTERM and SIGINT, blocked in every thread and awaited with `sigwait`: no handler runs
/// on an arbitrary thread.
private struct StopSignals {
    private var set = sigset_t()

    init() {
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    func wait() {
        var set = self.set
        var signal: Int32 = 0
        sigwait(&set, &signal)
    }
}
