import Glibc

/// The state of one `DelayProxy.run()`: its connections and the poll loop over them.
///
/// Each turn: cut a connection if one is due, deliver every byte that is due (unless the
/// link is stalled), retire finished connections, then poll until a socket is ready or the
/// next thing falls due, and handle what the poll reports.
struct ProxyLoop {
    /// Longest poll wait, ns: an upper bound only; the loop wakes earlier when anything is due.
    private static let maxWait = 1_000_000_000
    private static let nanosecondsPerMillisecond = 1_000_000

    private let listeners: [(fd: Int32, target: SocketAddress)]
    private let stopEvent: Int32
    private let impairment: LinkImpairment
    private let queueLimitBytes: Int
    private let started: Int
    private var connections: [ProxiedConnection] = []
    private var statistics = DelayProxy.Statistics()
    private var buffer = [UInt8](repeating: 0, count: TCPSocket.readSize)
    private var nextCut: Int?
    private var wasStalled = false

    init(listeners: [(Int32, SocketAddress)], stopEvent: Int32, impairment: LinkImpairment, queueLimitBytes: Int) {
        self.listeners = listeners.map { (fd: $0.0, target: $0.1) }
        self.stopEvent = stopEvent
        self.impairment = impairment
        self.queueLimitBytes = queueLimitBytes
        started = monotonicNanoseconds()
        if impairment.cutEveryMilliseconds > 0 {
            nextCut = started + impairment.cutEveryMilliseconds * Self.nanosecondsPerMillisecond
        }
    }

    mutating func run() -> DelayProxy.Statistics {
        while true {
            let now = monotonicNanoseconds()
            cutIfDue(now: now)
            let stall = stallState(now: now)
            if stall.stalled && !wasStalled { statistics.stalls += 1 }
            wasStalled = stall.stalled
            if !stall.stalled { for connection in connections { deliver(connection, now: now) } }
            retireFinished()
            var fds = pollSet()
            let ready = poll(
                &fds, nfds_t(fds.count), Self.milliseconds(until: wakeTime(now: now, stall: stall), from: now))
            guard ready > 0 else { continue }
            if fds[0].revents != 0 { break }
            for (n, listener) in listeners.enumerated() where fds[1 + n].revents != 0 {
                acceptAll(listener.fd, target: listener.target)
            }
            handleEvents(fds, now: monotonicNanoseconds())
        }
        for connection in connections { retire(connection, reset: true) }
        connections.removeAll()
        return statistics
    }

    /// A poll timeout in whole milliseconds, rounded up so the loop never wakes before a
    /// delivery is due (it may wake up to 1 ms after: `ppoll`, finer, is a GNU extension that
    /// Swift's Glibc module does not show).
    private static func milliseconds(until wake: Int, from now: Int) -> Int32 {
        Int32((max(0, wake - now) + nanosecondsPerMillisecond - 1) / nanosecondsPerMillisecond)
    }

    // MARK: Impairments

    /// Whether the link is in a stall now, and when that changes.
    private func stallState(now: Int) -> (stalled: Bool, changesAt: Int?) {
        let period = impairment.stallEveryMilliseconds * Self.nanosecondsPerMillisecond
        let length = impairment.stallMilliseconds * Self.nanosecondsPerMillisecond
        guard period > 0, length > 0 else { return (false, nil) }
        let elapsed = now - started
        let phase = elapsed % period
        // The first stall begins one period after start; each lasts `length` (at most the period).
        let stalled = elapsed >= period && phase < min(length, period)
        return (stalled, stalled ? now - phase + length : now - phase + period)
    }

    private mutating func cutIfDue(now: Int) {
        guard let due = nextCut, now >= due else { return }
        let period = impairment.cutEveryMilliseconds * Self.nanosecondsPerMillisecond
        var next = due
        while next <= now { next += period }
        nextCut = next
        guard let oldest = connections.min(by: { $0.opened < $1.opened }) else { return }
        statistics.cuts += 1
        drop(oldest, reset: true)
    }

    // MARK: Delivery

    /// Writes what is due in both directions of a connection.
    private mutating func deliver(_ connection: ProxiedConnection, now: Int) {
        if !connection.connecting && !connection.upstreamBlocked && !connection.upstreamWriteShut {
            switch connection.toTarget.deliver(now: now, write: { TCPSocket.write(connection.upstream, $0) }) {
            case .idle: break
            case .blocked: connection.upstreamBlocked = true
            case .endReached:
                TCPSocket.shutdownWrite(connection.upstream)
                connection.upstreamWriteShut = true
            case .failed: return breakConnection(connection)
            }
        }
        if !connection.clientBlocked && !connection.clientWriteShut {
            switch connection.toClient.deliver(now: now, write: { TCPSocket.write(connection.client, $0) }) {
            case .idle: break
            case .blocked: connection.clientBlocked = true
            case .endReached:
                TCPSocket.shutdownWrite(connection.client)
                connection.clientWriteShut = true
            case .failed: breakConnection(connection)
            }
        }
    }

    /// When the loop must wake at the latest: the next due delivery, stall change or cut.
    private func wakeTime(now: Int, stall: (stalled: Bool, changesAt: Int?)) -> Int {
        var wake = now + Self.maxWait
        if let change = stall.changesAt { wake = min(wake, change) }
        if let nextCut { wake = min(wake, nextCut) }
        guard !stall.stalled else { return wake }
        for connection in connections {
            if !connection.connecting && !connection.upstreamBlocked, let due = connection.toTarget.nextDue {
                wake = min(wake, due)
            }
            if !connection.clientBlocked, let due = connection.toClient.nextDue { wake = min(wake, due) }
        }
        return max(now, wake)
    }

