/// A task id: the 32-byte SHA-256 of the article bytes (or of a path, for unreadable files).
///
/// Stored as four 64-bit words, so hashing and comparing an id never touches the heap: the
/// producer's ledger and the collector's acks handle every id several times.
public struct TaskID: Sendable, Hashable, Comparable, CustomStringConvertible {
    private let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Byte length of an id on the wire and in a list frame.
    public static let byteCount = 32

    public init(bytes: some Collection<UInt8>) throws(WireError.Reason) {
        guard bytes.count == Self.byteCount else { throw .badTaskID(length: bytes.count) }
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0
        for (n, byte) in bytes.enumerated() {
            switch n >> 3 {
            case 0: a = a << 8 | UInt64(byte)
            case 1: b = b << 8 | UInt64(byte)
            case 2: c = c << 8 | UInt64(byte)
            default: d = d << 8 | UInt64(byte)
            }
        }
        (w0, w1, w2, w3) = (a, b, c, d)
    }

    /// From the 64-hex-digit form used in records.
    public init?(hex: String) {
        guard let raw = ContentHash.raw(fromHex: hex), let id = try? TaskID(bytes: raw) else { return nil }
        self = id
    }

    /// From a record id: `<64 hex>` for content, `path-<64 hex>` for an unreadable file.
    public init?(recordID: String) {
        self.init(hex: recordID.hasPrefix("path-") ? String(recordID.dropFirst(5)) : recordID)
    }

    /// The 32 bytes, big-endian word by word (the order they had on the wire).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.byteCount)
        append(to: &out)
        return out
    }

    func append(to out: inout [UInt8]) {
        func appendWord(_ word: UInt64) {
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        appendWord(w0); appendWord(w1); appendWord(w2); appendWord(w3)
    }

    /// The 32 bytes as four big-endian words, in wire order (for keys made from an id).
    var words: (UInt64, UInt64, UInt64, UInt64) { (w0, w1, w2, w3) }

    public var hex: String { ContentHash.hexString(bytes) }
    /// The first 12 hex digits: enough to tell ids apart in a log line.
    public var description: String { String(hex.prefix(12)) }

    /// Hashes the first word only: an id is a SHA-256 digest, so its first 64 bits are as
    /// uniform as all 256, and the producer's ledger hashes every id several times per task.
    /// Equality still compares all four words.
    public func hash(into hasher: inout Hasher) { hasher.combine(w0) }

    public static func < (a: TaskID, b: TaskID) -> Bool { (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3) }

    /// Several ids as one frame: their bytes concatenated.
    static func concatenate(_ ids: [TaskID]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(ids.count * byteCount)
        for id in ids { id.append(to: &out) }
        return out
    }

    /// Splits a list frame; its length must be a multiple of 32.
    static func split(_ frame: [UInt8]) throws(WireError.Reason) -> [TaskID] {
        guard frame.count % byteCount == 0 else { throw .badTaskID(length: frame.count) }
        var ids: [TaskID] = []
        ids.reserveCapacity(frame.count / byteCount)
        var i = 0
        while i < frame.count {
            ids.append(try TaskID(bytes: frame[i..<i + byteCount]))
            i += byteCount
        }
        return ids
    }
}
