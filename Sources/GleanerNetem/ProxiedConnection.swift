/// A client's connection and the proxy's own connection to the target on its behalf, with
/// one timed queue each way.
final class ProxiedConnection {
    let client: Int32
    let upstream: Int32
    /// When the client was accepted (monotonic ns): cuts take the oldest connection first.
    let opened: Int
    /// The connect to the target has not completed yet: nothing can be written to it.
    var connecting = true
    /// Client → target bytes.
    var toTarget = TimedByteQueue()
    /// Target → client bytes.
    var toClient = TimedByteQueue()
    /// The target's socket is full: wait for it to be writable before delivering more.
    var upstreamBlocked = false
    /// The client's socket is full.
    var clientBlocked = false
    /// The end of each stream has been delivered (write side shut).
    var upstreamWriteShut = false
    var clientWriteShut = false

    init(client: Int32, upstream: Int32, opened: Int) {
        self.client = client
        self.upstream = upstream
        self.opened = opened
    }

    /// Both streams have ended and been delivered: close both sockets normally.
    var isFinished: Bool { upstreamWriteShut && clientWriteShut }
}
