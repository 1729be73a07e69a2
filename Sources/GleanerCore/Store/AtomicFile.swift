import Glibc

/// Whole-file replacement that a crash can never leave half-written:
/// write a temporary file, fsync it, rename it over the target, fsync the directory.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "create", path: temporary, errno: errno) }
        do throws(StoreError) {
            try FileDescriptorIO.writeAll(fd, bytes, path: temporary)
            guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync", path: temporary, errno: errno) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename", path: path, errno: errno) }
        FileDescriptorIO.syncDirectory(of: path)
    }
}

enum FileDescriptorIO {
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n } else if errno == EINTR { continue } else { failure = errno; return }
            }
        }
        if failure != 0 { throw .io(operation: "write", path: path, errno: failure) }
    }

    /// Makes a rename or file creation in the directory durable.
    static func syncDirectory(of path: String) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
