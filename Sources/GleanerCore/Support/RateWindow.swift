import DequeModule

/// A rate over the last few seconds, from samples of a growing count.
///
/// Usage: call `sample(count:now:)` about once a second with a running total; `perSecond`
/// is the growth over the samples kept (at most `windowMilliseconds` old), so a burst or a
/// stall shows within seconds, unlike an average since the start.
struct RateWindow {
    /// How far back the rate looks (milliseconds).
    static let windowMilliseconds = 10_000

    private var samples = Deque<(time: Int, count: Int)>()

    /// Records the running total `count` at `now` (ms, monotonic).
    mutating func sample(count: Int, now: Int) {
        samples.append((now, count))
        while let first = samples.first, now - first.time > Self.windowMilliseconds, samples.count > 2 {
            samples.removeFirst()
        }
    }

    /// Growth per second over the window; 0 until two samples a moment apart exist.
    var perSecond: Double {
        guard let first = samples.first, let last = samples.last, last.time > first.time else { return 0 }
        return Double(last.count - first.count) * 1000 / Double(last.time - first.time)
    }
}
