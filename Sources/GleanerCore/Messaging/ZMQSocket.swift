internal import CZMQ
import Glibc

/// One ZeroMQ socket. Not thread-safe: exactly one thread owns and uses it.
///
/// Frames are `[UInt8]` arrays; a message is `[[UInt8]]` and is sent and received whole
/// (multipart messages are atomic in libzmq). `close()` (or deinit) applies a bounded linger,
/// so queued messages get a chance to leave without blocking shutdown forever.
public final class ZMQSocket {
    public enum Kind: Sendable {
        case router, dealer, push, pull, pair, rep

        var rawValue: Int32 {
            switch self {
            case .router: return ZMQ_ROUTER
            case .dealer: return ZMQ_DEALER
            case .push: return ZMQ_PUSH
            case .pull: return ZMQ_PULL
            case .pair: return ZMQ_PAIR
            case .rep: return ZMQ_REP
            }
        }
    }

    /// Default linger on close: how long unsent messages may still be delivered (ms).
    public static let defaultLingerMilliseconds: Int32 = 2_000

    public let kind: Kind
    private let context: ZMQContext  // strong: the context must outlive the socket
    private(set) var handle: UnsafeMutableRawPointer?
    private let message: UnsafeMutablePointer<zmq_msg_t>

    public init(_ context: ZMQContext, _ kind: Kind) throws(MessagingError) {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else {
            throw ZMQContext.lastError("create socket")
        }
        self.context = context
        self.kind = kind
        self.handle = handle
        self.message = .allocate(capacity: 1)
        zmq_msg_init(message)
        try setOption(ZMQ_LINGER, Self.defaultLingerMilliseconds)
    }

    deinit {
        close()
        zmq_msg_close(message)
        message.deallocate()
    }

    /// Closes the socket; later calls throw. Waits at most the linger period for unsent messages.
    public func close(lingerMilliseconds: Int32? = nil) {
        guard let handle else { return }
        if let linger = lingerMilliseconds { try? setOption(ZMQ_LINGER, linger) }
        zmq_close(handle)
        self.handle = nil
    }

    // MARK: Endpoints

