import DequeModule
import Foundation
import Synchronization

/// The worker's extraction threads, one *lane* each, fed by the socket thread through
/// in-memory queues: no socket between them, and no copy of an article or a record.
///
/// The socket thread hands a lane several tasks at a time; the lane extracts them in order
/// and leaves each record in its outbox. It wakes the socket thread (`resultsReady`, one
/// signal for all lanes) only when its queue is down to its reserve, so with articles of a
/// few hundred microseconds the socket thread, its ZeroMQ I/O thread, the producer and the
/// collector each wake once per several tasks instead of once per task (docs/performance.md,
/// "Efficiency"). The sizes follow the measured extraction time (`Sizing`): about
/// `refillSeconds` of work per wake-up, and `reserveSeconds` left to extract while the socket
/// thread refills, from `minimumDepth` to `maximumDepth` tasks a lane.
///
/// Blame: the worker reports a task `started` before it hands it to a lane, so no lane ever
/// runs a task the producer does not know is on it; when a worker dies, the tasks on its
/// lanes (at most `maximumDepth` each) become suspects.
final class ExtractionLanes {
    /// A task a lane is extracting, and since when (monotonic ms).
    struct Busy {
        var task: TaskEnvelope
        var since: Int
    }

    /// A finished task: its record and how long its extraction took.
    struct Output: Sendable {
        var record: [UInt8]
        var nanoseconds: Int
    }

    /// Extraction a refill brings a lane, between two wake-ups of the socket thread (seconds):
    /// every refill wakes the socket thread, both ZeroMQ I/O threads, the producer (one
    /// `progress`) and the collector, so the longer, the fewer wake-ups per article (32 tasks
    /// at 250 µs an article); short enough that a stop or a crash finds little on a lane (a
    /// stop finishes what a lane holds, a crash leaves at most `maximumDepth` suspects, each
    /// then run alone once). 2 ms refills cost the pipeline about 30 µs more CPU per article
    /// at 250 µs an article (docs/performance.md, "Efficiency").
    static let refillSeconds = 0.008
    /// Extraction a lane still holds when it asks for a refill (seconds): the time the socket
    /// thread has to wake and refill it before the lane runs dry (4 tasks at 250 µs).
    static let reserveSeconds = 0.001
    /// Most tasks one refill brings a lane.
    static let maximumRefill = 32
    /// Most tasks a lane keeps in reserve.
    static let maximumReserve = 4
    /// Tasks a lane holds before its extraction time is known: one running, one ready.
    static let minimumDepth = 2
    /// Most tasks on one lane, running and queued: a worker that dies makes at most this many
    /// suspects per lane.
    static let maximumDepth = maximumRefill + maximumReserve

    /// How many tasks a lane holds, and how few it keeps before it wakes the socket thread.
    struct Sizing: Equatable {
        /// Tasks a lane may hold, running and queued.
        var depth: Int
        /// The lane signals `resultsReady` when its queue is down to this many tasks.
        var reserve: Int

        /// For tasks of `serviceSeconds` each (nil: not measured yet): `refillSeconds` of work
        /// per refill and `reserveSeconds` in reserve, each at least one task.
        init(serviceSeconds: Double?) {
            guard let service = serviceSeconds, service > 0 else {
                self.init(depth: ExtractionLanes.minimumDepth, reserve: ExtractionLanes.minimumDepth / 2)
                return
            }
            func tasks(_ seconds: Double, most: Int) -> Int {
                Int(min(max((seconds / service).rounded(.up), 1), Double(most)))
            }
            let reserve = tasks(ExtractionLanes.reserveSeconds, most: ExtractionLanes.maximumReserve)
            let refill = tasks(ExtractionLanes.refillSeconds, most: ExtractionLanes.maximumRefill)
            self.init(depth: refill + reserve, reserve: reserve)
        }

        init(depth: Int, reserve: Int) {
            self.depth = depth
            self.reserve = reserve
        }
    }

