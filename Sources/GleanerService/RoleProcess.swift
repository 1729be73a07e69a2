import Dispatch
import GleanerCore
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Runs one role as the process's services, with swift-service-lifecycle's `ServiceGroup`:
/// the metrics endpoint (if any), helper services (such as `gleaner run`'s parent watch),
/// then the role.
///
/// - A signal in `signals` (SIGTERM, and SIGINT unless the process belongs to `gleaner run`)
///   starts a graceful shutdown: services stop one by one in reverse order, so the role drains
///   first and the metrics endpoint goes last, still serving the final figures meanwhile.
/// - When the role returns (a producer whose tasks are all committed) or throws, the group
///   shuts the other services down the same way.
/// - When a helper service returns (the parent is gone), the group shuts down as on a signal.
///
/// Signals that arrive before the group listens for them are caught by `StopSignal` and
/// handed on through the role's `earlierStop` (see `RoleService`).
public enum RoleProcess {
    /// Runs the services to the end and returns what the role returned.
    /// - Throws: what the role threw, or why the metrics endpoint could not listen (before
    ///   the role starts).
    public static func run<Outcome: Sendable>(
        _ role: RoleService<Outcome>, metrics: MetricsServer?, helpers: [any Service] = [],
        signals: [UnixSignal], logger: Logger, onMetricsListening: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> Outcome {
        try blocking {
            if let metrics { onMetricsListening(try await metrics.listen()) }
            let shutdown = ServiceGroupConfiguration.ServiceConfiguration.TerminationBehavior.gracefullyShutdownGroup
            let services =
                (metrics.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? [])
                + helpers.map {
                    ServiceGroupConfiguration.ServiceConfiguration(
                        service: $0, successTerminationBehavior: shutdown, failureTerminationBehavior: shutdown)
                }
                + [
                    ServiceGroupConfiguration.ServiceConfiguration(
                        service: role, successTerminationBehavior: shutdown, failureTerminationBehavior: shutdown)
                ]
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services, gracefulShutdownSignals: signals, logger: logger))
            try await group.run()
            guard let outcome = role.outcome else { throw RoleProcessError.roleDidNotRun(role.name) }
            return try outcome.get()
        }
    }

    enum RoleProcessError: Error, CustomStringConvertible {
        case roleDidNotRun(String)
        var description: String {
            switch self {
            case .roleDidNotRun(let name): return "the \(name) stopped before it started"
            }
        }
    }

    /// Runs `work` on Swift concurrency's threads and blocks the calling thread (the main
    /// thread of an executable, which is not one of them) until it ends.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
