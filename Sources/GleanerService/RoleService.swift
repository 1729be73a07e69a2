import Foundation
import GleanerCore
import ServiceLifecycle
import Synchronization

/// Stack of a role's thread: the size of a main thread's (bytes).
let roleThreadStackBytes = 8 << 20

/// One role (producer, worker or collector) as a swift-service-lifecycle `Service`.
///
/// The role's loop blocks (it polls ZeroMQ sockets), and blocking calls must stay off Swift
/// concurrency's threads, so `run()` starts a dedicated thread for it and waits. Graceful
/// shutdown (a signal caught by the `ServiceGroup`, or a shutdown the group starts because
/// another service ended) and task cancellation both turn into the role's `StopToken`: the
/// role drains as it always does (a producer waits for what workers hold, a worker finishes
/// its extractions, a collector commits and checkpoints) and returns. `run()` returns when
/// the role does, or throws what it threw.
///
/// Usage:
/// ```swift
/// let stop = StopToken()
/// let collector = RoleService(name: "collector", stop: stop) { stop in
///     try Collector(configuration, logger: logger, stop: stop).run()
/// }
/// ```
/// The role is made inside `body`, on the role's thread, so its sockets never change threads.
public final class RoleService<Outcome: Sendable>: Service, CustomStringConvertible {
    public let name: String
    /// The role's stop token: set on graceful shutdown or cancellation (or by anyone else).
    public let stop: StopToken
    /// Checked once when `run()` starts: a stop requested on it before (a signal that came
    /// before the service group listened for signals) stops the role at once.
    private let earlierStop: StopToken?
    private let body: @Sendable (StopToken) throws -> Outcome
    private let result = Mutex<Result<Outcome, any Error>?>(nil)

    public init(
        name: String, stop: StopToken = StopToken(), earlierStop: StopToken? = nil,
        body: @escaping @Sendable (StopToken) throws -> Outcome
    ) {
        self.name = name
        self.stop = stop
        self.earlierStop = earlierStop
        self.body = body
    }

    public var description: String { name }

    /// What the role returned or threw; nil while it runs (or before it started).
    public var outcome: Result<Outcome, any Error>? { result.withLock { $0 } }

    public func run() async throws {
        if earlierStop?.isRequested == true { stop.request() }
        let stop = self.stop
        let finished = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await runOnThread()
            } onGracefulShutdown: {
                stop.request()
            }
        } onCancel: {
            stop.request()
        }
        result.withLock { $0 = finished }
        _ = try finished.get()
    }

    /// Runs `body` on a thread of its own and resumes when it returns.
    private func runOnThread() async -> Result<Outcome, any Error> {
        await withCheckedContinuation { continuation in
            let thread = Thread { [body, stop] in
                continuation.resume(returning: Result { try body(stop) })
            }
            thread.name = name
            thread.stackSize = roleThreadStackBytes
            thread.start()
        }
    }
}
