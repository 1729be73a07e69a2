import Logging

/// The producer role: plans the tasks, hands them to workers that ask for work (credit),
/// tracks each one under a lease until the collector commits it, and finishes when every
/// task is committed or has become a failure record.
public final class Producer {
    public struct Configuration: Sendable {
        public var paths: [String]
        /// Only files with these extensions are taken from folders (nil: every file).
        public var extensions: Set<String>?
        public var bindEndpoint = WireProtocol.defaultProducerBind
        public var collectorEndpoint = WireProtocol.defaultCollectorEndpoint
        public var leaseSeconds = WireProtocol.defaultLeaseSeconds
        public var maxAttempts = WireProtocol.defaultMaxAttempts
        public var maxArticleBytes = ArticleInput.defaultMaxBytes
        /// How long to wait for the collector's first welcome before giving up (seconds).
        public var connectTimeoutSeconds = 10
        /// Most tasks dispatched but not yet committed, so the producer never races far
        /// ahead of the collector.
        public var maxInFlight = 2_000
        /// Show progress lines on stderr.
        public var showProgress = true
        /// CurveZMQ: a server towards workers (allow-list), a client of the collector; nil: plain TCP.
        public var security: CurveSecurity?

        public init(paths: [String]) { self.paths = paths }
    }

    public struct Summary: Sendable, Equatable {
        public var articles = 0
        public var failures = 0
        /// Inputs left out, by reason: hidden or special files, store folders, other
        /// extensions, repeated content, and articles already in the store.
        public var skips = SkipCounts()
        public var skipped: Int { skips.total }
        public var seconds = 0.0
        /// Tasks not committed when a stop was requested (0 after a complete run).
        public var unfinished = 0

        public var line: String {
            let rate = seconds > 0 ? Double(articles + failures) / seconds : 0
            return "\(articles) articles, \(failures) failures, \(skipped) skipped\(skipped > 0 ? " (" + skips.description + ")" : "") in \(Format.decimal(seconds, 1)) s (\(Format.decimal(rate, 1)) articles/s)"
                + (unfinished > 0 ? ", \(unfinished) unfinished" : "")
        }
    }

    public enum ProducerError: Error, CustomStringConvertible {
        case collectorUnreachable(endpoint: String, seconds: Int)
        public var description: String {
            switch self {
            case .collectorUnreachable(let endpoint, let seconds):
                return "the collector at \(endpoint) did not answer within \(seconds) s; start gleaner-collector first or check --collector"
            }
        }
    }

    private let configuration: Configuration
    private let logger: Logger
    private let runID = RunID.make()
    private let context = ZMQContext()
    private let workerSocket: ZMQSocket
    private var collectorSocket: ZMQSocket
    private var zap: ZAPHandler?
    private var ledger: TaskLedger
    private var workers = WorkerRegistry()
    private var collector = CollectorLink()
    private var summary = Summary()

    /// The endpoint actually bound for workers.
    public let boundEndpoint: String

    public init(_ configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        ledger = TaskLedger(leaseMilliseconds: configuration.leaseSeconds * 1000, maxAttempts: configuration.maxAttempts)
        workerSocket = try ZMQSocket(context, .router)
        try workerSocket.setRouterMandatory(true)
        try workerSocket.setMaxMessageSize(Int64(WireProtocol.envelopeAllowance))
        zap = try configuration.security?.serve(workerSocket, context: context)
        try workerSocket.bind(configuration.bindEndpoint)
        boundEndpoint = workerSocket.lastEndpoint
        collectorSocket = try Self.connectCollector(context, configuration)
    }

    deinit { zap?.stop() }

    private static func connectCollector(_ context: ZMQContext, _ configuration: Configuration) throws -> ZMQSocket {
        let socket = try ZMQSocket(context, .dealer)
        try socket.setMaxMessageSize(Int64(configuration.maxArticleBytes + WireProtocol.envelopeAllowance))
        try socket.setReconnectInterval(initial: 100, maximum: 2_000)
        if let security = configuration.security {
            try security.connect(socket, to: security.collectorKey, missing: .collectorKey)
        }
        try socket.connect(configuration.collectorEndpoint)
        return socket
    }