    /// Wakes the socket thread: some lane's queue ran low and its records wait in its outbox.
    let resultsReady: WakeSignal
    /// How many tasks a lane may hold now, and its reserve (`resize`).
    private(set) var sizing = Sizing(serviceSeconds: nil)
    var depth: Int { sizing.depth }
    /// Per lane, the tasks assigned to it and not yet collected back, in order.
    private var handed: [Deque<TaskEnvelope>]
    /// Per lane, the tasks assigned and not yet handed over.
    private var assigned: [[TaskEnvelope]]
    private let lanes: [Lane]
    private let stopping: Stopping

    /// The stop flag and the count of lane threads still running.
    private final class Stopping: Sendable {
        let requested = Atomic<Bool>(false)
        let running = Atomic<Int>(0)
    }

    init(
        name: String, threads: Int, processor: ArticleProcessor, mode: ExtractionMode,
        simulatedDelayMilliseconds: Int, faults: FaultInjection, cpus: [Int] = []
    ) throws(MessagingError) {
        resultsReady = try WakeSignal()
        stopping = Stopping()
        var lanes: [Lane] = []
        for _ in 0..<max(1, threads) { lanes.append(try Lane()) }
        self.lanes = lanes
        handed = Array(repeating: [], count: lanes.count)
        assigned = Array(repeating: [], count: lanes.count)
        for (n, lane) in lanes.enumerated() {
            let loop = LaneLoop(
                lane: lane, resultsReady: resultsReady, processor: processor, mode: mode,
                delay: simulatedDelayMilliseconds, faults: faults)
            let stopping = self.stopping
            stopping.running.add(1, ordering: .relaxed)
            let thread = Thread {
                defer { stopping.running.subtract(1, ordering: .relaxed) }
                ThreadName.set("\(name.suffix(6))-lane-\(n)")
                // Checked by the worker's caller (`CPUAffinity.check`); should the kernel still
                // refuse, the lane runs where the scheduler puts it, which is only slower.
                if n < cpus.count { try? CPUAffinity.restrictCurrentThread(to: [cpus[n]]) }
                loop.run(until: { stopping.requested.load(ordering: .relaxed) })
            }
            thread.start()
        }
    }

    var count: Int { lanes.count }
    /// Tasks on lanes, running, queued, or finished and not yet collected.
    var busyCount: Int { handed.reduce(0) { $0 + $1.count } }
    /// Some task was assigned and not handed over yet (`handOver`).
    var hasAssigned: Bool { assigned.contains { !$0.isEmpty } }
    /// A lane with nothing at all (an isolated task runs only on one).
    var firstIdle: Int? { handed.firstIndex { $0.isEmpty } }
    /// A lane that can take more tasks: the one holding fewest, if it has room.
    var laneWithRoom: Int? {
        guard let lane = handed.indices.min(by: { handed[$0].count < handed[$1].count }) else { return nil }
        return handed[lane].count < depth ? lane : nil
    }

    /// Sizes the lanes for tasks of `serviceSeconds` each (nil: not measured yet).
    func resize(serviceSeconds: Double?) {
        sizing = Sizing(serviceSeconds: serviceSeconds)
    }

    /// Puts a task on `lane`; the lane sees it at the next `handOver()`, which the worker calls
    /// once it has reported the task started.
    func assign(_ task: TaskEnvelope, to lane: Int) {
        handed[lane].append(task)
        assigned[lane].append(task)
    }

    /// Appends the tasks assigned since the last call to their lanes' queues, waking a lane
    /// that sleeps.
    func handOver() {
        for n in assigned.indices where !assigned[n].isEmpty {
            lanes[n].take(assigned[n], lowWater: sizing.reserve)
            assigned[n].removeAll(keepingCapacity: true)
        }
    }

