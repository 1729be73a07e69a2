/// A decoded protocol message. `frames` encodes; `init(frames:)` decodes and validates.
///
/// Decoding is a pure function of the frames: no sockets, no state (a `RecentText` saves work,
/// never changes the message). Every frame is checked for width and every list and text for
/// its bound (`WireProtocol.maxIDsPerMessage`, `maxTextBytes`), so a hostile peer gets a
/// `WireError`, never a crash or a huge allocation.
public enum WireMessage: Sendable, Equatable {
    case credit(UInt32)
    case task(TaskEnvelope)
    /// `health` is nil for every direction but worker → producer.
    case heartbeat(health: WorkerHealth?, detail: String)
    case bye
    case result(taskID: TaskID, runID: String, record: [UInt8])
    case hello(runID: String)
    case welcome(instance: String, articles: UInt64, failures: UInt64, store: StoreState, detail: String)
    case committed(runID: String, taskIDs: [TaskID], failed: [Bool])
    /// `extractorVersion`: the producer's (`ExtractorIdentity`); 0 from a producer built before
    /// versions, which sends no such frame.
    case lookup(runID: String, query: UInt32, taskIDs: [TaskID], extractorVersion: UInt32)
    case known(query: UInt32, taskIDs: [TaskID])
    case ready(threads: UInt32, credit: UInt32, name: String)
    case started([TaskID])
    case finished([TaskID])
    case released([TaskID])
    case proceed(TaskID)
    case ping(UInt64)
    case pong(UInt64)
    case status(request: UInt32)
    case report(request: UInt32, json: [UInt8])
    /// One worker loop turn's reports: tasks started, tasks finished, more credit (0: none).
    case progress(started: [TaskID], finished: [TaskID], credit: UInt32)

    /// A heartbeat with no payload (every direction but worker → producer).
    public static let beat = WireMessage.heartbeat(health: nil, detail: "")

    public var command: Command {
        switch self {
        case .credit: return .credit
        case .task: return .task
        case .heartbeat: return .heartbeat
        case .bye: return .bye
        case .result: return .result
        case .hello: return .hello
        case .welcome: return .welcome
        case .committed: return .committed
        case .lookup: return .lookup
        case .known: return .known
        case .ready: return .ready
        case .started: return .started
        case .finished: return .finished
        case .released: return .released
        case .proceed: return .proceed
        case .ping: return .ping
        case .pong: return .pong
        case .status: return .status
        case .report: return .report
        case .progress: return .progress
        }
    }

    /// The message as frames, signature first.
    public var frames: [[UInt8]] { frames(after: nil) }

    /// The message as frames, after `routing` (a ROUTER socket's frame naming the peer) when
    /// given: built in one array, with the command's frame made once per process, since the
    /// producer and the worker encode a few messages per article.
    public func frames(after routing: [UInt8]?) -> [[UInt8]] {
        let arguments = arguments
        var frames: [[UInt8]] = []
        frames.reserveCapacity(arguments.count + 3)
        if let routing { frames.append(routing) }
        frames.append(WireProtocol.signature)
        frames.append(Self.commandFrames[Int(command.rawValue)])
        frames.append(contentsOf: arguments)
        return frames
    }

    /// Each command byte's frame, indexed by the byte.
    private static let commandFrames: [[UInt8]] = (0...UInt8.max).map { [$0] }

    private var arguments: [[UInt8]] {
        switch self {
        case .credit(let n): return [Frame.uint32(n)]
        case .task(let t):
            return [
                t.id.bytes, Array(t.runID.utf8), Frame.uint32(t.attempt), Frame.uint32(t.flags.rawValue),
                Array(t.path.utf8), t.body,
            ]
        case .heartbeat(let health, let detail):
            guard let health else { return [] }
            return [[health.rawValue], Array(detail.utf8)]
        case .bye: return []
        case .result(let id, let runID, let record): return [id.bytes, Array(runID.utf8), record]
        case .hello(let runID): return [Array(runID.utf8)]
        case .welcome(let instance, let articles, let failures, let store, let detail):
            return [
                Array(instance.utf8), Frame.uint64(articles), Frame.uint64(failures), [store.rawValue],
                Array(detail.utf8),
            ]
        case .committed(let runID, let ids, let failed):
            return [
                Array(runID.utf8), TaskID.concatenate(ids),
                failed.map { $0 ? UInt8(ascii: "f") : UInt8(ascii: "a") },
            ]
        case .lookup(let runID, let query, let ids, let version):
            return [Array(runID.utf8), Frame.uint32(query), TaskID.concatenate(ids), Frame.uint32(version)]
        case .known(let query, let ids): return [Frame.uint32(query), TaskID.concatenate(ids)]
        case .ready(let threads, let credit, let name):
            return [Frame.uint32(threads), Frame.uint32(credit), Array(name.utf8)]
        case .started(let ids), .finished(let ids), .released(let ids): return [TaskID.concatenate(ids)]
        case .proceed(let id): return [id.bytes]
        case .ping(let stamp), .pong(let stamp): return [Frame.uint64(stamp)]
        case .status(let request): return [Frame.uint32(request)]
        case .report(let request, let json): return [Frame.uint32(request), json]
        case .progress(let started, let finished, let credit):
            return [TaskID.concatenate(started), TaskID.concatenate(finished), Frame.uint32(credit)]
        }
    }

