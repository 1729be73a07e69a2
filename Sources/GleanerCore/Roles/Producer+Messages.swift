import Logging

/// Handling what workers and the collector say, and the faults the producer detects.
extension Producer {
    // MARK: Workers

    func receiveFromWorkers() throws {
        while let frames = try workerSocket.receive(dontWait: true) {
            guard frames.count >= 2 else { continue }
            let peer = PeerID(frames[0])
            do {
                try handle(WireMessage(frames: Array(frames.dropFirst())), from: peer)
            } catch let error as WireError {
                logger.warning(
                    "Dropped a malformed message from a worker.",
                    metadata: [
                        "peer": "\(peer)", "error": "\(error)",
                    ])
            }
        }
    }

    private func handle(_ message: WireMessage, from peer: PeerID) throws {
        let now = MonotonicClock.milliseconds()
        if case .ready(let threads, let credit, let name) = message {
            return register(peer, name: name, threads: Int(threads), credit: Int(credit), now: now)
        }
        // A status client is answered and never registered (it is not a worker).
        if case .status(let request) = message { return answerStatus(request, from: peer, now: now) }
        // Only registered workers are heard: one that was dropped (dead, stalled, stuck) must
        // reconnect and send `ready` again, so its credit and tasks start from a clean slate.
        guard workers.touch(peer, now: now) else {
            logger.debug(
                "Ignored a message from an unregistered peer.",
                metadata: [
                    "peer": "\(peer)", "command": "\(message.command)",
                ])
            return
        }
        switch message {
        case .credit(let n): workers.grant(peer, credit: Int(n), now: now)
        case .ping(let stamp): sendToWorker(peer, .pong(stamp))
        case .heartbeat(let health, let detail): noteHealth(peer, health ?? .ok, detail: detail)
        case .started(let ids): noteStarted(ids, by: peer, now: now)
        case .finished(let ids): noteFinished(ids, by: peer, now: now)
        case .progress(let started, let finished, let credit):
            // In the order the worker saw them: a task can start and finish in one turn.
            if !started.isEmpty { noteStarted(started, by: peer, now: now) }
            if !finished.isEmpty { noteFinished(finished, by: peer, now: now) }
            if credit > 0 { workers.grant(peer, credit: Int(credit), now: now) }
        case .released(let ids):
            log(ledger.released(ids, by: peer, now: now), cause: "released by its worker")
        case .bye:
            workers.markLeaving(peer)
            logger.info(
                "A worker is leaving.",
                metadata: [
                    "worker": "\(workers[peer]?.name ?? "\(peer)")", "tasks": "\(ledger.leaseCount(of: peer))",
                ])
        default:
            logger.warning("Dropped a message not meant for the producer.", metadata: ["command": "\(message.command)"])
        }
    }

    private func noteStarted(_ ids: [TaskID], by peer: PeerID, now: Int) {
        for id in ledger.started(ids, by: peer, now: now) { sendToWorker(peer, .proceed(id)) }
        logTaskEvents("started", ids, peer)
    }

    private func noteFinished(_ ids: [TaskID], by peer: PeerID, now: Int) {
        ledger.finished(ids, by: peer, now: now)
        workers.noteFinished(peer, count: ids.count)
        logTaskEvents("finished", ids, peer)
    }

    private func register(_ peer: PeerID, name: String, threads: Int, credit: Int, now: Int) {
        if workers[peer] != nil {
            // The same routing id again: the worker reconnected; whatever it held is gone.
            log(ledger.workerLost(peer, threads: workers[peer]!.threads, now: now), cause: "its worker reconnected")
        }
        workers.register(peer, name: name, threads: threads, credit: credit, now: now)
        observation.metrics.workersJoined.increment()
        logger.info(
            "A worker joined.",
            metadata: [
                "worker": "\(name)", "threads": "\(threads)", "credit": "\(credit)", "workers": "\(workers.count)",
            ])
    }

    private func noteHealth(_ peer: PeerID, _ health: WorkerHealth, detail: String) {
        guard workers.setHealth(peer, health, detail: detail) else { return }
        let name = workers[peer]?.name ?? "\(peer)"
        switch health {
        case .ok:
            logger.notice("A worker reaches its collector again.", metadata: ["worker": "\(name)"])
        case .collectorUnreachable:
            logger.warning(
                "A worker cannot reach its collector and takes no work; check its --collector.",
                metadata: ["worker": "\(name)", "collector": "\(detail)"])
        }
    }

    func purgeDeadWorkers(now: Int) {
        for peer in workers.expired(now: now) { drop(peer, now: now, reason: "it stopped answering") }
    }

