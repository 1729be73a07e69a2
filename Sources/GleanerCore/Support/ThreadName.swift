import Glibc

/// Names the calling thread, as `top -H`, `perf` and `/proc/PID/task/*/comm` show it.
public enum ThreadName {
    /// At most 15 bytes are kept (the kernel's limit).
    public static func set(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Array(name.utf8.prefix(15)).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
