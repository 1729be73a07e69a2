import DequeModule

/// The producer's record of every open task: where it is, since when, and how often it was
/// to blame for a crash.
///
/// ### Invariant
/// Every open task is in exactly one place: a queue (failures to send, retries, suspects,
/// fresh tasks) or a lease held by one worker (or by the collector, for failure records the
/// producer sends itself). Every lease has a deadline. So the producer never waits on a task
/// that nobody holds: whatever is lost comes back through a worker's death or a deadline.
///
/// ### Blame
/// An attempt is charged only to a task that was extracted *alone* on a worker that then died,
/// or whose lone extraction ran past its lease, or whose lone record never got committed.
/// When a worker dies in normal operation, the tasks it may have been extracting (those it
/// reported started, and the next `threads` it had not reported) become *suspects*; all its
/// other tasks go back to the queue free. A suspect is later dispatched in isolation
/// (`TaskFlags.isolated`) to an empty worker that must report `started` and wait for
/// `proceed` before extracting it, so a crash then is certainly during that extraction.
/// After `maxAttempts` charges the task becomes a `max-attempts` failure record.
struct TaskLedger {
    typealias Task = TaskPlanner.PlannedTask

    /// Where an open task is.
    enum Phase: String, Sendable {
        /// Waiting in a queue.
        case queued
        /// Sent to a worker, which has not said it started.
        case dispatched
        /// The worker said extraction began.
        case started
        /// The worker said the record went to the collector; waiting for the commit.
        case finished
        /// A failure record the producer sent to the collector itself; waiting for the commit.
        case awaitingCommit = "awaiting-commit"
    }

    struct Entry {
        var task: Task
        var phase: Phase = .queued
        var worker: PeerID?
        /// When the current phase began (ms, monotonic).
        var since: Int
        var deadline = Int.max
        /// Dispatch order among this worker's tasks (the order it extracts them in).
        var sequence = 0
        var charges = 0
        var dispatches = 0
        var suspect = false
        var isolated = false
    }

    /// What a change did to a task, for the producer's log.
    enum Outcome: Equatable {
        /// Back in a queue, no attempt charged.
        case requeued(TaskID)
        /// A suspect now, to be extracted alone next time.
        case suspected(TaskID)
        /// Charged an attempt and queued again (isolated).
        case charged(TaskID, attempts: Int)
        /// Out of attempts: it will be stored as a failure record.
        case failed(TaskID, attempts: Int)
        /// A failure record whose commit is overdue: sent again.
        case resent(TaskID)
    }

    private var entries: [TaskID: Entry] = [:]
    private var fresh = Deque<TaskID>()
    private var retries = Deque<TaskID>()
    private var suspects = Deque<TaskID>()
    private var failures = Deque<TaskID>()
    private var byWorker: [PeerID: Set<TaskID>] = [:]
    private var nextSequence = 0
    /// Tasks not queued: leased to a worker or awaiting a commit. Deadlines are scanned here
    /// only, so the cost of a scan follows the tasks in flight, not the whole run.
    private var leased = Set<TaskID>()
    /// No lease ends before this (ms, monotonic): a lower bound on every deadline, lowered
    /// whenever a deadline is set and raised to the true minimum by each scan. Deadlines are a
    /// lease (60 s) away and tasks live for milliseconds, so `expire` scans about once a lease
    /// instead of walking every lease on each housekeeping turn.
    private var earliestDeadline = Int.max
    /// Dispatches since the ledger was made, retries included (for metrics).
    private(set) var dispatchCount = 0

    let leaseMilliseconds: Int
    let maxAttempts: Int

    init(leaseMilliseconds: Int, maxAttempts: Int) {
        self.leaseMilliseconds = leaseMilliseconds
        self.maxAttempts = maxAttempts
    }

    /// Makes room for `count` tasks at once, so the table of entries does not regrow (and
    /// rehash every entry) again and again while the plan streams in: in a fresh run the plan
    /// runs far ahead of the commits, and the regrowth cost the run loop about 2 % of its time.
    mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    // MARK: Counts

