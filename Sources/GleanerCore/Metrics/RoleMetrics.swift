import CoreMetrics

/// Makes swift-metrics objects for catalogue definitions from one explicit factory, so two
/// roles in one process (tests) each publish to their own registry; no global bootstrap.
/// With `NOOPMetricsHandler.instance` (metrics off) every call is a no-op.
struct MetricMaker {
    let factory: any MetricsFactory

    func counter(_ definition: MetricDefinition, _ dimensions: [(String, String)] = []) -> Counter {
        Counter(label: definition.name, dimensions: dimensions, factory: factory)
    }

    func gauge(_ definition: MetricDefinition, _ dimensions: [(String, String)] = []) -> Gauge {
        Gauge(label: definition.name, dimensions: dimensions, factory: factory)
    }

    /// A histogram of durations (the factory takes the buckets from the catalogue).
    func timer(_ definition: MetricDefinition) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: definition.name, dimensions: [], factory: factory)
    }

    /// A histogram of plain values.
    func histogram(_ definition: MetricDefinition) -> Recorder {
        Recorder(label: definition.name, dimensions: [], aggregate: true, factory: factory)
    }

    /// One counter per label value, made up front so that publishing never allocates.
    func counters<Key: Hashable>(
        _ definition: MetricDefinition, label: String, _ values: [(Key, String)]
    )
        -> [Key: Counter]
    {
        Dictionary(uniqueKeysWithValues: values.map { ($0.0, counter(definition, [(label, $0.1)])) })
    }
}

/// A role configuration that says where the role's metrics go (`RoleLaunch` sets it).
public protocol MetricsConfigurable: Sendable {
    var metricsFactory: any MetricsFactory { get set }
}

extension Producer.Configuration: MetricsConfigurable {}
extension Worker.Configuration: MetricsConfigurable {}
extension Collector.Configuration: MetricsConfigurable {}

/// A counter fed from a count the role's thread keeps as a plain integer anyway (for its
/// summary or ledger) and publishes in its housekeeping: nothing per task but the addition
/// it already does.
struct PublishedCount {
    let counter: Counter
    private var published = 0

    init(_ counter: Counter) { self.counter = counter }

    /// Adds to the counter what `total` grew by since the last call.
    mutating func publish(_ total: Int) {
        guard total > published else { return }
        counter.increment(by: total - published)
        published = total
    }
}

/// How often the roles refresh their gauges and published tallies (milliseconds): scrapes
/// come every 10–60 s, and a refresh walks the leases in flight.
let metricsRefreshMilliseconds = 1_000

/// The producer's metrics (see `MetricCatalog` for each meaning). Owned by the producer's thread.
struct ProducerMetrics {
    let leaseExpiries, workersJoined, workersDropped: Counter
    let collectorRestarts, statusRequests: Counter
    let retries: [String: Counter]
    let open, queued, workersConnected, creditOutstanding, collectorAccepting: Gauge
    let filesListed, filesRead, planningDone: Gauge
    let leased: [TaskLedger.Phase: Gauge]
    var dispatched, planned, skipped, articles, failures: PublishedCount

    init(factory: any MetricsFactory) {
        let make = MetricMaker(factory: factory)
        dispatched = PublishedCount(make.counter(MetricCatalog.producerTasksDispatched))
        planned = PublishedCount(make.counter(MetricCatalog.producerTasksPlanned))
        skipped = PublishedCount(make.counter(MetricCatalog.producerTasksSkipped))
        articles = PublishedCount(make.counter(MetricCatalog.producerTasksCommitted, [("kind", "article")]))
        failures = PublishedCount(make.counter(MetricCatalog.producerTasksCommitted, [("kind", "failure")]))
        leaseExpiries = make.counter(MetricCatalog.producerLeaseExpiries)
        workersJoined = make.counter(MetricCatalog.producerWorkersJoined)
        workersDropped = make.counter(MetricCatalog.producerWorkersDropped)
        collectorRestarts = make.counter(MetricCatalog.producerCollectorRestarts)
        statusRequests = make.counter(MetricCatalog.producerStatusRequests)
        retries = make.counters(
            MetricCatalog.producerTaskRetries, label: "outcome",
            ["requeued", "suspected", "charged", "failed", "resent"].map { ($0, $0) })
        open = make.gauge(MetricCatalog.producerTasksOpen)
        queued = make.gauge(MetricCatalog.producerTasksQueued)
        workersConnected = make.gauge(MetricCatalog.producerWorkersConnected)
        creditOutstanding = make.gauge(MetricCatalog.producerCreditOutstanding)
        collectorAccepting = make.gauge(MetricCatalog.producerCollectorAccepting)
        filesListed = make.gauge(MetricCatalog.producerFilesListed)
        filesRead = make.gauge(MetricCatalog.producerFilesRead)
        planningDone = make.gauge(MetricCatalog.producerPlanningDone)
        let phases: [TaskLedger.Phase] = [.dispatched, .started, .finished, .awaitingCommit]
        leased = Dictionary(
            uniqueKeysWithValues: phases.map {
                ($0, make.gauge(MetricCatalog.producerTasksLeased, [("phase", $0.rawValue)]))
            })
    }

