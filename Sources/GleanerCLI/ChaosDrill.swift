import Foundation
import GleanerCore
import GleanerExtraction

/// A fault drill: runs a collector, a producer and workers as child processes over the given
/// input, keeps killing, stopping and restarting them while the run goes on, then audits the
/// store (every unique input exactly once, failure records only for bad input and poison).
/// Rounds repeat, each on a fresh store, until the drill's time is up.
struct ChaosDrill {
    enum Role: String, CaseIterable, Comparable, Sendable {
        case worker, collector, producer
        static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }
    }

    struct Options {
        var paths: [String]
        var seconds: Int
        var workers: Int
        var threads: Int
        var killEveryMilliseconds: Int
        var roles: Set<Role>
        var stopWorkers: Bool
        var hostile: Bool
        var poison: Bool
        var leaseSeconds: Int
        var maxAttempts: Int
        var folder: String
        var seed: UInt64
    }

    /// What one round did and found.
    struct RoundResult {
        var audit: StoreAudit
        var kills: [Role: Int] = [:]
        var stops = 0
        var seconds = 0.0
        var finished = false
    }

    let options: Options
    private(set) var generator: SplitMix64

    init(_ options: Options) {
        self.options = options
        generator = SplitMix64(seed: options.seed)
    }

    /// The longest a round may take once the faults stop: every task's attempts, each up to a
    /// lease plus the liveness period, plus time to drain what is queued.
    var settleSeconds: Int { (options.maxAttempts + 2) * (options.leaseSeconds + 3) + 120 }

    /// Runs rounds until the time is up (at least one). - Returns: each round's result.
    mutating func run(report: (Int, RoundResult) -> Void) throws -> [RoundResult] {
        let started = MonotonicClock.milliseconds()
        var results: [RoundResult] = []
        repeat {
            let remaining = options.seconds * 1000 - (MonotonicClock.milliseconds() - started)
            var round = ChaosRound(drill: self, number: results.count + 1, chaosMilliseconds: max(remaining, 5_000))
            let result = try round.run()
            generator = round.generator
            results.append(result)
            report(results.count, result)
            if !result.finished || !result.audit.isClean { break }
        } while MonotonicClock.milliseconds() - started < options.seconds * 1000
        return results
    }
}

/// One round: fresh store and sockets, faults for `chaosMilliseconds` (or until the run ends),
/// then a bounded wait for the producer to finish, then the audit.
struct ChaosRound {
    let drill: ChaosDrill
    let number: Int
    let chaosMilliseconds: Int
    var generator: SplitMix64
    private let folder: String
    private var collector: ChildProcess?
    private var producer: ChildProcess?
    private var workers: [ChildProcess] = []
    private var stopped: [(child: ChildProcess, until: Int)] = []
    private var result = ChaosDrill.RoundResult(audit: StoreAudit())
    private var inputs: [String]
    private var mayFail = Set<String>()
    private var environment: [String: String] = [:]
    private var launched = 0

    init(drill: ChaosDrill, number: Int, chaosMilliseconds: Int) {
        self.drill = drill
        self.number = number
        self.chaosMilliseconds = chaosMilliseconds
        generator = drill.generator
        folder = drill.options.folder + "/round-\(number)"
        inputs = drill.options.paths
    }

    private var options: ChaosDrill.Options { drill.options }
    private var store: String { folder + "/store" }
    private var collectorEndpoint: String { "ipc://\(folder)/collector.sock" }
    private var producerEndpoint: String { "ipc://\(folder)/producer.sock" }

    mutating func run() throws -> ChaosDrill.RoundResult {
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        try prepareInputs()
        let started = MonotonicClock.milliseconds()
        collector = try launch("gleaner-collector", ["--store", store, "--bind", collectorEndpoint])
        producer = try launchProducer()
        for _ in 0..<options.workers { workers.append(try launchWorker()) }
        let chaosEnds = started + chaosMilliseconds
        let deadline = chaosEnds + drill.settleSeconds * 1000
        var nextFault = started + options.killEveryMilliseconds
        while MonotonicClock.milliseconds() < deadline {
            let now = MonotonicClock.milliseconds()
            if try superviseProducer() { result.finished = true; break }
            try superviseOthers(now: now)
            if now < chaosEnds && now >= nextFault {
                try injectFault(now: now)
                nextFault =
                    now + options.killEveryMilliseconds / 2
                    + Int(generator.next() % UInt64(max(1, options.killEveryMilliseconds)))
            }
            usleep(20_000)
        }
        result.seconds = Double(MonotonicClock.milliseconds() - started) / 1000
        shutDown()
        result.audit = try StoreAudit.audit(store: store, paths: inputs, mayFail: mayFail)
        return result
    }

