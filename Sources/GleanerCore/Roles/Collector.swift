import Logging

/// The collector role: receives records, makes them durable in batches, acks them to the
/// producer that dispatched them, and keeps `corpus.json` up to date.
///
/// Guarantee: a task is acked (`committed`) only after its record is fsynced in the journal,
/// or was already stored. Duplicate results are stored once and acked again.
public final class Collector {
    public struct Configuration: Sendable {
        public var storePath: String
        public var bindEndpoint: String
        /// Longest a result waits before its batch is fsynced (milliseconds).
        public var commitWindowMilliseconds: Int = 20
        /// Results that trigger a commit at once.
        public var commitBatchSize: Int = 512
        /// How often `corpus.json` is rewritten while records arrive (milliseconds).
        public var checkpointIntervalMilliseconds: Int = 5_000
        /// Largest message accepted (bytes); larger ones drop the sender's connection.
        /// A record can be larger than its article (every mention has offsets), hence 4×.
        public var maxMessageBytes: Int = 4 * ArticleInput.defaultMaxBytes + WireProtocol.envelopeAllowance
        /// CurveZMQ with an allow-list; nil: plain TCP.
        public var security: CurveSecurity?

        public init(storePath: String, bindEndpoint: String = WireProtocol.defaultCollectorBind) {
            self.storePath = storePath
            self.bindEndpoint = bindEndpoint
        }
    }

    private struct PendingResult {
        var runID: String
        var summary: RecordSummary
        var json: [UInt8]
    }

    private let configuration: Configuration
    private let logger: Logger
    private let instance = RunID.make()
    private let store: ArticleStore
    private let context = ZMQContext()
    private let socket: ZMQSocket
    private var zap: ZAPHandler?
    /// Routing id of the producer of each run, learned from `hello`.
    private var producers: [String: [UInt8]] = [:]
    /// Commit acks for runs whose producer has not said hello to this collector instance yet.
    private var unsentAcks: [String: [(TaskID, Bool)]] = [:]
    private var pending: [PendingResult] = []
    private var oldestPending = 0
    private var checkpoints: CheckpointPolicy

    /// The endpoint actually bound (with the real port if the configuration asked for port 0).
    public let boundEndpoint: String

    /// Opens the store (replaying its journal) and binds the socket.
    public init(_ configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        checkpoints = CheckpointPolicy(intervalMilliseconds: configuration.checkpointIntervalMilliseconds, now: MonotonicClock.milliseconds())
        store = try ArticleStore(root: configuration.storePath)
        if store.unreadableLines > 0 {
            logger.warning("Skipped unreadable journal lines.", metadata: ["lines": "\(store.unreadableLines)"])
        }
        socket = try ZMQSocket(context, .router)
        try socket.setRouterMandatory(true)
        try socket.setMaxMessageSize(Int64(configuration.maxMessageBytes))
        try socket.setHighWaterMarks(send: 100_000, receive: 100_000)
        zap = try configuration.security?.serve(socket, context: context)
        try socket.bind(configuration.bindEndpoint)
        boundEndpoint = socket.lastEndpoint
    }

    deinit { zap?.stop() }

    public var storedArticles: Int { store.articleCount }
    public var storedFailures: Int { store.failureCount }

    /// Runs until `StopSignal` is requested, then commits what is pending, writes the final
    /// checkpoint and returns.
    public func run() throws {
        logger.info("Collector ready.", metadata: [
            "endpoint": "\(boundEndpoint)", "store": "\(configuration.storePath)",
            "articles": "\(store.articleCount)", "failures": "\(store.failureCount)"])
        var poller = ZMQPoller([socket])
        while !StopSignal.requested {
            let ready = try poller.poll(timeoutMilliseconds: pollTimeout())
            if ready[0] { try receiveAvailable() }
            try commitIfDue()
            try checkpointIfDue()
        }
        logger.info("Stop requested: flushing.", metadata: ["pending": "\(pending.count)"])
        try receiveAvailable()
        try commit()
        try store.checkpoint()
        socket.close()
        zap?.stop()
        logger.info("Collector stopped.", metadata: ["articles": "\(store.articleCount)", "failures": "\(store.failureCount)"])
    }

    // MARK: Receiving

    private func pollTimeout() -> Int {
        guard !pending.isEmpty else { return 250 }
        return max(0, configuration.commitWindowMilliseconds - (MonotonicClock.milliseconds() - oldestPending))
    }

