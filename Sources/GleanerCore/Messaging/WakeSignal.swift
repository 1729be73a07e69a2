import Glibc

/// A wake-up one thread sends another that sleeps in `poll`: the self-pipe trick.
///
/// `signal()` makes the read end readable until `clear()`; signals sent while the sleeper is
/// awake are not lost (the byte waits in the pipe), and several signals before a `clear()`
/// wake it once. The read end (`fileDescriptor`) can sit in a `ZMQPoller` next to sockets.
/// Thread-safe: any thread may signal; one thread waits and clears.
final class WakeSignal: Sendable {
    /// Readable while a signal is pending.
    let fileDescriptor: Int32
    private let writeEnd: Int32

    init() throws(MessagingError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let code = errno
            throw MessagingError(operation: "make a wake-up pipe", code: code, message: String(cString: strerror(code)))
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(fileDescriptor)
        close(writeEnd)
    }

    /// Wakes the sleeper (a full pipe already holds a pending wake-up, so a failed write is fine).
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Takes back every pending signal.
    func clear() {
        var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &bytes, { read(fileDescriptor, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Sleeps until signalled or `milliseconds` pass, then clears. - Returns: whether it was signalled.
    @discardableResult
    func wait(milliseconds: Int32) -> Bool {
        var item = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&item, 1, milliseconds) > 0
        if ready { clear() }
        return ready
    }
}
