import CoreMetrics
import DequeModule
import Foundation
import Logging

/// The worker role: asks the producer for tasks (credit), extracts them on its lanes, sends
/// each record to the collector, and reports each task's start and finish to the producer.
///
/// One socket thread owns the producer and collector sockets (ZeroMQ sockets are never
/// shared); the extraction threads own none: they take tasks from and leave records in
/// in-memory queues (`ExtractionLanes`), and wake the socket thread once per several tasks. A
/// producer that stops answering is reconnected on a fresh socket, with backoff (Paranoid
/// Pirate). The worker takes work only while its collector answers its heartbeats.
public final class Worker {
    public struct Configuration: Sendable {
        public var producerEndpoint = WireProtocol.defaultProducerEndpoint
        public var collectorEndpoint = WireProtocol.defaultCollectorEndpoint
        public var threads = 1
        public var processor = ArticleProcessor()
        /// Longest a stopping worker waits for its running extractions (milliseconds).
        public var drainMilliseconds = 30_000
        /// An extraction running longer than this means the thread is stuck: the worker gives
        /// back what it holds and exits with an error so a supervisor restarts it (seconds).
        public var extractionTimeoutSeconds = 120
        /// Most tasks held at once, whatever the bandwidth-delay product asks for (below the
        /// sockets' high-water marks, `WireProtocol.taskQueueLimit`).
        public var maximumCredit = 2_000
        /// `.noop` answers every task with a minimal record at once (benchmarks of the system's
        /// own overhead).
        public var mode = ExtractionMode.extract
        /// Failure injection for tests: extra time spent on every task (milliseconds).
        public var simulatedDelayMilliseconds = 0
        /// Failure injection for tests and drills (poison and hanging articles).
        public var faults = FaultInjection()
        /// CurveZMQ client of the producer and the collector; nil: plain TCP.
        public var security: CurveSecurity?
        /// CPUs for the extraction lanes, one each in lane order (`--lane-cpus`); empty: the
        /// scheduler places them. The caller keeps the worker's other threads off them
        /// (`CPUAffinity.restrictCurrentThread` before the worker starts any thread).
        public var laneCPUs: [Int] = []
        /// How this worker names itself in the producer's logs.
        public var name = WorkerName.default
        /// Where the worker's metrics go (`MetricCatalog`); the default publishes nothing.
        public var metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance

        public init() {}
    }

    /// Why a worker ended with an error after giving back its tasks.
    public enum Fault: Error, CustomStringConvertible, Equatable {
        case extractionStuck(task: String, path: String, seconds: Int)

        public var description: String {
            switch self {
            case .extractionStuck(let task, let path, let seconds):
                return "the extraction of \(task) (\(path)) has run for \(seconds) s; the worker exits so it "
                    + "can be restarted"
            }
        }
    }

    /// Reconnect backoff after the producer goes silent: doubles up to the maximum (ms).
    static let reconnectInitialMilliseconds = 1_000
    static let reconnectMaximumMilliseconds = 8_000
    /// How long an isolated task waits for the producer's `proceed` before it is given back (ms).
    static let proceedTimeoutMilliseconds = WireProtocol.livenessMilliseconds
    /// Records the worker's queue to the collector holds (messages) before a send is refused
    /// and records wait in `unsent`: only a collector that stops reading, or falls far behind, fills it.
    static let collectorQueueLimit: Int32 = 10_000

    let configuration: Configuration
    let logger: Logger
    private let stop: StopToken
    private let context = ZMQContext()
    var producer: ZMQSocket?
    let collector: ZMQSocket
    let lanes: ExtractionLanes
    /// Tasks received and not yet started, in arrival order (the order the producer expects).
    var held = Deque<TaskEnvelope>()
    /// An isolated task that reported `started` and waits for `proceed`.
    var awaitingProceed: (task: TaskEnvelope, since: Int)?
    /// Credit sent to the producer and not yet used by a task.
    var granted = 0
    /// Records the collector link's queue refused, oldest first, with their tasks' ids.
    var unsent = Deque<(id: TaskID, message: WireMessage)>()
    var deferralWarnings = LogThrottle(burst: 1, windowMilliseconds: 10_000)
    var startedReport: [TaskID] = []
    var finishedReport: [TaskID] = []
    /// When the oldest report not sent yet was made (ms, monotonic); nil when none waits.
    var reportsWaitingSince: Int?
    var producerLink = ProducerLink()
    var collectorLink: CollectorHealth
    var fault: Fault?
    /// Built once per producer socket (rebuilt after a reconnect).
    var poller: ZMQPoller?
    let metrics: WorkerMetrics
    private var nextHousekeeping = 0

    var window: CreditWindow
    var capacity: Int { window.size }
    var load: Int { held.count + lanes.busyCount + unsent.count + (awaitingProceed == nil ? 0 : 1) }

    public init(_ configuration: Configuration, logger: Logger, stop: StopToken = .process) throws {
        self.configuration = configuration
        self.logger = logger
        self.stop = stop
        let name = "gleaner-worker-\(RunID.make())"
        collector = try ZMQSocket(context, .dealer)
        try collector.setHighWaterMarks(
            send: configuration.faults.collectorQueue ?? Self.collectorQueueLimit, receive: 1_000)
        // The kernel's smallest buffer (1 byte rounds up to it): otherwise it holds thousands of records.
        if configuration.faults.collectorQueue != nil { try collector.setSendBuffer(bytes: 1) }
        try collector.setReconnectInterval(initial: 100, maximum: 2_000)
        if let security = configuration.security {
            try security.connect(collector, to: security.collectorKey, missing: .collectorKey)
        }
        try collector.connect(configuration.collectorEndpoint)
        collectorLink = CollectorHealth(now: MonotonicClock.milliseconds())
        window = CreditWindow(lanes: configuration.threads, maximum: configuration.maximumCredit)
        metrics = WorkerMetrics(factory: configuration.metricsFactory)
        // Before asking for work, so the first lease is not spent loading; a no-op worker never
        // extracts, and loading would count against the overhead it measures.
        if configuration.mode == .extract { ArticleExtractor.preload() }
        lanes = try ExtractionLanes(
            name: name, threads: configuration.threads,
            processor: configuration.processor, mode: configuration.mode,
            simulatedDelayMilliseconds: configuration.simulatedDelayMilliseconds,
            faults: configuration.faults, cpus: configuration.laneCPUs)
        producer = try connectProducer()
    }

