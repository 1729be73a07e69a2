import Glibc
import Synchronization

/// A request to stop gracefully, shared by a role and whoever may stop it.
///
/// Separate from cancellation: a stop request means "drain and exit cleanly". Role loops poll
/// with a finite timeout and check `isRequested` each turn. Each role takes its own token, so
/// tests can run and stop roles in one process; `StopToken.process` is the one SIGTERM and
/// SIGINT set.
public final class StopToken: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isRequested: Bool { flag.load(ordering: .relaxed) }

    public func request() { flag.store(true, ordering: .relaxed) }

    /// The process-wide token, set by SIGTERM and SIGINT once `StopSignal.install()` ran.
    public static let process = StopToken()
}

/// Process-wide graceful-stop request, set by SIGTERM or SIGINT.
///
/// A signal also interrupts `zmq_poll` (EINTR), so a role loop notices at once.
public enum StopSignal {
    /// Installs handlers for SIGTERM and SIGINT; SIGPIPE is ignored.
    public static func install() {
        signal(SIGTERM, stopSignalHandler)
        signal(SIGINT, stopSignalHandler)
        signal(SIGPIPE, SIG_IGN)
    }

    public static var requested: Bool { StopToken.process.isRequested }

    /// Requests a stop from code (tests, `gleaner run`).
    public static func request() { StopToken.process.request() }
}

/// A named top-level function: C calls it on whatever thread took the signal.
private func stopSignalHandler(_ signal: Int32) {
    StopToken.process.request()
}