    /// Decodes frames (without any ROUTER routing-id frame).
    public init(frames: [[UInt8]]) throws(WireError) {
        var recent = RecentText()
        try self.init(frames: frames, recent: &recent)
    }

    /// `init(frames:)`, returning a result's run id from `recent` when its bytes are those of
    /// the run id decoded before (the same message; only the work differs).
    public init(frames: [[UInt8]], recent: inout RecentText) throws(WireError) {
        guard let first = frames.first else { throw WireError(.emptyMessage, frames: frames) }
        guard first == WireProtocol.signature else { throw WireError(.badSignature, frames: frames) }
        guard frames.count >= 2, frames[1].count == 1 else { throw WireError(.missingCommand, frames: frames) }
        guard let command = Command(rawValue: frames[1][0]) else { throw WireError(.unknownCommand, frames: frames) }
        do throws(WireError.Reason) {
            self = try Self.decode(command, ArgumentReader(frames.dropFirst(2), command: command), &recent)
        } catch {
            throw WireError(error, frames: frames)
        }
    }

    private static func decode(
        _ command: Command, _ a: ArgumentReader, _ recent: inout RecentText
    ) throws(WireError.Reason) -> WireMessage {
        switch command {
        case .credit: try a.expect(1); return .credit(try a.uint32(0))
        case .task:
            try a.expect(6)
            return .task(
                TaskEnvelope(
                    id: try a.id(0), runID: try a.text(1), attempt: try a.uint32(2),
                    flags: TaskFlags(rawValue: try a.uint32(3)), path: try a.text(4), body: a[5]))
        case .heartbeat:
            try a.expect(0, 2)
            guard a.count == 2 else { return .beat }
            guard a[0].count == 1, let health = WorkerHealth(rawValue: a[0][0]) else { throw .badEnum }
            return .heartbeat(health: health, detail: try a.text(1))
        case .bye: try a.expect(0); return .bye
        case .result: try a.expect(3); return .result(taskID: try a.id(0), runID: try recent.text(a[1]), record: a[2])
        case .hello: try a.expect(1); return .hello(runID: try a.text(0))
        case .welcome:
            try a.expect(5)
            guard a[3].count == 1, let store = StoreState(rawValue: a[3][0]) else { throw .badEnum }
            return .welcome(
                instance: try a.text(0), articles: try a.uint64(1), failures: try a.uint64(2),
                store: store, detail: try a.text(4))
        case .committed:
            try a.expect(3)
            let ids = try a.ids(1)
            let kinds = a[2]
            guard kinds.count == ids.count, kinds.allSatisfy({ $0 == UInt8(ascii: "a") || $0 == UInt8(ascii: "f") })
            else { throw .badKinds }
            return .committed(runID: try a.text(0), taskIDs: ids, failed: kinds.map { $0 == UInt8(ascii: "f") })
        case .lookup:
            try a.expect(3, 4)
            let version = a.count == 4 ? try a.uint32(3) : 0
            guard version <= ExtractorVersion.maximum else { throw .outOfRange(UInt64(version)) }
            return .lookup(
                runID: try a.text(0), query: try a.uint32(1), taskIDs: try a.ids(2), extractorVersion: version)
        case .known: try a.expect(2); return .known(query: try a.uint32(0), taskIDs: try a.ids(1))
        case .ready:
            try a.expect(3)
            return .ready(threads: try a.uint32(0), credit: try a.uint32(1), name: try a.text(2))
        case .started: try a.expect(1); return .started(try a.ids(0))
        case .finished: try a.expect(1); return .finished(try a.ids(0))
        case .released: try a.expect(1); return .released(try a.ids(0))
        case .proceed: try a.expect(1); return .proceed(try a.id(0))
        case .ping: try a.expect(1); return .ping(try a.uint64(0))
        case .pong: try a.expect(1); return .pong(try a.uint64(0))
        case .status: try a.expect(1); return .status(request: try a.uint32(0))
        case .report:
            try a.expect(2)
            guard a[1].count <= WireProtocol.maxReportBytes else { throw .tooLong(bytes: a[1].count) }
            guard String(validating: a[1], as: UTF8.self) != nil else { throw .badText }
            return .report(request: try a.uint32(0), json: a[1])
        case .progress:
            try a.expect(3)
            return .progress(started: try a.ids(0), finished: try a.ids(1), credit: try a.uint32(2))
        }
    }
}

