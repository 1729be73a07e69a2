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
        var taskID: TaskID
        var isFailure: Bool
    }

    /// Results received and checked, in arrival order, with what the store needs of them laid
    /// out as it takes them (`ArticleStore.Submission`): the journal batch shares each
    /// record's received bytes (the array its summary reads), so no record is copied again.
    private struct PendingBatch {
        var results: [PendingResult] = []
        var summaries: [RecordSummary] = []
        var keys: [RecordKey?] = []
        var journal = Journal.Batch()

        var count: Int { results.count }
        var isEmpty: Bool { results.isEmpty }

        mutating func append(_ result: PendingResult, _ summary: RecordSummary, key: RecordKey, json: [UInt8]) {
            results.append(result)
            summaries.append(summary)
            keys.append(key)
            journal.add(json)
        }

        /// Puts `earlier` (a batch the store could not take) before these results.
        mutating func prepend(_ earlier: PendingBatch) {
            var journal = earlier.journal
            journal.add(self.journal)
            self = PendingBatch(
                results: earlier.results + results, summaries: earlier.summaries + summaries,
                keys: earlier.keys + keys, journal: journal)
        }

        var submission: ArticleStore.Submission {
            ArticleStore.Submission(summaries: summaries, keys: keys, journal: journal)
        }
    }

    private let configuration: Configuration
    private let logger: Logger
    private let stop: StopToken
    private let instance = RunID.make()
    /// Journals, merges and indexes on its own thread. Nil after a failure that requires
    /// reopening (see `retryStore`).
    private var writer: StoreWriter?
    /// Batches handed to the writer and not yet durable, by ticket: acked when it says so.
    private var inFlight: [Int: PendingBatch] = [:]
    /// Journal batches the writer is done with, emptied, for the next pending batches (their
    /// lists reused instead of allocated again), at most `spareJournalLimit`.
    private var spareJournals: [Journal.Batch] = []
    /// The arrays of summaries the writer is done with, and their records' bytes, for the
    /// next records received (`RecordSummary.validated(_:reusing:)`, `ZMQSocket.receive(reusing:)`).
    private var spareSummaries: [RecordSummary.Buffers] = []
    private var spareFrames: [[UInt8]] = []
    /// The run id of the last result, decoded once for the many results that carry it.
    private var recentRunID = RecentText()
    private var inFlightRecords = 0
    /// What the store recovered from, until the first batch after it is durable.
    private var recoveringFrom: String?
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
    private var pending = PendingBatch()
    private var oldestPending = 0
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
        metrics = CollectorMetrics(factory: configuration.metricsFactory)
        exposure = try BindPolicy.check(
            configuration.bindEndpoint, curve: configuration.security != nil,
            insecure: configuration.insecure)
        let writer = try StoreWriter(
            root: configuration.storePath, checkpointIntervalMilliseconds: configuration.checkpointIntervalMilliseconds,
            metrics: metrics.store, logger: logger)
        if writer.unreadableLines > 0 {
            logger.warning("Skipped unreadable journal lines.", metadata: ["lines": "\(writer.unreadableLines)"])
        }
        self.writer = writer
        counts = (writer.articleCount, writer.failureCount)
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
            // Past the bound of results held (waiting, in flight, or acked and not merged yet),
            // leave new ones queued in ZeroMQ (back-pressure).
            if let writer, inFlightRecords + writer.unmergedRecords > 0,
                inFlightRecords + writer.unmergedRecords + pending.count >= configuration.maxPendingResults
            {
                writer.waitForOutcomes(timeoutMilliseconds: 100)
            } else {
                let ready = try poller.poll(timeoutMilliseconds: pollTimeout())
                if ready[0] { try receiveAvailable() }
            }
            collectOutcomes()
            let now = MonotonicClock.milliseconds()
            if storeProblem != nil, now >= nextStoreRetry { retryStore(now: now) }
            if !pending.isEmpty, now - oldestPending >= configuration.commitWindowMilliseconds { commit() }
            observe(now: now)
        }
        logger.info("Stop requested: flushing.", metadata: ["pending": "\(pending.count + inFlightRecords)"])
        try receiveAvailable()
        collectOutcomes()
        if storeProblem != nil { retryStore(now: MonotonicClock.milliseconds()) }
        commit()
        if let writer {  // the last batches, then a final checkpoint
            apply(writer.finish(), from: writer)
            if let problem = writer.problem { storeProblem = "\(problem)" }
        }
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
        if !inFlight.isEmpty { return 1 }  // the writer reports durable batches: ack them soon
        guard !pending.isEmpty, storeProblem == nil else { return 250 }
        return max(0, configuration.commitWindowMilliseconds - (MonotonicClock.milliseconds() - oldestPending))
    }

    /// Handles every message already queued, so a burst becomes one batch.
    private func receiveAvailable() throws {
        while var frames = try socket.receive(dontWait: true, reusing: &spareFrames) {
            guard frames.count >= 2 else { continue }
            let peer = frames.removeFirst()  // in place: no second array
            do {
                try handle(WireMessage(frames: frames, recent: &recentRunID), from: peer)
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
        case .lookup(let runID, let query, let ids, let version):
            producers[runID] = peer
            // Stored by an older extractor: not known, so the producer sends it to be extracted again.
            // Keys straight from the ids' words: no hex text per id (a lookup names every task).
            let stored = ids.filter { id in
                guard let writer else { return false }
                return writer.contains(RecordKey(words: id.words, pathBased: false), extractorVersion: Int(version))
                    || writer.contains(RecordKey(words: id.words, pathBased: true), extractorVersion: Int(version))
            }
            send(.known(query: query, taskIDs: stored), to: peer)
        default:
            refuse(.unexpected, "Dropped a message not meant for the collector.", ["command": "\(message.command)"])
        }
    }

    private func accept(taskID: TaskID, runID: String, record: [UInt8]) {
        let summary: RecordSummary
        switch RecordSummary.validated(record, reusing: spareSummaries.popLast() ?? .init()) {
        case .failure(let violation):
            return refuse(
                .schema, "Dropped a result whose record breaks the schema.",
                [
                    "task": "\(taskID)", "problem": "\(violation)", "record": "\(WireError.snippet([record]))",
                ])
        case .success(let s):
            summary = s
        }
        // The record's id read as a key from its bytes (no hex text made): the same 32 bytes as the task's.
        guard let key = RecordKey(utf8: summary.text[summary.idText.range]), key.words == taskID.words else {
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
        if pending.isEmpty {
            oldestPending = MonotonicClock.milliseconds()
            // Room for a whole batch, so the journal batch's lists do not grow record by record.
            if pending.journal.capacity == 0 { pending.journal.reserveCapacity(records: configuration.commitBatchSize) }
        }
        pending.append(
            PendingResult(runID: runID, taskID: taskID, isFailure: summary.isFailure), summary, key: key, json: record)
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

    /// Group commit: hands the batch to the writer, which fsyncs it (with whatever else is
    /// waiting) and says so; the acks go out then (`collectOutcomes`). On a store failure
    /// nothing is acked and the batch waits for `retryStore`.
    private func commit() {
        guard !pending.isEmpty, storeProblem == nil, let writer else { return }
        let ticket = writer.submit(pending.submission)
        inFlight[ticket] = pending
        inFlightRecords += pending.count
        pending = PendingBatch()
        if let spare = spareJournals.popLast() { pending.journal = spare }
    }

    /// Acks what the writer made durable; batches it could not write wait for `retryStore`.
    private func collectOutcomes() {
        guard let writer else { return }
        apply(writer.outcomes(), from: writer)
        // Freed or reused here, on the thread that allocated them.
        var retired = writer.takeRetired()
        while var submission = retired.popLast() {
            // The journal batch goes first: it shares the record frames reused below, which
            // must be referenced by their summaries alone to be refilled in place.
            if spareJournals.count < Self.spareJournalLimit {
                submission.journal.removeAll(keepingCapacity: true)
                spareJournals.append(submission.journal)
            }
            var summaries = submission.summaries
            submission = ArticleStore.Submission(summaries: [], keys: [], journal: Journal.Batch())
            while spareSummaries.count < Self.spareSummaryLimit, let summary = summaries.popLast() {
                Self.prefetchHeads(&summaries, at: summaries.count - Self.reuseLookahead)
                var buffers = summary.buffers()
                let frame = buffers.takeText()
                if (ZMQSocket.reusedFrameBytes...Self.spareBytesLimit).contains(frame.capacity),
                    spareFrames.count < Self.spareSummaryLimit
                {
                    spareFrames.append(frame)
                }
                if buffers.capacityBytes <= Self.spareBytesLimit { spareSummaries.append(consume buffers) }
            }
        }
        if let problem = writer.problem, storeProblem == nil {
            apply(writer.finish(), from: writer)  // the writer stopped: close the store before reopening it
            storeFailed("\(problem)", reopen: true)
        }
    }

    /// Starts loading the array heads of the retired summary at `index` (if any), which the
    /// loop above reuses a few summaries later: its arrays were last touched long ago, by the
    /// store writer, and each check of their uniqueness waited for its line.
    private static func prefetchHeads(_ summaries: inout [RecordSummary], at index: Int) {
        guard summaries.indices.contains(index) else { return }
        summaries.withUnsafeMutableBufferPointer { all in
            RecordSummary.lend(all.baseAddress! + index) { $0.prefetchHeads() }
        }
    }

    private func apply(_ outcomes: [StoreWriter.Outcome], from writer: StoreWriter) {
        var failed = PendingBatch()
        for outcome in outcomes {
            switch outcome {
            case .durable(let ticket):
                guard let batch = inFlight.removeValue(forKey: ticket) else { continue }
                inFlightRecords -= batch.count
                ack(batch.results)
                if let cause = recoveringFrom {
                    logger.notice(
                        "The store can be written again; committing resumed.", metadata: ["after": "\(cause)"])
                    recoveringFrom = nil
                }
            case .failed(let ticket, _):
                guard let batch = inFlight.removeValue(forKey: ticket) else { continue }
                inFlightRecords -= batch.count
                failed.prepend(batch)
            }
        }
        if !failed.isEmpty { pending.prepend(failed) }
        counts = (writer.articleCount, writer.failureCount)
    }

    private func ack(_ batch: [PendingResult]) {
        guard let runID = batch.first?.runID else { return }
        if batch.allSatisfy({ $0.runID == runID }) {  // one producer's run: the usual case
            return sendAcks(batch.map { ($0.taskID, $0.isFailure) }, runID: runID)
        }
        var acks: [String: [(TaskID, Bool)]] = [:]
        for item in batch { acks[item.runID, default: []].append((item.taskID, item.isFailure)) }
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

    /// Spent journal batches kept for reuse, at most: about as many batches as are pending, in
    /// flight and being merged at once when records arrive faster than the store takes them.
    /// A batch holds only its records' arrays and lengths (some 8 KB for 512 records).
    static let spareJournalLimit = 4

    /// Spent summaries (and record frames) kept for reuse, at most: eight batches' worth, about
    /// as many as are received, in flight and being merged at once when records arrive faster
    /// than the store takes them (some 30 MB of arrays at 5 KB records).
    static let spareSummaryLimit = 4_096
    /// Retired summaries ahead whose array heads are loaded while one is taken apart
    /// (`prefetchHeads`): far enough for a line to arrive, few enough to stay in cache.
    static let reuseLookahead = 4
    /// A summary's arrays or a frame holding more memory than this (bytes) is freed, not kept:
    /// one huge record must not pin its memory in the pool.
    static let spareBytesLimit = 64 * 1024

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
        if reopen { writer = nil }
        nextStoreRetry = MonotonicClock.milliseconds() + configuration.storeRetryMilliseconds
    }

    /// Reopens the store (cutting any torn journal line and rebuilding the indexes from the
    /// last checkpoint) and commits what waits.
    private func retryStore(now: Int) {
        nextStoreRetry = now + configuration.storeRetryMilliseconds
        do {
            let reopened =
                try writer
                ?? StoreWriter(
                    root: configuration.storePath,
                    checkpointIntervalMilliseconds: configuration.checkpointIntervalMilliseconds,
                    metrics: metrics.store, logger: logger)
            writer = reopened
            counts = (reopened.articleCount, reopened.failureCount)
        } catch {
            if storeLog.allow(now: now) != nil {
                logger.error(
                    "The store is still unavailable.", metadata: ["cause": "\(error)", "pending": "\(pending.count)"])
            }
            storeProblem = "\(error)"
            return
        }
        recoveringFrom = storeProblem
        storeProblem = nil
        commit()
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
