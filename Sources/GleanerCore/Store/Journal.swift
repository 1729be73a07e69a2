import Glibc

/// The append-only record journal: segment files of JSON Lines under `records/`.
///
/// Guarantee: when `append` returns, every line it was given is on disk (fsync), so the
/// caller may acknowledge those records. A crash mid-append leaves at most one torn last
/// line, which `replay` cuts off before the journal is appended to again.
public final class Journal {
    private let layout: StoreLayout
    private var segmentNumber: Int
    private var fd: Int32 = -1
    private var segmentSize = 0

    /// Opens the journal for appending after the last complete line.
    public init(layout: StoreLayout) throws(StoreError) {
        self.layout = layout
        self.segmentNumber = layout.segmentNumbers().last ?? 1
        try openSegment(segmentNumber)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Where a record line sits in the journal (length without the newline).
    public struct Position: Codable, Sendable, Equatable {
        public var segment: Int
        public var offset: Int
        public var length: Int
    }

    /// The end of the journal: where the next record goes.
    public var end: Position { Position(segment: segmentNumber, offset: segmentSize, length: 0) }

    /// Records for the journal, each kept in the array it arrived in (shared, not copied), so
    /// that appending is one `writev` of every record and its newline, and one `fdatasync`:
    /// the kernel copies each record into the file from where the collector received it, and
    /// no thread copies it into a batch buffer first. The `iovec`s are made as records are
    /// added (on the collector's socket thread), so appending reads no record's array header.
    /// `@unchecked Sendable`: the vectors address only the arrays the batch holds, which it
    /// never changes (array storage does not move while referenced).
    public struct Batch: @unchecked Sendable {
        /// Each record's array (a record summary shares it, and may have appended unescaped
        /// strings after the record before it was added).
        private var records: [[UInt8]] = []
        /// Per record: its bytes (the first bytes of its array), then its newline.
        fileprivate private(set) var vectors: [iovec] = []
        /// The records' bytes with their newlines: what the journal writes.
        public private(set) var byteCount = 0

        public init() {}

        public init(_ records: [[UInt8]]) {
            reserveCapacity(records: records.count)
            for r in records { add(r) }
        }

        /// Adds a record: the first `count` bytes of `array` (all of them when nil), read when
        /// the batch is appended. The array is shared, not copied, and must not change meanwhile
        /// (a copy-on-write array cannot: the batch holds a reference).
        public mutating func add(_ array: [UInt8], count: Int? = nil) {
            let length = min(count ?? array.count, array.count)
            let base = array.withUnsafeBytes { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
            records.append(array)
            vectors.append(iovec(iov_base: base, iov_len: length))
            vectors.append(iovec(iov_base: Journal.newline, iov_len: 1))
            byteCount += length + 1
        }

        public var count: Int { records.count }

        /// Record `n`'s length in bytes (newline excluded).
        func length(_ n: Int) -> Int { vectors[2 * n].iov_len }

        /// Record `n`'s bytes (newline excluded).
        public func record(_ n: Int) -> ArraySlice<UInt8> { records[n][0..<length(n)] }

        /// Appends another batch's records after these (shared, not copied).
        public mutating func add(_ other: Batch) {
            for n in 0..<other.count { add(other, record: n) }
        }

        /// Appends record `n` of another batch (shared, not copied).
        public mutating func add(_ other: Batch, record n: Int) { add(other.records[n], count: other.length(n)) }

        /// Makes room for `records` more records.
        public mutating func reserveCapacity(records count: Int) {
            records.reserveCapacity(records.count + count)
            vectors.reserveCapacity(vectors.count + 2 * count)
        }

        /// Room for records, whether used or not (0: a batch that never held any).
        public var capacity: Int { records.capacity }

        /// Empties the batch, keeping its memory for the next records; it no longer holds
        /// (shares) the records' arrays.
        public mutating func removeAll(keepingCapacity: Bool) {
            records.removeAll(keepingCapacity: keepingCapacity)
            vectors.removeAll(keepingCapacity: keepingCapacity)
            byteCount = 0
        }
    }

    /// One newline, the end of every record line, for `writev` (never written to).
    nonisolated(unsafe) fileprivate static let newline: UnsafeMutableRawPointer = {
        let byte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        byte.storeBytes(of: 0x0A, as: UInt8.self)
        return byte
    }()

    /// Appends batches of records and fsyncs once for all of them.
    /// - Returns: each record's position, batch after batch.
    @discardableResult
    public func append(_ batches: [Batch]) throws(StoreError) -> [Position] {
        guard let write = try prepare(batches) else { return [] }
        try write.perform()
        finish(write)
        return write.positions
    }

    /// A journal write laid out and not done yet (`prepare`): where each record goes, and
    /// the vectors that put it there. It holds everything it writes, so another thread can
    /// do it (`perform`) while the journal's owner goes on with other work. Until `finish`
    /// the owner must neither prepare another write nor close the journal.
    /// `@unchecked Sendable`: the vectors address only the arrays of the batches it holds
    /// (which nothing changes meanwhile), and the descriptor stays open until `finish`.
    public struct PendingWrite: @unchecked Sendable {
        fileprivate let fd: Int32
        fileprivate let path: String
        /// The segment's size before the write: where a failed write is cut back to.
        fileprivate let start: Int
        fileprivate let vectors: [iovec]
        fileprivate let batches: [Batch]
        /// Bytes the write adds to the segment.
        fileprivate let byteCount: Int
        /// Each record's position, batch after batch.
        public let positions: [Position]

        /// Writes the records and `fdatasync`s them: when it returns, they are durable. On a
        /// failure nothing of them counts as written: a partial write (a full disk) is cut
        /// back, so the journal still ends on a line boundary and a retry appends cleanly.
        public func perform() throws(StoreError) {
            do throws(StoreError) {
                try withExtendedLifetime(batches) { () throws(StoreError) in
                    try FileDescriptorIO.writeAll(fd, vectors, path: path)
                }
                guard fdatasync(fd) == 0 else { throw .io(operation: "fdatasync", path: path, errno: errno) }
            } catch {
                _ = ftruncate(fd, off_t(start))
                throw error
            }
        }
    }

    /// Lays out a write of `batches` (opening the next segment first when this one is full).
    /// - Returns: the write, or nil when the batches hold no record.
    public func prepare(_ batches: [Batch]) throws(StoreError) -> PendingWrite? {
        guard batches.contains(where: { $0.count > 0 }) else { return nil }
        if segmentSize >= StoreLayout.segmentLimit {
            close(fd)
            segmentNumber += 1
            try openSegment(segmentNumber)
        }
        var positions: [Position] = []
        let total = batches.reduce(0) { $0 + $1.count }
        positions.reserveCapacity(total)
        var vectors = batches.count == 1 ? batches[0].vectors : []  // one batch: its own list, not a copy
        if batches.count > 1 {
            vectors.reserveCapacity(2 * total)
            for batch in batches { vectors.append(contentsOf: batch.vectors) }
        }
        var written = 0
        for n in stride(from: 0, to: vectors.count, by: 2) {
            let length = vectors[n].iov_len
            positions.append(Position(segment: segmentNumber, offset: segmentSize + written, length: length))
            written += length + 1
        }
        return PendingWrite(
            fd: fd, path: layout.segment(segmentNumber), start: segmentSize, vectors: vectors, batches: batches,
            byteCount: written, positions: positions)
    }

    /// Takes a write `perform`ed without an error as part of the journal: the next one goes
    /// after it.
    public func finish(_ write: PendingWrite) {
        precondition(write.fd == fd && write.start == segmentSize, "journal writes finished out of order")
        segmentSize += write.byteCount
    }

    /// Takes the current segment's size from the file again (after `replay` cut a torn line).
    func findEnd() {
        var info = stat()
        if fstat(fd, &info) == 0 { segmentSize = Int(info.st_size) }
    }

    private func openSegment(_ number: Int) throws(StoreError) {
        let path = layout.segment(number)
        let created = access(path, F_OK) != 0
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        var info = stat()
        fstat(fd, &info)
        segmentSize = Int(info.st_size)
        if created { FileDescriptorIO.syncDirectory(of: path) }
    }

    /// Calls `line` with every complete record line in journal order, and truncates a torn
    /// final line (a crash during append) so later appends start on a line boundary.
    /// - Parameter repair: false for read-only readers, which only skip the torn line.
    /// - Parameter from: replay only records at or after this position (a checkpoint's end).
    public static func replay(
        _ layout: StoreLayout, repair: Bool, from: Position? = nil,
        line: (ArraySlice<UInt8>, Position) -> Void
    ) throws(StoreError) {
        for number in layout.segmentNumbers() where number >= (from?.segment ?? 0) {
            let path = layout.segment(number)
            let bytes = try FileDescriptorIO.readAll(path)
            let first = number == from?.segment ? min(from!.offset, bytes.count) : 0
            let tail = FileDescriptorIO.forEachLine(in: bytes, from: first) { range in
                if !range.isEmpty {
                    line(bytes[range], Position(segment: number, offset: range.lowerBound, length: range.count))
                }
                return true
            }
            if tail < bytes.count && repair {
                guard truncate(path, off_t(tail)) == 0 else {
                    throw .io(operation: "truncate torn line in", path: path, errno: errno)
                }
            }
        }
    }

}
