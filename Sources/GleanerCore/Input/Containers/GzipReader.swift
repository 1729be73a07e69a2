internal import CZlib
import Foundation

/// Decompresses a gzip file member after member, bounding how far it may expand.
///
/// RFC 1952 lets a file hold several gzip members one after another; Common Crawl's WARC
/// files hold one member per record, so a record can be read again by seeking to its member.
/// The reader remembers where each member starts, in the file and in the decompressed stream.
///
/// Bounds: once more than `bombCheckBytes` came out, output may be at most
/// `maxExpansionRatio` times the compressed input read so far; beyond that the data is a
/// decompression bomb and `read` throws. Only this file imports zlib.
final class GzipReader {
    /// Most decompressed bytes per compressed byte: real text and HTML compress 3–20 : 1,
    /// deflate's ceiling is about 1,032 : 1 (runs of one byte).
    static let maxExpansionRatio: UInt64 = 200
    /// Output, in bytes, before the expansion ratio is enforced, so tiny files are never judged.
    static let bombCheckBytes: UInt64 = 16 << 20
    /// Compressed bytes read from the file at a time.
    private static let inputCapacity = 256 << 10
    /// The two bytes every gzip member starts with.
    static let magic: [UInt8] = [0x1F, 0x8B]

    /// Where a member starts: its offset in the file and in the decompressed stream.
    struct MemberStart: Equatable {
        var compressedOffset: UInt64
        var decompressedOffset: UInt64
    }

