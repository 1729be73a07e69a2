import Foundation

/// What a producer says about its run when asked (`status` → `report`; `gleaner status`).
///
/// JSON schema `gleaner.status/1`, keys in snake_case (`tasks.awaiting_commit`). Built on the
/// producer's thread from its ledger, registry and summary, so the numbers agree with each
/// other. Bounded: at most `maxWorkersListed` workers (`workers_connected` counts them all),
/// names cut to `maxNameLength` characters, so a report stays well under
/// `WireProtocol.maxReportBytes`.
public struct StatusReport: Codable, Sendable, Equatable {
    public static let schemaName = "gleaner.status/1"
    /// Most workers listed one by one (by name); the rest are only counted.
    public static let maxWorkersListed = 500
    /// Longest worker name or detail shown (characters).
    public static let maxNameLength = 200

    /// What the producer is doing.
    public enum State: String, Codable, Sendable {
        /// Dispatching (or waiting for work to come back).
        case running
        /// A stop was requested: no more dispatch; waiting for what workers hold.
        case stopping
    }

    public struct Planning: Codable, Sendable, Equatable {
        /// Input files found at the start.
        public var filesListed: Int
        /// Files read and hashed so far.
        public var filesRead: Int
        /// Tasks found so far (a JSON Lines or WARC file gives several).
        public var tasksPlanned: Int
        /// Planned tasks the store already held (skipped).
        public var alreadyStored: Int
        /// Every file read and checked against the store.
        public var done: Bool
    }

    public struct Tasks: Codable, Sendable, Equatable {
        /// Planned and not yet committed.
        public var open: Int
        public var queued: Int
        public var dispatched: Int
        public var started: Int
        public var finished: Int
        public var awaitingCommit: Int
    }

    public struct Committed: Codable, Sendable, Equatable {
        public var articles: Int
        public var failures: Int
    }

    public struct Collector: Codable, Sendable, Equatable {
        public enum State: String, Codable, Sendable {
            case ok
            case notAnswering = "not-answering"
            case cannotWrite = "cannot-write"
        }
        public var state: State
        public var detail: String
    }

    public struct Worker: Codable, Sendable, Equatable {
        public enum Health: String, Codable, Sendable {
            case ok
            case collectorUnreachable = "collector-unreachable"
            case leaving
        }
        public var name: String
        public var health: Health
        /// Reserved to run suspect tasks one at a time.
        public var reserved: Bool
        public var threads: Int
        /// Tasks asked for and not yet sent.
        public var credit: Int
        /// Tasks leased to it now.
        public var held: Int
        /// Tasks it reported finished since it joined.
        public var finished: Int
        /// Tasks finished per second over the last 10 s.
        public var ratePerSecond: Double
        public var connectedSeconds: Double
    }

    public var schema = Self.schemaName
    /// The producer's run id (a new one each start).
    public var run: String
    /// The producer's bound endpoint for workers.
    public var endpoint: String
    public var state: State
    public var elapsedSeconds: Double
    public var planning: Planning
    public var tasks: Tasks
    public var committed: Committed
    /// Tasks committed per second over the last 10 s.
    public var ratePerSecond: Double
    /// Seconds until every task is committed at the current rate; nil while nothing moves.
    /// While planning goes on, the task count is extrapolated from the files read so far.
    public var etaSeconds: Double?
    public var collector: Collector
    public var workersConnected: Int
    /// At most `maxWorkersListed`, by name.
    public var workers: [Worker]

    /// The report as JSON bytes, keys sorted (what `report` carries and `--json` prints).
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }

    /// Decodes a `report`'s JSON. - Throws: when it is not a `gleaner.status/1` report.
    public static func decode(_ json: [UInt8]) throws -> StatusReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(StatusReport.self, from: Data(json))
        guard report.schema == schemaName else { throw StatusClient.StatusError.notAReport(schema: report.schema) }
        return report
    }

    /// Seconds left at `rate` tasks/s for `open` known tasks, plus the tasks still expected
    /// from files not read yet (at the tasks-per-file seen so far). Nil when `rate` is 0.
    static func eta(open: Int, planning: Planning, rate: Double) -> Double? {
        guard rate > 0 else { return nil }
        var expected = Double(open)
        if !planning.done, planning.filesRead > 0 {
            let perFile = Double(planning.tasksPlanned) / Double(planning.filesRead)
            expected += perFile * Double(max(0, planning.filesListed - planning.filesRead))
        }
        return expected / rate
    }
}
