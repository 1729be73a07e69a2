import ArgumentParser
import Foundation
import GleanerCore
import Logging

/// `--parent-pid`, hidden: set by `gleaner run` on the roles it starts.
///
/// Such a role belongs to its parent: it ignores SIGINT (a terminal's Ctrl-C reaches the
/// whole process group, and the parent stops its children one by one, in order), stops
/// gracefully on SIGTERM, and stops on its own when the parent is gone, even killed with
/// SIGKILL, so no role outlives its `gleaner run`.
struct RunChildOptions: ParsableArguments {
    @Option(help: .hidden)
    var parentPid: Int32?

    /// Call after `StopSignal.install()`.
    func install(logger: Logger) {
        guard let parentPid else { return }
        signal(SIGINT, SIG_IGN)
        ParentWatch.start(parent: parentPid, logger: logger)
    }
}

/// Requests a graceful stop when the parent process is gone: its pid is no longer our
/// parent's (we were reparented). Checked at once, then every `intervalMilliseconds`.
enum ParentWatch {
    /// How often the parent is checked (milliseconds): the longest a role outlives it before it starts to stop.
    static let intervalMilliseconds: UInt32 = 200

    static func start(parent: Int32, logger: Logger) {
        let thread = Thread {
            while getppid() == parent { usleep(intervalMilliseconds * 1000) }
            logger.warning("The gleaner run that started this process is gone; stopping.", metadata: ["parent": "\(parent)"])
            StopSignal.request()
        }
        thread.name = "parent-watch"
        thread.start()
    }
}