    /// Tasks not yet committed.
    var remaining: Int { entries.count }
    /// Tasks leased to a worker or awaiting a commit.
    var inFlight: Int { leased.count }
    var isFinished: Bool { entries.isEmpty }
    var hasSuspects: Bool { suspects.contains { entries[$0]?.phase == .queued } }
    var hasFailuresToSend: Bool { !failures.isEmpty }

    func entry(_ id: TaskID) -> Entry? { entries[id] }
    func leaseCount(of worker: PeerID) -> Int { byWorker[worker]?.count ?? 0 }

    mutating func enqueue(_ tasks: [Task], now: Int) {
        for task in tasks where entries[task.id] == nil {
            entries[task.id] = Entry(task: task, since: now)
            if task.failure != nil { failures.append(task.id) } else { fresh.append(task.id) }
        }
    }

    // MARK: Taking tasks out of the queues

    /// The next failure record the producer must send to the collector itself.
    mutating func nextFailure(now: Int) -> Task? {
        while let id = failures.popFirst() {
            guard var e = entries[id], e.phase == .queued, e.task.failure != nil else { continue }
            e.phase = .awaitingCommit
            e.since = now
            e.deadline = now + leaseMilliseconds
            entries[id] = e
            leased.insert(id)
            earliestDeadline = min(earliestDeadline, e.deadline)
            return e.task
        }
        return nil
    }

    /// The next task for a normal dispatch: retries first, then fresh tasks. Suspects wait
    /// for an isolated dispatch.
    mutating func nextNormal() -> TaskID? {
        while let id = retries.popFirst() ?? fresh.popFirst() {
            guard let e = entries[id], e.phase == .queued, !e.suspect, e.task.failure == nil else { continue }
            return id
        }
        return nil
    }

    /// The next suspect, for an isolated dispatch.
    mutating func nextSuspect() -> TaskID? {
        while let id = suspects.popFirst() {
            guard let e = entries[id], e.phase == .queued, e.suspect, e.task.failure == nil else { continue }
            return id
        }
        return nil
    }

    /// Gives back a task taken with `nextNormal`/`nextSuspect` but not dispatched.
    mutating func putBack(_ id: TaskID) {
        guard let e = entries[id], e.phase == .queued else { return }
        if e.suspect { suspects.prepend(id) } else { retries.prepend(id) }
    }

    /// Takes the article bytes kept from the scan, if any: the ledger forgets them (once sent,
    /// a retry reads the file again).
    mutating func takeBody(_ id: TaskID) -> [UInt8]? {
        update(id) { e in
            defer { e.task.body = nil }
            return e.task.body
        } ?? nil
    }

    /// Turns a queued task into a failure record the producer sends itself (its file
    /// vanished or changed after planning).
    mutating func convertToFailure(_ id: TaskID, _ record: FailureRecord) {
        guard var e = entries[id], e.phase == .queued else { return }
        e.task.failure = record
        entries[id] = e
        failures.append(id)
    }

    // MARK: Lease lifecycle

    /// Records a dispatch to `worker`. - Returns: the attempt number the task carries.
    @discardableResult
    mutating func dispatch(_ id: TaskID, to worker: PeerID, isolated: Bool, now: Int) -> Int {
        let (lease, sequence) = (now + leaseMilliseconds, nextSequence)
        let charges = update(id) { e -> Int? in
            guard e.phase == .queued else { return nil }
            e.phase = .dispatched
            e.worker = worker
            e.since = now
            e.deadline = lease
            e.sequence = sequence
            e.dispatches += 1
            e.isolated = isolated
            return e.charges
        } ?? nil
        guard let charges else { return 0 }
        nextSequence += 1
        dispatchCount += 1
        byWorker[worker, default: []].insert(id)
        leased.insert(id)
        earliestDeadline = min(earliestDeadline, lease)
        return charges + 1
    }

    /// The worker began extracting these. - Returns: the isolated ones, which wait for `proceed`.
    mutating func started(_ ids: [TaskID], by worker: PeerID, now: Int) -> [TaskID] {
        var proceed: [TaskID] = []
        let lease = now + leaseMilliseconds
        earliestDeadline = min(earliestDeadline, lease)
        for id in ids {
            let isolated = update(id) { e -> Bool in
                guard e.worker == worker, e.phase == .dispatched else { return false }
                e.phase = .started
                e.since = now
                e.deadline = lease
                return e.isolated
            }
            if isolated == true { proceed.append(id) }
        }
        return proceed
    }