    private var stream = z_stream()
    private let handle: FileHandle
    private let input = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipReader.inputCapacity)
    /// File offset of `input[0]`.
    private var inputFileOffset: UInt64
    private var inputCount = 0
    private let startOffset: UInt64
    private var atMemberStart = true
    private var endOfFile = false
    private(set) var finished = false
    /// Decompressed bytes produced so far.
    private(set) var decompressedCount: UInt64 = 0
    /// Members started so far, oldest first; `dropMembers(before:)` forgets old ones.
    private(set) var members: [MemberStart] = []

    /// Starts reading at `offset`, which must be the start of a gzip member.
    init(handle: FileHandle, startingAt offset: UInt64 = 0) throws(InputError) {
        self.handle = handle
        inputFileOffset = offset
        startOffset = offset
        do { try handle.seek(toOffset: offset) } catch { throw .unreadable("cannot seek: \(error)") }
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw .malformed("zlib could not start (status \(status))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// True when `prefix` starts like a gzip member.
    static func isGzip(_ prefix: some Collection<UInt8>) -> Bool { prefix.starts(with: magic) }

    /// Appends up to `count` decompressed bytes to `output`. - Returns: how many; 0 at the end.
    func read(into output: inout [UInt8], count: Int) throws(InputError) -> Int {
        var produced = 0
        let before = output.count
        output.reserveCapacity(before + count)
        while produced == 0 && !finished {
            try ensureInput(atLeast: atMemberStart ? 2 : 1)
            if stream.avail_in == 0 {
                if !atMemberStart { throw .malformed("gzip data ends inside a member at byte \(offsetOfNextInput)") }
                finished = true
                break
            }
            if atMemberStart { try beginMember() }
            produced = try inflateSome(into: &output, count: count)
        }
        return output.count - before
    }

    /// Forgets members that start before `decompressedOffset`, keeping the one holding it.
    func dropMembers(before decompressedOffset: UInt64) {
        guard let keep = members.lastIndex(where: { $0.decompressedOffset <= decompressedOffset }), keep > 0 else {
            return
        }
        members.removeFirst(keep)
    }

    /// The member holding decompressed byte `offset`, if it is still remembered.
    func member(holding offset: UInt64) -> MemberStart? {
        members.last { $0.decompressedOffset <= offset }
    }

    // MARK: Steps

    private var offsetOfNextInput: UInt64 {
        inputFileOffset + UInt64(inputCount - Int(stream.avail_in))
    }

    private func beginMember() throws(InputError) {
        let next = stream.next_in!
        guard stream.avail_in >= 2, next[0] == Self.magic[0], next[1] == Self.magic[1] else {
            throw .malformed("no gzip member starts at byte \(offsetOfNextInput) (data after the last member?)")
        }
        members.append(MemberStart(compressedOffset: offsetOfNextInput, decompressedOffset: decompressedCount))
        atMemberStart = false
    }

    private func inflateSome(into output: inout [UInt8], count: Int) throws(InputError) -> Int {
        let before = output.count
        output.append(contentsOf: repeatElement(0, count: count))
        var status: Int32 = Z_OK
        output.withUnsafeMutableBufferPointer { buffer in
            stream.next_out = buffer.baseAddress! + before
            stream.avail_out = UInt32(count)
            status = CZlib.inflate(&stream, Z_NO_FLUSH)
        }
        let produced = count - Int(stream.avail_out)
        output.removeLast(Int(stream.avail_out))
        decompressedCount += UInt64(produced)
        switch status {
        case Z_OK, Z_BUF_ERROR: break
        case Z_STREAM_END:
            inflateReset(&stream)
            atMemberStart = true
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
            throw .malformed("gzip data is damaged near byte \(offsetOfNextInput): \(message)")
        }
        let compressed = max(1, offsetOfNextInput - startOffset)
        if decompressedCount > Self.bombCheckBytes && decompressedCount > compressed * Self.maxExpansionRatio {
            throw .decompressionBomb("gzip data expands over \(Self.maxExpansionRatio) times "
                                     + "(\(decompressedCount) bytes from \(compressed)): refusing a decompression bomb")
        }
        return produced
    }

    /// Keeps at least `minimum` unread compressed bytes in `input` unless the file ends first.
    private func ensureInput(atLeast minimum: Int) throws(InputError) {
        guard Int(stream.avail_in) < minimum, !endOfFile else { return }
        let unread = Int(stream.avail_in)
        if unread > 0, let next = stream.next_in { input.update(from: next, count: unread) }
        inputFileOffset = offsetOfNextInput
        let chunk: Data?
        do { chunk = try handle.read(upToCount: Self.inputCapacity - unread) } catch {
            throw .unreadable("read error: \(error)")
        }
        let data = chunk ?? Data()
        if data.isEmpty { endOfFile = true }
        data.withUnsafeBytes { raw in
            if let base = raw.bindMemory(to: UInt8.self).baseAddress {
                (input + unread).update(from: base, count: raw.count)
            }
        }
        inputCount = unread + data.count
        stream.next_in = input
        stream.avail_in = UInt32(inputCount)
    }
}

extension GzipReader {
    /// Inflates gzip or zlib data held in memory (an HTTP `Content-Encoding: gzip` or
    /// `deflate` body), or raw deflate as some servers send for `deflate`.
    /// - Throws: `.tooLarge` past `maxOutput` bytes, `.malformed` for damaged data.
    static func inflate(_ bytes: ArraySlice<UInt8>, maxOutput: Int) throws(InputError) -> [UInt8] {
        do {
            return try inflate(bytes, windowBits: 15 + 32, maxOutput: maxOutput)
        } catch .malformed {
            return try inflate(bytes, windowBits: -15, maxOutput: maxOutput)
        }
    }

    private static func inflate(_ bytes: ArraySlice<UInt8>, windowBits: Int32,
                                maxOutput: Int) throws(InputError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        let chunk = 64 << 10
        var input = Array(bytes)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while status == Z_OK && output.count <= maxOutput {
                let before = output.count
                output.append(contentsOf: repeatElement(0, count: chunk))
                output.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress! + before
                    stream.avail_out = UInt32(chunk)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output.removeLast(Int(stream.avail_out))
                if status == Z_BUF_ERROR && stream.avail_in == 0 { status = Z_DATA_ERROR }
            }
        }
        if output.count > maxOutput {
            throw .tooLarge("the compressed page expands past the limit of \(maxOutput) bytes")
        }
        guard status == Z_STREAM_END else { throw .malformed("the compressed page is damaged (zlib status \(status))") }
        return output
    }
}
