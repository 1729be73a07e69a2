/// The Gleaner wire protocol, version 3: constants in one place (see docs/protocol.md).
///
/// Every message is a multipart ZeroMQ message whose first frame is `signature` and whose
/// second frame is one command byte. ROUTER sockets see a routing-id frame before these.
public enum WireProtocol {
    /// First frame of every message: protocol name and version. A peer speaking another
    /// version is dropped and logged, never trusted. Version 2 added task lifecycle reports
    /// (`ready`, `started`, `finished`, `released`, `proceed`) and link health; version 3
    /// carries a worker's reports of one loop turn in one `progress` message.
    public static let signature: [UInt8] = Array("GLEANER3".utf8)

    /// How often each side sends a heartbeat when it has nothing else to say (milliseconds).
    public static let heartbeatIntervalMilliseconds = 1_000
    /// Heartbeats a peer may miss before it is declared dead (3–5 is reasonable).
    public static let heartbeatLiveness = 3
    /// Silence after which a peer counts as dead (milliseconds).
    public static let livenessMilliseconds = heartbeatIntervalMilliseconds * heartbeatLiveness

    /// Default time a task may be held or extracted without news before the producer acts
    /// (seconds): it is dispatched again, and the worker holding it is dropped.
    public static let defaultLeaseSeconds = 60
    /// Default number of solo crashes or expired extractions before a task becomes a
    /// `max-attempts` failure record.
    public static let defaultMaxAttempts = 3
    /// Tasks a worker asks for per extraction thread before it has measured anything (its
    /// window then follows the bandwidth-delay product; see `CreditWindow`).
    public static let creditPerThread = 4

    /// Messages queued towards one worker (its tasks) before sends to it would block: the
    /// producer's ROUTER send and the worker's receive high-water marks. Above any credit
    /// window, so a full queue means a worker that stopped reading.
    public static let taskQueueLimit = 4_096

    /// Bytes a message may carry beyond the article itself (ids, path, envelope).
    public static let envelopeAllowance = 1 << 20
    /// Most task ids in one list frame (`started`, `committed`, `lookup`, …): 4,096 × 32 B
    /// = 128 KiB, well inside `envelopeAllowance`.
    public static let maxIDsPerMessage = 4_096
    /// Longest text frame (run id, worker name, path, detail), in bytes: a Linux path
    /// (PATH_MAX 4,096) plus a container suffix such as `#record=12` fits with room.
    public static let maxTextBytes = 16_384
    /// Longest status report (`report` JSON), in bytes: the producer lists at most
    /// `StatusReport.maxWorkersListed` workers with names cut to `StatusReport.maxNameLength`,
    /// which stays well inside this.
    public static let maxReportBytes = 512 * 1024

    /// Default endpoints: the three roles started on one host with no flags find each other.
    /// Plaintext TCP binds to loopback unless the operator says `--insecure` or turns on CURVE.
    public static let defaultProducerBind = "tcp://127.0.0.1:5557"
    public static let defaultCollectorBind = "tcp://127.0.0.1:5558"
    public static let defaultProducerEndpoint = "tcp://127.0.0.1:5557"
    public static let defaultCollectorEndpoint = "tcp://127.0.0.1:5558"
}

