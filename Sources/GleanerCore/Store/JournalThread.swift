import Foundation
import Synchronization

/// A thread that performs journal writes (`Journal.PendingWrite`: `writev` and `fdatasync`)
/// for the collector's store writer, one at a time, so that the writer merges the batches
/// made durable before while the kernel copies the next ones into the page cache and the
/// disk syncs them.
///
/// Guarantee: `durable` runs on this thread only after the write's `fdatasync` returned
/// without an error, and before `wait` returns; after a failure it does not run at all.
///
/// Threads: `start`, `wait` and `stop` belong to one owner thread, which starts a write only
/// after `wait` returned for the one before.
final class JournalThread: @unchecked Sendable {
    private struct Job {
        var write: Journal.PendingWrite
        var durable: @Sendable () -> Void
    }

    private struct Slot {
        var job: Job?
        var result: Result<Void, StoreError>?
        var stopping = false
    }

    private let slot = Mutex(Slot())
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var busy = false  // the owner's: a write started and not waited for

    /// Starts the thread, named `name` (as `top -H` and the benchmarks show it).
    init(name: String) {
        let thread = Thread { [self] in
            ThreadName.set(name)
            loop()
        }
        thread.start()
    }

    /// Hands `write` to the thread; `durable` runs there once it is on disk.
    func start(_ write: Journal.PendingWrite, durable: @escaping @Sendable () -> Void) {
        precondition(!busy, "a journal write started before the previous one was waited for")
        busy = true
        slot.withLock { $0.job = Job(write: write, durable: durable) }
        ready.signal()
    }

    /// Blocks until the write started last is done. - Returns: its outcome.
    func wait() -> Result<Void, StoreError> {
        precondition(busy, "no journal write to wait for")
        done.wait()
        busy = false
        return slot.withLock { s in
            defer { s.result = nil }
            return s.result!
        }
    }

    /// Ends the thread (after `wait` for any write started).
    func stop() {
        precondition(!busy, "stopped with a journal write in flight")
        slot.withLock { $0.stopping = true }
        ready.signal()
    }

    private func loop() {
        while true {
            ready.wait()
            // The job's references (its batches) are dropped when `performNext` returns,
            // before the owner hears of the outcome.
            guard let result = performNext() else { return }
            slot.withLock { $0.result = result }
            done.signal()
        }
    }

    /// Performs the job waiting, if any. - Returns: its outcome, or nil when asked to stop.
    private func performNext() -> Result<Void, StoreError>? {
        let waiting: Job? = slot.withLock { s in
            defer { s.job = nil }
            return s.stopping ? nil : s.job
        }
        guard let job = waiting else { return nil }
        do throws(StoreError) {
            try job.write.perform()
        } catch {
            return .failure(error)
        }
        job.durable()
        return .success(())
    }
}
