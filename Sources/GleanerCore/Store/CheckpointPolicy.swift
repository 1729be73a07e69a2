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
