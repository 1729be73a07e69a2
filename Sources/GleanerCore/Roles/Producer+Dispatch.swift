import Logging

/// Handing out tasks: credit-based flow control, failure records, and isolation of suspects.
extension Producer {
    /// Sends failure records to the collector, isolates a suspect if one waits, and hands
    /// queued tasks to workers while they have credit. Nothing moves while the collector is
    /// away or cannot write.
    func dispatch(now: Int) throws {
        guard collector.isAccepting(now: now) else { return }
        while ledger.inFlight < configuration.maxInFlight, let task = ledger.nextFailure(now: now) {
            try sendFailure(task.failure!, id: task.id)
        }
        isolateSuspect(now: now)
        while ledger.inFlight < configuration.maxInFlight, let id = ledger.nextNormal() {
            guard let peer = workers.takeCredit() else { ledger.putBack(id); return }
            guard send(id, to: peer, isolated: false, now: now) else { return }
        }
    }

    /// Suspects run one at a time on a reserved worker once it holds nothing else.
    private func isolateSuspect(now: Int) {
        let reserved = workers.reservedPeer
        guard ledger.hasSuspects else {
            if let reserved, ledger.leaseCount(of: reserved) == 0 { workers.setReserved(reserved, false) }
            return
        }
        guard let peer = reserved ?? reserve() else { return }
        guard ledger.leaseCount(of: peer) == 0, workers.takeCredit(from: peer) else { return }
        guard let id = ledger.nextSuspect() else { workers.returnCredit(peer); return }
        send(id, to: peer, isolated: true, now: now)
    }

    private func reserve() -> PeerID? {
        guard let peer = workers.candidateForReservation(leases: { self.ledger.leaseCount(of: $0) }) else { return nil }
        workers.setReserved(peer, true)
        logger.info(
            "Reserved a worker to run suspect tasks one at a time.",
            metadata: [
                "worker": "\(workers[peer]!.name)", "holding": "\(ledger.leaseCount(of: peer))",
            ])
        return peer
    }

    /// Reads the article and sends it. A file that became unreadable since planning becomes a
    /// failure record under the task's id.
    /// - Returns: false when the worker's queue is full (dispatch waits for the next turn).
    @discardableResult
    private func send(_ id: TaskID, to peer: PeerID, isolated: Bool, now: Int) -> Bool {
        let kept = ledger.takeBody(id)
        let entry = ledger.entry(id)!
        let path = entry.task.path
        let read = kept.map { .success($0) } ?? ArticleFile.read(path: path, maxBytes: configuration.maxArticleBytes)
        if let kept { planning.stream?.released(kept.count) }
        guard case .success(let body) = read else {
            workers.returnCredit(peer)
            let failure = FailureRecord(
                id: id.hex, source: .init(path: path, bytes: 0), reason: .unreadable,
                detail: "the file changed or vanished after it was listed")
            ledger.convertToFailure(id, failure)
            return true
        }
        let attempt = entry.charges + 1
        let envelope = TaskEnvelope(
            id: id, runID: runID, attempt: UInt32(attempt),
            flags: isolated ? .isolated : [], path: path, body: body)
        switch sendToWorker(peer, .task(envelope)) {
        case .sent:
            break
        case .full:
            // Never delivered, so not the task's fault: it stays queued, and dispatch waits for
            // the next turn (the queue limit is above any credit window, so a worker whose
            // queue is full has stopped reading; its silence will drop it).
            ledger.putBack(id)
            workers.returnCredit(peer)
            return false
        case .gone:
            ledger.putBack(id)
            drop(peer, now: now, reason: "its connection is gone")
            return true
        }
        ledger.dispatch(id, to: peer, isolated: isolated, now: now)
        if logger.logLevel <= .debug {
            logger.debug(
                "Task dispatched.",
                metadata: [
                    "task": "\(id)", "worker": "\(workers[peer]?.name ?? "\(peer)")", "attempt": "\(attempt)",
                    "isolated": "\(isolated)", "path": "\(path)",
                ])
        }
        return true
    }

    private func sendFailure(_ failure: FailureRecord, id: TaskID) throws {
        let message = WireMessage.result(taskID: id, runID: runID, record: failure.jsonBytes())
        if try !collectorSocket.send(message.frames, dontWait: true) {
            logger.debug(
                "Collector queue full; the failure record goes again when its lease ends.", metadata: ["task": "\(id)"])
        }
        logger.debug("Failure record sent.", metadata: ["task": "\(id)", "reason": "\(failure.reason.rawValue)"])
    }
}
