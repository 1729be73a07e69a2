import Logging

/// The producer's streaming plan: batches from `PlanStream`, each checked against the store
/// with one `lookup` (resume), then queued in the ledger.
struct Planning {
    struct Lookup {
        var tasks: [TaskPlanner.PlannedTask]
        var sentAt: Int
    }

    /// Nil before `run` starts planning.
    var stream: PlanStream?
    var lookups: [UInt32: Lookup] = [:]
    var nextQuery: UInt32 = 0
    /// Tasks the store already holds (skipped; listed at debug level at the end).
    var stored: [TaskPlanner.PlannedTask] = []
    /// Tasks planned so far (stored ones included).
    var planned = 0

    init(stream: PlanStream? = nil) { self.stream = stream }

    var isFinished: Bool { (stream?.isFinished ?? true) && lookups.isEmpty }
}

extension Producer {
    /// A lookup unanswered this long is sent again (milliseconds).
    static let lookupRetryMilliseconds = 5_000

    /// Sends a `lookup` for each new batch of planned tasks, and again for any unanswered
    /// for a while (a collector restart loses them). With `reextract`, queues every batch as is.
    func plan(now: Int, progress: ProgressReporter?) throws {
        guard let stream = planning.stream, collector.isAlive(now: now) else { return }
        for batch in stream.take() {
            if configuration.reextract {
                planning.planned += batch.count
                progress?.total = planning.planned
                ledger.enqueue(batch, now: now)
                continue
            }
            let query = planning.nextQuery
            planning.nextQuery &+= 1
            planning.lookups[query] = Planning.Lookup(tasks: batch, sentAt: now)
            planning.planned += batch.count
            progress?.total = planning.planned
            sendLookup(query, batch)
        }
        for (query, lookup) in planning.lookups where now - lookup.sentAt > Self.lookupRetryMilliseconds {
            planning.lookups[query]!.sentAt = now
            sendLookup(query, lookup.tasks)
        }
    }

    private func sendLookup(_ query: UInt32, _ tasks: [TaskPlanner.PlannedTask]) {
        let message = WireMessage.lookup(runID: runID, query: query, taskIDs: tasks.map(\.id),
                                         extractorVersion: UInt32(ExtractorIdentity.version))
        _ = try? collectorSocket.send(message.frames, dontWait: true)
    }

    /// The collector said which tasks of a batch it stores: queue the others.
    func resolveLookup(_ query: UInt32, stored ids: [TaskID], now: Int) {
        guard let lookup = planning.lookups.removeValue(forKey: query) else { return }
        // The usual answer in a fresh run: none stored, so the batch is queued as it is.
        guard !ids.isEmpty else { return ledger.enqueue(lookup.tasks, now: now) }
        let storedIDs = Set(ids)
        var fresh: [TaskPlanner.PlannedTask] = []
        fresh.reserveCapacity(lookup.tasks.count)
        for task in lookup.tasks {
            if storedIDs.contains(task.id) {
                planning.stream?.released(task.body?.count ?? 0)
                var skipped = task
                skipped.body = nil
                planning.stored.append(skipped)
            } else {
                fresh.append(task)
            }
        }
        ledger.enqueue(fresh, now: now)
    }

    /// After a collector restart: every unanswered lookup goes again at once.
    func resendLookups() {
        for query in planning.lookups.keys { planning.lookups[query]!.sentAt = Int.min / 2 }
    }
}
