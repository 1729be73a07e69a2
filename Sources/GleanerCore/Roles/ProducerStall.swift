import Logging

/// When to say that nothing moves: after `intervalMilliseconds` without a commit, and again
/// every interval while that lasts.
struct StallReporter {
    let intervalMilliseconds: Int
    private var lastProgress: Int
    private var lastReport: Int?

    init(intervalMilliseconds: Int, now: Int) {
        self.intervalMilliseconds = intervalMilliseconds
        lastProgress = now
    }

    mutating func progressed(now: Int) { lastProgress = now }

    /// True when a report is due now (and records that it was made).
    mutating func isDue(now: Int) -> Bool {
        guard now - lastProgress >= intervalMilliseconds, now - (lastReport ?? lastProgress) >= intervalMilliseconds
        else { return false }
        lastReport = now
        return true
    }

    func stalledSeconds(now: Int) -> Int { (now - lastProgress) / 1000 }
}

extension Producer {
    /// Most open tasks listed one by one in a stall report.
    static let stallListLimit = 20

    /// Says which tasks are open, where they are and since when, once nothing has been
    /// committed for a while.
    func reportStall(now: Int) {
        guard !ledger.isFinished, stall.isDue(now: now) else { return }
        let counts = ledger.phaseCounts().sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        let collectorState =
            !collector.isAlive(now: now)
            ? "not answering"
            : collector.store == .unavailable ? "cannot write its store (\(collector.storeDetail))" : "ok"
        let workerList = workers.peers.map { peer -> String in
            let w = workers[peer]!
            let state = w.leaving ? "leaving" : w.health == .ok ? "ok" : "cannot reach collector \(w.healthDetail)"
            return "\(w.name) (\(state), credit \(w.credit), holds \(ledger.leaseCount(of: peer)))"
        }
        logger.warning(
            "No task committed for \(stall.stalledSeconds(now: now)) s.",
            metadata: [
                "open": "\(ledger.remaining)", "phases": "\(counts)", "collector": "\(collectorState)",
                "workers": "\(workerList.isEmpty ? "none connected" : workerList.joined(separator: "; "))",
            ])
        for e in ledger.openTasks(limit: Self.stallListLimit) {
            let holder =
                e.worker.map { workers[$0]?.name ?? "\($0)" } ?? (e.phase == .awaitingCommit ? "collector" : "-")
            logger.warning(
                "Open task.",
                metadata: [
                    "task": "\(e.task.id)", "path": "\(e.task.path)", "phase": "\(e.phase.rawValue)",
                    "holder": "\(holder)", "for_s": "\((now - e.since) / 1000)", "attempts": "\(e.charges)",
                    "suspect": "\(e.suspect)",
                ])
        }
    }
}