/// A task as it travels from producer to worker: the article bytes, not a path to open.
public struct TaskEnvelope: Sendable, Equatable {
    public var id: TaskID
    /// Identifies the producer run, so the collector can route the commit ack back to it.
    public var runID: String
    /// How many times this task has been charged for a crash or an expired extraction, plus 1.
    public var attempt: UInt32
    public var flags: TaskFlags
    /// Where the producer read the article (for the record's `source.path`).
    public var path: String
    public var body: [UInt8]

    public init(id: TaskID, runID: String, attempt: UInt32, flags: TaskFlags = [], path: String, body: [UInt8]) {
        self.id = id; self.runID = runID; self.attempt = attempt; self.flags = flags; self.path = path; self.body = body
    }
}

/// The text frame decoded last, returned again for the same bytes: a collector receives its
/// producer's run id with every result, and a `String` made of it each time is an allocation
/// and a UTF-8 check a result (freed later, 512 at a time, past the allocator's thread cache).
public struct RecentText: Sendable {
    private var bytes: [UInt8] = []
    private var text = ""

    public init() {}

    /// `Frame.text(frame)`: the same checks, made again only when the bytes differ.
    mutating func text(_ frame: [UInt8]) throws(WireError.Reason) -> String {
        if frame == bytes { return text }
        text = try Frame.text(frame)
        bytes = frame
        return text
    }
}

/// The argument frames of one message, read by position with width and bound checks.
private struct ArgumentReader {
    let frames: ArraySlice<[UInt8]>
    let command: Command

    init(_ frames: ArraySlice<[UInt8]>, command: Command) { self.frames = frames; self.command = command }

    var count: Int { frames.count }
    subscript(_ n: Int) -> [UInt8] { frames[frames.startIndex + n] }

    func expect(_ counts: Int...) throws(WireError.Reason) {
        guard counts.contains(frames.count) else { throw .wrongFrameCount(command) }
    }

    func uint32(_ n: Int) throws(WireError.Reason) -> UInt32 { try Frame.readUInt32(self[n]) }
    func uint64(_ n: Int) throws(WireError.Reason) -> UInt64 { try Frame.readUInt64(self[n]) }
    func text(_ n: Int) throws(WireError.Reason) -> String { try Frame.text(self[n]) }
    func id(_ n: Int) throws(WireError.Reason) -> TaskID { try TaskID(bytes: self[n]) }

    func ids(_ n: Int) throws(WireError.Reason) -> [TaskID] {
        guard self[n].count <= WireProtocol.maxIDsPerMessage * TaskID.byteCount else {
            throw .tooLong(bytes: self[n].count)
        }
        return try TaskID.split(self[n])
    }
}

/// Fixed-width integer and text frames.
enum Frame {
    static func uint32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }
    static func uint64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) } }

    static func readUInt32(_ f: [UInt8]) throws(WireError.Reason) -> UInt32 {
        guard f.count == 4 else { throw .badInteger(length: f.count) }
        return f.reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func readUInt64(_ f: [UInt8]) throws(WireError.Reason) -> UInt64 {
        guard f.count == 8 else { throw .badInteger(length: f.count) }
        return f.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func text(_ f: [UInt8]) throws(WireError.Reason) -> String {
        guard f.count <= WireProtocol.maxTextBytes else { throw .tooLong(bytes: f.count) }
        guard let s = String(validating: f, as: UTF8.self) else { throw .badText }
        return s
    }
}
