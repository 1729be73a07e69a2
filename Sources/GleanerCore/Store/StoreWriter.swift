import Foundation
import Logging
import Synchronization

/// An `ArticleStore` on a thread of its own, for the collector: the collector hands it
/// batches of checked records (`submit`) and collects what became of them (`outcomes`),
/// so the journal's fsync, the merge, the indexes and the checkpoints overlap with
/// receiving and checking the next results instead of stopping them.
///
/// Guarantees, as for `ArticleStore.commit`: a batch is reported `durable` only once every
/// record of it is fsynced in the journal (or was stored before); then it is merged and
/// indexed. Batches submitted together are journaled with one fsync (group commit). When
/// the journal cannot be written, that batch and every later one are reported `failed`
/// (nothing of them is durable) and the writer stops: open a new one to retry. When the
/// indexes cannot be written, the batch is `durable` and the writer stops (`broken`): a
/// new writer rebuilds the indexes from the journal. The writer checkpoints by
/// `CheckpointPolicy` and once more when it finishes. Replacements (records of an id stored
/// at an older extractor version) are durable and acked like any record; the writer puts them
/// into the merged view by `ReplacementPolicy`, and always before it finishes.
///
/// Threads: `submit`, `outcomes`, `takeRetired`, `contains`, `finish` belong to one owner
/// thread; the writer thread alone touches the store. It hands each group's journal write
/// and fsync to a second thread (`JournalThread`), which reports the group durable, and
/// merges the group made durable before meanwhile: the kernel's copy of the records and the
/// wait for the disk stay off the merge. Before a checkpoint it merges all that is durable.
public final class StoreWriter: @unchecked Sendable {
    /// What became of a submitted batch.
    public enum Outcome: Sendable {
        /// Durable: ack it.
        case durable(ticket: Int)
        /// Nothing of it is durable: submit it again to a new writer later.
        case failed(ticket: Int, StoreError)
    }

    private struct Queue {
        var batches: [(ticket: Int, submission: ArticleStore.Submission)] = []
        var outcomes: [Outcome] = []
        var retired: [ArticleStore.Submission] = []
        var finishing = false
        /// Why the writer stopped early, if it did.
        var problem: StoreError?
        var done = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled when outcomes are reported and when a batch is merged.
    private let reported = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// Guards the store's id set between the writer thread and `contains`.
    private let idLock = NSLock()
    /// Touched by the writer thread only (and `contains`, under `idLock`); released when it ends.
    private var store: ArticleStore?
    private let logger: Logger
    /// Touched by the writer thread only.
    private var metrics: StoreMetrics
    private let counts = Atomic<Int>(0)
    private let failureCounts = Atomic<Int>(0)
    private var nextTicket = 0

    /// Opens the store (on the calling thread, replaying its journal) and starts the writer thread.
    public init(
        root: String, checkpointIntervalMilliseconds: Int, metrics: StoreMetrics = StoreMetrics(), logger: Logger
    ) throws(StoreError) {
        let store = try ArticleStore(root: root)
        self.store = store
        self.logger = logger
        self.metrics = metrics
        unreadableLines = store.unreadableLines
        counts.store(store.articleCount, ordering: .relaxed)
        failureCounts.store(store.failureCount, ordering: .relaxed)
        let thread = Thread { [self] in run(intervalMilliseconds: checkpointIntervalMilliseconds) }
        thread.start()
    }

    /// Journal lines that could not be read as records when the store was opened.
    public let unreadableLines: Int
    /// Articles stored (merged) so far.
    public var articleCount: Int { counts.load(ordering: .relaxed) }
    public var failureCount: Int { failureCounts.load(ordering: .relaxed) }
    /// Records reported durable (acked by the collector) whose batches the writer still holds
    /// to merge: memory the owner's bound on records held must count (`Collector`), since the
    /// writer merges one group while the journal makes the next one durable.
    public var unmergedRecords: Int { unmerged.load(ordering: .relaxed) }
    private let unmerged = Atomic<Int>(0)

    /// Hands a batch to the writer thread (after laying its records out for the journal,
    /// here, on the caller's thread). - Returns: its ticket, for `outcomes`.
    public func submit(_ records: [(summary: RecordSummary, json: [UInt8])]) -> Int {
        submit(ArticleStore.Submission(records))
    }

    /// Hands a batch laid out for the journal to the writer thread.
    /// - Returns: its ticket, for `outcomes`.
    public func submit(_ submission: ArticleStore.Submission) -> Int {
        let ticket = nextTicket
        nextTicket += 1
        queue.withLock { q in
            if q.done, let problem = q.problem {
                q.outcomes.append(.failed(ticket: ticket, problem))
            } else {
                q.batches.append((ticket, submission))
            }
        }
        wake.signal()
        return ticket
    }

    /// Outcomes reported since the last call, in submission order.
    public func outcomes() -> [Outcome] {
        queue.withLock { q in
            defer { q.outcomes.removeAll() }
            return q.outcomes
        }
    }

    /// Submissions held back for the owner once the writer is done with them, at most.
    static let retiredLimit = 8

