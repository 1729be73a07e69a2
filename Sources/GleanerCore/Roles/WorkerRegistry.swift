/// A peer's ROUTER routing id: who sent a message, and where a reply goes.
///
/// Hashed once, when received: the ledger and the registry look peers up for every task.
public struct PeerID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    private let hashValue_: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var hasher = Hasher()
        hasher.combine(bytes)
        hashValue_ = hasher.finalize()
    }

    public static func == (a: PeerID, b: PeerID) -> Bool { a.hashValue_ == b.hashValue_ && a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(hashValue_) }
    public var description: String { ContentHash.hexString(bytes) }
}

/// Workers the producer has registered (`ready`): their credit (tasks they asked for),
/// liveness, health, and whether they are reserved for isolating a suspect task.
struct WorkerRegistry {
    struct Worker {
        var name: String
        var threads: Int
        var credit: Int
        var lastSeen: Int
        var health = WorkerHealth.ok
        var healthDetail = ""
        /// Said `bye`: gets no more tasks; removed once silent.
        var leaving = false
        /// Gets no normal tasks: it drains, then extracts suspects one at a time.
        var reserved = false
        /// When it registered (ms, monotonic), and the tasks it reported finished since.
        var joinedAt = 0
        var finishedTasks = 0
        /// Finished tasks per second, sampled by the producer's housekeeping (status reports).
        var finishRate = RateWindow()
    }

    private var workers: [PeerID: Worker] = [:]
    private var order: [PeerID] = []
    private var cursor = 0

    var peers: [PeerID] { order }
    var count: Int { order.count }
    subscript(_ peer: PeerID) -> Worker? { workers[peer] }
    var reservedPeer: PeerID? { order.first { workers[$0]!.reserved } }

    /// Registers a worker, or resets one that reconnected under the same routing id.
    mutating func register(_ peer: PeerID, name: String, threads: Int, credit: Int, now: Int) {
        if workers[peer] == nil { order.append(peer) }
        workers[peer] = Worker(name: name, threads: max(1, threads), credit: credit, lastSeen: now, joinedAt: now)
    }

    /// Counts tasks a worker reported finished.
    mutating func noteFinished(_ peer: PeerID, count: Int) { workers[peer]?.finishedTasks += count }

    /// Samples every worker's finished count for its rate (about once a second).
    mutating func sampleRates(now: Int) {
        for peer in order { workers[peer]!.finishRate.sample(count: workers[peer]!.finishedTasks, now: now) }
    }

    /// Credit granted by every worker and not used yet.
    var totalCredit: Int { order.reduce(0) { $0 + workers[$1]!.credit } }

    /// Adds credit. - Returns: false for a peer that is not registered (its credit is ignored).
    @discardableResult
    mutating func grant(_ peer: PeerID, credit: Int, now: Int) -> Bool {
        guard workers[peer] != nil else { return false }
        workers[peer]!.credit += credit
        workers[peer]!.lastSeen = now
        return true
    }

    /// Any message is a sign of life. - Returns: false for a peer that is not registered.
    @discardableResult
    mutating func touch(_ peer: PeerID, now: Int) -> Bool {
        guard workers[peer] != nil else { return false }
        workers[peer]!.lastSeen = now
        return true
    }

    /// Records a worker's reported health. - Returns: true when it changed.
    mutating func setHealth(_ peer: PeerID, _ health: WorkerHealth, detail: String) -> Bool {
        guard let old = workers[peer], old.health != health else { return false }
        workers[peer]!.health = health
        workers[peer]!.healthDetail = detail
        return true
    }

    mutating func markLeaving(_ peer: PeerID) { workers[peer]?.leaving = true; workers[peer]?.credit = 0 }

    mutating func setReserved(_ peer: PeerID, _ on: Bool) { workers[peer]?.reserved = on }

    mutating func remove(_ peer: PeerID) {
        guard workers.removeValue(forKey: peer) != nil else { return }
        order.removeAll { $0 == peer }
    }

    /// Workers silent for longer than the liveness period.
    func expired(now: Int) -> [PeerID] {
        order.filter { now - workers[$0]!.lastSeen > WireProtocol.livenessMilliseconds }
    }

    /// Whether a worker may be given tasks at all.
    private func isUsable(_ w: Worker) -> Bool { !w.leaving && w.health == .ok && w.credit > 0 }

    /// Takes one credit from the next usable, unreserved worker (round robin).
    mutating func takeCredit() -> PeerID? {
        guard !order.isEmpty else { return nil }
        for step in 0..<order.count {
            let index = (cursor + step) % order.count
            let peer = order[index]
            let w = workers[peer]!
            if isUsable(w) && !w.reserved {
                workers[peer]!.credit -= 1
                cursor = (index + 1) % order.count
                return peer
            }
        }
        return nil
    }

    /// Takes one credit from `peer` if it has some and is usable.
    mutating func takeCredit(from peer: PeerID) -> Bool {
        guard let w = workers[peer], isUsable(w) else { return false }
        workers[peer]!.credit -= 1
        return true
    }

    mutating func returnCredit(_ peer: PeerID) { workers[peer]?.credit += 1 }

    /// The usable worker to reserve for isolating suspects: the one holding fewest tasks.
    func candidateForReservation(leases: (PeerID) -> Int) -> PeerID? {
        order.filter { !workers[$0]!.leaving && workers[$0]!.health == .ok }.min { leases($0) < leases($1) }
    }
}

/// What the producer knows of the collector: which instance answers, when it last did, and
/// whether it can write its store.
struct CollectorLink {
    private(set) var instance: String?
    private(set) var store = StoreState.accepting
    private(set) var storeDetail = ""
    private var lastSeen = 0

    /// Records a welcome. - Returns: true when a different collector instance answers than
    /// before (the collector restarted).
    mutating func welcomed(instance: String, store: StoreState, detail: String, now: Int) -> Bool {
        defer { self.instance = instance; self.store = store; storeDetail = detail; lastSeen = now }
        return self.instance != nil && self.instance != instance
    }

    mutating func touch(now: Int) { lastSeen = now }

    func isAlive(now: Int) -> Bool {
        instance != nil && now - lastSeen <= WireProtocol.livenessMilliseconds
    }

    /// Alive and able to make results durable: only then does dispatch run and leases expire.
    func isAccepting(now: Int) -> Bool { isAlive(now: now) && store == .accepting }
}
