/// When to checkpoint: at a fixed interval, but never spending more than a tenth of the time
/// on checkpoints (one that took 2 s is followed by the next 20 s later at the earliest).
/// Shared by the collector and the store benchmark, so the benchmark measures what runs.
public struct CheckpointPolicy: Sendable {
    public let intervalMilliseconds: Int
    private var spacing: Int
    private var last: Int

    public init(intervalMilliseconds: Int, now: Int) {
        self.intervalMilliseconds = intervalMilliseconds
        self.spacing = intervalMilliseconds
        self.last = now
    }

    public func isDue(now: Int) -> Bool { now - last >= spacing }

    /// Records a checkpoint that ended at `now` and took `seconds`.
    public mutating func checkpointed(now: Int, seconds: Double) {
        last = now
        spacing = max(intervalMilliseconds, Int(seconds * 10_000))
    }
}

/// When the collector puts waiting replacements into the merged view
/// (`ArticleStore.applyReplacements`, a pass over the whole journal): once per batch of them,
/// not per checkpoint. Due when the first waiting one has waited a checkpoint interval and
/// none arrived for another interval (the upgrade run paused or ended), or, under a steady
/// stream of them, when the oldest has waited ten intervals and ten times the last rebuild's
/// duration, so rebuilds never take more than about a tenth of the time. The collector also
/// applies them when it stops.
public struct ReplacementPolicy: Sendable {
    public let intervalMilliseconds: Int
    /// When the oldest waiting replacement arrived (nil: none waits).
    private var firstWaiting: Int?
    private var lastArrival = 0
    private var lastRebuildMilliseconds = 0

    public init(intervalMilliseconds: Int) { self.intervalMilliseconds = intervalMilliseconds }

    /// Records replacements journaled at `now` (milliseconds).
    public mutating func arrived(_ count: Int, now: Int) {
        guard count > 0 else { return }
        if firstWaiting == nil { firstWaiting = now }
        lastArrival = now
    }

    public func isDue(now: Int) -> Bool {
        guard let first = firstWaiting, now - first >= intervalMilliseconds else { return false }
        let steady = max(10 * intervalMilliseconds, 10 * lastRebuildMilliseconds)
        return now - lastArrival >= intervalMilliseconds || now - first >= steady
    }

    /// Records a rebuild that ended at `now` and took `seconds`.
    public mutating func applied(now: Int, seconds: Double) {
        firstWaiting = nil
        lastRebuildMilliseconds = Int(seconds * 1_000)
    }
}
