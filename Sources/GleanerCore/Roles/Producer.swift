import CoreMetrics
import Logging

/// The producer role: plans the tasks, hands them to workers that ask for work (credit),
/// tracks each one in a ledger until the collector commits it, and finishes when every task
/// is committed as an article or a failure record.
///
/// One thread owns both sockets. The loop has the Paranoid Pirate shape: poll, handle each
/// socket, send due heartbeats, drop dead workers, expire leases, report stalls, dispatch.
/// Liveness and blame rules are in `TaskLedger`; docs/reliability.md states the bound.
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
        /// ahead of the collector (workers' credit windows add up to less in practice).
        public var maxInFlight = 20_000
        /// Seconds without a commit after which the producer lists the open tasks (and again
        /// every `stallReportSeconds` while nothing moves).
        public var stallReportSeconds = 15
        /// Longest a stopping producer waits for dispatched tasks to be committed (seconds).
        public var drainSeconds = 30
        /// Show progress lines on stderr.
        public var showProgress = true
        /// CurveZMQ: a server towards workers (allow-list), a client of the collector; nil: plain TCP.
        public var security: CurveSecurity?
        /// Allow plaintext TCP beyond loopback (`--insecure`).
        public var insecure = false
        /// Keep running and take every file that lands in the folders among `paths`
        /// (`--watch`); the run ends only when a stop is requested.
        public var watch = false
        /// Send every file again, without asking the collector which are stored (`--reextract`):
        /// forces re-extraction. Records the same as stored ones are dropped as duplicates; newer
        /// extractor versions replace older records (docs/operations.md, "Upgrades").
        public var reextract = false
        /// Where the producer's metrics go (`MetricCatalog`); the default publishes nothing.
        public var metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance

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
            let kinds = skipped > 0 ? " (" + skips.description + ")" : ""
            return "\(articles) articles, \(failures) failures, \(skipped) skipped\(kinds) in "
                + "\(Format.decimal(seconds, 1)) s (\(Format.decimal(rate, 1)) articles/s)"
                + (unfinished > 0 ? ", \(unfinished) unfinished" : "")
        }
    }

    public enum ProducerError: Error, CustomStringConvertible {
        case collectorUnreachable(endpoint: String, seconds: Int)
        public var description: String {
            switch self {
            case .collectorUnreachable(let endpoint, let seconds):
                return "the collector at \(endpoint) did not answer within \(seconds) s; "
                    + "start gleaner-collector first or check --collector"
            }
        }
    }

    let configuration: Configuration
    let logger: Logger
    let stop: StopToken
    let runID = RunID.make()
    private let context = ZMQContext()
    let workerSocket: ZMQSocket
    let collectorSocket: ZMQSocket
    private var zap: ZAPHandler?
    var ledger: TaskLedger
    var workers = WorkerRegistry()
    var collector = CollectorLink()
    var summary = Summary()
    var stall: StallReporter
    var planning = Planning()
    var observation: ProducerObservation
    private var nextHousekeeping = 0
    private var collectorWarnings = LogThrottle(burst: 1, windowMilliseconds: 10_000)

    /// The endpoint actually bound for workers.
    public let boundEndpoint: String
    /// How the bound endpoint is exposed (for the start-up line).
    public let exposure: BindPolicy.Exposure

    public init(_ configuration: Configuration, logger: Logger, stop: StopToken = .process) throws {
        self.configuration = configuration
        self.logger = logger
        self.stop = stop
        ledger = TaskLedger(
            leaseMilliseconds: configuration.leaseSeconds * 1000, maxAttempts: configuration.maxAttempts)
        stall = StallReporter(
            intervalMilliseconds: configuration.stallReportSeconds * 1000,
            now: MonotonicClock.milliseconds())
        observation = ProducerObservation(
            metrics: ProducerMetrics(factory: configuration.metricsFactory), now: MonotonicClock.milliseconds())
        exposure = try BindPolicy.check(
            configuration.bindEndpoint, curve: configuration.security != nil,
            insecure: configuration.insecure)
        workerSocket = try ZMQSocket(context, .router)
        try workerSocket.setRouterMandatory(true)
        try workerSocket.setHighWaterMarks(send: Int32(WireProtocol.taskQueueLimit), receive: 100_000)
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
    /// committed, or after a stop request and a bounded drain (with `unfinished` set).
    /// Planning streams: files are read and hashed on a thread (`PlanStream`), each batch
    /// is checked against the store (`lookup`, for resume) and dispatched while the rest is
    /// still being read.
    public func run() throws -> Summary {
        let started = MonotonicClock.milliseconds()
        let walker = FileWalker(extensions: configuration.extensions)
        // Watch first, then list: a file that lands in between is seen by one or the other.
        let watcher = configuration.watch ? try DirectoryWatcher(roots: configuration.paths, walker: walker) : nil
        let listing = try walker.list(configuration.paths)
        observation.filesListed = listing.files.count
        try awaitCollector()
        let stream = PlanStream(files: listing.files, maxArticleBytes: configuration.maxArticleBytes, watcher: watcher)
        ledger.reserveCapacity(min(listing.files.count, Self.reservedTasks))
        planning = Planning(stream: stream)
        logger.info(
            "Producer ready.",
            metadata: [
                "endpoint": "\(boundEndpoint)", "exposure": "\(exposure)", "run": "\(runID)",
                "files": "\(listing.files.count)", "watching": "\(configuration.watch)",
            ])
        let progress = configuration.showProgress ? ProgressReporter(label: "gleaner", total: 0) : nil
        try loop(progress: progress)
        if !isFinished { try drain(progress: progress) }
        stream.stop()
        summary.skips = stream.planner.skips(listing, stored: planning.stored, logger: logger)
        progress?.update(done: summary.articles + summary.failures, force: true)
        progress?.finish()
        // Files the scan had not reached (a watching producer has no such backlog to report).
        let unscanned = stream.isFinished || configuration.watch ? 0 : max(0, listing.files.count - planning.planned)
        summary.unfinished = ledger.remaining + unscanned
        summary.seconds = Double(MonotonicClock.milliseconds() - started) / 1000
        observe(now: MonotonicClock.milliseconds(), force: true)
        workerSocket.close()
        collectorSocket.close(lingerMilliseconds: 500)
        zap?.stop()
        return summary
    }

    /// Most tasks the ledger makes room for up front; a larger folder's table grows as before
    /// (the scan's memory budget keeps fewer than that queued at once when articles are large).
    static let reservedTasks = 1 << 16

    /// Every task planned, checked against the store and committed.
    var isFinished: Bool { ledger.isFinished && planning.isFinished }

    // MARK: Collector handshake and resume

    /// Sends hello until the collector welcomes this run, or throws after the timeout.
    private func awaitCollector() throws {
        let deadline = MonotonicClock.milliseconds() + configuration.connectTimeoutSeconds * 1000
        var poller = ZMQPoller([collectorSocket])
        while MonotonicClock.milliseconds() < deadline && !stop.isRequested {
            try collectorSocket.send(WireMessage.hello(runID: runID).frames, dontWait: true)
            if try poller.poll(timeoutMilliseconds: 500)[0] { try receiveFromCollector() }
            if collector.instance != nil { return }
        }
        throw ProducerError.collectorUnreachable(
            endpoint: configuration.collectorEndpoint,
            seconds: configuration.connectTimeoutSeconds)
    }

    // MARK: Main loop

    private func loop(progress: ProgressReporter?) throws {
        var poller = ZMQPoller([workerSocket, collectorSocket])
        var nextHeartbeat = 0
        while !isFinished && !stop.isRequested {
            try turn(&poller, nextHeartbeat: &nextHeartbeat, dispatching: true, progress: progress)
            progress?.update(done: summary.articles + summary.failures)
        }
    }

    /// Graceful stop: no more dispatch; wait (bounded) for what workers hold to be committed.
    private func drain(progress: ProgressReporter?) throws {
        logger.info(
            "Stop requested: waiting for dispatched tasks to be committed.",
            metadata: [
                "in_flight": "\(ledger.inFlight)", "seconds": "\(configuration.drainSeconds)",
            ])
        let deadline = MonotonicClock.milliseconds() + configuration.drainSeconds * 1000
        var poller = ZMQPoller([workerSocket, collectorSocket])
        var nextHeartbeat = 0
        while ledger.inFlight > 0 && MonotonicClock.milliseconds() < deadline {
            try turn(&poller, nextHeartbeat: &nextHeartbeat, dispatching: false, progress: progress)
            progress?.update(done: summary.articles + summary.failures)
        }
        logger.notice(
            "Producer stopped before the end; run it again to finish (stored articles are skipped).",
            metadata: ["unfinished": "\(ledger.remaining)"])
    }

    /// How often the producer looks at liveness, leases and stalls (milliseconds): their
    /// deadlines are seconds long, and a scan of every lease on each turn would cost more than
    /// the messages it handles.
    static let housekeepingMilliseconds = 100

    /// One turn of the loop: poll, handle both sockets, plan, then (every 100 ms) heartbeats,
    /// liveness, leases and stalls, and dispatch.
    private func turn(
        _ poller: inout ZMQPoller, nextHeartbeat: inout Int, dispatching: Bool, progress: ProgressReporter?
    ) throws {
        let ready = try poller.poll(timeoutMilliseconds: Self.housekeepingMilliseconds)
        if ready[0] { try receiveFromWorkers() }
        if ready[1] { try receiveFromCollector() }
        let now = MonotonicClock.milliseconds()
        if dispatching { try plan(now: now, progress: progress) }
        if now >= nextHousekeeping {
            nextHousekeeping = now + Self.housekeepingMilliseconds
            if now >= nextHeartbeat {
                sendHeartbeats()
                nextHeartbeat = now + WireProtocol.heartbeatIntervalMilliseconds
            }
            keepHouse(now: now)
        }
        if dispatching { try dispatch(now: now) }
    }

    /// Dead workers, lease expiry (or extension while the collector cannot take results),
    /// and the stall report.
    private func keepHouse(now: Int) {
        purgeDeadWorkers(now: now)
        if collector.isAccepting(now: now) {
            expireLeases(now: now)
        } else {
            // No worker is at fault while the collector is away or cannot write.
            ledger.extendLeases(now: now)
            if !collector.isAlive(now: now), collectorWarnings.allow(now: now) != nil {
                logger.warning(
                    "The collector is not answering; waiting for it.",
                    metadata: ["endpoint": "\(configuration.collectorEndpoint)"])
            }
        }
        reportStall(now: now)
        observe(now: now)
    }

    /// What became of a message for a worker.
    enum Delivery {
        case sent
        /// Its queue is full (it stopped reading for now): try later.
        case full
        /// It is gone (its connection closed).
        case gone
    }

    @discardableResult
    func sendToWorker(_ peer: PeerID, _ message: WireMessage) -> Delivery {
        do {
            return try workerSocket.send(message.frames(after: peer.bytes), dontWait: true) ? .sent : .full
        } catch {
            logger.debug("Could not send to a worker.", metadata: ["peer": "\(peer)", "error": "\(error)"])
            return .gone
        }
    }

    private func sendHeartbeats() {
        for peer in workers.peers { sendToWorker(peer, .beat) }
        _ = try? collectorSocket.send(WireMessage.hello(runID: runID).frames, dontWait: true)
    }
}
