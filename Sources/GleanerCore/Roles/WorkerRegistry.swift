/// Workers the producer has heard from: their credit (tasks they asked for) and liveness.
struct WorkerRegistry {
    private struct Worker {
        var credit: Int
        var lastSeen: Int
    }

    private var workers: [[UInt8]: Worker] = [:]
    private var order: [[UInt8]] = []
    private var cursor = 0

    /// Silence after which a worker counts as dead (milliseconds).
    static let livenessMilliseconds = WireProtocol.heartbeatIntervalMilliseconds * WireProtocol.heartbeatLiveness

    var peers: [[UInt8]] { order }

    /// Adds `credit` to a worker, registering it on first contact. Any message is a sign of life.
    mutating func grant(_ peer: [UInt8], credit: Int, now: Int) {
        if workers[peer] == nil { order.append(peer) }
        workers[peer, default: Worker(credit: 0, lastSeen: now)].credit += credit
        workers[peer]!.lastSeen = now
    }

    mutating func touch(_ peer: [UInt8], now: Int) { workers[peer]?.lastSeen = now }

    mutating func remove(_ peer: [UInt8]) {
        workers[peer] = nil
        order.removeAll { $0 == peer }
    }

    /// Workers silent for longer than the liveness period.
    func expired(now: Int) -> [[UInt8]] {
        order.filter { now - workers[$0]!.lastSeen > Self.livenessMilliseconds }
    }

    /// Takes one credit from the next worker that has some (round robin).
    mutating func takeCredit() -> [UInt8]? {
        guard !order.isEmpty else { return nil }
        for step in 0..<order.count {
            let index = (cursor + step) % order.count
            let peer = order[index]
            if workers[peer]!.credit > 0 {
                workers[peer]!.credit -= 1
                cursor = (index + 1) % order.count
                return peer
            }
        }
        return nil
    }

    mutating func returnCredit(_ peer: [UInt8]) { workers[peer]?.credit += 1 }
}

/// What the producer knows of the collector: which instance answers, and when it last did.
struct CollectorLink {
    private(set) var instance: String?
    private var lastSeen = 0

    /// Records a welcome. - Returns: true when a different collector instance answers than
    /// before (the collector restarted).
    mutating func welcomed(instance: String, now: Int) -> Bool {
        defer { self.instance = instance; lastSeen = now }
        return self.instance != nil && self.instance != instance
    }

    mutating func touch(now: Int) { lastSeen = now }

    func isAlive(now: Int) -> Bool {
        instance != nil && now - lastSeen <= WorkerRegistry.livenessMilliseconds
    }
}
