import Glibc

/// Whole-file replacement that a crash can never leave half-written:
/// write a temporary file, fsync it, rename it over the target, fsync the directory.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        try write(to: path) { (put: (ArraySlice<UInt8>) throws(StoreError) -> Void) throws(StoreError) in
            try put(bytes[...])
        }
    }

    /// Writes the file in pieces: `fill` hands each piece to the function it is given (so a
    /// large file never sits whole in memory), then the file replaces `path`.
    static func write(
        to path: String,
        _ fill: ((ArraySlice<UInt8>) throws(StoreError) -> Void) throws(StoreError) -> Void
    ) throws(StoreError) {
        let file = try AtomicFileWriter(path: path)
        try fill { (piece: ArraySlice<UInt8>) throws(StoreError) in try file.write(piece) }
        try file.commit()
    }
}

/// A file written in pieces into a temporary file, which `commit` fsyncs and renames over
/// the target. Dropped without `commit` (an error), the temporary file is removed.
final class AtomicFileWriter {
    let path: String
    private let temporary: String
    private var fd: Int32

    init(path: String) throws(StoreError) {
        self.path = path
        temporary = path + ".tmp"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "create", path: temporary, errno: errno) }
    }

    deinit {
        guard fd >= 0 else { return }
        close(fd)
        unlink(temporary)  // a full disk gets its space back
    }

    func write(_ piece: ArraySlice<UInt8>) throws(StoreError) {
        try FileDescriptorIO.writeAll(fd, piece, path: temporary)
    }

    func commit() throws(StoreError) {
        guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync", path: temporary, errno: errno) }
        close(fd)
        fd = -1
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename", path: path, errno: errno) }
        FileDescriptorIO.syncDirectory(of: path)
    }
}

enum FileDescriptorIO {
    /// The whole file.
    static func readAll(_ path: String) throws(StoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        fstat(fd, &info)
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return Array(bytes[0..<offset])
    }

    /// The whole file, or no bytes when it does not exist (an index not written yet).
    static func readIfPresent(_ path: String) throws(StoreError) -> [UInt8] {
        access(path, F_OK) == 0 ? try readAll(path) : []
    }

    /// Calls `body` with the range of each complete line (newline excluded) from `start` on,
    /// until it returns false.
    /// - Returns: where the unfinished tail begins (the end of the last complete line + 1).
    @discardableResult
    static func forEachLine(in bytes: [UInt8], from start: Int = 0, _ body: (Range<Int>) -> Bool) -> Int {
        var lineStart = start
        return bytes.withUnsafeBufferPointer { buffer in
            var i = start
            while i < buffer.count {
                if buffer[i] == 0x0A {
                    if !body(lineStart..<i) { return i + 1 }
                    lineStart = i + 1
                }
                i += 1
            }
            return lineStart
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        try writeAll(fd, bytes[...], path: path)
    }

    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(StoreError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    failure = n == 0 ? ENOSPC : errno
                    return
                }
            }
        }
        if failure != 0 { throw .io(operation: "write", path: path, errno: failure) }
    }

    /// The most vectors one `writev` takes (`IOV_MAX` on Linux).
    static let maxVectorsPerCall = 1_024

    /// Writes every byte the vectors point to, in order (`writev`, at most `maxVectorsPerCall` a
    /// call). After a short write, the rest of a vector written in part goes out with `write`,
    /// so the vectors are only read (a batch's own list is used without a copy).
    static func writeAll(_ fd: Int32, _ vectors: [iovec], path: String) throws(StoreError) {
        var failure: Int32 = 0
        vectors.withUnsafeBufferPointer { v in
            var first = 0, done = 0  // the next vector, and its bytes already written
            while first < v.count {
                let n: Int
                if done > 0 {
                    n = Glibc.write(fd, v[first].iov_base! + done, v[first].iov_len - done)
                } else {
                    n = writev(fd, v.baseAddress! + first, Int32(min(v.count - first, maxVectorsPerCall)))
                }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    failure = n == 0 ? ENOSPC : errno
                    return
                }
                var left = n + done
                done = 0
                while first < v.count && left >= v[first].iov_len {  // vectors written whole
                    left -= v[first].iov_len
                    first += 1
                }
                done = left  // of vector `first`, written in part
            }
        }
        if failure != 0 { throw .io(operation: "write", path: path, errno: failure) }
    }

    /// Creates `path` and any missing parents (like `mkdir -p`).
    static func makeDirectories(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .io(operation: "create directory", path: prefix, errno: errno)
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io(operation: "create directory", path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .io(operation: "create directory", path: path, errno: ENOTDIR)
        }
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
