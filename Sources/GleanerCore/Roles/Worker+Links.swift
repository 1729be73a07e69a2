import Logging

/// The producer link from the worker's side: a liveness countdown any message resets, and
/// the backoff of the next reconnect (Paranoid Pirate).
struct ProducerLink {
    var liveness = WireProtocol.heartbeatLiveness
    var reconnectDelay = Worker.reconnectInitialMilliseconds
    /// Set while the worker waits to open a fresh socket.
    var reconnectAt: Int?

    mutating func heard() {
        liveness = WireProtocol.heartbeatLiveness
        reconnectDelay = Worker.reconnectInitialMilliseconds
    }
}

/// The collector link from the worker's side: when the collector last answered a heartbeat.
struct CollectorHealth {
    private(set) var lastHeard: Int?
    private let startedAt: Int
    private(set) var reported = WorkerHealth.ok
    var nextWarning = 0

    init(now: Int) { startedAt = now }

    mutating func heard(now: Int) { lastHeard = now }

    /// Answered within the liveness period.
    var isReachable: Bool { lastHeardRecently }
    private var lastHeardRecently = false

    /// Re-evaluates at `now`. - Returns: the new health when it changed.
    mutating func update(now: Int) -> WorkerHealth? {
        lastHeardRecently = lastHeard.map { now - $0 <= WireProtocol.livenessMilliseconds } ?? false
        let health: WorkerHealth
        if lastHeardRecently {
            health = .ok
        } else if lastHeard == nil && now - startedAt <= WireProtocol.livenessMilliseconds {
            health = reported  // still connecting: too early to call it unreachable
        } else {
            health = .collectorUnreachable
        }
        guard health != reported else { return nil }
        reported = health
        return health
    }
}

extension Worker {
    // MARK: Producer

    func receiveFromProducer() throws {
        while let socket = producer, let frames = try socket.receive(dontWait: true) {
            producerLink.heard()
            let message: WireMessage
            do { message = try WireMessage(frames: frames) } catch {
                logger.warning("Dropped a malformed message from the producer.", metadata: ["error": "\(error)"])
                continue
            }
            switch message {
            case .task(let task):
                granted = max(0, granted - 1)
                held.append(task)
            case .proceed(let id):
                proceed(id)
            case .heartbeat:
                break
            case .pong(let stamp):
                let sent = Int(truncatingIfNeeded: stamp)
                window.roundTrip(seconds: Double(MonotonicClock.nanoseconds() - sent) / 1e9)
            default:
                logger.warning("Dropped a message not meant for a worker.", metadata: ["command": "\(message.command)"])
            }
        }
    }

    private func proceed(_ id: TaskID) {
        guard let waiting = awaitingProceed, waiting.task.id == id, let lane = lanes.firstIdle else { return }
        awaitingProceed = nil
        lanes.assign(waiting.task, to: lane)  // reported started when it came
        lanes.handOver()
    }

    /// Assigns held tasks to lanes with room, in arrival order, each reported started in this
    /// turn's `progress`; the lanes get them after it is sent (`ExtractionLanes.handOver`). An
    /// isolated task first reports `started` and waits for `proceed`.
    func startTasks(now: Int) {
        if let waiting = awaitingProceed, now - waiting.since > Self.proceedTimeoutMilliseconds {
            send(toProducer: .released([waiting.task.id]))
            awaitingProceed = nil
        }
        while awaitingProceed == nil, let lane = lanes.laneWithRoom, let task = held.first {
            if task.flags.contains(.isolated) {
                // Alone: on an idle lane, reported started before it runs (the producer's proceed).
                guard lanes.busyCount == 0 else { return }
                held.removeFirst()
                awaitingProceed = (task, now)
                send(toProducer: .started([task.id]))
                return
            }
            held.removeFirst()
            if configuration.mode == .noop {
                startedReport.append(task.id)
                answerAtOnce(task)
                continue
            }
            lanes.assign(task, to: lane)
            startedReport.append(task.id)
        }
    }

    /// The no-op benchmark mode: a minimal record straight from the socket thread, so the
    /// benchmark measures the producer, the collector and the links, not this worker's lanes.
    /// Sent like an extracted record (`sendUnsent`): kept, in order, when the link's queue is full.
    private func answerAtOnce(_ task: TaskEnvelope) {
        let record = ArticleRecord.minimal(id: task.id.hex, path: task.path, bytes: task.body.count).jsonBytes()
        window.served(seconds: 0.000_01, bytes: task.body.count)
        let message = WireMessage.result(taskID: task.id, runID: task.runID, record: record)
        // Straight out when nothing waits before it (the usual case), else after the others.
        if unsent.isEmpty, (try? collector.send(message.frames, dontWait: true)) == true {
            finishedReport.append(task.id)
            return
        }
        unsent.append((task.id, message))
        sendUnsent()
    }