    /// Handles every message already queued, so a burst becomes one batch.
    private func receiveAvailable() throws {
        while let frames = try socket.receive(dontWait: true) {
            guard frames.count >= 2 else { continue }
            let peer = frames[0]
            do {
                try handle(WireMessage(frames: Array(frames.dropFirst())), from: peer)
            } catch let error as WireError {
                logger.warning("Dropped a malformed message.", metadata: ["error": "\(error)"])
            }
            if pending.count >= configuration.commitBatchSize { try commit() }
        }
    }

    private func handle(_ message: WireMessage, from peer: [UInt8]) throws {
        switch message {
        case .hello(let runID):
            producers[runID] = peer
            send(.welcome(instance: instance, articles: UInt64(store.articleCount),
                          failures: UInt64(store.failureCount)), to: peer)
            if let acks = unsentAcks.removeValue(forKey: runID) { sendAcks(acks, runID: runID) }
        case .heartbeat:
            break
        case .result(let taskID, let runID, let record):
            accept(taskID: taskID, runID: runID, record: record)
        case .lookup(let runID, let query, let ids):
            producers[runID] = peer
            send(.known(query: query, taskIDs: ids.filter { store.contains($0.hex) || store.contains("path-" + $0.hex) }), to: peer)
        default:
            logger.warning("Dropped a message not meant for the collector.", metadata: ["command": "\(message.command)"])
        }
    }

    private func accept(taskID: TaskID, runID: String, record: [UInt8]) {
        guard let summary = RecordSummary.decode(record) else {
            logger.warning("Dropped a result that is not a valid record.", metadata: [
                "task": "\(taskID)", "record": "\(WireError.snippet([record]))"])
            return
        }
        guard summary.id == taskID.hex || summary.id == "path-" + taskID.hex else {
            logger.warning("Dropped a result whose record id does not match its task.", metadata: [
                "task": "\(taskID)", "record": "\(summary.id.prefix(12))"])
            return
        }
        if pending.isEmpty { oldestPending = MonotonicClock.milliseconds() }
        pending.append(PendingResult(runID: runID, summary: summary, json: record))
    }

    // MARK: Committing

    private func commitIfDue() throws {
        guard !pending.isEmpty else { return }
        if MonotonicClock.milliseconds() - oldestPending >= configuration.commitWindowMilliseconds { try commit() }
    }

    /// Group commit: one fsync for the whole batch, then the acks.
    private func commit() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        _ = try store.commit(batch.map { ($0.summary, $0.json) })
        var acks: [String: [(TaskID, Bool)]] = [:]
        for item in batch {
            guard let id = TaskID(hex: item.summary.id.hasPrefix("path-") ? String(item.summary.id.dropFirst(5)) : item.summary.id) else { continue }
            acks[item.runID, default: []].append((id, item.summary.isFailure))
        }
        for (runID, list) in acks { sendAcks(list, runID: runID) }
    }

    private func sendAcks(_ acks: [(TaskID, Bool)], runID: String) {
        guard let peer = producers[runID] else { return keepForLater(acks, runID: runID) }
        if !send(.committed(runID: runID, taskIDs: acks.map(\.0), failed: acks.map(\.1)), to: peer) {
            keepForLater(acks, runID: runID)
            producers[runID] = nil
        }
    }

    /// Acks held for a producer that is not connected (yet), bounded per run: past the bound
    /// the oldest go, and the producer's lease brings those tasks back (stored once, acked then).
    static let unsentAckLimit = 100_000

    private func keepForLater(_ acks: [(TaskID, Bool)], runID: String) {
        var held = unsentAcks[runID, default: []]
        held.append(contentsOf: acks)
        if held.count > Self.unsentAckLimit {
            logger.warning("Too many acks held for an absent producer; dropping the oldest.", metadata: ["run": "\(runID)"])
            held.removeFirst(held.count - Self.unsentAckLimit)
        }
        unsentAcks[runID] = held
    }

    private func checkpointIfDue() throws {
        guard checkpoints.isDue(now: MonotonicClock.milliseconds()) else { return }
        let seconds = try store.checkpoint() ?? 0
        checkpoints.checkpointed(now: MonotonicClock.milliseconds(), seconds: seconds)
        if seconds > 0 { logger.debug("Checkpoint written.", metadata: ["seconds": "\(seconds)", "articles": "\(store.articleCount)"]) }
    }

    @discardableResult
    private func send(_ message: WireMessage, to peer: [UInt8]) -> Bool {
        do {
            return try socket.send([peer] + message.frames, dontWait: true)
        } catch {
            logger.debug("Could not reach a peer.", metadata: ["error": "\(error)"])
            return false
        }
    }
}

/// Random identifiers for producer runs and collector instances.
public enum RunID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<8).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }
            .map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    }
}
