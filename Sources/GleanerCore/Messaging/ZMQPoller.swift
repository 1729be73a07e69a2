internal import CZMQ
import Glibc

/// Waits until one of several sockets has a message to read, or one of several file
/// descriptors (a `WakeSignal`'s) is readable.
///
/// Usage:
/// ```
/// var poller = ZMQPoller([frontend, backend], wakeSignals: [lanesDone])
/// let ready = try poller.poll(timeoutMilliseconds: 250)
/// if ready[0] { … frontend.receive(dontWait: true) … }
/// if ready[2] { lanesDone.clear(); … }
/// ```
/// Flags come back in that order: the sockets, then the wake-up signals. A signal
/// interrupting the wait (EINTR) returns with nothing ready, so callers can check their stop
/// flag at once.
public struct ZMQPoller {
    private let sockets: [ZMQSocket]
    private var items: [zmq_pollitem_t]

    public init(_ sockets: [ZMQSocket]) {
        self.sockets = sockets
        self.items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    }

    init(_ sockets: [ZMQSocket], wakeSignals: [WakeSignal]) {
        self.init(sockets)
        items += wakeSignals.map {
            zmq_pollitem_t(socket: nil, fd: $0.fileDescriptor, events: Int16(ZMQ_POLLIN), revents: 0)
        }
    }

    /// Sets which sockets are watched; unwatched sockets never report ready (flow control).
    public mutating func watch(_ index: Int, _ on: Bool) {
        items[index].events = on ? Int16(ZMQ_POLLIN) : 0
    }

    /// - Returns: one flag per socket and then per wake-up signal, true when it is readable.
    public mutating func poll(timeoutMilliseconds: Int) throws(MessagingError) -> [Bool] {
        for i in items.indices { items[i].revents = 0 }
        for i in sockets.indices { items[i].socket = sockets[i].handle }
        let count = items.count
        let rc = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32(count), timeoutMilliseconds) }
        if rc < 0 {
            let error = ZMQContext.lastError("poll")
            if error.code == EINTR { return Array(repeating: false, count: count) }
            throw error
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