    /// Sends one `progress` for everything not reported yet: tasks started, tasks finished and
    /// any credit asked. One message instead of three halves the producer's wake-ups when each
    /// turn carries one record (a one-lane worker). It goes at once when it asks for credit or
    /// when tasks wait to be handed to lanes (their `started` must reach the producer first);
    /// otherwise (records sent, no-op answers) at `reportBatch` ids, after
    /// `reportDelayMilliseconds`, or when `force`d (stopping).
    func flushReports(wantingWork: Bool, now: Int, force: Bool = false) {
        var credit = 0
        if wantingWork, producer != nil, producerLink.reconnectAt == nil {
            let wanted = capacity - load - granted
            // Ask in batches of half the window (at once when nothing is coming): tasks then
            // arrive in bursts, and the worker's threads wake less often per task.
            if wanted > 0 && (wanted * 2 >= capacity || granted == 0) { credit = wanted }
        }
        guard !startedReport.isEmpty || !finishedReport.isEmpty || credit > 0 else { return }
        let since = reportsWaitingSince ?? now
        let due =
            force || credit > 0 || lanes.hasAssigned
            || startedReport.count + finishedReport.count >= Self.reportBatch
            || now - since >= Self.reportDelayMilliseconds
        guard due else {
            reportsWaitingSince = since
            return
        }
        metrics.counted(started: startedReport.count, extracted: finishedReport.count)
        send(toProducer: .progress(started: startedReport, finished: finishedReport, credit: UInt32(credit)))
        startedReport.removeAll(keepingCapacity: true)
        finishedReport.removeAll(keepingCapacity: true)
        reportsWaitingSince = nil
        granted += credit
    }

    func send(toProducer message: WireMessage) {
        guard let producer else { return }
        _ = try? producer.send(message.frames, dontWait: true)
    }

    /// Paranoid Pirate: a silent producer gets a fresh socket after a growing pause. Tasks
    /// held for it are dropped: the producer gave them to others when it lost this worker.
    func reconnectIfDue(now: Int) throws {
        if let at = producerLink.reconnectAt {
            guard now >= at else { return }
            producerLink.reconnectAt = nil
            producerLink.liveness = WireProtocol.heartbeatLiveness
            window.reconnected()
            producer = try connectProducer()
            poller = nil
            return
        }
        guard producerLink.liveness <= 0 else { return }
        metrics.producerReconnects.increment()
        logger.warning(
            "Producer silent; reconnecting.",
            metadata: [
                "after_ms": "\(producerLink.reconnectDelay)", "dropped_tasks": "\(held.count)",
            ])
        producer?.close(lingerMilliseconds: 0)
        producer = nil
        poller = nil
        held.removeAll()
        awaitingProceed = nil
        granted = 0
        startedReport.removeAll()
        finishedReport.removeAll()
        reportsWaitingSince = nil
        producerLink.reconnectAt = now + producerLink.reconnectDelay
        producerLink.reconnectDelay = min(producerLink.reconnectDelay * 2, Self.reconnectMaximumMilliseconds)
    }

    func sendHeartbeats(now: Int) throws {
        _ = try? collector.send(WireMessage.beat.frames, dontWait: true)
        guard producer != nil else { return }
        let health = collectorLink.reported
        send(toProducer: .heartbeat(health: health, detail: health == .ok ? "" : configuration.collectorEndpoint))
        send(toProducer: .ping(UInt64(truncatingIfNeeded: MonotonicClock.nanoseconds())))
        producerLink.liveness -= 1
    }

    // MARK: Collector

    func receiveFromCollector() throws {
        while let frames = try collector.receive(dontWait: true) {
            collectorLink.heard(now: MonotonicClock.milliseconds())
            if case .heartbeat? = try? WireMessage(frames: frames) { continue }
            logger.debug("Ignored a message from the collector.", metadata: ["frames": "\(WireError.snippet(frames))"])
        }
    }

    /// Takes work only while the collector answers; gives back held tasks when it stops.
    func checkCollectorLink(now: Int) {
        let change = collectorLink.update(now: now)
        if change == .ok {
            logger.notice("The collector answers.", metadata: ["collector": "\(configuration.collectorEndpoint)"])
        }
        guard collectorLink.reported == .collectorUnreachable else { return }
        if change != nil || now >= collectorLink.nextWarning {
            logger.warning(
                "The collector does not answer; taking no work until it does. Check --collector.",
                metadata: ["collector": "\(configuration.collectorEndpoint)", "held": "\(held.count)"])
            collectorLink.nextWarning = now + 30_000
        }
        releaseHeld()
    }