    /// The worker handed these records to the collector link.
    mutating func finished(_ ids: [TaskID], by worker: PeerID, now: Int) {
        let lease = now + leaseMilliseconds
        earliestDeadline = min(earliestDeadline, lease)
        for id in ids {
            update(id) { e in
                guard e.worker == worker, e.phase == .dispatched || e.phase == .started else { return }
                e.phase = .finished
                e.since = now
                e.deadline = lease
            }
        }
    }

    /// The worker gave these back unextracted: queued again, no attempt charged.
    mutating func released(_ ids: [TaskID], by worker: PeerID, now: Int) -> [Outcome] {
        ids.compactMap { id in
            guard let e = entries[id], e.worker == worker, e.phase == .dispatched else { return nil }
            requeue(id, now: now)
            return .requeued(id)
        }
    }

    /// Marks a task committed. - Returns: false if it was not open (a repeated ack).
    mutating func commit(_ id: TaskID) -> Bool {
        guard let e = entries.removeValue(forKey: id) else { return false }
        leased.remove(id)
        if let worker = e.worker { byWorker[worker]?.remove(id) }
        return true
    }

    // MARK: Faults

    /// A worker died or was dropped. Its tasks are requeued free, made suspects, or charged
    /// (see "Blame" above). `threads` is how many tasks it extracts at once.
    mutating func workerLost(_ worker: PeerID, threads: Int, now: Int) -> [Outcome] {
        let held = (byWorker.removeValue(forKey: worker) ?? []).sorted { entries[$0]!.sequence < entries[$1]!.sequence }
        var unreported = max(1, threads)
        var outcomes: [Outcome] = []
        for id in held {
            let e = entries[id]!
            if e.isolated && (e.phase == .started || e.phase == .finished) {
                outcomes.append(e.phase == .started ? charge(id, now: now) : suspect(id, now: now))
                continue
            }
            switch e.phase {
            case .started:
                outcomes.append(suspect(id, now: now))
            case .dispatched where unreported > 0 && !e.isolated:
                unreported -= 1
                outcomes.append(suspect(id, now: now))
            default:
                requeue(id, now: now)
                outcomes.append(.requeued(id))
            }
        }
        return outcomes
    }

    /// Deadlines passed at `now`. - Returns: what happened to each task, and the workers that
    /// held a task past its deadline (the producer drops them: they are stuck or not working).
    mutating func expire(now: Int) -> (outcomes: [Outcome], stuckWorkers: Set<PeerID>) {
        var outcomes: [Outcome] = []
        var stuck = Set<PeerID>()
        guard now >= earliestDeadline else { return (outcomes, stuck) }
        // Requeued tasks get no deadline and the ones that stay keep theirs, so the minimum
        // over the leases that stay is the new bound.
        earliestDeadline = Int.max
        for id in leased {
            let e = entries[id]!
            guard e.deadline <= now else {
                earliestDeadline = min(earliestDeadline, e.deadline)
                continue
            }
            switch e.phase {
            case .queued:
                continue
            case .awaitingCommit:
                entries[id] = release(id, now: now)
                failures.append(id)
                outcomes.append(.resent(id))
            case .dispatched:
                if let worker = e.worker { stuck.insert(worker) }
                requeue(id, now: now)
                outcomes.append(.requeued(id))
            case .started, .finished:
                if let worker = e.worker { stuck.insert(worker) }
                outcomes.append(e.isolated ? charge(id, now: now) : suspect(id, now: now))
            }
        }
        return (outcomes, stuck)
    }

    /// Pushes every deadline to at least a full lease from now: the collector is away or
    /// cannot write, so no worker is at fault.
    mutating func extendLeases(now: Int) {
        let floor = now + leaseMilliseconds
        for id in leased where entries[id]!.deadline < floor { entries[id]!.deadline = floor }
        // Deadlines only rose, so `earliestDeadline` is still a lower bound.
    }

