import ArgumentParser
import Foundation
import GleanerCore
import Logging
import ServiceLifecycle
import UnixSignals

/// `--parent-pid`, hidden: set by `gleaner run` on the roles it starts.
///
/// Such a role belongs to its parent: it ignores SIGINT (a terminal's Ctrl-C reaches the
/// whole process group, and the parent stops its children one by one, in order), stops
/// gracefully on SIGTERM, and stops on its own when the parent is gone, even killed with
/// SIGKILL, so no role outlives its `gleaner run`.
struct RunChildOptions: ParsableArguments {
    @Option(help: .hidden)
    var parentPid: Int32?

    /// The signals that stop the role gracefully: SIGTERM, and SIGINT unless a parent
    /// conducts (then SIGINT is ignored from here on).
    func gracefulSignals() -> [UnixSignal] {
        guard parentPid != nil else { return [.sigterm, .sigint] }
        signal(SIGINT, SIG_IGN)
        return [.sigterm]
    }

    /// The services a child of `gleaner run` runs beside its role: the parent watch.
    func helpers(logger: Logger) -> [any Service] {
        parentPid.map { [ParentWatch(parent: $0, logger: logger)] } ?? []
    }
}

/// Ends when the parent process is gone (we were reparented), which shuts the role down
/// gracefully (`RoleProcess`); also ends on graceful shutdown. Checks every
/// `intervalMilliseconds`.
struct ParentWatch: Service {
    /// How often the parent is checked (milliseconds): the longest a role outlives it before it starts to stop.
    static let intervalMilliseconds = 200

    let parent: Int32
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while getppid() == parent { try await Task.sleep(for: .milliseconds(Self.intervalMilliseconds)) }
        }
        if getppid() != parent {
            logger.warning(
                "The gleaner run that started this process is gone; stopping.", metadata: ["parent": "\(parent)"])
        }
    }
}
