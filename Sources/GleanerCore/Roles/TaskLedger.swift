/// The producer's record of every task: queued, leased to a worker, or committed.
///
/// A task leaves the ledger only when the collector commits it. A lease has a deadline;
/// an expired lease or a dead worker puts the task back at the front of the queue. Each
/// dispatch counts as an attempt; once `maxAttempts` dispatches have not produced a commit,
/// the task is requeued as a `max-attempts` failure record instead.
struct TaskLedger {
    typealias Task = ProducerPlan.PlannedTask

    private struct Lease {
        var task: Task
        var worker: [UInt8]?
        var deadline: Int
    }

    private var queue: [Task] = []
    private var head = 0
    private var front: [Task] = []  // retries, served before the queue (LIFO is fine)
    private var leases: [TaskID: Lease] = [:]
    private var attempts: [TaskID: Int] = [:]
    private var open = Set<TaskID>()
    let leaseMilliseconds: Int
    let maxAttempts: Int

    init(leaseMilliseconds: Int, maxAttempts: Int) {
        self.leaseMilliseconds = leaseMilliseconds
        self.maxAttempts = maxAttempts
    }

    mutating func enqueue(_ tasks: [Task]) {
        for task in tasks where open.insert(task.id).inserted { queue.append(task) }
    }

    /// Tasks not yet committed.
    var remaining: Int { open.count }
    var inFlight: Int { leases.count }
    var isFinished: Bool { open.isEmpty }

    /// The next task to dispatch, skipping any committed meanwhile.
    mutating func nextQueued() -> Task? {
        while true {
            let task: Task
            if let retry = front.popLast() {
                task = retry
            } else if head < queue.count {
                task = queue[head]
                head += 1
                if head > 4_096 && head * 2 > queue.count { queue.removeFirst(head); head = 0 }
            } else {
                return nil
            }
            if open.contains(task.id) && leases[task.id] == nil { return task }
        }
    }

    /// Returns a task taken with `nextQueued` but not dispatched.
    mutating func putBack(_ task: Task) { front.append(task) }

    /// Records a dispatch. Worker tasks count an attempt; failure records do not.
    /// - Returns: the attempt number of this dispatch.
    @discardableResult
    mutating func lease(_ id: TaskID, to worker: [UInt8]?, now: Int) -> Int {
        guard let task = find(id) else { return 0 }
        if worker != nil { attempts[id, default: 0] += 1 }
        leases[id] = Lease(task: task, worker: worker, deadline: now + leaseMilliseconds)
        return attempts[id] ?? 0
    }

    private func find(_ id: TaskID) -> Task? {
        if let lease = leases[id] { return lease.task }
        if let t = front.last(where: { $0.id == id }) { return t }
        if head > 0, queue[head - 1].id == id { return queue[head - 1] }
        return queue[head...].first { $0.id == id }
    }

    /// Marks a task committed. - Returns: false if it was not open (a repeated ack).
    mutating func commit(_ id: TaskID) -> Bool {
        guard open.remove(id) != nil else { return false }
        leases[id] = nil
        attempts[id] = nil
        return true
    }

    /// Ends a lease without a commit: the task goes back to the front of the queue, as a
    /// `max-attempts` failure record when its attempts are used up.
    /// - Returns: the failure record when the task just ran out of attempts.
    mutating func retry(_ id: TaskID) -> FailureRecord? {
        guard var task = leases.removeValue(forKey: id)?.task, open.contains(id) else { return nil }
        var failure: FailureRecord?
        if task.failure == nil, attempts[id, default: 0] >= maxAttempts {
            let record = FailureRecord(
                id: id.hex, source: .init(path: task.path, bytes: 0), reason: .maxAttempts,
                detail: "no result after \(attempts[id, default: 0]) dispatches (worker crashed or lease expired each time)",
                attempts: attempts[id, default: 0])
            task.failure = record
            failure = record
        }
        front.append(task)
        return failure
    }

    /// Tasks leased to `worker`.
    func leased(to worker: [UInt8]) -> [TaskID] {
        leases.filter { $0.value.worker == worker }.map(\.key).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// Tasks whose lease deadline has passed.
    func expired(now: Int) -> [TaskID] {
        leases.filter { $0.value.deadline <= now }.map(\.key)
    }

    /// Pushes every deadline to at least a full lease from now (the collector is away, so
    /// no worker is at fault).
    mutating func extendLeases(now: Int) {
        for id in leases.keys where leases[id]!.deadline < now + leaseMilliseconds {
            leases[id]!.deadline = now + leaseMilliseconds
        }
    }

    /// Ends every lease without counting an attempt (the collector restarted and may have
    /// lost results it had not committed). - Returns: how many tasks were requeued.
    mutating func requeueAll() -> Int {
        let all = leases
        leases.removeAll()
        for (id, lease) in all {
            if lease.worker != nil { attempts[id, default: 1] -= 1 }
            front.append(lease.task)
        }
        return all.count
    }
}