    /// Counts what became of tasks taken back (`TaskLedger.Outcome`).
    func record(_ outcomes: [TaskLedger.Outcome]) {
        for outcome in outcomes {
            let key: String
            switch outcome {
            case .requeued: key = "requeued"
            case .suspected: key = "suspected"
            case .charged: key = "charged"
            case .failed: key = "failed"
            case .resent: key = "resent"
            }
            retries[key]?.increment()
        }
    }
}

/// A worker's metrics (see `MetricCatalog`). Owned by the worker's socket thread.
struct WorkerMetrics {
    let started, extracted, resultsDeferred, producerReconnects: Counter
    let extractionTime: CoreMetrics.Timer
    let creditWindow, tasksHeld, threadsBusy, roundTrip, collectorReachable: Gauge

    init(factory: any MetricsFactory) {
        let make = MetricMaker(factory: factory)
        started = make.counter(MetricCatalog.workerTasksStarted)
        extracted = make.counter(MetricCatalog.workerTasksExtracted)
        resultsDeferred = make.counter(MetricCatalog.workerResultsDeferred)
        producerReconnects = make.counter(MetricCatalog.workerProducerReconnects)
        extractionTime = make.timer(MetricCatalog.workerExtractionSeconds)
        creditWindow = make.gauge(MetricCatalog.workerCreditWindow)
        tasksHeld = make.gauge(MetricCatalog.workerTasksHeld)
        threadsBusy = make.gauge(MetricCatalog.workerThreadsBusy)
        roundTrip = make.gauge(MetricCatalog.workerRoundTrip)
        collectorReachable = make.gauge(MetricCatalog.workerCollectorReachable)
    }

    /// Counts the tasks reported started and finished in one loop turn.
    func counted(started count: Int, extracted records: Int) {
        if count > 0 { started.increment(by: count) }
        if records > 0 { extracted.increment(by: records) }
    }
}

/// Why the collector dropped a message (the `reason` label of `collectorResultsRejected`).
enum RejectionReason: String, CaseIterable {
    case malformed, schema, idMismatch = "id-mismatch", overflow, unexpected
}

/// The collector's metrics (see `MetricCatalog`). Owned by the collector's thread.
struct CollectorMetrics {
    let rejected: [RejectionReason: Counter]
    let storeArticles, storeFailures, storeBytes, storeWritable, pending: Gauge
    /// What the store writer publishes, from its own thread (`StoreWriter`).
    let store: StoreMetrics

    init(factory: any MetricsFactory) {
        let make = MetricMaker(factory: factory)
        rejected = make.counters(
            MetricCatalog.collectorResultsRejected, label: "reason", RejectionReason.allCases.map { ($0, $0.rawValue) })
        storeArticles = make.gauge(MetricCatalog.collectorStoreArticles)
        storeFailures = make.gauge(MetricCatalog.collectorStoreFailures)
        storeBytes = make.gauge(MetricCatalog.collectorStoreBytes)
        storeWritable = make.gauge(MetricCatalog.collectorStoreWritable)
        pending = make.gauge(MetricCatalog.collectorResultsPending)
        store = StoreMetrics(factory: factory)
    }
}

/// The collector's store metrics: group commits (journal append + fsync), what they stored,
/// checkpoints. Used by the store writer thread alone.
public struct StoreMetrics: Sendable {
    let stored, duplicates: Counter
    let recordsStored: [Bool: Counter]
    let commitTime, checkpointTime: CoreMetrics.Timer
    let commitBatch: Recorder
    private let make: MetricMaker
    /// Failure-record counters by reason, made when a reason first appears (rare records).
    private var failuresByReason: [String: Counter] = [:]

    /// - Parameter factory: where they go; `NOOPMetricsHandler.instance` publishes nothing.
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        make = MetricMaker(factory: factory)
        stored = make.counter(MetricCatalog.collectorResults, [("outcome", "stored")])
        duplicates = make.counter(MetricCatalog.collectorResults, [("outcome", "duplicate")])
        recordsStored = make.counters(
            MetricCatalog.collectorRecordsStored, label: "kind", [(false, "article"), (true, "failure")])
        commitTime = make.timer(MetricCatalog.collectorCommitSeconds)
        checkpointTime = make.timer(MetricCatalog.collectorCheckpointSeconds)
        commitBatch = make.histogram(MetricCatalog.collectorCommitBatch)
    }

    /// Counts one group commit of `results` records, of which `fresh` were new to the store
    /// (the rest were stored before: duplicates acknowledged again), failure records among
    /// them by reason.
    mutating func committed(results: Int, fresh: Int, failureReasons: [String], nanoseconds: Int) {
        commitTime.recordNanoseconds(nanoseconds)
        commitBatch.record(results)
        stored.increment(by: fresh)
        duplicates.increment(by: max(0, results - fresh))
        recordsStored[false]?.increment(by: fresh - failureReasons.count)
        recordsStored[true]?.increment(by: failureReasons.count)
        for reason in failureReasons { failureStored(reason: reason) }
    }

    /// Counts one newly stored failure record under its reason.
    private mutating func failureStored(reason: String) {
        if failuresByReason[reason] == nil {
            failuresByReason[reason] = make.counter(MetricCatalog.collectorFailuresStored, [("reason", reason)])
        }
        failuresByReason[reason]!.increment()
    }
}