    /// Submissions the writer is done with (merged and indexed, or failed), handed back so
    /// that their memory is freed, or reused, by the thread that made it: a free from another
    /// thread contends for the allocator's lock of the thread that allocated. Past
    /// `retiredLimit` waiting, the writer frees them itself.
    public func takeRetired() -> [ArticleStore.Submission] {
        queue.withLock { q in
            defer { q.retired.removeAll() }
            return q.retired
        }
    }

    /// Blocks until the writer reports outcomes or merges a batch, or for `timeoutMilliseconds`.
    public func waitForOutcomes(timeoutMilliseconds: Int) {
        _ = reported.wait(timeout: .now() + .milliseconds(timeoutMilliseconds))
    }

    /// Why the writer stopped, once it has (then every later batch fails).
    public var problem: StoreError? { queue.withLock { $0.problem } }

    /// Whether a record with this id is durably stored.
    public func contains(_ id: String) -> Bool {
        idLock.lock()
        defer { idLock.unlock() }
        return store?.contains(id) ?? false
    }

    /// Whether a record with this id is durably stored at extractor version `minimumVersion`
    /// or newer (`ArticleStore.contains(_:extractorVersion:)`).
    public func contains(_ id: String, extractorVersion minimumVersion: Int) -> Bool {
        guard let key = RecordKey(id) else { return false }
        return contains(key, extractorVersion: minimumVersion)
    }

    /// `contains(_:extractorVersion:)` for an id already parsed into a key.
    public func contains(_ key: RecordKey, extractorVersion minimumVersion: Int) -> Bool {
        idLock.lock()
        defer { idLock.unlock() }
        return store?.contains(key, extractorVersion: minimumVersion) ?? false
    }

    /// Waits until every submitted batch is written and a last checkpoint is made (or the
    /// writer stopped), and ends the writer thread. - Returns: the last outcomes.
    public func finish() -> [Outcome] {
        let first = queue.withLock { q in
            defer { q.finishing = true }
            return !q.finishing
        }
        if first {
            wake.signal()
            finished.wait()
        }
        return outcomes()
    }

    // MARK: The writer thread

    private func run(intervalMilliseconds: Int) {
        ThreadName.set("store-writer")
        let journaling = JournalThread(name: "store-journal")
        var policy = CheckpointPolicy(intervalMilliseconds: intervalMilliseconds, now: MonotonicClock.milliseconds())
        var replacements = ReplacementPolicy(intervalMilliseconds: intervalMilliseconds)
        // Durable and not merged yet: merged while the batches after it are journaled.
        var toMerge: Durable?
        defer {
            journaling.stop()
            idLock.lock()
            store = nil  // closes the store and drops its lock before anyone reopens it
            idLock.unlock()
            finished.signal()
        }
        while true {
            if toMerge == nil { _ = wake.wait(timeout: .now() + .milliseconds(250)) }
            let now = MonotonicClock.milliseconds()
            // A checkpoint or a rebuild is due: merge what is durable and journal nothing
            // meanwhile, so that the checkpoint's end of the journal is the end of what it holds.
            let draining = toMerge != nil && (policy.isDue(now: now) || replacements.isDue(now: now))
            let work = queue.withLock { q in
                defer { if !draining { q.batches.removeAll() } }
                return draining ? [] : q.batches
            }
            guard let next = cycle(work, merging: toMerge.take(), on: journaling) else { return }
            toMerge = next.durable
            if next.replaced > 0 { replacements.arrived(next.replaced, now: MonotonicClock.milliseconds()) }
            guard toMerge == nil else { continue }
            if queue.withLock({ $0.finishing && $0.batches.isEmpty }) {
                guard applyReplacements() != nil else { return }
                checkpoint(final: true)
                queue.withLock { $0.done = true }
                return
            }
            if replacements.isDue(now: now) {
                guard let seconds = applyReplacements() else { return }
                replacements.applied(now: MonotonicClock.milliseconds(), seconds: seconds)
                policy.checkpointed(now: MonotonicClock.milliseconds(), seconds: 0)
            }
            if policy.isDue(now: now) {
                let seconds = checkpoint()
                policy.checkpointed(now: MonotonicClock.milliseconds(), seconds: seconds)
            }
        }
    }

    /// Batches made durable and not merged yet.
    private struct Durable {
        var appended: ArticleStore.Appended
        var submissions: [ArticleStore.Submission]
        /// Records in the submissions (counted in `unmergedRecords` until merged).
        var records: Int
    }