    /// Plans, dispatches and waits for commits. Returns the summary when every task is
    /// committed, or early (with `unfinished` set) when a stop is requested.
    public func run() throws -> Summary {
        let started = MonotonicClock.milliseconds()
        let listing = try FileWalker(extensions: configuration.extensions).list(configuration.paths)
        try awaitCollector()
        let plan = ProducerPlan(files: listing.files, maxArticleBytes: configuration.maxArticleBytes)
        let stored = try lookupStored(plan.tasks.map(\.id))
        summary.skips = plan.skips(listing, stored: stored, logger: logger)
        ledger.enqueue(plan.tasks.filter { !stored.contains($0.id) })
        logger.info("Producer ready.", metadata: [
            "endpoint": "\(boundEndpoint)", "run": "\(runID)", "tasks": "\(ledger.remaining)",
            "skipped": "\(summary.skipped)"])
        let progress = configuration.showProgress ? ProgressReporter(label: "gleaner", total: ledger.remaining) : nil
        try loop(progress: progress)
        progress?.update(done: summary.articles + summary.failures, force: true)
        progress?.finish()
        summary.unfinished = ledger.remaining
        summary.seconds = Double(MonotonicClock.milliseconds() - started) / 1000
        workerSocket.close()
        collectorSocket.close(lingerMilliseconds: 500)
        zap?.stop()
        return summary
    }

    // MARK: Collector handshake and resume

    /// Sends hello until the collector welcomes this run, or throws after the timeout.
    private func awaitCollector() throws {
        let deadline = MonotonicClock.milliseconds() + configuration.connectTimeoutSeconds * 1000
        while MonotonicClock.milliseconds() < deadline && !StopSignal.requested {
            try collectorSocket.send(WireMessage.hello(runID: runID).frames, dontWait: true)
            var poller = ZMQPoller([collectorSocket])
            if try poller.poll(timeoutMilliseconds: 500)[0] { try receiveFromCollector() }
            if collector.instance != nil { return }
        }
        throw ProducerError.collectorUnreachable(endpoint: configuration.collectorEndpoint, seconds: configuration.connectTimeoutSeconds)
    }

    /// Asks the collector which task ids it already stores (resume), in batches.
    private func lookupStored(_ ids: [TaskID]) throws -> Set<TaskID> {
        let batch = 4_096
        var queries = Set<UInt32>()
        for (n, start) in stride(from: 0, to: ids.count, by: batch).enumerated() {
            let query = UInt32(n)
            queries.insert(query)
            try collectorSocket.send(WireMessage.lookup(runID: runID, query: query, taskIDs: Array(ids[start..<min(start + batch, ids.count)])).frames)
        }
        var known = Set<TaskID>()
        var poller = ZMQPoller([collectorSocket])
        var silentSince = MonotonicClock.milliseconds()
        while !queries.isEmpty && !StopSignal.requested {
            guard try poller.poll(timeoutMilliseconds: 250)[0] else {
                if MonotonicClock.milliseconds() - silentSince > configuration.connectTimeoutSeconds * 1000 {
                    throw ProducerError.collectorUnreachable(endpoint: configuration.collectorEndpoint, seconds: configuration.connectTimeoutSeconds)
                }
                continue
            }
            silentSince = MonotonicClock.milliseconds()
            while let frames = try collectorSocket.receive(dontWait: true) {
                if case .known(let query, let ids)? = try? WireMessage(frames: frames) {
                    queries.remove(query)
                    known.formUnion(ids)
                }
            }
        }
        return known
    }

    // MARK: Main loop

    private func loop(progress: ProgressReporter?) throws {
        var poller = ZMQPoller([workerSocket, collectorSocket])
        var nextHeartbeat = 0
        var nextCollectorWarning = 0
        while !ledger.isFinished && !StopSignal.requested {
            let ready = try poller.poll(timeoutMilliseconds: 100)
            if ready[0] { try receiveFromWorkers() }
            if ready[1] { try receiveFromCollector() }
            let now = MonotonicClock.milliseconds()
            if now >= nextHeartbeat {
                sendHeartbeats()
                nextHeartbeat = now + WireProtocol.heartbeatIntervalMilliseconds
            }
            purgeDeadWorkers(now: now)
            if collector.isAlive(now: now) {
                expireLeases(now: now)
            } else {
                // No worker is at fault while the collector is away: hold leases and dispatch.
                ledger.extendLeases(now: now)
                if now >= nextCollectorWarning {
                    logger.warning("The collector is not answering; waiting for it.", metadata: ["endpoint": "\(configuration.collectorEndpoint)"])
                    nextCollectorWarning = now + 10_000
                }
            }
            try dispatch(now: now)
            progress?.update(done: summary.articles + summary.failures)
        }
    }

