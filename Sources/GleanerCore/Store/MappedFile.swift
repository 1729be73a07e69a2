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

    /// Lets the kernel take back the pages of bytes `range` (whole pages inside it) from this
    /// process: they stay in the page cache and are read again if touched. Pages of a mapped
    /// file count in the process's resident size until then.
    func release(_ range: Range<Int>) {
        guard let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (max(0, range.lowerBound) + page - 1) / page * page
        let end = min(range.upperBound, count) / page * page
        guard start < end else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }

    /// Installs (once per process) a SIGBUS handler that reports a store file cut short
    /// under a query and exits 1.
    static func guardAgainstTruncation() { _ = installed }

    private static let installed: Bool = {
        signal(SIGBUS, storeFileTruncated)
        return true
    }()
}

/// Keeps the resident pages of a mapped file read from its end towards its start (as chains
/// are, and articles in descending order) to a window: the pages above it are released as
/// the reading moves down. Reading upwards is allowed; those pages are merely read again.
struct DownwardSweep {
    let file: MappedFile
    /// Bytes kept resident above the lowest byte read.
    let window: Int
    private var releasedFrom: Int

    init(_ file: MappedFile, window: Int = 1 << 20) {
        self.file = file; self.window = window; releasedFrom = file.count
    }

    /// Byte `offset` is being read.
    @inline(__always)
    mutating func reading(_ offset: Int) {
        if offset >= releasedFrom { releasedFrom = file.count; return }
        guard releasedFrom - offset > 2 * window else { return }
        file.release(offset + window..<releasedFrom)
        releasedFrom = offset + window
    }

    /// Everything read is released.
    mutating func finish() {
        file.release(0..<file.count)
        releasedFrom = file.count
    }
}

/// SIGBUS while reading a mapped store file: a collector restarted and cut an index back.
/// Async-signal-safe: one `write`, then `_exit`.
private func storeFileTruncated(_ signal: Int32) {
    let message: StaticString =
        "gleaner: the store changed while it was being read (a collector restarted); run the query again.\n"
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    _exit(1)
}