    /// Forgets a worker; its tasks are requeued, suspected or charged (`TaskLedger.workerLost`).
    func drop(_ peer: PeerID, now: Int, reason: String) {
        guard let worker = workers[peer] else { return }
        let outcomes = ledger.workerLost(peer, threads: worker.threads, now: now)
        workers.remove(peer)
        observation.metrics.workersDropped.increment()
        let level: Logger.Level = worker.leaving && outcomes.isEmpty ? .info : .warning
        logger.log(
            level: level, "Dropped a worker: \(reason).",
            metadata: [
                "worker": "\(worker.name)", "tasks": "\(outcomes.count)", "workers": "\(workers.count)",
            ])
        log(outcomes, cause: "its worker was dropped (\(reason))")
    }

    func expireLeases(now: Int) {
        let (outcomes, stuck) = ledger.expire(now: now)
        if !outcomes.isEmpty { observation.metrics.leaseExpiries.increment(by: outcomes.count) }
        log(outcomes, cause: "its lease expired")
        for peer in stuck { drop(peer, now: now, reason: "it held a task past its lease") }
    }

    // MARK: Collector

    func receiveFromCollector() throws {
        while let frames = try collectorSocket.receive(dontWait: true) {
            let message: WireMessage
            do { message = try WireMessage(frames: frames) } catch {
                logger.warning("Dropped a malformed message from the collector.", metadata: ["error": "\(error)"])
                continue
            }
            let now = MonotonicClock.milliseconds()
            switch message {
            case .welcome(let instance, _, _, let store, let detail):
                welcomed(instance: instance, store: store, detail: detail, now: now)
            case .committed(_, let ids, let failed):
                collector.touch(now: now)
                for (id, isFailure) in zip(ids, failed) where ledger.commit(id) {
                    if isFailure { summary.failures += 1 } else { summary.articles += 1 }
                    logger.debug(
                        "Task committed.", metadata: ["task": "\(id)", "kind": "\(isFailure ? "failure" : "article")"])
                }
                stall.progressed(now: now)
            case .known(let query, let ids):
                resolveLookup(query, stored: ids, now: now)
            default:
                logger.warning(
                    "Dropped a message not meant for the producer.", metadata: ["command": "\(message.command)"])
            }
        }
    }

    private func welcomed(instance: String, store: StoreState, detail: String, now: Int) {
        let previous = collector.store
        if collector.welcomed(instance: instance, store: store, detail: detail, now: now) {
            // A restarted collector lost whatever it had not committed: send it all again.
            let requeued = ledger.requeueAll(now: now)
            observation.metrics.collectorRestarts.increment()
            observation.metrics.retries["requeued"]?.increment(by: requeued)
            resendLookups()
            logger.warning(
                "The collector restarted; dispatching uncommitted tasks again.", metadata: ["tasks": "\(requeued)"])
        }
        guard previous != store else { return }
        if store == .unavailable {
            logger.error(
                "The collector cannot write its store; dispatch paused, leases held.", metadata: ["detail": "\(detail)"]
            )
        } else {
            logger.notice("The collector can write its store again; dispatch resumes.")
        }
    }

    // MARK: Logs

    /// One debug line per task event (`--log-level debug` shows each task's life).
    func logTaskEvents(_ event: String, _ ids: [TaskID], _ peer: PeerID) {
        guard logger.logLevel <= .debug else { return }
        let name = workers[peer]?.name ?? "\(peer)"
        for id in ids { logger.debug("Task \(event).", metadata: ["task": "\(id)", "worker": "\(name)"]) }
    }

    func log(_ outcomes: [TaskLedger.Outcome], cause: String) {
        observation.metrics.record(outcomes)
        for outcome in outcomes {
            switch outcome {
            case .requeued(let id):
                logger.debug("Task requeued: \(cause).", metadata: ["task": "\(id)"])
            case .suspected(let id):
                logger.info(
                    "Task is a suspect (it may have been extracting): \(cause); it will run alone next.",
                    metadata: ["task": "\(id)", "path": "\(path(of: id))"])
            case .charged(let id, let attempts):
                logger.warning(
                    "Task charged an attempt: \(cause) while it ran alone.",
                    metadata: [
                        "task": "\(id)", "path": "\(path(of: id))", "attempts": "\(attempts)",
                    ])
            case .failed(let id, let attempts):
                logger.error(
                    "Task failed too many times; storing a failure record.",
                    metadata: [
                        "task": "\(id)", "path": "\(path(of: id))", "attempts": "\(attempts)",
                    ])
            case .resent(let id):
                logger.info(
                    "A failure record was not committed in time; sending it again.", metadata: ["task": "\(id)"])
            }
        }
    }

    func path(of id: TaskID) -> String { ledger.entry(id)?.task.path ?? "?" }
}
