import Foundation
import GleanerCore
import Glibc
import Logging

/// Who is logging: the role of the process and, for a worker, the name it gives the producer.
public struct LogIdentity: Sendable, Equatable {
    /// `collector`, `producer` or `worker`.
    public var role: String
    /// The worker's name (host:pid unless set otherwise); nil for the other roles.
    public var worker: String?

    public init(role: String, worker: String? = nil) {
        self.role = role
        self.worker = worker
    }
}

/// A swift-log handler that writes one JSON object per line (`--log-format json`), for log
/// collectors (journald, Kubernetes, Loki, Elasticsearch) that parse structured lines.
///
/// Each line has these members, in this order:
/// `time` (UTC, ISO 8601 with milliseconds), `level`, `role`, `worker` (workers only), `label`
/// (the logger's label), `pid`, `message`, `metadata` (an object, `{}` when empty; nested
/// metadata stays nested, keys sorted), `source` (the Swift module), and `error` when the event
/// carries one. Strings are escaped so that a line never contains a raw newline.
///
/// Example:
/// ```
/// {"time":"2026-11-25T14:13:30.512Z","level":"warning","role":"producer","label":"gleaner.producer",
///  "pid":4211,"message":"A worker stopped answering.","metadata":{"tasks":"4","worker":"w1:88"},
///  "source":"GleanerCore"}
/// (one line in the log; folded here)
/// ```
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let identity: LogIdentity
    private let output: @Sendable ([UInt8]) -> Void

    /// - Parameter output: receives each finished line, newline included (default: stderr,
    ///   one `write(2)` per line so lines of concurrent threads do not interleave).
    public init(
        label: String, identity: LogIdentity, level: Logger.Level,
        metadataProvider: Logger.MetadataProvider? = nil,
        output: @escaping @Sendable ([UInt8]) -> Void = { StandardStreams.write(bytes: $0, fd: 2) }
    ) {
        self.label = label
        self.identity = identity
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        var line = line(for: event, metadata: merged, time: Self.timestamp()).bytes
        line.append(0x0A)
        output(line)
    }

    /// The JSON object for one event (without the newline).
    func line(for event: LogEvent, metadata merged: Logger.Metadata, time: String) -> JSONWriter {
        var json = JSONWriter(reservingCapacity: 256)
        json.object { o in
            o.field("time", string: time)
            o.field("level", string: event.level.rawValue)
            o.field("role", string: identity.role)
            if let worker = identity.worker { o.field("worker", string: worker) }
            o.field("label", string: label)
            o.field("pid", int: Int(getpid()))
            o.field("message", string: event.message.description)
            o.field("metadata") { Self.write(.dictionary(merged), to: &$0) }
            o.field("source", string: event.source)
            if let error = event.error { o.field("error", string: String(describing: error)) }
        }
        return json
    }

    private static func write(_ value: Logger.Metadata.Value, to json: inout JSONWriter) {
        switch value {
        case .string(let text): json.string(text)
        case .stringConvertible(let value): json.string(value.description)
        case .array(let items): json.array(items) { write($1, to: &$0) }
        case .dictionary(let members):
            json.object { o in
                for key in members.keys.sorted() { o.field(named: key) { write(members[key]!, to: &$0) } }
            }
        }
    }

    /// Now in UTC as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return timestamp(seconds: now.tv_sec, milliseconds: Int(now.tv_nsec / 1_000_000))
    }

    static func timestamp(seconds: Int, milliseconds: Int) -> String {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }
}
