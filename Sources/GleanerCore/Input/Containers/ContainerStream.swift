import Foundation

/// Where an item's bytes are inside a container file, so it can be read again without a scan.
struct ContainerLocation: Equatable, Sendable {
    /// File offset of the gzip member holding the item's first byte; nil for a plain file.
    var member: UInt64?
    /// Offset of the item's first byte: in the file, or in the member's decompressed bytes.
    var offset: UInt64
    /// The item's length in (decompressed) bytes.
    var length: Int
}

/// A container file read forward: plain, or gzip-decompressed member after member.
///
/// Keeps only a window of the stream in memory; callers look ahead a bounded distance
/// (`find(_:within:)`), take what they need and skip the rest, hashing it when asked.
final class ContainerStream {
    /// Bytes read from the file per call.
    private static let chunkBytes = 256 << 10

    private let handle: FileHandle
    private let gzip: GzipReader?
    private var buffer: [UInt8] = []
    /// Index in `buffer` of the next unread byte.
    private var cursor = 0
    /// Stream offset of the next unread byte.
    private(set) var offset: UInt64 = 0
    private var ended = false
    /// An error met after some bytes were buffered: raised once those bytes are used up, so
    /// the items before a damaged spot are still read.
    private(set) var deferredError: InputError?

    /// Opens `path` at `location` (the start, by default), decompressing when `gzip` is set.
    init(path: String, gzip: Bool, at location: ContainerLocation? = nil) throws(InputError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable("cannot open file") }
        self.handle = handle
        if gzip {
            self.gzip = try GzipReader(handle: handle, startingAt: location?.member ?? 0)
            if let location { try skip(Int(location.offset)) }
        } else {
            self.gzip = nil
            do { try handle.seek(toOffset: location?.offset ?? 0) } catch { throw .unreadable("cannot seek: \(error)") }
            offset = location?.offset ?? 0
        }
    }

    deinit { try? handle.close() }

    /// Unread bytes in memory.
    var available: Int { buffer.count - cursor }

    /// The unread bytes in memory.
    var unread: ArraySlice<UInt8> { buffer[cursor...] }

    /// True when every byte has been read.
    var atEnd: Bool {
        get throws(InputError) { try fill(1) == 0 }
    }

    /// Reads until at least `count` unread bytes are in memory or the stream ends.
    /// - Returns: the unread bytes in memory.
    @discardableResult
    func fill(_ count: Int) throws(InputError) -> Int {
        do {
            try read(until: count)
        } catch {
            guard available > 0 else { throw error }
            deferredError = error
            ended = true
        }
        if available == 0, let error = deferredError {
            deferredError = nil
            throw error
        }
        return available
    }

    private func read(until count: Int) throws(InputError) {
        while available < count && !ended {
            if cursor > 0 && cursor >= buffer.count / 2 {
                buffer.removeFirst(cursor)
                cursor = 0
            }
            let got: Int
            if let gzip {
                got = try gzip.read(into: &buffer, count: Self.chunkBytes)
                gzip.dropMembers(before: offset)
            } else {
                let data: Data?
                do { data = try handle.read(upToCount: Self.chunkBytes) } catch {
                    throw .unreadable("read error: \(error)")
                }
                got = data?.count ?? 0
                if let data { buffer.append(contentsOf: data) }
            }
            if got == 0 { ended = true }
        }
    }

    /// The distance from the next unread byte to the first `pattern`, looking at most `limit`
    /// bytes ahead; nil when it is not there (the stream ended or the limit was reached).
    func find(_ pattern: [UInt8], within limit: Int) throws(InputError) -> Int? {
        var searched = 0
        while true {
            let have = try fill(min(limit, searched + Self.chunkBytes))
            let window = buffer[(cursor + max(0, searched - pattern.count + 1))..<(cursor + min(have, limit))]
            if let hit = Self.firstIndex(of: pattern, in: window) { return hit - cursor }
            if have >= limit || have == searched { return nil }
            searched = have
        }
    }

    /// Consumes and returns the next `count` bytes (fewer if the stream ends).
    func take(_ count: Int) throws(InputError) -> [UInt8] {
        let n = min(count, try fill(count))
        let bytes = Array(buffer[cursor..<(cursor + n)])
        consume(n)
        return bytes
    }

    /// Consumes `count` bytes (fewer if the stream ends) without keeping them.
    /// - Returns: how many were consumed.
    @discardableResult
    func skip(_ count: Int) throws(InputError) -> Int {
        try consumeChunks(count) { _ in }
    }

    /// Consumes `count` bytes (fewer if the stream ends), feeding them to `hasher`.
    /// - Returns: how many were consumed.
    @discardableResult
    func skip(_ count: Int, hashing hasher: inout ContentHash.Streaming) throws(InputError) -> Int {
        try consumeChunks(count) { hasher.update(Array($0)) }
    }

    private func consumeChunks(_ count: Int, _ body: (ArraySlice<UInt8>) -> Void) throws(InputError) -> Int {
        var left = count
        while left > 0 {
            let n = min(left, try fill(min(left, Self.chunkBytes)))
            if n == 0 { break }
            body(buffer[cursor..<(cursor + n)])
            consume(n)
            left -= n
        }
        return count - left
    }

    /// Where an item starting at the next unread byte and `length` bytes long lies.
    func location(length: Int) -> ContainerLocation {
        guard let gzip else { return ContainerLocation(member: nil, offset: offset, length: length) }
        let member = gzip.member(holding: offset) ?? GzipReader.MemberStart(compressedOffset: 0, decompressedOffset: 0)
        return ContainerLocation(member: member.compressedOffset, offset: offset - member.decompressedOffset,
                                 length: length)
    }

    private func consume(_ n: Int) {
        cursor += n
        offset += UInt64(n)
    }

    private static func firstIndex(of pattern: [UInt8], in window: ArraySlice<UInt8>) -> Int? {
        guard let first = pattern.first, window.count >= pattern.count else { return nil }
        var i = window.startIndex
        let last = window.endIndex - pattern.count
        while i <= last {
            guard let hit = window[i...last].firstIndex(of: first) else { return nil }
            if window[hit..<(hit + pattern.count)].elementsEqual(pattern) { return hit }
            i = hit + 1
        }
        return nil
    }
}
