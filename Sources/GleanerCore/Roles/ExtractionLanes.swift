import Foundation
import Synchronization

/// The worker's extraction threads, one *lane* each.
///
/// The socket thread owns one PAIR socket per lane (bound to `inproc://NAME-lane-N`); the lane's
/// thread owns the PAIR connected to it. A lane holds at most `depth` tasks, which it extracts
/// in order: the first is running, the next waits in its socket so the thread goes on without
/// sleeping. So the socket thread always knows exactly which task each thread is extracting
/// (the first of each lane; the next starts when the first's record comes back): that is what
/// the worker reports as `started`, and what the producer may blame when the worker dies.
///
/// Frames socket thread → lane: task id, run id, path, body. Lane → socket thread: task id,
/// run id, record JSON. Internal to one process; not part of the wire protocol.
final class ExtractionLanes {
    struct Busy {
        var task: TaskEnvelope
        var since: Int
    }

    /// Why a lane stopped working.
    struct Death: Sendable, Equatable {
        var lane: Int
        var error: String
    }

    /// Tasks a lane holds at once: one running, one ready behind it.
    static let depth = 2

    let sockets: [ZMQSocket]
    /// Per lane, its tasks in order; the first is running (`since` = when it started).
    private(set) var queues: [[Busy]]
    private let shared: Shared

    /// State the lane threads share with the socket thread.
    private final class Shared: Sendable {
        let stopping = Atomic<Bool>(false)
        let deaths = Mutex<[Death]>([])
        let running = Atomic<Int>(0)
    }

    init(
        context: ZMQContext, name: String, threads: Int, processor: ArticleProcessor, mode: ExtractionMode,
        simulatedDelayMilliseconds: Int, faults: FaultInjection
    ) throws {
        shared = Shared()
        var sockets: [ZMQSocket] = []
        for n in 0..<threads {
            let socket = try ZMQSocket(context, .pair)
            try socket.bind("inproc://\(name)-lane-\(n)")
            sockets.append(socket)
        }
        self.sockets = sockets
        queues = Array(repeating: [], count: threads)
        for n in 0..<threads {
            let lane = LaneThread(
                context: context, endpoint: "inproc://\(name)-lane-\(n)", processor: processor, mode: mode,
                delay: simulatedDelayMilliseconds, faults: faults)
            let shared = self.shared
            shared.running.add(1, ordering: .relaxed)
            let thread = Thread {
                defer { shared.running.subtract(1, ordering: .relaxed) }
                do { try lane.run(until: { shared.stopping.load(ordering: .relaxed) }) } catch {
                    shared.deaths.withLock { $0.append(Death(lane: n, error: "\(error)")) }
                }
            }
            thread.name = "extract-\(n)"
            thread.start()
        }
    }

    var count: Int { sockets.count }
    /// Tasks on lanes, running or ready.
    var busyCount: Int { queues.reduce(0) { $0 + $1.count } }
    /// A lane with nothing at all (an isolated task runs only on one).
    var firstIdle: Int? { queues.firstIndex { $0.isEmpty } }
    /// A lane that can take one more task: an idle one first, else one with room behind.
    var laneWithRoom: Int? { firstIdle ?? queues.firstIndex { $0.count < Self.depth } }
    var deaths: [Death] { shared.deaths.withLock { $0 } }

    /// Hands a task to a lane with room. - Returns: true when it starts at once (the lane was
    /// idle); otherwise it starts when the lane's running task comes back.
    @discardableResult
    func start(_ task: TaskEnvelope, on lane: Int, now: Int) throws -> Bool {
        try sockets[lane].send([task.id.bytes, Array(task.runID.utf8), Array(task.path.utf8), task.body])
        queues[lane].append(Busy(task: task, since: now))
        return queues[lane].count == 1
    }

    /// A finished record from `lane`, if one is waiting: the task (with when it started), its
    /// record JSON, and the lane's next task, which starts now.
    func receive(from lane: Int, now: Int) throws -> (done: Busy, record: [UInt8], next: TaskEnvelope?)? {
        guard let frames = try sockets[lane].receive(dontWait: true), frames.count == 3, !queues[lane].isEmpty
        else { return nil }
        let done = queues[lane].removeFirst()
        guard !queues[lane].isEmpty else { return (done, frames[2], nil) }
        queues[lane][0].since = now
        return (done, frames[2], queues[lane][0].task)
    }

    /// The lane whose running task has run longest, if any.
    func longestBusy() -> (lane: Int, busy: Busy)? {
        var oldest: (lane: Int, busy: Busy)?
        for (n, queue) in queues.enumerated() {
            if let b = queue.first, b.since < (oldest?.busy.since ?? Int.max) { oldest = (n, b) }
        }
        return oldest
    }

    /// Asks the threads to stop and waits up to `milliseconds` for them. - Returns: false if
    /// some are still running (stuck in an extraction; they end with the process).
    @discardableResult
    func stop(waitingMilliseconds milliseconds: Int) -> Bool {
        shared.stopping.store(true, ordering: .relaxed)
        let deadline = MonotonicClock.milliseconds() + milliseconds
        while shared.running.load(ordering: .relaxed) > 0 && MonotonicClock.milliseconds() < deadline { usleep(5_000) }
        for socket in sockets { socket.close(lingerMilliseconds: 0) }
        return shared.running.load(ordering: .relaxed) == 0
    }
}

/// One extraction thread's loop: receive a task, extract it, send the record back.
private struct LaneThread: Sendable {
    let context: ZMQContext
    let endpoint: String
    let processor: ArticleProcessor
    let mode: ExtractionMode
    let delay: Int
    let faults: FaultInjection

    func run(until isStopping: () -> Bool) throws {
        let socket = try ZMQSocket(context, .pair)
        defer { socket.close(lingerMilliseconds: 0) }
        try socket.connect(endpoint)
        var poller = ZMQPoller([socket])
        while !isStopping() {
            guard try poller.poll(timeoutMilliseconds: 100)[0], let frames = try socket.receive(dontWait: true) else {
                continue
            }
            guard frames.count == 4, let id = try? TaskID(bytes: frames[0]) else { continue }
            faults.apply(to: frames[3])
            let path = String(decoding: frames[2], as: UTF8.self)
            let record: [UInt8]
            switch mode {
            case .extract: record = processor.process(bytes: frames[3], path: path, id: id.hex).jsonBytes()
            case .noop: record = ArticleRecord.minimal(id: id.hex, path: path, bytes: frames[3].count).jsonBytes()
            }
            if delay > 0 { usleep(UInt32(delay) * 1000) }
            try socket.send([frames[0], frames[1], record])
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
public struct FaultInjection: Sendable {
    public var crashOn: [UInt8]?
    public var hangOn: [UInt8]?

    public init(crashOn: String? = nil, hangOn: String? = nil) {
        self.crashOn = crashOn.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        self.hangOn = hangOn.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
    }

    /// The switches set in the process environment.
    public static func fromEnvironment() -> FaultInjection {
        let env = ProcessInfo.processInfo.environment
        return FaultInjection(crashOn: env["GLEANER_FAULT_CRASH_ON"], hangOn: env["GLEANER_FAULT_HANG_ON"])
    }

    public var isActive: Bool { crashOn != nil || hangOn != nil }

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
