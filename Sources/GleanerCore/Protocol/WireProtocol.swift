/// The Gleaner wire protocol, version 1: constants in one place (see docs/protocol.md).
///
/// Every message is a multipart ZeroMQ message whose first frame is `signature` and whose
/// second frame is one command byte. ROUTER sockets see a routing-id frame before these.
public enum WireProtocol {
    /// First frame of every message: protocol name and version. A peer speaking another
    /// version is dropped and logged, never trusted.
    public static let signature: [UInt8] = Array("GLEANER1".utf8)

    /// How often each side sends a heartbeat when it has nothing else to say (milliseconds).
    public static let heartbeatIntervalMilliseconds = 1_000
    /// Heartbeats a peer may miss before it is declared dead (3–5 is reasonable).
    public static let heartbeatLiveness = 3

    /// Default time a dispatched task may stay uncommitted before it is dispatched again (seconds).
    public static let defaultLeaseSeconds = 60
    /// Default number of dispatches before a task becomes a `max-attempts` failure record.
    public static let defaultMaxAttempts = 3
    /// Tasks a worker asks for per extraction thread: enough to hide the round trip
    /// (~4 in flight gives 3× the throughput of 1 on loopback; see DESIGN.md).
    public static let creditPerThread = 4

    /// Bytes a message may carry beyond the article itself (ids, path, envelope).
    public static let envelopeAllowance = 1 << 20

    /// Default endpoints: the three roles started on one host with no flags find each other.
    public static let defaultProducerBind = "tcp://*:5557"
    public static let defaultCollectorBind = "tcp://*:5558"
    public static let defaultProducerEndpoint = "tcp://127.0.0.1:5557"
    public static let defaultCollectorEndpoint = "tcp://127.0.0.1:5558"
}

/// Command bytes: the second frame of every message.
public enum Command: UInt8, Sendable, CaseIterable {
    /// worker → producer: "I can take N more tasks". Frames: credit (UInt32 BE).
    case credit = 0x01
    /// producer → worker: one article to extract. Frames: task id (32 bytes), run id, attempt (UInt32 BE), path, article bytes.
    case task = 0x02
    /// any → any: "I am alive". Frames: none, or the run id (producer → collector).
    case heartbeat = 0x03
    /// worker → producer: "I am leaving; dispatch nothing more to me". Frames: none.
    case bye = 0x04
    /// worker or producer → collector: a record to store. Frames: task id, run id, record JSON.
    case result = 0x05
    /// producer → collector: "I am run R", sent every heartbeat interval; the collector replies `welcome`. Frames: run id.
    case hello = 0x06
    /// collector → producer: reply to hello. Frames: collector instance id (new on every start), stored articles (UInt64 BE), stored failures (UInt64 BE).
    case welcome = 0x07
    /// collector → producer: these tasks are durable in the store. Frames: run id, task ids (32 bytes each, concatenated), one kind byte per id (`a` article, `f` failure).
    case committed = 0x08
    /// producer → collector: "which of these ids are stored?". Frames: run id, query number (UInt32 BE), task ids (concatenated).
    case lookup = 0x09
    /// collector → producer: reply to lookup. Frames: query number (UInt32 BE), the stored task ids (concatenated).
    case known = 0x0A
}
