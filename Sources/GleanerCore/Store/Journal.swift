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

    /// Records as the journal stores them: each JSON object followed by a newline, back to
    /// back in one buffer, built where there is time for it (the collector's receiving
    /// thread), so that appending is one `write` and one `fdatasync`.
    public struct Batch: Sendable {
        public private(set) var bytes: [UInt8] = []
        /// Where each record sits in `bytes` (newline excluded).
        public private(set) var ranges: [Range<Int>] = []

        public init() {}

        public init(_ records: [[UInt8]]) {
            bytes.reserveCapacity(records.reduce(0) { $0 + $1.count + 1 })
            for r in records { add(r) }
        }

        public mutating func add(_ record: some Collection<UInt8>) {
            let start = bytes.count
            bytes.append(contentsOf: record)
            ranges.append(start..<bytes.count)
            bytes.append(0x0A)
        }

        public var count: Int { ranges.count }

        /// Appends another batch's records after these.
        public mutating func add(_ other: Batch) {
            for r in other.ranges { add(other.bytes[r]) }
        }

        /// Makes room for `records` more records of `bytes` bytes in all, newlines included.
        public mutating func reserveCapacity(records: Int, bytes: Int) {
            self.bytes.reserveCapacity(self.bytes.count + bytes)
            ranges.reserveCapacity(ranges.count + records)
        }

        /// Empties the batch, keeping its memory for the next records.
        public mutating func removeAll(keepingCapacity: Bool) {
            bytes.removeAll(keepingCapacity: keepingCapacity)
            ranges.removeAll(keepingCapacity: keepingCapacity)
        }
    }

    /// Appends batches of records and fsyncs once for all of them.
    /// - Returns: each record's position, batch after batch.
    @discardableResult
    public func append(_ batches: [Batch]) throws(StoreError) -> [Position] {
        guard batches.contains(where: { $0.count > 0 }) else { return [] }
        if segmentSize >= StoreLayout.segmentLimit {
            close(fd)
            segmentNumber += 1
            try openSegment(segmentNumber)
        }
        var positions: [Position] = []
        positions.reserveCapacity(batches.reduce(0) { $0 + $1.count })
        var written = 0
        let path = layout.segment(segmentNumber)
        do throws(StoreError) {
            for batch in batches where batch.count > 0 {
                for r in batch.ranges {
                    positions.append(
                        Position(segment: segmentNumber, offset: segmentSize + written + r.lowerBound, length: r.count))
                }
                try FileDescriptorIO.writeAll(fd, batch.bytes, path: path)
                written += batch.bytes.count
            }
            guard fdatasync(fd) == 0 else { throw .io(operation: "fdatasync", path: path, errno: errno) }
        } catch {
            // Nothing of these batches counts as written: cut a partial write (a full disk)
            // back, so the journal still ends on a line boundary and a retry appends cleanly.
            _ = ftruncate(fd, off_t(segmentSize))
            throw error
        }
        segmentSize += written
        return positions
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
