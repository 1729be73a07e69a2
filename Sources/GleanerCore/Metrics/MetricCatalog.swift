/// One metric a role publishes: its Prometheus name, kind, labels and meaning.
///
/// Declared once, here: the role metrics (`ProducerMetrics`, `WorkerMetrics`,
/// `CollectorMetrics`) create their swift-metrics objects from these definitions, the
/// Prometheus factory takes each one's help text and histogram buckets from them, and a test
/// checks that docs/operations.md names every one.
public struct MetricDefinition: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Only goes up; `rate()` turns it into a per-second figure.
        case counter
        /// A value sampled now (refreshed every second by the role's housekeeping).
        case gauge
        /// Observations in buckets; the bounds are in seconds for durations, plain values
        /// otherwise.
        case histogram(buckets: [Double])
    }

    public let name: String
    public let kind: Kind
    /// Label names this metric carries (each combination is its own series).
    public let labels: [String]
    /// One sentence: what the number means (the `# HELP` line).
    public let help: String

    public init(_ name: String, _ kind: Kind, labels: [String] = [], help: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
    }
}

/// Every metric Gleaner publishes, by role. Names follow Prometheus conventions: a
/// `gleaner_ROLE_` prefix, `_total` on counters, base units (seconds, bytes).
public enum MetricCatalog {
    /// Bounds of duration histograms: half a millisecond to a minute (seconds).
    public static let secondsBuckets: [Double] = [
        0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]
    /// Bounds of the group-commit batch size histogram (records): powers of two up to the
    /// collector's batch limit.
    public static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024]

    // MARK: Producer

    public static let producerTasksPlanned = MetricDefinition(
        "gleaner_producer_tasks_planned_total", .counter,
        help: "Tasks found while reading the input (one per article; repeated content counted once).")
    public static let producerTasksSkipped = MetricDefinition(
        "gleaner_producer_tasks_skipped_total", .counter,
        help: "Planned tasks the store already held (resume): not dispatched.")
    public static let producerTasksDispatched = MetricDefinition(
        "gleaner_producer_tasks_dispatched_total", .counter,
        help: "Tasks sent to workers, retries included.")
    public static let producerTasksCommitted = MetricDefinition(
        "gleaner_producer_tasks_committed_total", .counter, labels: ["kind"],
        help: "Tasks the collector acknowledged as durable, by kind (article or failure record).")
    public static let producerTaskRetries = MetricDefinition(
        "gleaner_producer_task_retries_total", .counter, labels: ["outcome"],
        help: "Tasks taken back from a worker or the collector, by outcome: requeued (free), suspected "
            + "(to run alone), charged (an attempt counted), failed (out of attempts), resent (a failure "
            + "record sent again).")
    public static let producerLeaseExpiries = MetricDefinition(
        "gleaner_producer_lease_expiries_total", .counter,
        help: "Leases that ran out before the task was committed.")
    public static let producerWorkersJoined = MetricDefinition(
        "gleaner_producer_workers_joined_total", .counter,
        help: "Worker registrations (ready), reconnections included.")
    public static let producerWorkersDropped = MetricDefinition(
        "gleaner_producer_workers_dropped_total", .counter,
        help: "Workers dropped: silent past their liveness, holding a task past its lease, or gone.")
    public static let producerCollectorRestarts = MetricDefinition(
        "gleaner_producer_collector_restarts_total", .counter,
        help: "Times a new collector instance answered (everything in flight was dispatched again).")
    public static let producerStatusRequests = MetricDefinition(
        "gleaner_producer_status_requests_total", .counter,
        help: "Status requests answered (gleaner status).")
    public static let producerTasksOpen = MetricDefinition(
        "gleaner_producer_tasks_open", .gauge,
        help: "Tasks planned and not yet committed (queued or leased).")
    public static let producerTasksQueued = MetricDefinition(
        "gleaner_producer_tasks_queued", .gauge,
        help: "Open tasks waiting in a queue for a worker (suspects and failure records to send included).")
    public static let producerTasksLeased = MetricDefinition(
        "gleaner_producer_tasks_leased", .gauge, labels: ["phase"],
        help: "Open tasks under a lease, by phase: dispatched, started, finished, awaiting-commit.")
    public static let producerWorkersConnected = MetricDefinition(
        "gleaner_producer_workers_connected", .gauge,
        help: "Registered workers.")
    public static let producerCreditOutstanding = MetricDefinition(
        "gleaner_producer_credit_outstanding", .gauge,
        help: "Tasks the workers have asked for and not yet been sent.")
    public static let producerCollectorAccepting = MetricDefinition(
        "gleaner_producer_collector_accepting", .gauge,
        help: "1 while the collector answers and can write its store (dispatch runs), else 0.")
    public static let producerFilesListed = MetricDefinition(
        "gleaner_producer_files_listed", .gauge,
        help: "Input files found when the run started.")
    public static let producerFilesRead = MetricDefinition(
        "gleaner_producer_files_read", .gauge,
        help: "Input files read and hashed so far (planning progress).")
    public static let producerPlanningDone = MetricDefinition(
        "gleaner_producer_planning_done", .gauge,
        help: "1 once every input file is read and checked against the store, else 0.")

    // MARK: Worker

    public static let workerTasksStarted = MetricDefinition(
        "gleaner_worker_tasks_started_total", .counter,
        help: "Tasks whose extraction began.")
    public static let workerTasksExtracted = MetricDefinition(
        "gleaner_worker_tasks_extracted_total", .counter,
        help: "Records (articles and failure records) handed to the collector link.")
    public static let workerResultsDeferred = MetricDefinition(
        "gleaner_worker_results_deferred_total", .counter,
        help: "Times the collector link's queue was full; the worker keeps the records and sends them again.")
    public static let workerProducerReconnects = MetricDefinition(
        "gleaner_worker_producer_reconnects_total", .counter,
        help: "Times the producer went silent and the worker opened a fresh socket.")
    public static let workerExtractionSeconds = MetricDefinition(
        "gleaner_worker_extraction_seconds", .histogram(buckets: secondsBuckets),
        help: "Time from handing a task to an extraction thread to its record coming back (seconds).")
    public static let workerCreditWindow = MetricDefinition(
        "gleaner_worker_credit_window", .gauge,
        help: "Tasks the worker wants to hold (its credit window: the link's bandwidth-delay product).")
    public static let workerTasksHeld = MetricDefinition(
        "gleaner_worker_tasks_held", .gauge,
        help: "Tasks held: queued in the worker, running on a thread, or waiting to proceed.")
    public static let workerThreadsBusy = MetricDefinition(
        "gleaner_worker_threads_busy", .gauge,
        help: "Extraction threads extracting now.")
    public static let workerRoundTrip = MetricDefinition(
        "gleaner_worker_round_trip_seconds", .gauge,
        help: "Smallest producer round trip (ping to pong) since connecting (seconds); absent until measured.")
    public static let workerCollectorReachable = MetricDefinition(
        "gleaner_worker_collector_reachable", .gauge,
        help: "1 while the collector answers the worker's heartbeats (it takes work only then), else 0.")

    // MARK: Collector

    public static let collectorResults = MetricDefinition(
        "gleaner_collector_results_total", .counter, labels: ["outcome"],
        help: "Results committed, by outcome: stored (new) or duplicate (already stored; acknowledged again).")
    public static let collectorResultsRejected = MetricDefinition(
        "gleaner_collector_results_rejected_total", .counter, labels: ["reason"],
        help: "Messages dropped without storing, by reason: malformed, schema, id-mismatch, overflow "
            + "(store unavailable and the queue full), unexpected (a command not for the collector).")
    public static let collectorRecordsStored = MetricDefinition(
        "gleaner_collector_records_stored_total", .counter, labels: ["kind"],
        help: "Records newly stored, by kind (article or failure); rate() gives records per second.")
    public static let collectorFailuresStored = MetricDefinition(
        "gleaner_collector_failures_stored_total", .counter, labels: ["reason"],
        help: "Failure records newly stored, by reason (empty, binary, too-large, max-attempts, ...).")
    public static let collectorCommitSeconds = MetricDefinition(
        "gleaner_collector_commit_seconds", .histogram(buckets: secondsBuckets),
        help: "Duration of one group commit: journal append, fdatasync, index update (seconds).")
    public static let collectorCommitBatch = MetricDefinition(
        "gleaner_collector_commit_batch_records", .histogram(buckets: batchBuckets),
        help: "Results per group commit (one fdatasync each).")
    public static let collectorCheckpointSeconds = MetricDefinition(
        "gleaner_collector_checkpoint_seconds", .histogram(buckets: secondsBuckets),
        help: "Duration of one checkpoint: entity table, corpus.json, state snapshot (seconds).")
    public static let collectorStoreArticles = MetricDefinition(
        "gleaner_collector_store_articles", .gauge,
        help: "Article records in the store.")
    public static let collectorStoreFailures = MetricDefinition(
        "gleaner_collector_store_failures", .gauge,
        help: "Failure records in the store.")
    public static let collectorStoreBytes = MetricDefinition(
        "gleaner_collector_store_bytes", .gauge,
        help: "Bytes of the store's files on disk (journal, indexes, corpus.json), refreshed every 5 s.")
    public static let collectorStoreWritable = MetricDefinition(
        "gleaner_collector_store_writable", .gauge,
        help: "1 while the store can be written, 0 while commits fail (a full disk, an I/O error).")
    public static let collectorResultsPending = MetricDefinition(
        "gleaner_collector_results_pending", .gauge,
        help: "Valid results waiting for the next group commit.")

    /// Every definition, producer first.
    public static let all: [MetricDefinition] = [
        producerTasksPlanned, producerTasksSkipped, producerTasksDispatched, producerTasksCommitted,
        producerTaskRetries, producerLeaseExpiries, producerWorkersJoined, producerWorkersDropped,
        producerCollectorRestarts, producerStatusRequests, producerTasksOpen, producerTasksQueued,
        producerTasksLeased, producerWorkersConnected, producerCreditOutstanding, producerCollectorAccepting,
        producerFilesListed, producerFilesRead, producerPlanningDone,
        workerTasksStarted, workerTasksExtracted, workerResultsDeferred, workerProducerReconnects,
        workerExtractionSeconds, workerCreditWindow, workerTasksHeld, workerThreadsBusy, workerRoundTrip,
        workerCollectorReachable,
        collectorResults, collectorResultsRejected, collectorRecordsStored, collectorFailuresStored,
        collectorCommitSeconds, collectorCommitBatch, collectorCheckpointSeconds, collectorStoreArticles,
        collectorStoreFailures, collectorStoreBytes, collectorStoreWritable, collectorResultsPending,
    ]

    private static let byName: [String: MetricDefinition] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The definition of a metric name, or nil for a name Gleaner does not publish.
    public static func definition(named name: String) -> MetricDefinition? { byName[name] }
}
