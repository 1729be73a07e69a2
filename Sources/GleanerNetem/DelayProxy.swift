import Glibc

/// A TCP proxy that makes a link slower and less reliable than the one under it: each
/// direction of each connection gets a timed queue (bytes read at time t leave at t + delay,
/// in order), and the whole link can stall or have connections cut (`LinkImpairment`).
///
/// One thread runs everything: a `ppoll` loop whose timeout is the next moment something
/// falls due, so a delay costs no thread and no sleep per read, and throughput with no delay
/// stays near what loopback gives. Bytes are never dropped or reordered within a connection;
/// the end of a stream (a half-close) is delayed like the bytes before it. A queue that holds
/// more than `queueLimitBytes` stops reading its source, so TCP flow control pushes back on
/// the sender.
///
/// Usage:
///
///     let proxy = try DelayProxy(forwards: [try Forward("127.0.0.1:6557=127.0.0.1:5557")],
///                                impairment: LinkImpairment(delayMilliseconds: 25))
///     // on a thread of its own:
///     let statistics = proxy.run()   // returns after requestStop()
public final class DelayProxy: Sendable {
    /// What the proxy did, for its exit line.
    public struct Statistics: Sendable, Equatable {
        /// Client connections accepted.
        public var connections = 0
        /// Connections closed because the target could not be reached.
        public var refused = 0
        /// Connections reset by a cut (`LinkImpairment.cutEveryMilliseconds`).
        public var cuts = 0
        /// Connections that broke (a read or write error on either side).
        public var broken = 0
        /// Bytes delivered to targets and to clients.
        public var bytesToTarget = 0
        public var bytesToClient = 0
        /// Stalls begun.
        public var stalls = 0

        public init() {}
    }

    /// Default bytes a direction may hold before the proxy stops reading its source (16 MiB):
    /// several times what 100 MB/s puts in flight during a 50 ms delay.
    public static let defaultQueueLimitBytes = 16 << 20

    /// The forwarding rules, with the ports the listeners really got.
    public let forwards: [Forward]
    public let impairment: LinkImpairment
    public let queueLimitBytes: Int
    private let listeners: [Int32]
    /// A pipe: the loop polls the read end, `requestStop` writes a byte to the write end.
    private let stopPipe: (read: Int32, write: Int32)

    /// Binds every listener; throws if one cannot be bound.
    public init(
        forwards: [Forward], impairment: LinkImpairment,
        queueLimitBytes: Int = DelayProxy.defaultQueueLimitBytes
    ) throws(ProxyError) {
        var listeners: [Int32] = []
        var bound: [Forward] = []
        do {
            for forward in forwards {
                let (fd, address) = try TCPSocket.listen(forward.listen)
                listeners.append(fd)
                bound.append(Forward(listen: address, target: forward.target))
            }
        } catch {
            for fd in listeners { close(fd) }
            throw error
        }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            for fd in listeners { close(fd) }
            throw .stopPipeFailed(errno)
        }
        for fd in ends { TCPSocket.makeNonBlocking(fd) }
        self.listeners = listeners
        self.forwards = bound
        self.impairment = impairment
        self.queueLimitBytes = max(TCPSocket.readSize, queueLimitBytes)
        self.stopPipe = (ends[0], ends[1])
    }

    deinit {
        for fd in listeners { close(fd) }
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// Forwards until `requestStop()`, then resets every open connection and returns what it did.
    /// Call once, on a thread of its own.
    public func run() -> Statistics {
        var loop = ProxyLoop(
            listeners: zip(listeners, forwards).map { ($0, $1.target) }, stopEvent: stopPipe.read,
            impairment: impairment, queueLimitBytes: queueLimitBytes)
        return loop.run()
    }

    /// Makes `run()` return soon. Safe from any thread and from a signal handler (one `write`).
    public func requestStop() {
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
    }
}

/// Monotonic nanoseconds: delivery times never jump with the wall clock.
func monotonicNanoseconds() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int(ts.tv_sec) * 1_000_000_000 + Int(ts.tv_nsec)
}