    /// One turn of the pipeline: starts journaling `work` (one write and one fsync for all of
    /// it, on the journal thread, which reports it durable), merges and indexes `merging` (made
    /// durable the turn before) meanwhile, then waits for the journal.
    /// - Returns: `work` once durable (to merge next turn) and the replacements among it, or
    ///   nil when the writer must stop.
    private func cycle(
        _ work: [(ticket: Int, submission: ArticleStore.Submission)], merging: consuming Durable?,
        on journaling: JournalThread
    ) -> (durable: Durable?, replaced: Int)? {
        guard let store else { return nil }
        let started = MonotonicClock.nanoseconds()
        let tickets = work.map(\.ticket)
        let records = work.reduce(0) { $0 + $1.submission.summaries.count }
        var pending: ArticleStore.PendingAppend?
        var failure: StoreError?
        if !work.isEmpty {
            do throws(StoreError) {
                let prepared = try store.prepareAppend(work.map(\.submission))
                if let write = prepared.write {
                    journaling.start(write) { [self] in reportDurable(tickets, records: records) }
                } else {
                    reportDurable(tickets, records: records)  // every record was stored before
                }
                pending = prepared
            } catch {
                failure = error
            }
        }
        // Moved, not copied, into `merge`: its submissions go back to the owner referenced once.
        var merged = true
        if let durable = merging.take() { merged = merge(consume durable) }
        if pending?.write != nil, case .failure(let error) = journaling.wait() { failure = error }
        if let failure {
            stop(failure, failing: tickets)
            return nil
        }
        guard merged else { return nil }
        guard let pending else { return (nil, 0) }
        let appended = store.completeAppend(pending)
        metrics.committed(
            results: records, fresh: appended.count,
            failureReasons: appended.failureReasons, nanoseconds: durableAt.load(ordering: .acquiring) - started)
        let durable = Durable(appended: appended, submissions: work.map(\.submission), records: records)
        return (durable, appended.replacements.count)
    }

    /// When the last batch was reported durable (`MonotonicClock` nanoseconds), for the
    /// commit-time metric: the journal thread reports it, the writer reads it after `wait`.
    private let durableAt = Atomic<Int>(0)

    private func reportDurable(_ tickets: [Int], records: Int) {
        durableAt.store(MonotonicClock.nanoseconds(), ordering: .releasing)
        unmerged.add(records, ordering: .relaxed)  // before the owner can see the outcomes
        queue.withLock { q in for t in tickets { q.outcomes.append(.durable(ticket: t)) } }
        reported.signal()
    }

    /// Merges and indexes durable batches, then hands their submissions back.
    /// - Returns: false when the writer must stop (the batches stay durable).
    private func merge(_ durable: consuming Durable) -> Bool {
        guard let store else { return false }
        do throws(StoreError) {
            try store.index(durable.appended)
        } catch {
            stop(error, failing: [])
            return false
        }
        counts.store(store.articleCount, ordering: .relaxed)
        failureCounts.store(store.failureCount, ordering: .relaxed)
        var done = durable.submissions
        let records = durable.records
        _ = consume durable  // the appended records share the submissions: gone before they are handed back
        retire(&done)
        unmerged.subtract(records, ordering: .relaxed)
        reported.signal()  // an owner waiting for room (`waitForOutcomes`) has some
        return true
    }

    /// Puts waiting replacements into the merged view (a rebuild from the journal, then a
    /// checkpoint). - Returns: seconds it took (0: none waited), or nil when it failed and the
    /// writer stopped (everything is durable; the next writer rebuilds on open).
    private func applyReplacements() -> Double? {
        guard let store else { return nil }
        let waiting = store.replacementsWaiting
        do throws(StoreError) {
            guard let seconds = try store.applyReplacements() else { return 0 }
            logger.info(
                "Replaced records made by an older extractor.",
                metadata: ["records": "\(waiting)", "seconds": "\(String(format: "%.2f", seconds))"])
            counts.store(store.articleCount, ordering: .relaxed)
            failureCounts.store(store.failureCount, ordering: .relaxed)
            return seconds
        } catch {
            logger.error(
                "Could not rebuild the merged view with newer records; stopping the store writer.",
                metadata: ["cause": "\(error)"])
            stop(error, failing: [])
            return nil
        }
    }

    /// Hands `submissions` back (`takeRetired`); the writer keeps no reference to them.
    private func retire(_ submissions: inout [ArticleStore.Submission]) {
        queue.withLock { q in
            q.retired.append(contentsOf: submissions.prefix(max(0, Self.retiredLimit - q.retired.count)))
            submissions.removeAll()  // inside the lock: from here the owner holds the only references
        }
    }

    /// Stops the writer: these and all later batches fail.
    private func stop(_ error: StoreError, failing tickets: [Int]) {
        queue.withLock { q in
            q.problem = error
            for t in tickets { q.outcomes.append(.failed(ticket: t, error)) }
            for item in q.batches { q.outcomes.append(.failed(ticket: item.ticket, error)) }
            q.batches.removeAll()
            q.done = true
        }
        reported.signal()
    }

    /// - Returns: seconds it took (0 when nothing had changed or it failed; the journal
    ///   still holds everything and a later checkpoint catches up).
    @discardableResult
    private func checkpoint(final: Bool = false) -> Double {
        do {
            let seconds = try store?.checkpoint(final: final) ?? 0
            if seconds > 0 { metrics.checkpointTime.recordSeconds(seconds) }
            return seconds
        } catch {
            logger.error("Could not write a checkpoint; retrying later.", metadata: ["cause": "\(error)"])
            return 0
        }
    }
}
