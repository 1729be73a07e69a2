internal import CZMQ
import Glibc

let EAGAIN_CODE: Int32 = EAGAIN
let EHOSTUNREACH_CODE: Int32 = EHOSTUNREACH
let ETERM_CODE: Int32 = 156384765  // ZMQ_HAUSNUMERO + 53, libzmq's ETERM

/// A libzmq context: the I/O threads behind every socket.
///
/// Thread-safe (libzmq contexts are), so it may be shared. Each `ZMQSocket` keeps a strong
/// reference to its context, so the context is terminated only after its last socket closed:
/// terminating first would block `zmq_ctx_term` forever.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init(ioThreads: Int32 = 1) {
        handle = zmq_ctx_new()!
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// libzmq's version, e.g. "4.3.4".
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    static func lastError(_ operation: String) -> MessagingError {
        let code = zmq_errno()
        return MessagingError(operation: operation, code: code, message: String(cString: zmq_strerror(code)))
    }
}
