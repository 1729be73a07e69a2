import Glibc

/// A file mapped read-only into memory, for queries: they touch only the pages they need.
///
/// The collector cuts the append-only indexes back when it restarts after a crash; a
/// query reading past the new end then gets SIGBUS. `MappedFile.guardAgainstTruncation`
/// turns that into a clear message and exit status 1 instead of a crash.
final class MappedFile {
    let path: String
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?

    /// Maps the whole file; a missing file maps as empty.
    init(_ path: String) throws(StoreError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { base = nil; bytes = UnsafeRawBufferPointer(start: nil, count: 0); return }
            throw .io(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        let size = Int(info.st_size)
        guard size > 0 else { base = nil; bytes = UnsafeRawBufferPointer(start: nil, count: 0); return }
        let address = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0)
        guard let address, address != MAP_FAILED else { throw .io(operation: "map", path: path, errno: errno) }
        base = address
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { if let base { munmap(base, bytes.count) } }

    var count: Int { bytes.count }

    @inline(__always)
    func u32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    func u64(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Bytes `range` (clamped to the file).
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        let r = max(0, min(range.lowerBound, count))..<max(0, min(range.upperBound, count))
        return UnsafeRawBufferPointer(rebasing: bytes[r])
    }

    /// The line starting at `offset`, without its newline (empty past the end).
    func line(at offset: Int) -> UnsafeRawBufferPointer {
        guard offset >= 0, offset < count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        let end = rest.withMemoryRebound(to: UInt8.self) { b in
            memchr(b.baseAddress!, 0x0A, b.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(b.baseAddress!) }
        }
        return UnsafeRawBufferPointer(rebasing: rest[..<(end ?? rest.count)])
    }

    /// The line holding byte `offset`: where it starts, and its bytes without the newline.
    func line(containing offset: Int) -> (start: Int, bytes: UnsafeRawBufferPointer) {
        guard offset >= 0, offset < count else { return (count, UnsafeRawBufferPointer(start: nil, count: 0)) }
        var start = offset
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        return (start, line(at: start))
    }

    /// Installs (once per process) a SIGBUS handler that reports a store file cut short
    /// under a query and exits 1.
    static func guardAgainstTruncation() { _ = installed }

    private static let installed: Bool = {
        signal(SIGBUS, storeFileTruncated)
        return true
    }()
}

/// SIGBUS while reading a mapped store file: a collector restarted and cut an index back.
/// Async-signal-safe: one `write`, then `_exit`.
private func storeFileTruncated(_ signal: Int32) {
    let message: StaticString =
        "gleaner: the store changed while it was being read (a collector restarted); run the query again.\n"
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    _exit(1)
}