    /// Gives every unstarted task back to the producer (no attempt charged).
    func releaseHeld() {
        var ids = held.map(\.id)
        if let waiting = awaitingProceed { ids.append(waiting.task.id) }
        held.removeAll()
        awaitingProceed = nil
        guard !ids.isEmpty else { return }
        for chunk in stride(from: 0, to: ids.count, by: WireProtocol.maxIDsPerMessage) {
            send(toProducer: .released(Array(ids[chunk..<min(chunk + WireProtocol.maxIDsPerMessage, ids.count)])))
        }
    }

    // MARK: Lanes

    /// Sends the lanes' finished records to the collector, one message each in one burst, and
    /// reports them to the producer.
    func forwardResults() {
        let done = lanes.collect()
        for (task, output) in done {
            window.served(seconds: Double(output.nanoseconds) / 1e9, bytes: task.body.count)
            metrics.extractionTime.recordNanoseconds(Int64(output.nanoseconds))
            unsent.append((task.id, WireMessage.result(taskID: task.id, runID: task.runID, record: output.record)))
        }
        sendUnsent()
        if !done.isEmpty { lanes.resize(serviceSeconds: window.serviceSeconds) }
    }

    /// Sends the records not yet sent, in order, until the collector link's queue refuses one
    /// (the collector is not reading: busy or away). The rest wait for the next turn rather
    /// than being dropped: a dropped record's task would wait for its lease (a minute) and then
    /// run alone as a suspect. A task is reported finished only once its record is sent, and
    /// unsent records count in the worker's load, so the credit window bounds them.
    func sendUnsent() {
        while let (id, message) = unsent.first {
            guard (try? collector.send(message.frames, dontWait: true)) == true else {
                metrics.resultsDeferred.increment()
                let now = MonotonicClock.milliseconds()
                if let suppressed = deferralWarnings.allow(now: now) {
                    logger.warning(
                        "The collector's queue is full; holding records until it reads again.",
                        metadata: ["unsent": "\(unsent.count)", "warnings_suppressed": "\(suppressed)"])
                }
                return
            }
            unsent.removeFirst()
            finishedReport.append(id)
        }
    }

    /// A stuck extraction thread ends the worker (after it gives back its tasks).
    func watchLanes(now: Int) {
        guard let (_, busy) = lanes.longestBusy(), now - busy.since > configuration.extractionTimeoutSeconds * 1000
        else { return }
        fault = .extractionStuck(task: "\(busy.task.id)", path: busy.task.path, seconds: (now - busy.since) / 1000)
        logger.error("Worker fault: \(fault!)")
    }

    // MARK: Stopping

    /// Graceful stop: give back unstarted tasks, say bye, finish running extractions (bounded),
    /// forward their records, then close everything.
    func drain() throws {
        releaseHeld()
        send(toProducer: .bye)
        logger.info("Stopping: finishing running extractions.", metadata: ["running": "\(lanes.busyCount)"])
        let deadline = MonotonicClock.milliseconds() + (fault == nil ? configuration.drainMilliseconds : 2_000)
        var quietSince = MonotonicClock.milliseconds()
        // Tasks sent before the producer read our bye may still arrive: give them back too.
        // Records the collector's queue refused wait for it while it answers.
        while MonotonicClock.milliseconds() < deadline
            && (lanes.busyCount > 0 || (!unsent.isEmpty && collectorLink.isReachable)
                || MonotonicClock.milliseconds() - quietSince < 300)
        {
            var poller = ZMQPoller(producer.map { [$0] } ?? [], wakeSignals: [lanes.resultsReady])
            let ready = try poller.poll(timeoutMilliseconds: 50)
            if ready.last == true { lanes.resultsReady.clear() }
            forwardResults()
            if producer != nil, ready[0] {
                try receiveFromProducer()
                releaseHeld()
                quietSince = MonotonicClock.milliseconds()
            }
            flushReports(wantingWork: false, now: MonotonicClock.milliseconds(), force: true)
        }
        if lanes.busyCount > 0 {
            logger.warning(
                "Drain deadline passed; the producer will dispatch the rest again.",
                metadata: ["running": "\(lanes.busyCount)"])
        }
        lanes.stop(waitingMilliseconds: 1_000)
        producer?.close(lingerMilliseconds: 500)
        collector.close(lingerMilliseconds: 5_000)
        logger.info("Worker stopped.")
    }
}
