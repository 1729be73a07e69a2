/// A record id in 33 bytes instead of a 64-character string: the set of stored ids stays
/// small at a million articles. Ids of unreadable files ("path-" + hex) set `pathBased`.
public struct RecordKey: Hashable, Sendable {
    let a: UInt64, b: UInt64, c: UInt64, d: UInt64
    let pathBased: Bool

    public init?(_ id: String) {
        let pathBased = id.hasPrefix("path-")
        guard let raw = ContentHash.raw(fromHex: pathBased ? String(id.dropFirst(5)) : id) else { return nil }
        func word(_ i: Int) -> UInt64 { raw[i..<i + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        a = word(0); b = word(8); c = word(16); d = word(24)
        self.pathBased = pathBased
    }

    /// From the id's UTF-8 bytes, without making a `String`.
    init?(utf8 id: ArraySlice<UInt8>) {
        let pathBased = id.starts(with: "path-".utf8)
        let hex = pathBased ? id.dropFirst(5) : id
        guard hex.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (n, c) in hex.enumerated() {
            let digit: UInt64
            switch c {
            case 0x30...0x39: digit = UInt64(c - 0x30)
            case 0x61...0x66: digit = UInt64(c - 0x61 + 10)
            case 0x41...0x46: digit = UInt64(c - 0x41 + 10)
            default: return nil
            }
            switch n >> 4 {
            case 0: words.0 = words.0 << 4 | digit
            case 1: words.1 = words.1 << 4 | digit
            case 2: words.2 = words.2 << 4 | digit
            default: words.3 = words.3 << 4 | digit
            }
        }
        (a, b, c, d) = words
        self.pathBased = pathBased
    }

    /// From the id's 32 bytes as four big-endian words (a task id's `words`), without hex digits.
    init(words: (UInt64, UInt64, UInt64, UInt64), pathBased: Bool) {
        (a, b, c, d) = words
        self.pathBased = pathBased
    }

    /// The 32 bytes as four big-endian words (whether the id is path-based aside).
    var words: (UInt64, UInt64, UInt64, UInt64) { (a, b, c, d) }

    /// The 32 raw bytes, appended.
    func appendRaw(to out: inout [UInt8]) {
        for w in [a, b, c, d] { withUnsafeBytes(of: w.bigEndian) { out.append(contentsOf: $0) } }
    }

    /// From 32 raw bytes (as `appendRaw` wrote them).
    init(raw: UnsafeRawBufferPointer, pathBased: Bool) {
        func word(_ i: Int) -> UInt64 { UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) }
        a = word(0); b = word(8); c = word(16); d = word(24)
        self.pathBased = pathBased
    }

    /// The first 64 bits of the id: its rank in id order (`CorpusAggregate.rank`).
    var rank: UInt64 { a }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The id as a JSON string, without making a `String`.
    func writeQuotedHex(to json: inout JSONWriter) {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(72)
        if pathBased { out.append(contentsOf: "path-".utf8) }
        for w in [a, b, c, d] {
            for shift in stride(from: 60, through: 0, by: -4) {
                out.append(Self.hexDigits[Int(w >> UInt64(shift) & 0xF)])
            }
        }
        out.append(0x22)
        json.raw(out)
    }

    public var id: String {
        var raw: [UInt8] = []
        for w in [a, b, c, d] {
            for shift in stride(from: 56, through: 0, by: -8) {
                raw.append(UInt8(truncatingIfNeeded: w >> UInt64(shift)))
            }
        }
        return (pathBased ? "path-" : "") + ContentHash.hexString(raw)
    }
}
