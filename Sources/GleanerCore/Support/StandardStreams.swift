
import Glibc




/// Unbuffered writes to stdout and stderr by file descriptor.
///
/// Swift 6 rejects the C `stdout`/`stderr` globals as not concurrency-safe, and readiness
/// lines must reach a parent process's pipe at once, so everything goes through `write(2)`.
public enum StandardStreams {
    public static func writeLine(_ bytes: [UInt8], fd: Int32 = 1) {
        var line = bytes
        line.append(0x0A)
        writeAll(line, fd: fd)
    }

    public static func writeLine(_ text: String, fd: Int32 = 1) {
        writeLine(Array(text.utf8), fd: fd)
    }

    public static func write(_ text: String, fd: Int32) {
        writeAll(Array(text.utf8), fd: fd)
    }

    public static func write(bytes: [UInt8], fd: Int32) {
        writeAll(bytes, fd: fd)
    }

    public static func isTerminal(fd: Int32) -> Bool { isatty(fd) == 1 }

    private static func writeAll(_ bytes: [UInt8], fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}