    /// Every record the lanes finished since the last call, lane by lane in the order each
    /// lane extracted them, with its task.
    func collect() -> [(task: TaskEnvelope, output: Output)] {
        var done: [(task: TaskEnvelope, output: Output)] = []
        for (n, lane) in lanes.enumerated() {
            for output in lane.takeOutbox() {
                guard let task = handed[n].popFirst() else { break }
                done.append((task, output))
            }
        }
        return done
    }

    /// The task each lane is extracting now, with since when.
    func running() -> [(lane: Int, busy: Busy)] {
        lanes.enumerated().compactMap { n, lane in
            guard let (since, position) = lane.runningSince(), position < handed[n].count else { return nil }
            return (n, Busy(task: handed[n][position], since: since))
        }
    }

    /// The lane whose running task has run longest, if any.
    func longestBusy() -> (lane: Int, busy: Busy)? {
        running().min { $0.busy.since < $1.busy.since }
    }

    /// Asks the threads to stop and waits up to `milliseconds` for them. - Returns: false if
    /// some are still running (stuck in an extraction; they end with the process).
    @discardableResult
    func stop(waitingMilliseconds milliseconds: Int) -> Bool {
        stopping.requested.store(true, ordering: .relaxed)
        for lane in lanes { lane.wake.signal() }
        let deadline = MonotonicClock.milliseconds() + milliseconds
        while stopping.running.load(ordering: .relaxed) > 0 && MonotonicClock.milliseconds() < deadline {
            usleep(5_000)
        }
        return stopping.running.load(ordering: .relaxed) == 0
    }
}

/// One lane's queue and outbox, shared by its thread and the socket thread (one lock).
private final class Lane: Sendable {
    private struct State {
        /// Handed over and not yet finished, in order; the first runs when `runningSince` is set.
        var queue = Deque<TaskEnvelope>()
        var runningSince: Int?
        var outbox: [ExtractionLanes.Output] = []
        /// The lane thread found nothing to do and sleeps on `wake`.
        var sleeping = false
        /// The lane signalled `resultsReady` and the socket thread has not collected since.
        var signalled = false
        /// The lane signals when its queue is down to this many tasks.
        var lowWater = 1
    }

    private let state = Mutex(State())
    /// Wakes the lane thread when it sleeps and gets work, or at a stop.
    let wake: WakeSignal

    init() throws(MessagingError) { wake = try WakeSignal() }

    // MARK: Socket thread

    func take(_ tasks: [TaskEnvelope], lowWater: Int) {
        let wasSleeping = state.withLock { s in
            s.queue.append(contentsOf: tasks)
            s.lowWater = lowWater
            defer { s.sleeping = false }
            return s.sleeping
        }
        if wasSleeping { wake.signal() }
    }

    func takeOutbox() -> [ExtractionLanes.Output] {
        state.withLock { s in
            s.signalled = false
            defer { s.outbox.removeAll(keepingCapacity: true) }
            return s.outbox
        }
    }

    /// Since when the running task runs, and its place among the tasks not yet collected.
    func runningSince() -> (since: Int, position: Int)? {
        state.withLock { s in s.runningSince.map { ($0, s.outbox.count) } }
    }

    // MARK: Lane thread

    /// The next task to extract, now marked running; nil: the queue is empty (the lane sleeps).
    func next(now: Int) -> TaskEnvelope? {
        state.withLock { s in
            guard let task = s.queue.first else {
                s.sleeping = true
                return nil
            }
            s.sleeping = false
            s.runningSince = now
            return task
        }
    }

    /// Files the running task's record. - Returns: whether to wake the socket thread.
    func finish(_ output: ExtractionLanes.Output) -> Bool {
        state.withLock { s in
            s.queue.removeFirst()
            s.runningSince = nil
            s.outbox.append(output)
            guard !s.signalled, s.queue.count <= s.lowWater else { return false }
            s.signalled = true
            return true
        }
    }
}

/// One extraction thread's loop: take the next task, extract it, file the record.
private struct LaneLoop: Sendable {
    let lane: Lane
    let resultsReady: WakeSignal
    let processor: ArticleProcessor
    let mode: ExtractionMode
    let delay: Int
    let faults: FaultInjection