    private mutating func prepareInputs() throws {
        if options.hostile {
            let files = try HostileCorpus.write(into: folder + "/hostile", seed: options.seed &+ UInt64(number))
            mayFail.formUnion(files.filter(\.mayFail).map(\.path))
            inputs.append(folder + "/hostile")
        }
        if options.poison {
            let marker = "GLEANER-POISON-\(options.seed)-\(number)"
            let path = folder + "/poison.txt"
            try "Poison article\n\nThis article crashes every worker that extracts it. \(marker)\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            environment["GLEANER_FAULT_CRASH_ON"] = marker
            mayFail.insert(path)
            inputs.append(path)
        }
    }

    // MARK: Processes

    private mutating func launch(_ executable: String, _ arguments: [String]) throws -> ChildProcess {
        launched += 1
        let log = folder + "/logs/\(launched)-\(executable).log"
        return try ChildProcess(
            executable, arguments + ["--log-level", "info"], captureOutput: false, log: log,
            environment: executable == "gleaner-worker" ? environment : [:])
    }

    private mutating func launchProducer() throws -> ChildProcess {
        try launch(
            "gleaner-producer",
            inputs + [
                "--bind", producerEndpoint, "--collector", collectorEndpoint,
                "--lease", "\(options.leaseSeconds)", "--max-attempts",
                "\(options.maxAttempts)", "--quiet",
            ])
    }

    private mutating func launchWorker() throws -> ChildProcess {
        try launch(
            "gleaner-worker",
            [
                "--producer", producerEndpoint, "--collector", collectorEndpoint,
                "--threads", "\(options.threads)",
            ])
    }

    /// - Returns: true once the producer exited 0 (the run is complete). Any other exit (a
    ///   kill, an interrupted or unreachable start) gets a new producer, which resumes.
    private mutating func superviseProducer() throws -> Bool {
        guard let producer, !producer.isRunning else { return false }
        if producer.exitStatus == 0 { return true }
        self.producer = try launchProducer()
        return false
    }

    /// Restarts a collector that died and replaces workers that died (a poison article kills
    /// them); resumes stopped workers whose time is up.
    private mutating func superviseOthers(now: Int) throws {
        if let collector, !collector.isRunning {
            self.collector = try launch("gleaner-collector", ["--store", store, "--bind", collectorEndpoint])
        }
        for (n, worker) in workers.enumerated() where !worker.isRunning { workers[n] = try launchWorker() }
        for entry in stopped where now >= entry.until { entry.child.signal(SIGCONT) }
        stopped.removeAll { now >= $0.until }
    }

    private mutating func injectFault(now: Int) throws {
        var choices: [(ChaosDrill.Role?, Int)] = []
        if options.roles.contains(.worker) { choices.append((.worker, 60)) }
        if options.stopWorkers { choices.append((nil, 10)) }
        if options.roles.contains(.collector) { choices.append((.collector, 12)) }
        if options.roles.contains(.producer) { choices.append((.producer, 12)) }
        let total = choices.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return }
        var pick = Int(generator.next() % UInt64(total))
        guard
            let choice = choices.first(where: {
                pick -= $0.1; return pick < 0
            })
        else { return }
        switch choice.0 {
        case .worker?:
            let n = Int(generator.next() % UInt64(workers.count))
            workers[n].signal(SIGKILL)
            workers[n].wait()
            workers[n] = try launchWorker()
        case .collector?:
            collector?.signal(SIGKILL)
            collector?.wait()
        case .producer?:
            producer?.signal(SIGKILL)
            producer?.wait()
        case nil:
            let candidates = workers.filter { w in !stopped.contains { $0.child === w } }
            guard let victim = candidates.randomElement(using: &generator) else { return }
            victim.signal(SIGSTOP)
            stopped.append((victim, now + 2_000 + Int(generator.next() % 4_000)))
            result.stops += 1
            return
        }
        result.kills[choice.0!, default: 0] += 1
    }

    /// Stops everything gracefully (SIGTERM), then kills what lingers.
    private mutating func shutDown() {
        for entry in stopped { entry.child.signal(SIGCONT) }
        let all = workers + [producer, collector].compactMap { $0 }
        for child in workers { child.terminate() }
        for child in workers { child.wait() }
        producer?.signal(SIGKILL)
        collector?.terminate()
        for child in all { child.wait() }
    }
}
