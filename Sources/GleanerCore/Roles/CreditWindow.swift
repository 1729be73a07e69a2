/// How many tasks a worker holds (queued and running) so that its lanes never wait for the
/// producer: the bandwidth-delay product of the link, measured rather than fixed.
///
/// `size` = 2 × (tasks the lanes finish per second × round trip) + 2 × lanes, between
/// 2 × lanes and `maximum`. The round trip is the smallest `ping`/`pong` sample since the
/// worker connected: a pong waits behind the tasks already queued for this worker, so later
/// samples measure our own backlog, and a window sized on them would grow without end. That
/// sample is an idle link's, though: a refill on a busy host also waits for the scheduler, so
/// the round trip counts as at least `schedulingAllowanceSeconds`. The service time is an
/// average over recent tasks. Until both are measured the window is `creditPerThread` per
/// lane. A worker 50 ms from the producer that extracts 2,000 articles/s thus asks for about
/// 200 tasks, one on the same host for about 42.
struct CreditWindow {
    /// Tasks in flight never exceed this many bytes of article (the memory a window may hold).
    static let maximumBytes = 256 << 20
    /// The shortest round trip a window is sized for (seconds). On a host whose cores are all
    /// busy (the worker's own lanes among them) a credit, the producer's answer and the
    /// worker's reading of it each wait for a scheduler slice of a few milliseconds; sized on
    /// the idle ping alone (0.1–0.3 ms), a one-lane worker held 3 tasks and its lane sat idle
    /// waiting for the next (docs/performance.md, "Efficiency").
    static let schedulingAllowanceSeconds = 0.010

    let lanes: Int
    let maximum: Int
    private(set) var serviceSeconds: Double?
    private(set) var roundTripSeconds: Double?
    private var averageTaskBytes: Double?

    init(lanes: Int, maximum: Int) {
        self.lanes = max(1, lanes)
        self.maximum = max(2 * self.lanes, maximum)
    }

    /// One task took `seconds` on a lane and had `bytes` of article.
    mutating func served(seconds: Double, bytes: Int) {
        serviceSeconds = serviceSeconds.map { 0.9 * $0 + 0.1 * seconds } ?? seconds
        averageTaskBytes = averageTaskBytes.map { 0.9 * $0 + 0.1 * Double(bytes) } ?? Double(bytes)
    }

    /// A ping came back after `seconds`.
    mutating func roundTrip(seconds: Double) {
        roundTripSeconds = min(roundTripSeconds ?? seconds, seconds)
    }

    /// A new producer link: its round trip is measured afresh.
    mutating func reconnected() { roundTripSeconds = nil }

    var size: Int {
        guard let service = serviceSeconds, let rtt = roundTripSeconds else {
            return lanes * WireProtocol.creditPerThread
        }
        let perSecond = Double(lanes) / max(service, 1e-6)
        let wanted = (2 * perSecond * max(rtt, Self.schedulingAllowanceSeconds)).rounded(.up) + Double(2 * lanes)
        let byMemory = averageTaskBytes.map { Double(Self.maximumBytes) / max($0, 1) } ?? Double(maximum)
        return Int(min(wanted, Double(maximum), max(byMemory, Double(2 * lanes))))
    }
}