/// Command bytes: the second frame of every message.
public enum Command: UInt8, Sendable, CaseIterable {
    /// worker → producer: "I can take N more tasks". Frames: credit (UInt32 BE).
    case credit = 0x01
    /// producer → worker: one article to extract. Frames: task id (32 bytes), run id,
    /// attempt (UInt32 BE), flags (UInt32 BE, `TaskFlags`), path, article bytes.
    case task = 0x02
    /// any → any: "I am alive". Frames: none; worker → producer adds its health (one byte,
    /// `WorkerHealth`) and a detail text.
    case heartbeat = 0x03
    /// worker → producer: "I am leaving; dispatch nothing more to me". Frames: none.
    case bye = 0x04
    /// worker or producer → collector: a record to store. Frames: task id, run id, record JSON.
    case result = 0x05
    /// producer → collector: "I am run R", sent every heartbeat interval; the collector
    /// replies `welcome`. Frames: run id.
    case hello = 0x06
    /// collector → producer: reply to hello. Frames: collector instance id (new on every
    /// start), stored articles (UInt64 BE), stored failures (UInt64 BE), store state (one
    /// byte, `StoreState`), detail text.
    case welcome = 0x07
    /// collector → producer: these tasks are durable in the store. Frames: run id, task ids
    /// (32 bytes each, concatenated), one kind byte per id (`a` article, `f` failure).
    case committed = 0x08
    /// producer → collector: "which of these ids are stored at my extractor version or newer?".
    /// Frames: run id, query number (UInt32 BE), task ids (concatenated), extractor version
    /// (UInt32 BE, at most `ExtractorVersion.maximum`; absent from producers built before
    /// versions: 0).
    case lookup = 0x09
    /// collector → producer: reply to lookup. Frames: query number (UInt32 BE), the task ids
    /// stored at the lookup's extractor version or newer (concatenated).
    case known = 0x0A
    /// worker → producer: "I am a worker with T threads; send me up to N tasks". Registers
    /// the worker (or resets it). Frames: threads (UInt32 BE), credit (UInt32 BE), name text.
    case ready = 0x0B
    /// worker → producer: extraction of these tasks began. Frames: task ids (concatenated).
    case started = 0x0C
    /// worker → producer: these tasks' records were handed to the collector link.
    /// Frames: task ids (concatenated).
    case finished = 0x0D
    /// worker → producer: "I will not extract these; dispatch them elsewhere". No attempt
    /// is charged. Frames: task ids (concatenated).
    case released = 0x0E
    /// producer → worker: "start this isolated task now" (the producer has recorded its
    /// start). Frames: task id.
    case proceed = 0x0F
    /// worker → producer: a round-trip probe, sent with each heartbeat; the producer answers
    /// `pong` at once. Frames: stamp (UInt64 BE, the worker's clock, opaque to the producer).
    case ping = 0x10
    /// producer → worker: the answer to `ping`. Frames: the stamp it carried.
    case pong = 0x11
    /// status client → producer: "how is the run going?". The producer answers `report` and
    /// never registers the asker as a worker. Frames: request number (UInt32 BE).
    case status = 0x12
    /// producer → status client: the answer to `status`. Frames: the request number it
    /// answers (UInt32 BE), the report as JSON (`gleaner.status/1`, ≤ `maxReportBytes`).
    case report = 0x13
    /// worker → producer: everything one worker loop turn has to report, in one message
    /// (what `started`, `finished` and `credit` say, in that order). Frames: started task
    /// ids, finished task ids (each concatenated, either may be empty), credit (UInt32 BE, 0:
    /// none asked).
    case progress = 0x14
}

/// Bits of a task's flags frame.
public struct TaskFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The task is a suspect from a worker crash, sent alone to an empty worker: the worker
    /// reports `started` and waits for `proceed` before extracting it, so a crash during its
    /// extraction is charged to it and to nothing else.
    public static let isolated = TaskFlags(rawValue: 1)
}

/// A worker's view of its own links, sent in its heartbeats so the producer can say why a
/// worker takes no work.
public enum WorkerHealth: UInt8, Sendable {
    /// Both links answer.
    case ok = 0
    /// The collector has not answered the worker's heartbeats: the worker takes no work.
    case collectorUnreachable = 1
}

/// Whether the collector can make results durable, sent in every `welcome`.
public enum StoreState: UInt8, Sendable {
    /// Results are committed and acknowledged.
    case accepting = 0
    /// Writing the store fails (disk full, I/O error): nothing is acknowledged until it
    /// recovers; the producer holds dispatch and leases meanwhile.
    case unavailable = 1
}
