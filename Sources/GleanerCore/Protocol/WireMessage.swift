/// A decoded protocol message. `frames` encodes; `init(frames:)` decodes and validates.
public enum WireMessage: Sendable, Equatable {
    case credit(UInt32)
    case task(TaskEnvelope)
    case heartbeat(runID: String?)
    case bye
    case result(taskID: TaskID, runID: String, record: [UInt8])
    case hello(runID: String)
    case welcome(instance: String, articles: UInt64, failures: UInt64)
    case committed(runID: String, taskIDs: [TaskID], failed: [Bool])
    case lookup(runID: String, query: UInt32, taskIDs: [TaskID])
    case known(query: UInt32, taskIDs: [TaskID])

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
        }
    }

    /// The message as frames, signature first.
    public var frames: [[UInt8]] {
        var out: [[UInt8]] = [WireProtocol.signature, [command.rawValue]]
        switch self {
        case .credit(let n): out.append(Frame.uint32(n))
        case .task(let t):
            out += [t.id.bytes, Array(t.runID.utf8), Frame.uint32(t.attempt), Array(t.path.utf8), t.body]
        case .heartbeat(let runID): if let runID { out.append(Array(runID.utf8)) }
        case .bye: break
        case .result(let id, let runID, let record): out += [id.bytes, Array(runID.utf8), record]
        case .hello(let runID): out.append(Array(runID.utf8))
        case .welcome(let instance, let a, let f): out += [Array(instance.utf8), Frame.uint64(a), Frame.uint64(f)]
        case .committed(let runID, let ids, let failed):
            out += [Array(runID.utf8), TaskID.concatenate(ids), failed.map { $0 ? UInt8(ascii: "f") : UInt8(ascii: "a") }]
        case .lookup(let runID, let q, let ids): out += [Array(runID.utf8), Frame.uint32(q), TaskID.concatenate(ids)]
        case .known(let q, let ids): out += [Frame.uint32(q), TaskID.concatenate(ids)]
        }
        return out
    }

    /// Decodes frames (without any ROUTER routing-id frame).
    public init(frames: [[UInt8]]) throws(WireError) {
        guard let first = frames.first else { throw WireError(.emptyMessage, frames: frames) }
        guard first == WireProtocol.signature else { throw WireError(.badSignature, frames: frames) }
        guard frames.count >= 2, frames[1].count == 1 else { throw WireError(.missingCommand, frames: frames) }
        guard let command = Command(rawValue: frames[1][0]) else { throw WireError(.unknownCommand, frames: frames) }
        let args = Array(frames.dropFirst(2))
        func expect(_ counts: ClosedRange<Int>) throws(WireError.Reason) {
            guard counts.contains(args.count) else { throw .wrongFrameCount(command) }
        }
        do throws(WireError.Reason) {
            switch command {
            case .credit:
                try expect(1...1)
                self = .credit(try Frame.readUInt32(args[0]))
            case .task:
                try expect(5...5)
                self = .task(TaskEnvelope(id: try TaskID(bytes: args[0]), runID: try Frame.text(args[1]),
                                          attempt: try Frame.readUInt32(args[2]), path: try Frame.text(args[3]), body: args[4]))
            case .heartbeat:
                try expect(0...1)
                self = .heartbeat(runID: args.isEmpty ? nil : try Frame.text(args[0]))
            case .bye:
                try expect(0...0)
                self = .bye
            case .result:
                try expect(3...3)
                self = .result(taskID: try TaskID(bytes: args[0]), runID: try Frame.text(args[1]), record: args[2])
            case .hello:
                try expect(1...1)
                self = .hello(runID: try Frame.text(args[0]))
            case .welcome:
                try expect(3...3)
                self = .welcome(instance: try Frame.text(args[0]), articles: try Frame.readUInt64(args[1]),
                                failures: try Frame.readUInt64(args[2]))
            case .committed:
                try expect(3...3)
                let ids = try TaskID.split(args[1])
                guard args[2].count == ids.count, args[2].allSatisfy({ $0 == UInt8(ascii: "a") || $0 == UInt8(ascii: "f") }) else {
                    throw .badKinds
                }
                self = .committed(runID: try Frame.text(args[0]), taskIDs: ids, failed: args[2].map { $0 == UInt8(ascii: "f") })
            case .lookup:
                try expect(3...3)
                self = .lookup(runID: try Frame.text(args[0]), query: try Frame.readUInt32(args[1]), taskIDs: try TaskID.split(args[2]))
            case .known:
                try expect(2...2)
                self = .known(query: try Frame.readUInt32(args[0]), taskIDs: try TaskID.split(args[1]))
            }
        } catch {
            throw WireError(error, frames: frames)
        }
    }
}

/// A task as it travels from producer to worker: the article bytes, not a path to open.
public struct TaskEnvelope: Sendable, Equatable {
    public var id: TaskID
    /// Identifies the producer run, so the collector can route the commit ack back to it.
    public var runID: String
    /// 1 for the first dispatch, 2 for the first retry, …
    public var attempt: UInt32
    /// Where the producer read the article (for the record's `source.path`).
    public var path: String
    public var body: [UInt8]

    public init(id: TaskID, runID: String, attempt: UInt32, path: String, body: [UInt8]) {
        self.id = id; self.runID = runID; self.attempt = attempt; self.path = path; self.body = body
    }
}

/// A task id: the 32-byte SHA-256 of the article bytes (or of a path, for unreadable files).
public struct TaskID: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(WireError.Reason) {
        guard bytes.count == 32 else { throw .badTaskID(length: bytes.count) }
        self.bytes = bytes
    }

    /// From the 64-hex-digit form used in records.
    public init?(hex: String) {
        guard let raw = ContentHash.raw(fromHex: hex) else { return nil }
        self.bytes = raw
    }

    public var hex: String { ContentHash.hexString(bytes) }
    public var description: String { String(hex.prefix(12)) }

    static func concatenate(_ ids: [TaskID]) -> [UInt8] { ids.flatMap(\.bytes) }

    static func split(_ frame: [UInt8]) throws(WireError.Reason) -> [TaskID] {
        guard frame.count % 32 == 0 else { throw .badTaskID(length: frame.count) }
        var ids: [TaskID] = []
        ids.reserveCapacity(frame.count / 32)
        var i = 0
        while i < frame.count { ids.append(try TaskID(bytes: Array(frame[i..<i + 32]))); i += 32 }
        return ids
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
        guard let s = String(validating: f, as: UTF8.self) else { throw .badText }
        return s
    }
}
