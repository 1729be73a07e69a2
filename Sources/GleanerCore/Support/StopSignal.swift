import Glibc
import Synchronization

/// Process-wide graceful-stop request, set by SIGTERM or SIGINT.
///
/// Role loops poll with a finite timeout and check `requested` each turn; a signal also
/// interrupts `zmq_poll` (EINTR), so the check happens at once. Separate from cancellation:
/// a stop request means "drain and exit cleanly".
public enum StopSignal {
    private static let flag = Atomic<Int>(0)

    /// Installs handlers for SIGTERM and SIGINT; SIGPIPE is ignored.
    public static func install() {
        signal(SIGTERM, stopSignalHandler)
        signal(SIGINT, stopSignalHandler)
        signal(SIGPIPE, SIG_IGN)
    }

    public static var requested: Bool { flag.load(ordering: .relaxed) != 0 }

    /// Requests a stop from code (tests, `gleaner run`).
    public static func request() { flag.store(1, ordering: .relaxed) }

    static func handle() { flag.store(1, ordering: .relaxed) }
}

/// A named top-level function: C calls it on whatever thread took the signal.
private func stopSignalHandler(_ signal: Int32) {
    StopSignal.handle()
}
