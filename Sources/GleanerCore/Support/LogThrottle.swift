/// Lets through at most `burst` log lines per `windowMilliseconds`, and counts the rest, so a
/// hostile or broken peer cannot flood a role's log.
///
/// Usage:
/// ```
/// if let suppressed = throttle.allow(now: now) {
///     logger.warning("Dropped …", metadata: ["suppressed": "\(suppressed)"])
/// }
/// ```
public struct LogThrottle: Sendable {
    public let burst: Int
    public let windowMilliseconds: Int
    private var windowStart: Int?
    private var emitted = 0
    private var suppressed = 0

    public init(burst: Int = 10, windowMilliseconds: Int = 60_000) {
        self.burst = burst
        self.windowMilliseconds = windowMilliseconds
    }

    /// - Returns: nil when this line must be dropped; otherwise how many were dropped since
    ///   the last line let through.
    public mutating func allow(now: Int) -> Int? {
        if windowStart.map({ now - $0 >= windowMilliseconds }) ?? true {
            windowStart = now
            emitted = 0
        }
        guard emitted < burst else { suppressed += 1; return nil }
        emitted += 1
        defer { suppressed = 0 }
        return suppressed
    }
}