    /// Ends every lease without charging (the collector restarted and may have lost results
    /// it had not committed). - Returns: how many tasks were requeued.
    mutating func requeueAll(now: Int) -> Int {
        let all = leased
        for id in all {
            if entries[id]!.phase == .awaitingCommit {
                entries[id] = release(id, now: now)
                failures.append(id)
            } else {
                requeue(id, now: now)
            }
        }
        byWorker.removeAll()
        return all.count
    }

    // MARK: Transitions

    /// Changes the open entry of `id` where it lies in the table: one hash lookup and no copy
    /// of the entry (the hot paths run once or more per task). Nil when `id` is not open.
    @discardableResult
    private mutating func update<R>(_ id: TaskID, _ change: (inout Entry) -> R) -> R? {
        guard let index = entries.index(forKey: id) else { return nil }
        return change(&entries.values[index])
    }

    private mutating func release(_ id: TaskID, now: Int) -> Entry {
        var e = entries[id]!
        if let worker = e.worker { byWorker[worker]?.remove(id) }
        leased.remove(id)
        e.phase = .queued
        e.worker = nil
        e.since = now
        e.deadline = .max
        e.isolated = false
        return e
    }

    private mutating func requeue(_ id: TaskID, now: Int) {
        let e = release(id, now: now)
        entries[id] = e
        if e.suspect { suspects.append(id) } else { retries.append(id) }
    }

    private mutating func suspect(_ id: TaskID, now: Int) -> Outcome {
        var e = release(id, now: now)
        e.suspect = true
        entries[id] = e
        suspects.append(id)
        return .suspected(id)
    }

    private mutating func charge(_ id: TaskID, now: Int) -> Outcome {
        var e = release(id, now: now)
        e.charges += 1
        e.suspect = true
        guard e.charges >= maxAttempts else {
            entries[id] = e
            suspects.append(id)
            return .charged(id, attempts: e.charges)
        }
        e.task.failure = FailureRecord(
            id: e.task.id.hex, source: .init(path: e.task.path, bytes: 0), reason: .maxAttempts,
            detail: "the worker died or ran past the lease while extracting this article alone, "
                + "\(e.charges) times", attempts: e.charges)
        entries[id] = e
        failures.append(id)
        return .failed(id, attempts: e.charges)
    }

    // MARK: Reports

    /// Open tasks for the producer's stall report: the ones held somewhere first (they say
    /// where things are stuck), then the queued ones; oldest first within each.
    func openTasks(limit: Int) -> [Entry] {
        let held = leased.compactMap { entries[$0] }.sorted { ($0.since, $0.task.id) < ($1.since, $1.task.id) }
        guard held.count < limit else { return Array(held.prefix(limit)) }
        let queued = entries.values.filter { $0.phase == .queued }
            .sorted { ($0.since, $0.task.id) < ($1.since, $1.task.id) }
        return held + queued.prefix(limit - held.count)
    }

    /// How many open tasks are in each phase.
    func phaseCounts() -> [Phase: Int] {
        entries.values.reduce(into: [:]) { $0[$1.phase, default: 0] += 1 }
    }

    /// How many leased tasks are in each phase (queued tasks are `remaining - inFlight`).
    /// Walks only the leases, so its cost follows the tasks in flight, not the whole run.
    func leasedPhaseCounts() -> [Phase: Int] {
        leased.reduce(into: [:]) { counts, id in counts[entries[id]!.phase, default: 0] += 1 }
    }

    /// Checks the invariant (tests): every open task queued or leased, counts consistent.
    func checkInvariant() -> String? {
        let queuedIDs = Set(fresh).union(retries).union(suspects).union(failures)
        var leasedNow = 0
        for (id, e) in entries {
            if e.phase == .queued {
                if !queuedIDs.contains(id) { return "task \(id) is queued in no queue" }
                if leased.contains(id) { return "task \(id) is queued but counted as leased" }
            } else {
                leasedNow += 1
                if !leased.contains(id) { return "task \(id) is \(e.phase) but not counted as leased" }
                if e.deadline == .max { return "task \(id) is \(e.phase) without a deadline" }
                if e.phase != .awaitingCommit, let w = e.worker, byWorker[w]?.contains(id) != true {
                    return "task \(id) is \(e.phase) but not listed under its worker"
                }
            }
        }
        return leasedNow == leased.count ? nil : "leased count \(leased.count), actual \(leasedNow)"
    }
}