    func connectProducer() throws -> ZMQSocket {
        let socket = try ZMQSocket(context, .dealer)
        try socket.setMaxMessageSize(Int64(configuration.processor.input.maxBytes + WireProtocol.envelopeAllowance))
        try socket.setHighWaterMarks(send: 10_000, receive: Int32(WireProtocol.taskQueueLimit))
        try socket.setReconnectInterval(initial: 100, maximum: 2_000)
        if let security = configuration.security {
            try security.connect(socket, to: security.producerKey, missing: .producerKey)
        }
        try socket.connect(configuration.producerEndpoint)
        try socket.send(
            WireMessage.ready(
                threads: UInt32(configuration.threads), credit: 0,
                name: configuration.name
            ).frames, dontWait: true)
        return socket
    }

    /// Works until a stop is requested, then drains: gives back unstarted tasks, finishes the
    /// running ones, forwards their records, and returns. - Throws: `Fault` when an extraction
    /// thread died or got stuck (after giving back what it could).
    public func run() throws {
        logger.info(
            "Worker ready.",
            metadata: [
                "producer": "\(configuration.producerEndpoint)", "collector": "\(configuration.collectorEndpoint)",
                "threads": "\(configuration.threads)", "name": "\(configuration.name)",
            ])
        if configuration.faults.isActive { logger.warning("Fault injection is on (GLEANER_FAULT_*).") }
        if ExtractorIdentity.isOverridden {
            logger.warning("Records name extractor version \(ExtractorIdentity.version): a testing switch is set.",
                           metadata: ["variable": "\(ExtractorIdentity.overrideVariable)"])
        }
        var nextHeartbeat = 0
        collectorLink = CollectorHealth(now: MonotonicClock.milliseconds())
        while !stop.isRequested && fault == nil {
            try turn(nextHeartbeat: &nextHeartbeat)
        }
        try drain()
        if let fault { throw fault }
    }

    /// How often the worker looks at its links and lanes (milliseconds).
    static let housekeepingMilliseconds = 100
    /// Reports of tasks that no lane waits on (records sent, no-op answers) gather until this
    /// many ids, so that a worker answering a task or two a turn sends one `progress` per batch,
    /// as a lane's refill does, instead of one per turn.
    static let reportBatch = 64
    /// Longest such reports wait for a batch (milliseconds): far below any lease.
    static let reportDelayMilliseconds = 2

    /// One turn: poll, handle the collector, forward the lanes' records, take the producer's
    /// messages, assign tasks to lanes with room, then (every 100 ms) the links, the lanes'
    /// health and due heartbeats; last the batched reports and credit, and only then the
    /// tasks reported started go to their lanes.
    private func turn(nextHeartbeat: inout Int) throws {
        if poller == nil {
            poller = ZMQPoller([collector] + (producer.map { [$0] } ?? []), wakeSignals: [lanes.resultsReady])
        }
        if producer != nil { poller!.watch(1, needsProducerNow) }
        let timeout = reportsWaitingSince == nil ? Self.housekeepingMilliseconds : Self.reportDelayMilliseconds
        let ready = try poller!.poll(timeoutMilliseconds: timeout)
        if ready[0] { try receiveFromCollector() }
        if ready.last == true { lanes.resultsReady.clear() }
        forwardResults()
        try receiveFromProducer()
        let now = MonotonicClock.milliseconds()
        startTasks(now: now)
        if now >= nextHousekeeping {
            nextHousekeeping = now + Self.housekeepingMilliseconds
            checkCollectorLink(now: now)
            watchLanes(now: now)
            if now >= nextHeartbeat {
                try sendHeartbeats(now: now)
                nextHeartbeat = now + WireProtocol.heartbeatIntervalMilliseconds
                observe()
            }
            try reconnectIfDue(now: now)
        }
        flushReports(wantingWork: collectorLink.isReachable, now: MonotonicClock.milliseconds())
        lanes.handOver()
    }
}

extension Worker {
    /// Whether a message from the producer could change what the worker does at once: a lane
    /// has room and no task is held for it, or an isolated task waits for `proceed`.
    /// Otherwise the producer socket is read at the next turn the lanes or the clock cause
    /// (at most `housekeepingMilliseconds` away), not woken for: a burst of tasks arrives
    /// over several socket reads, and waking for each would cost a thread switch per task.
    var needsProducerNow: Bool {
        awaitingProceed != nil || (held.isEmpty && lanes.laneWithRoom != nil)
    }

    /// Publishes the gauges (once a second, with the heartbeats).
    func observe() {
        metrics.creditWindow.record(window.size)
        metrics.tasksHeld.record(load)
        metrics.threadsBusy.record(lanes.busyCount)
        metrics.collectorReachable.record(collectorLink.isReachable ? 1 : 0)
        if let roundTrip = window.roundTripSeconds { metrics.roundTrip.record(roundTrip) }
    }
}

/// A name for logs: host and process id, unique enough to tell workers apart.
public enum WorkerName {
    public static var `default`: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
