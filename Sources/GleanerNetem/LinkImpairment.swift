/// What the proxy does to the bytes it forwards: a slower, less reliable link than the one
/// underneath. Every duration is in milliseconds; zero turns that impairment off.
///
/// TCP hides packet loss from applications: the bytes still arrive, in order, after a
/// retransmission pause. So the proxy models loss as *stalls* (every byte held for a while)
/// and broken links as *cuts* (a connection reset), and never drops or reorders bytes
/// within a connection.
public struct LinkImpairment: Sendable, Equatable {
    /// Added one-way delay from client to target (the direction of a worker's requests), ms.
    public var upstreamDelayMilliseconds = 0
    /// Added one-way delay from target back to client, ms.
    public var downstreamDelayMilliseconds = 0
    /// Extra delay drawn uniformly from 0…jitter for each chunk read, ms. Bytes are never
    /// reordered: a chunk is due no earlier than the chunk before it.
    public var jitterMilliseconds = 0
    /// Period of link-wide stalls, ms (0: none). Every period, all delivery pauses for
    /// `stallMilliseconds`, in both directions of every connection.
    public var stallEveryMilliseconds = 0
    /// Length of each stall, ms.
    public var stallMilliseconds = 0
    /// Period of connection cuts, ms (0: none). Every period the oldest open connection is
    /// reset on both sides, as a broken link or a restarted middlebox would.
    public var cutEveryMilliseconds = 0

    public init() {}

    /// The same delay both ways: `milliseconds` one way, twice that round trip.
    public init(delayMilliseconds milliseconds: Int) {
        upstreamDelayMilliseconds = milliseconds
        downstreamDelayMilliseconds = milliseconds
    }

    /// A sentence for the start-up line, e.g. "delay 25 ms up, 25 ms down; stall 200 ms every 5000 ms".
    public var summary: String {
        var parts = ["delay \(upstreamDelayMilliseconds) ms up, \(downstreamDelayMilliseconds) ms down"]
        if jitterMilliseconds > 0 { parts.append("jitter up to \(jitterMilliseconds) ms") }
        if stallEveryMilliseconds > 0 && stallMilliseconds > 0 {
            parts.append("stall \(stallMilliseconds) ms every \(stallEveryMilliseconds) ms")
        }
        if cutEveryMilliseconds > 0 { parts.append("cut the oldest connection every \(cutEveryMilliseconds) ms") }
        return parts.joined(separator: "; ")
    }
}
