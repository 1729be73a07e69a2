import CoreMetrics
import Foundation
import Logging

/// The collector role: receives records, checks them against the schema, makes them durable
/// in batches, acks them to the producer that dispatched them, and keeps `corpus.json` up
/// to date.
///
/// Guarantee: a task is acked (`committed`) only after its record is fsynced in the journal,
/// or was already stored. Duplicate results are stored once and acked again. When the store
/// cannot be written (a full disk, an I/O error), nothing is acked: results wait (bounded),
/// every `welcome` says the store is unavailable so the producer holds its leases, and the
/// store is reopened and the commit retried until it works.
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
        /// How often a failed store is reopened and the commit retried (milliseconds).
        public var storeRetryMilliseconds: Int = 1_000
        /// Most results held while the store cannot be written; later ones are dropped
        /// unacknowledged (the producer sends them again).
        public var maxPendingResults: Int = 20_000
        /// Largest message accepted (bytes); larger ones drop the sender's connection.
        /// A record can be larger than its article (every mention has offsets), hence 4×.
        public var maxMessageBytes: Int = 4 * ArticleInput.defaultMaxBytes + WireProtocol.envelopeAllowance
        /// CurveZMQ with an allow-list; nil: plain TCP.
        public var security: CurveSecurity?
        /// Allow plaintext TCP beyond loopback (`--insecure`).
        public var insecure = false
        /// Where the collector's metrics go (`MetricCatalog`); the default publishes nothing.
        public var metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance

        public init(storePath: String, bindEndpoint: String = WireProtocol.defaultCollectorBind) {
            self.storePath = storePath
            self.bindEndpoint = bindEndpoint
        }
    }

    public enum CollectorError: Error, CustomStringConvertible {
        case unstored(results: Int, cause: String)
        public var description: String {
            switch self {
            case .unstored(let results, let cause):
                return "stopped with \(results) results not stored (\(cause)); they were not acknowledged, "
                    + "so the producer sends them again"
            }
        }
    }

    private struct PendingResult {
        var runID: String
        var summary: RecordSummary
        var json: [UInt8]
    }

    private let configuration: Configuration
    private let logger: Logger
    private let stop: StopToken
    private let instance = RunID.make()
    /// Nil after a failure that requires reopening (see `retryStore`).
    private var store: ArticleStore?
    /// Why the store cannot be written right now; nil when it can.
    private var storeProblem: String?
    private var nextStoreRetry = 0
    private var counts: (articles: Int, failures: Int)
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
    private var refusedLog = LogThrottle()
    private var storeLog = LogThrottle(burst: 1, windowMilliseconds: 10_000)
    private var metrics: CollectorMetrics
    private var nextObservation = 0
    private var nextSizeObservation = 0

    /// The endpoint actually bound (with the real port if the configuration asked for port 0).
    public let boundEndpoint: String
    /// How the bound endpoint is exposed (for the start-up line).
    public let exposure: BindPolicy.Exposure

    /// Opens the store (replaying its journal) and binds the socket.
    public init(_ configuration: Configuration, logger: Logger, stop: StopToken = .process) throws {
        self.configuration = configuration
        self.logger = logger
        self.stop = stop
        checkpoints = CheckpointPolicy(
            intervalMilliseconds: configuration.checkpointIntervalMilliseconds,
            now: MonotonicClock.milliseconds())
        metrics = CollectorMetrics(factory: configuration.metricsFactory)
        exposure = try BindPolicy.check(
            configuration.bindEndpoint, curve: configuration.security != nil,
            insecure: configuration.insecure)
        let store = try ArticleStore(root: configuration.storePath)
        if store.unreadableLines > 0 {
            logger.warning("Skipped unreadable journal lines.", metadata: ["lines": "\(store.unreadableLines)"])
        }
        self.store = store
        counts = (store.articleCount, store.failureCount)
        socket = try ZMQSocket(context, .router)
        try socket.setRouterMandatory(true)
        try socket.setMaxMessageSize(Int64(configuration.maxMessageBytes))
        try socket.setHighWaterMarks(send: 100_000, receive: 100_000)
        zap = try configuration.security?.serve(socket, context: context)
        try socket.bind(configuration.bindEndpoint)
        boundEndpoint = socket.lastEndpoint
    }

    deinit { zap?.stop() }

    public var storedArticles: Int { counts.articles }
    public var storedFailures: Int { counts.failures }

    /// Runs until a stop is requested, then commits what is pending, writes the final
    /// checkpoint and returns. - Throws: `CollectorError.unstored` when results could not be
    /// stored before the stop (none of them was acknowledged).
    public func run() throws {
        logger.info(
            "Collector ready.",
            metadata: [
                "endpoint": "\(boundEndpoint)", "exposure": "\(exposure)", "store": "\(configuration.storePath)",
                "articles": "\(counts.articles)", "failures": "\(counts.failures)",
            ])
        var poller = ZMQPoller([socket])
        while !stop.isRequested {
            let ready = try poller.poll(timeoutMilliseconds: pollTimeout())
            if ready[0] { try receiveAvailable() }
            let now = MonotonicClock.milliseconds()
            if storeProblem != nil, now >= nextStoreRetry { retryStore(now: now) }
            if !pending.isEmpty, now - oldestPending >= configuration.commitWindowMilliseconds { commit() }
            checkpointIfDue(now: now)
            observe(now: now)
        }
        logger.info("Stop requested: flushing.", metadata: ["pending": "\(pending.count)"])
        try receiveAvailable()
        if storeProblem != nil { retryStore(now: MonotonicClock.milliseconds()) }
        commit()
        if storeProblem == nil, let store { _ = try? store.checkpoint() }
        observe(now: MonotonicClock.milliseconds(), force: true)
        socket.close()
        zap?.stop()
        logger.info(
            "Collector stopped.", metadata: ["articles": "\(counts.articles)", "failures": "\(counts.failures)"])
        if let storeProblem, !pending.isEmpty {
            throw CollectorError.unstored(results: pending.count, cause: storeProblem)
        }
    }

    // MARK: Receiving

    private func pollTimeout() -> Int {
        guard !pending.isEmpty, storeProblem == nil else { return 250 }
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
                refuse(.malformed, "Dropped a malformed message.", ["error": "\(error)"])
            }
            if pending.count >= configuration.commitBatchSize && storeProblem == nil { commit() }
        }
    }

    private func handle(_ message: WireMessage, from peer: [UInt8]) throws {
        switch message {
        case .hello(let runID):
            producers[runID] = peer
            send(
                .welcome(
                    instance: instance, articles: UInt64(counts.articles), failures: UInt64(counts.failures),
                    store: storeProblem == nil ? .accepting : .unavailable, detail: storeProblem ?? ""), to: peer)
            if let acks = unsentAcks.removeValue(forKey: runID) { sendAcks(acks, runID: runID) }
        case .heartbeat:
            send(.beat, to: peer)  // a worker checking that its results have somewhere to go
        case .result(let taskID, let runID, let record):
            accept(taskID: taskID, runID: runID, record: record)
        case .lookup(let runID, let query, let ids):
            producers[runID] = peer
            let stored = ids.filter { store?.contains($0.hex) == true || store?.contains("path-" + $0.hex) == true }
            send(.known(query: query, taskIDs: stored), to: peer)
        default:
            refuse(.unexpected, "Dropped a message not meant for the collector.", ["command": "\(message.command)"])
        }
    }

    private func accept(taskID: TaskID, runID: String, record: [UInt8]) {
        let summary: RecordSummary
        switch RecordSummary.validated(record) {
        case .failure(let violation):
            return refuse(
                .schema, "Dropped a result whose record breaks the schema.",
                [
                    "task": "\(taskID)", "problem": "\(violation)", "record": "\(WireError.snippet([record]))",
                ])
        case .success(let s):
            summary = s
        }
        guard TaskID(recordID: summary.id) == taskID else {
            return refuse(
                .idMismatch, "Dropped a result whose record id does not match its task.",
                [
                    "task": "\(taskID)", "record": "\(summary.id.prefix(12))",
                ])
        }
        guard pending.count < configuration.maxPendingResults else {
            return refuse(
                .overflow, "The store is unavailable and the pending queue is full; dropped a result unacknowledged.",
                ["task": "\(taskID)"])
        }
        if pending.isEmpty { oldestPending = MonotonicClock.milliseconds() }
        pending.append(PendingResult(runID: runID, summary: summary, json: record))
    }

    /// Logs a dropped message, at most a few lines a minute (a hostile peer cannot flood the log).
    private func refuse(_ reason: RejectionReason, _ message: Logger.Message, _ metadata: Logger.Metadata) {
        metrics.rejected[reason]?.increment()
        guard let suppressed = refusedLog.allow(now: MonotonicClock.milliseconds()) else { return }
        var metadata = metadata
        if suppressed > 0 { metadata["suppressed_since_last"] = "\(suppressed)" }
        logger.warning(message, metadata: metadata)
    }

    // MARK: Committing

    /// Group commit: one fsync for the whole batch, then the acks. On a store failure nothing
    /// is acked and the batch waits for `retryStore`.
    private func commit() {
        guard !pending.isEmpty, storeProblem == nil, let store else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let before = counts
        let freshFailures = batch.filter { $0.summary.isFailure && !store.contains($0.summary.id) }
        let started = MonotonicClock.nanoseconds()
        defer { metrics.commitTime.recordNanoseconds(MonotonicClock.nanoseconds() - started) }
        do {
            _ = try store.commit(batch.map { ($0.summary, $0.json) })
        } catch .notIndexed(let cause) {
            counts = (store.articleCount, store.failureCount)
            noteCommitted(batch.count, before: before, freshFailures: freshFailures)
            ack(batch)  // durable in the journal
            storeFailed("\(cause)", reopen: true)
            return
        } catch {
            pending = batch + pending
            storeFailed("\(error)", reopen: true)
            return
        }
        counts = (store.articleCount, store.failureCount)
        noteCommitted(batch.count, before: before, freshFailures: freshFailures)
        ack(batch)
    }

    /// Counts a durable batch: records new to the store (by kind, failures by reason) and
    /// duplicates acknowledged again.
    private func noteCommitted(_ results: Int, before: (articles: Int, failures: Int), freshFailures: [PendingResult]) {
        let articles = max(0, counts.articles - before.articles), failures = max(0, counts.failures - before.failures)
        metrics.commitBatch.record(results)
        metrics.stored.increment(by: articles + failures)
        metrics.duplicates.increment(by: max(0, results - articles - failures))
        metrics.recordsStored[false]?.increment(by: articles)
        metrics.recordsStored[true]?.increment(by: failures)
        var seen = Set<String>()
        for result in freshFailures where seen.insert(result.summary.id).inserted {
            metrics.failureStored(reason: result.summary.reason ?? "unknown")
        }
    }

    private func ack(_ batch: [PendingResult]) {
        var acks: [String: [(TaskID, Bool)]] = [:]
        for item in batch {
            guard let id = TaskID(recordID: item.summary.id) else { continue }
            acks[item.runID, default: []].append((id, item.summary.isFailure))
        }
        for (runID, list) in acks { sendAcks(list, runID: runID) }
    }

    private func sendAcks(_ acks: [(TaskID, Bool)], runID: String) {
        guard let peer = producers[runID] else { return keepForLater(acks, runID: runID) }
        for start in stride(from: 0, to: acks.count, by: WireProtocol.maxIDsPerMessage) {
            let chunk = Array(acks[start..<min(start + WireProtocol.maxIDsPerMessage, acks.count)])
            if !send(.committed(runID: runID, taskIDs: chunk.map(\.0), failed: chunk.map(\.1)), to: peer) {
                keepForLater(Array(acks[start...]), runID: runID)
                producers[runID] = nil
                return
            }
        }
    }

    /// Acks held for a producer that is not connected (yet), bounded per run: past the bound
    /// the oldest go, and the producer's lease brings those tasks back (stored once, acked then).
    static let unsentAckLimit = 100_000

    private func keepForLater(_ acks: [(TaskID, Bool)], runID: String) {
        var held = unsentAcks[runID, default: []]
        held.append(contentsOf: acks)
        if held.count > Self.unsentAckLimit {
            logger.warning(
                "Too many acks held for an absent producer; dropping the oldest.", metadata: ["run": "\(runID)"])
            held.removeFirst(held.count - Self.unsentAckLimit)
        }
        unsentAcks[runID] = held
    }

    // MARK: Store health

    private func storeFailed(_ cause: String, reopen: Bool) {
        if storeProblem == nil {
            logger.error(
                "Cannot write the store; acknowledging nothing until it works again (free disk space?).",
                metadata: ["cause": "\(cause)", "pending": "\(pending.count)"])
        }
        storeProblem = cause
        if reopen { store = nil }
        nextStoreRetry = MonotonicClock.milliseconds() + configuration.storeRetryMilliseconds
    }

    /// Reopens the store (cutting any torn journal line and rebuilding the indexes from the
    /// last checkpoint) and commits what waits.
    private func retryStore(now: Int) {
        nextStoreRetry = now + configuration.storeRetryMilliseconds
        do {
            let reopened = try store ?? ArticleStore(root: configuration.storePath)
            store = reopened
            counts = (reopened.articleCount, reopened.failureCount)
        } catch {
            if storeLog.allow(now: now) != nil {
                logger.error(
                    "The store is still unavailable.", metadata: ["cause": "\(error)", "pending": "\(pending.count)"])
            }
            storeProblem = "\(error)"
            return
        }
        let cause = storeProblem
        storeProblem = nil
        commit()
        if storeProblem == nil {
            logger.notice("The store can be written again; committing resumed.", metadata: ["after": "\(cause ?? "")"])
        }
    }

    private func checkpointIfDue(now: Int) {
        guard storeProblem == nil, let store, checkpoints.isDue(now: now) else { return }
        do {
            let seconds = try store.checkpoint() ?? 0
            checkpoints.checkpointed(now: MonotonicClock.milliseconds(), seconds: seconds)
            if seconds > 0 { metrics.checkpointTime.recordSeconds(seconds) }
            if seconds > 0 {
                logger.debug(
                    "Checkpoint written.", metadata: ["seconds": "\(seconds)", "articles": "\(counts.articles)"])
            }
        } catch {
            // The journal still holds everything; a later checkpoint catches up.
            checkpoints.checkpointed(now: MonotonicClock.milliseconds(), seconds: 0)
            if storeLog.allow(now: now) != nil {
                logger.error("Could not write a checkpoint; retrying later.", metadata: ["cause": "\(error)"])
            }
        }
    }

    // MARK: Metrics

    /// How often the store's size on disk is measured (milliseconds): it lists the store's files.
    static let storeSizeMilliseconds = 5_000

    /// Publishes the gauges, about once a second (`force`: at the end, before the process exits).
    private func observe(now: Int, force: Bool = false) {
        guard force || now >= nextObservation else { return }
        nextObservation = now + metricsRefreshMilliseconds
        metrics.storeArticles.record(counts.articles)
        metrics.storeFailures.record(counts.failures)
        metrics.storeWritable.record(storeProblem == nil ? 1 : 0)
        metrics.pending.record(pending.count)
        guard force || now >= nextSizeObservation else { return }
        nextSizeObservation = now + Self.storeSizeMilliseconds
        metrics.storeBytes.record(Self.bytesOnDisk(configuration.storePath))
    }

    /// Total size of the regular files under `root`.
    static func bytesOnDisk(_ root: String) -> Int {
        let manager = FileManager.default
        guard let walk = manager.enumerator(atPath: root) else { return 0 }
        var total = 0
        while walk.nextObject() != nil {
            guard let attributes = walk.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            total += (attributes[.size] as? Int) ?? 0
        }
        return total
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