    /// How long an idle lane sleeps before it looks at the stop flag again (ms).
    static let idleWaitMilliseconds: Int32 = 100

    func run(until isStopping: () -> Bool) {
        while !isStopping() {
            let started = MonotonicClock.nanoseconds()
            guard let task = lane.next(now: started / 1_000_000) else {
                lane.wake.wait(milliseconds: Self.idleWaitMilliseconds)
                continue
            }
            faults.apply(to: task.body)
            let record: [UInt8]
            switch mode {
            case .extract: record = processor.process(bytes: task.body, path: task.path, id: task.id.hex).jsonBytes()
            case .noop:
                record = ArticleRecord.minimal(id: task.id.hex, path: task.path, bytes: task.body.count).jsonBytes()
            }
            if delay > 0 { usleep(UInt32(delay) * 1000) }
            let output = ExtractionLanes.Output(record: record, nanoseconds: MonotonicClock.nanoseconds() - started)
            if lane.finish(output) { resultsReady.signal() }
        }
    }
}

/// What a lane does with a task.
public enum ExtractionMode: Sendable, Equatable {
    /// Extract the article: the real work.
    case extract
    /// Return a minimal valid record at once, without reading the article: measures the
    /// system's own overhead (`gleaner-worker --noop`, used by benchmarks only). The worker
    /// answers from its socket thread; the lanes stay idle.
    case noop
}

extension ArticleRecord {
    /// A valid `gleaner.article/1` record with no content (the no-op benchmark mode).
    static func minimal(id: String, path: String, bytes: Int) -> ArticleRecord {
        ArticleRecord(id: id, source: .init(path: path, bytes: bytes), title: "")
    }
}

/// Fault-injection switches for tests and drills, read from the environment by
/// `gleaner-worker`. Off unless set; documented in docs/reliability.md.
///
/// - `GLEANER_FAULT_CRASH_ON=MARKER`: the worker process dies at once (SIGKILL, like the OOM
///   killer) when it starts extracting an article whose bytes contain MARKER: a poison article.
/// - `GLEANER_FAULT_HANG_ON=MARKER`: the extraction thread never returns from such an article.
/// - `GLEANER_FAULT_COLLECTOR_QUEUE=RECORDS`: the worker's queue to the collector holds at most
///   RECORDS records (instead of `Worker.collectorQueueLimit`), over the smallest kernel send
///   buffer: a collector that stops reading fills it after a few hundred records instead of
///   tens of thousands, which a worker that really extracts (a few hundred records a second in
///   a debug build) would not make before it stops taking work.
public struct FaultInjection: Sendable {
    public var crashOn: [UInt8]?
    public var hangOn: [UInt8]?
    /// Records the worker's queue to the collector holds; nil: `Worker.collectorQueueLimit`.
    public var collectorQueue: Int32?

    public init(crashOn: String? = nil, hangOn: String? = nil, collectorQueue: String? = nil) {
        self.crashOn = crashOn.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        self.hangOn = hangOn.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        self.collectorQueue = collectorQueue.flatMap { Int32($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The switches set in the process environment.
    public static func fromEnvironment() -> FaultInjection {
        let env = ProcessInfo.processInfo.environment
        return FaultInjection(
            crashOn: env["GLEANER_FAULT_CRASH_ON"], hangOn: env["GLEANER_FAULT_HANG_ON"],
            collectorQueue: env["GLEANER_FAULT_COLLECTOR_QUEUE"])
    }

    public var isActive: Bool { crashOn != nil || hangOn != nil || collectorQueue != nil }

    func apply(to body: [UInt8]) {
        if let marker = crashOn, Self.contains(body, marker) { kill(getpid(), SIGKILL) }
        if let marker = hangOn, Self.contains(body, marker) { while true { sleep(3_600) } }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