    private func receiveFromWorkers() throws {
        while let frames = try workerSocket.receive(dontWait: true) {
            guard frames.count >= 2 else { continue }
            let peer = frames[0]
            let message: WireMessage
            do { message = try WireMessage(frames: Array(frames.dropFirst())) } catch {
                logger.warning("Dropped a malformed message from a worker.", metadata: ["error": "\(error)"])
                continue
            }
            let now = MonotonicClock.milliseconds()
            switch message {
            case .credit(let n): workers.grant(peer, credit: Int(n), now: now)
            case .heartbeat: workers.touch(peer, now: now)
            case .bye:
                workers.remove(peer)
                logger.info("A worker left.", metadata: ["tasks": "\(ledger.leased(to: peer).count)"])
            default:
                logger.warning("Dropped a message not meant for the producer.", metadata: ["command": "\(message.command)"])
            }
        }
    }

    private func receiveFromCollector() throws {
        while let frames = try collectorSocket.receive(dontWait: true) {
            let message: WireMessage
            do { message = try WireMessage(frames: frames) } catch {
                logger.warning("Dropped a malformed message from the collector.", metadata: ["error": "\(error)"])
                continue
            }
            let now = MonotonicClock.milliseconds()
            switch message {
            case .welcome(let instance, _, _):
                if collector.welcomed(instance: instance, now: now) {
                    // A restarted collector lost whatever it had not committed: send it all again.
                    let requeued = ledger.requeueAll()
                    logger.warning("The collector restarted; dispatching uncommitted tasks again.", metadata: ["tasks": "\(requeued)"])
                }
            case .committed(_, let ids, let failed):
                collector.touch(now: now)
                for (id, isFailure) in zip(ids, failed) where ledger.commit(id) {
                    if isFailure { summary.failures += 1 } else { summary.articles += 1 }
                }
            case .known:
                break  // a late answer to the resume lookup
            default:
                logger.warning("Dropped a message not meant for the producer.", metadata: ["command": "\(message.command)"])
            }
        }
    }

    // MARK: Heartbeats, liveness, leases

    private func sendHeartbeats() {
        for peer in workers.peers { sendToWorker(peer, .heartbeat(runID: nil)) }
        _ = try? collectorSocket.send(WireMessage.hello(runID: runID).frames, dontWait: true)
    }

    private func purgeDeadWorkers(now: Int) {
        for peer in workers.expired(now: now) {
            let tasks = ledger.leased(to: peer)
            workers.remove(peer)
            logger.warning("A worker stopped answering; its tasks go back in the queue.", metadata: ["tasks": "\(tasks.count)"])
            for id in tasks { retryOrFail(id) }
        }
    }

    private func expireLeases(now: Int) {
        for id in ledger.expired(now: now) {
            logger.info("Lease expired.", metadata: ["task": "\(id)"])
            retryOrFail(id)
        }
    }

    /// Puts a task back in the queue; out of attempts, it goes back as a failure record.
    private func retryOrFail(_ id: TaskID) {
        guard let failure = ledger.retry(id) else { return }
        logger.warning("Task failed too many times; storing a failure record.", metadata: ["task": "\(id)", "path": "\(failure.source.path)"])
    }

    // MARK: Dispatch

    /// Hands out queued tasks while some worker has credit (credit-based flow control).
    private func dispatch(now: Int) throws {
        guard collector.isAlive(now: now) else { return }
        while ledger.inFlight < configuration.maxInFlight, let task = ledger.nextQueued() {
            if let failure = task.failure {
                ledger.lease(task.id, to: Optional<[UInt8]>.none, now: now)
                try sendFailure(failure, id: task.id)
                continue
            }
            guard let peer = workers.takeCredit() else { ledger.putBack(task); return }
            switch ArticleFile.read(path: task.path, maxBytes: configuration.maxArticleBytes) {
            case .failure(let failure):
                ledger.lease(task.id, to: Optional<[UInt8]>.none, now: now)
                try sendFailure(failure, id: task.id)
                workers.returnCredit(peer)
            case .success(let body):
                let attempt = ledger.lease(task.id, to: peer, now: now)
                let envelope = TaskEnvelope(id: task.id, runID: runID, attempt: UInt32(attempt), path: task.path, body: body)
                if !sendToWorker(peer, .task(envelope)) {
                    ledger.putBack(task)
                    workers.remove(peer)
                }
            }
        }
    }

    private func sendFailure(_ failure: FailureRecord, id: TaskID) throws {
        try collectorSocket.send(WireMessage.result(taskID: id, runID: runID, record: failure.jsonBytes()).frames, dontWait: true)
    }

    @discardableResult
    private func sendToWorker(_ peer: [UInt8], _ message: WireMessage) -> Bool {
        (try? workerSocket.send([peer] + message.frames, dontWait: true)) ?? false
    }
}
