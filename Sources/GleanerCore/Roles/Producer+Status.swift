import Logging

/// What the producer keeps so it can be watched: its metrics, recent rates and the last
/// status report. Owned by the producer's thread like the rest of its state.
struct ProducerObservation {
    /// How long a built status report is reused (milliseconds): a burst of status requests,
    /// hostile or not, costs one report build per interval, not one per request.
    static let statusReuseMilliseconds = 200

    var metrics: ProducerMetrics
    let startedAt: Int
    var filesListed = 0
    var committedRate = RateWindow()
    var nextRefresh = 0
    var lastReport: (builtAt: Int, json: [UInt8])?

    init(metrics: ProducerMetrics, now: Int) {
        self.metrics = metrics
        startedAt = now
    }
}

extension Producer {
    // MARK: Metrics

    /// Publishes counts and gauges and samples the rates: about once a second from the
    /// housekeeping (`force` at the end of a run, so the last figures are out before exit).
    func observe(now: Int, force: Bool = false) {
        guard force || now >= observation.nextRefresh else { return }
        observation.nextRefresh = now + metricsRefreshMilliseconds
        observation.committedRate.sample(count: summary.articles + summary.failures, now: now)
        workers.sampleRates(now: now)
        observation.metrics.dispatched.publish(ledger.dispatchCount)
        observation.metrics.planned.publish(planning.planned)
        observation.metrics.skipped.publish(planning.stored.count)
        observation.metrics.articles.publish(summary.articles)
        observation.metrics.failures.publish(summary.failures)
        let metrics = observation.metrics
        let phases = ledger.leasedPhaseCounts()
        for (phase, gauge) in metrics.leased { gauge.record(phases[phase] ?? 0) }
        metrics.open.record(ledger.remaining)
        metrics.queued.record(ledger.remaining - ledger.inFlight)
        metrics.workersConnected.record(workers.count)
        metrics.creditOutstanding.record(workers.totalCredit)
        metrics.collectorAccepting.record(collector.isAccepting(now: now) ? 1 : 0)
        metrics.filesListed.record(observation.filesListed)
        metrics.filesRead.record(planning.stream?.filesRead ?? 0)
        metrics.planningDone.record(planning.stream != nil && planning.isFinished ? 1 : 0)
    }

    // MARK: Status

    /// Answers a status request without registering the asker (a status client is never a
    /// worker). Replies that cannot be sent at once are dropped: the client asks again.
    func answerStatus(_ request: UInt32, from peer: PeerID, now: Int) {
        if let last = observation.lastReport, now - last.builtAt < ProducerObservation.statusReuseMilliseconds {
            sendToWorker(peer, .report(request: request, json: last.json))
        } else {
            let json = statusReport(now: now).json()
            observation.lastReport = (now, json)
            sendToWorker(peer, .report(request: request, json: json))
        }
        observation.metrics.statusRequests.increment()
    }

    /// The run as it stands: planning, tasks by phase, commits, rate, ETA, collector, workers.
    func statusReport(now: Int) -> StatusReport {
        let phases = ledger.leasedPhaseCounts()
        let planningStatus = StatusReport.Planning(
            filesListed: observation.filesListed, filesRead: planning.stream?.filesRead ?? 0,
            tasksPlanned: planning.planned, alreadyStored: planning.stored.count,
            done: planning.stream != nil && planning.isFinished)
        let rate = observation.committedRate.perSecond
        return StatusReport(
            run: runID, endpoint: boundEndpoint, state: stop.isRequested ? .stopping : .running,
            elapsedSeconds: Double(now - observation.startedAt) / 1000,
            planning: planningStatus,
            tasks: StatusReport.Tasks(
                open: ledger.remaining, queued: ledger.remaining - ledger.inFlight,
                dispatched: phases[.dispatched] ?? 0, started: phases[.started] ?? 0,
                finished: phases[.finished] ?? 0, awaitingCommit: phases[.awaitingCommit] ?? 0),
            committed: StatusReport.Committed(articles: summary.articles, failures: summary.failures),
            ratePerSecond: rate,
            etaSeconds: StatusReport.eta(open: ledger.remaining, planning: planningStatus, rate: rate),
            collector: collectorStatus(now: now),
            workersConnected: workers.count,
            workers: workerStatuses(now: now))
    }

    private func collectorStatus(now: Int) -> StatusReport.Collector {
        if !collector.isAlive(now: now) {
            return .init(state: .notAnswering, detail: configuration.collectorEndpoint)
        }
        if collector.store == .unavailable {
            return .init(state: .cannotWrite, detail: String(collector.storeDetail.prefix(StatusReport.maxNameLength)))
        }
        return .init(state: .ok, detail: "")
    }

    private func workerStatuses(now: Int) -> [StatusReport.Worker] {
        let listed = workers.peers.map { peer -> StatusReport.Worker in
            let w = workers[peer]!
            let health: StatusReport.Worker.Health =
                w.leaving ? .leaving : w.health == .ok ? .ok : .collectorUnreachable
            return StatusReport.Worker(
                name: String(w.name.prefix(StatusReport.maxNameLength)), health: health, reserved: w.reserved,
                threads: w.threads, credit: w.credit, held: ledger.leaseCount(of: peer), finished: w.finishedTasks,
                ratePerSecond: w.finishRate.perSecond, connectedSeconds: Double(now - w.joinedAt) / 1000)
        }
        return Array(listed.sorted { $0.name < $1.name }.prefix(StatusReport.maxWorkersListed))
    }
}