    public func bind(_ endpoint: String) throws(MessagingError) {
        if zmq_bind(try live("bind \(endpoint)"), endpoint) != 0 { throw ZMQContext.lastError("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws(MessagingError) {
        if zmq_connect(try live("connect \(endpoint)"), endpoint) != 0 {
            throw ZMQContext.lastError("connect \(endpoint)")
        }
    }

    /// The endpoint last bound, with the real port when bound to port 0 or `*`.
    public var lastEndpoint: String {
        guard let handle else { return "" }
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Options

    /// Messages larger than this are refused by the receiver, which drops the connection (bytes).
    public func setMaxMessageSize(_ bytes: Int64) throws(MessagingError) {
        var value = bytes
        try setRaw(ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size, "ZMQ_MAXMSGSIZE")
    }

    /// High-water marks: messages queued per peer before sends block or drop.
    public func setHighWaterMarks(send: Int32, receive: Int32) throws(MessagingError) {
        try setOption(ZMQ_SNDHWM, send)
        try setOption(ZMQ_RCVHWM, receive)
    }

    /// The kernel's send buffer for each connection (SO_SNDBUF, bytes; the kernel doubles it and
    /// rounds it up to its minimum), fixed instead of grown by the kernel's autotuning.
    public func setSendBuffer(bytes: Int32) throws(MessagingError) { try setOption(ZMQ_SNDBUF, bytes) }

    /// ROUTER only: sending to an unknown peer fails with EHOSTUNREACH instead of vanishing.
    public func setRouterMandatory(_ on: Bool) throws(MessagingError) {
        try setOption(ZMQ_ROUTER_MANDATORY, on ? 1 : 0)
    }

    /// Reconnect backoff for connecting sockets, doubling from `initial` to `maximum` (ms).
    public func setReconnectInterval(initial: Int32, maximum: Int32) throws(MessagingError) {
        try setOption(ZMQ_RECONNECT_IVL, initial)
        try setOption(ZMQ_RECONNECT_IVL_MAX, maximum)
    }

    /// Queue messages only to completed connections (no queueing to peers not yet connected).
    public func setImmediate(_ on: Bool) throws(MessagingError) { try setOption(ZMQ_IMMEDIATE, on ? 1 : 0) }

    /// CurveZMQ server: encrypts, and asks the ZAP handler (if one is bound) to admit clients.
    /// Call before `bind`.
    public func makeCurveServer(_ keys: CurveKeyPair) throws(MessagingError) {
        try setOption(ZMQ_CURVE_SERVER, 1)
        try setText(ZMQ_CURVE_SECRETKEY, keys.secretKey, "ZMQ_CURVE_SECRETKEY")
        try setText(ZMQ_ZAP_DOMAIN, "gleaner", "ZMQ_ZAP_DOMAIN")
    }

    /// CurveZMQ client of the server whose public key is `serverKey`. Call before `connect`.
    public func makeCurveClient(_ keys: CurveKeyPair, serverKey: String) throws(MessagingError) {
        try setText(ZMQ_CURVE_SERVERKEY, serverKey, "ZMQ_CURVE_SERVERKEY")
        try setText(ZMQ_CURVE_PUBLICKEY, keys.publicKey, "ZMQ_CURVE_PUBLICKEY")
        try setText(ZMQ_CURVE_SECRETKEY, keys.secretKey, "ZMQ_CURVE_SECRETKEY")
    }

    private func setText(_ option: Int32, _ value: String, _ name: String) throws(MessagingError) {
        let bytes = Array(value.utf8)
        let rc = bytes.withUnsafeBytes { raw in zmq_setsockopt(handle, option, raw.baseAddress, raw.count) }
        if handle == nil || rc != 0 { throw ZMQContext.lastError(name) }
    }

    func setOption(_ option: Int32, _ value: Int32) throws(MessagingError) {
        var v = value
        try setRaw(option, &v, MemoryLayout<Int32>.size, "set option \(option)")
    }

    private func setRaw(_ option: Int32, _ value: UnsafeRawPointer, _ size: Int, _ name: String) throws(MessagingError)
    {
        if zmq_setsockopt(try live(name), option, value, size) != 0 { throw ZMQContext.lastError(name) }
    }

    // MARK: Messages

    /// Frames of at least this many bytes are lent to libzmq instead of copied (`send`): an
    /// article body or a record is handed over without a second allocation and copy of its
    /// bytes; smaller frames are cheaper to copy than to lend.
    public static let lentFrameBytes = 1024

    /// Sends all frames as one message. Frames of `lentFrameBytes` or more are lent (libzmq
    /// reads their bytes in place and drops its reference when it is done with them).
    /// - Returns: false if `dontWait` and the message could not be queued now (EAGAIN).
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(MessagingError) -> Bool {
        let handle = try live("send")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            while true {
                let rc =
                    frame.count >= Self.lentFrameBytes
                    ? sendLent(frame, handle, flags)
                    : frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                // The common outcomes are told by the number alone (no error text made per call).
                let code = zmq_errno()
                if code == EINTR { continue }
                // libzmq accepts the rest of a multipart message once its first frame is queued.
                if code == EAGAIN && index == 0 { return false }
                throw ZMQContext.lastError("send")
            }
        }
        return true
    }

    /// Sends one frame without copying it: a `LentFrame` keeps the array's storage alive (and
    /// unchanged: nothing else can mutate it through the box) until libzmq calls
    /// `releaseLentFrame`, on its I/O thread once the bytes are written, or here at once when
    /// the send fails. - Returns: what `zmq_msg_send` returns.
    private func sendLent(_ frame: [UInt8], _ handle: UnsafeMutableRawPointer, _ flags: Int32) -> Int32 {
        let box = LentFrame(frame)
        let data = box.bytes.withUnsafeBufferPointer { UnsafeMutableRawPointer(mutating: $0.baseAddress!) }
        var message = zmq_msg_t()
        let hint = Unmanaged.passRetained(box).toOpaque()
        guard zmq_msg_init_data(&message, data, frame.count, releaseLentFrame, hint) == 0 else {
            Unmanaged<LentFrame>.fromOpaque(hint).release()
            return -1
        }
        let rc = zmq_msg_send(&message, handle, flags)
        if rc < 0 {
            // Still ours: closing it calls `releaseLentFrame`. The error is read before that.
            let code = zmq_errno()
            zmq_msg_close(&message)
            errno = code
        }
        return rc
    }

    /// Receives one whole message.
    /// - Returns: nil if `dontWait` and no message is waiting.
    public func receive(dontWait: Bool = false) throws(MessagingError) -> [[UInt8]]? {
        var none: [[UInt8]] = []
        return try receive(dontWait: dontWait, reusing: &none)
    }

    /// Frames of at least this many bytes are copied into a spare array (`receive(reusing:)`).
    public static let reusedFrameBytes = 1024

    /// `receive(dontWait:)`, copying each frame of `reusedFrameBytes` or more into an array
    /// taken from `spares` (empty arrays whose memory is reused), while any are left: a
    /// collector receiving tens of thousands of records a second spares the allocator
    /// (frames of that size miss its per-thread cache).
    public func receive(dontWait: Bool = false, reusing spares: inout [[UInt8]]) throws(MessagingError) -> [[UInt8]]? {
        let handle = try live("receive")
        var frames: [[UInt8]] = []
        frames.reserveCapacity(8)  // a protocol message has a few frames: one allocation, not one per doubling
        repeat {
            let rc = zmq_msg_recv(message, handle, dontWait && frames.isEmpty ? ZMQ_DONTWAIT : 0)
            if rc < 0 {
                let code = zmq_errno()
                if code == EINTR { continue }
                if code == EAGAIN && frames.isEmpty { return nil }  // the usual end of a drain
                throw ZMQContext.lastError("receive")
            }
            let size = zmq_msg_size(message)
            if size == 0 {
                frames.append([])
            } else {
                let start = zmq_msg_data(message)!.assumingMemoryBound(to: UInt8.self)
                let data = UnsafeBufferPointer(start: start, count: size)
                if size >= Self.reusedFrameBytes, var frame = spares.popLast() {
                    frame.removeAll(keepingCapacity: true)
                    frame.append(contentsOf: data)
                    frames.append(consume frame)  // moved, not copied: a copy retained and released it
                } else {
                    frames.append(Array(data))
                }
            }
        } while zmq_msg_more(message) != 0
        return frames
    }

    private func live(_ operation: String) throws(MessagingError) -> UnsafeMutableRawPointer {
        guard let handle else {
            throw MessagingError(operation: operation, code: EBADF, message: "socket is closed")
        }
        return handle
    }
}

/// A frame's bytes lent to libzmq: the box holds the only reference libzmq counts on.
private final class LentFrame {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// libzmq's free function for lent frames (`zmq_msg_init_data`): drops the box's reference.
/// A named top-level function, not a closure: libzmq calls it on its own I/O thread.
private func releaseLentFrame(_ data: UnsafeMutableRawPointer?, _ hint: UnsafeMutableRawPointer?) {
    guard let hint else { return }
    Unmanaged<LentFrame>.fromOpaque(hint).release()
}