    // MARK: Polling

    /// Poll entries: the stop event, the listeners, then client and upstream of each
    /// connection (fd -1, ignored by poll, when nothing is wanted from a socket now).
    private func pollSet() -> [pollfd] {
        var fds = [pollfd(fd: stopEvent, events: Int16(POLLIN), revents: 0)]
        fds.reserveCapacity(1 + listeners.count + 2 * connections.count)
        for listener in listeners { fds.append(pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)) }
        for connection in connections {
            var clientEvents: Int16 = 0
            if !connection.toTarget.isEnded && connection.toTarget.queuedBytes < queueLimitBytes {
                clientEvents |= Int16(POLLIN)
            }
            if connection.clientBlocked { clientEvents |= Int16(POLLOUT) }
            var upstreamEvents: Int16 = 0
            if connection.connecting {
                upstreamEvents = Int16(POLLOUT)
            } else {
                if !connection.toClient.isEnded && connection.toClient.queuedBytes < queueLimitBytes {
                    upstreamEvents |= Int16(POLLIN)
                }
                if connection.upstreamBlocked { upstreamEvents |= Int16(POLLOUT) }
            }
            fds.append(pollfd(fd: clientEvents == 0 ? -1 : connection.client, events: clientEvents, revents: 0))
            fds.append(pollfd(fd: upstreamEvents == 0 ? -1 : connection.upstream, events: upstreamEvents, revents: 0))
        }
        return fds
    }

    private mutating func acceptAll(_ listener: Int32, target: SocketAddress) {
        while let client = TCPSocket.accept(listener) {
            switch TCPSocket.connect(target) {
            case .success(let upstream):
                statistics.connections += 1
                connections.append(
                    ProxiedConnection(client: client, upstream: upstream, opened: monotonicNanoseconds()))
            case .failure:
                statistics.connections += 1
                statistics.refused += 1
                TCPSocket.reset(client)
            }
        }
    }

    /// Handles what the poll reported for each connection (the connections polled are the
    /// first `connections.count` at the time of the poll; accepted ones come after them).
    private mutating func handleEvents(_ fds: [pollfd], now: Int) {
        let base = 1 + listeners.count
        let polled = (fds.count - base) / 2
        var broken: [ProxiedConnection] = []
        var refused: [ProxiedConnection] = []
        for n in 0..<polled {
            let connection = connections[n]
            let clientEvents = fds[base + 2 * n].revents
            let upstreamEvents = fds[base + 2 * n + 1].revents
            if connection.connecting && upstreamEvents != 0 {
                guard TCPSocket.pendingError(connection.upstream) == 0 else {
                    statistics.refused += 1
                    refused.append(connection)
                    continue
                }
                connection.connecting = false
                continue
            }
            if upstreamEvents & Int16(POLLOUT) != 0 { connection.upstreamBlocked = false }
            if clientEvents & Int16(POLLOUT) != 0 { connection.clientBlocked = false }
            let readable = Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)
            let clientOK =
                clientEvents & readable == 0
                || receive(
                    from: connection.client, into: &connection.toTarget,
                    due: now + delay(impairment.upstreamDelayMilliseconds))
            let upstreamOK =
                upstreamEvents & readable == 0 || connection.connecting
                || receive(
                    from: connection.upstream, into: &connection.toClient,
                    due: now + delay(impairment.downstreamDelayMilliseconds))
            if !clientOK || !upstreamOK { broken.append(connection) }
        }
        for connection in broken { breakConnection(connection) }
        for connection in refused { drop(connection, reset: true) }
    }

    /// Reads one chunk from `fd` into `queue`, due at `due`. - Returns: false if the socket failed.
    private mutating func receive(from fd: Int32, into queue: inout TimedByteQueue, due: Int) -> Bool {
        guard !queue.isEnded else { return false }  // hung up or failed after its end: broken
        switch TCPSocket.read(fd, using: &buffer) {
        case .bytes(let bytes): queue.append(bytes, due: due)
        case .end: queue.appendEnd(due: due)
        case .wouldBlock: break
        case .failed: return false
        }
        return true
    }

    /// A one-way delay with its jitter, ns.
    private func delay(_ milliseconds: Int) -> Int {
        let jitter =
            impairment.jitterMilliseconds > 0
            ? Int.random(in: 0...impairment.jitterMilliseconds * Self.nanosecondsPerMillisecond) : 0
        return milliseconds * Self.nanosecondsPerMillisecond + jitter
    }

    // MARK: Closing

    private mutating func breakConnection(_ connection: ProxiedConnection) {
        guard connections.contains(where: { $0 === connection }) else { return }
        statistics.broken += 1
        drop(connection, reset: true)
    }

    /// Retires a connection and drops it from the list.
    private mutating func drop(_ connection: ProxiedConnection, reset: Bool) {
        retire(connection, reset: reset)
        connections.removeAll { $0 === connection }
    }

    private mutating func retireFinished() {
        for connection in connections where connection.isFinished { retire(connection, reset: false) }
        connections.removeAll { $0.isFinished }
    }

    /// Counts a connection's bytes and closes both sockets: normally, or with a reset so each
    /// peer sees the link break.
    private mutating func retire(_ connection: ProxiedConnection, reset: Bool) {
        statistics.bytesToTarget += connection.toTarget.deliveredBytes
        statistics.bytesToClient += connection.toClient.deliveredBytes
        if reset {
            TCPSocket.reset(connection.client)
            TCPSocket.reset(connection.upstream)
        } else {
            close(connection.client)
            close(connection.upstream)
        }
    }
}
