import Foundation
import Synchronization

/// Plans the producer's tasks on a thread of its own, in batches, while the producer already
/// dispatches: reading and hashing a million files no longer delays the first task, and each
/// article's bytes travel from the scan to its first dispatch without a second read. With a
/// `DirectoryWatcher` (`--watch`) it goes on with every file that lands, and never finishes.
///
/// Memory is bounded: the scan pauses while more than `budgetBytes` of article bytes wait
/// (in batches not yet taken, or held by queued tasks); the producer gives bytes back with
/// `released` as it dispatches or drops tasks. A batch is at most
/// `WireProtocol.maxIDsPerMessage` tasks, so each is one resume `lookup`.
final class PlanStream: Sendable {
    /// Article bytes the scan may hold ahead of dispatch.
    static let defaultBudgetBytes = 128 << 20

    private struct State {
        var batches: [[TaskPlanner.PlannedTask]] = []
        var done = false
        var planner: TaskPlanner
    }

    private let state: Mutex<State>
    private let buffered = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let read = Atomic<Int>(0)
    private let budgetBytes: Int

    /// Scans `files`, then, with a `watcher`, every file that lands later until `stop()`.
    init(
        files: [String], maxArticleBytes: Int, watcher: DirectoryWatcher? = nil,
        budgetBytes: Int = PlanStream.defaultBudgetBytes
    ) {
        self.budgetBytes = budgetBytes
        state = Mutex(State(planner: TaskPlanner(maxArticleBytes: maxArticleBytes)))
        let source = WatchedFiles(watcher)
        let thread = Thread { [self] in self.scan(files, then: source) }
        thread.name = "plan"
        thread.start()
    }

    /// The watcher, handed to the planning thread (which alone uses it).
    private final class WatchedFiles: @unchecked Sendable {
        let watcher: DirectoryWatcher?
        init(_ watcher: DirectoryWatcher?) { self.watcher = watcher }
    }

    /// Batches planned since the last call (each ≤ 4,096 tasks).
    func take() -> [[TaskPlanner.PlannedTask]] {
        state.withLock { s in defer { s.batches.removeAll() }; return s.batches }
    }

    /// True once every file was scanned and every batch taken.
    var isFinished: Bool { state.withLock { $0.done && $0.batches.isEmpty } }

    /// The planner's tallies (duplicates, skipped records), final once `isFinished`.
    var planner: TaskPlanner { state.withLock { $0.planner } }

    /// Article bytes the producer no longer holds (dispatched, stored already, or dropped).
    func released(_ bytes: Int) { if bytes > 0 { buffered.subtract(bytes, ordering: .relaxed) } }

    /// Files scanned so far (planning progress, for status and metrics).
    var filesRead: Int { read.load(ordering: .relaxed) }

    /// Stops the scan (the producer is stopping).
    func stop() { stopping.store(true, ordering: .relaxed) }

    private func scan(_ files: [String], then source: WatchedFiles) {
        var planner = state.withLock { $0.planner }
        planner.reserveCapacity(files.count)
        var batch: [TaskPlanner.PlannedTask] = []
        var seen: [String: FileStamp] = [:]
        func flush() {
            guard !batch.isEmpty else { return }
            let ready = batch
            batch.removeAll()
            state.withLock { $0.batches.append(ready) }
        }
        func plan(_ paths: [String], watching: Bool) {
            for path in paths {
                while buffered.load(ordering: .relaxed) > budgetBytes && !stopping.load(ordering: .relaxed) {
                    flush()
                    usleep(2_000)
                }
                if stopping.load(ordering: .relaxed) { return }
                if watching {
                    // A file the scan or an earlier event already took, unchanged, is not new.
                    let stamp = FileStamp(path: path)
                    if let stamp, seen[path] == stamp { continue }
                    seen[path] = stamp
                }
                for task in planner.plan(file: path, keepBodies: true) {
                    buffered.add(task.body?.count ?? 0, ordering: .relaxed)
                    batch.append(task)
                    if batch.count == WireProtocol.maxIDsPerMessage { flush() }
                }
                read.add(1, ordering: .relaxed)
                if batch.count >= 256 && state.withLock({ $0.batches.isEmpty }) { flush() }  // keep dispatch fed
            }
        }
        plan(files, watching: source.watcher != nil)
        flush()
        if let watcher = source.watcher {
            while !stopping.load(ordering: .relaxed) {
                plan(watcher.next(timeoutMilliseconds: 200), watching: true)
                flush()
                state.withLock { $0.planner = planner }
            }
        }
        state.withLock { $0.planner = planner; $0.done = source.watcher == nil }
    }
}
