/// A failed libzmq call, with the errno it reported.
///
/// Raised only by the Messaging layer; roles turn it into log lines or exit codes.
public struct MessagingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was being attempted ("bind tcp://*:5557").
    public let operation: String
    /// `zmq_errno()` at the time of failure.
    public let code: Int32
    /// `zmq_strerror(code)`.
    public let message: String

    public var description: String { "\(operation) failed: \(message) (errno \(code))" }

    /// True when the call would have blocked (EAGAIN): nothing was sent or received.
    public var wouldBlock: Bool { code == EAGAIN_CODE }
    /// True when a ROUTER could not route to the peer (EHOSTUNREACH).
    public var peerUnreachable: Bool { code == EHOSTUNREACH_CODE }
    /// True when the context was terminated under the socket (ETERM).
    public var contextTerminated: Bool { code == ETERM_CODE }
}
