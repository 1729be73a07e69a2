/// A record id in 33 bytes instead of a 64-character string: the set of stored ids stays
/// small at a million articles. Ids of unreadable files ("path-" + hex) set `pathBased`.
public struct RecordKey: Hashable, Sendable {
    let a: UInt64, b: UInt64, c: UInt64, d: UInt64
    let pathBased: Bool

    /// From the id's text: the same parse as `init?(utf8:)`.
    public init?(_ id: String) { self.init(utf8: ArraySlice(id.utf8)) }

    /// From the id's UTF-8 bytes, without making a `String`. Runs a few times per stored record
    /// (the collector's id check, the store's duplicate check and index), so it reads the bytes
    /// through one buffer pointer, 16 hex digits per word.
    init?(utf8 id: ArraySlice<UInt8>) {
        guard let (words, pathBased) = id.withUnsafeBufferPointer({ Self.parse($0) }) else { return nil }
        (a, b, c, d) = words
        self.pathBased = pathBased
    }

    /// `path-`, the prefix of an unreadable file's id.
    private static let pathPrefix: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x70, 0x61, 0x74, 0x68, 0x2D)

    /// The four words of `<64 hex>` or `path-<64 hex>` (either case), and whether it is path-based.
    private static func parse(_ id: UnsafeBufferPointer<UInt8>) -> ((UInt64, UInt64, UInt64, UInt64), Bool)? {
        let p = pathPrefix
        let pathBased = id.count == 69 && (id[0], id[1], id[2], id[3], id[4]) == (p.0, p.1, p.2, p.3, p.4)
        let start = pathBased ? 5 : 0
        guard id.count - start == 64 else { return nil }
        // Without a branch per digit (ids are random: which of digit or letter comes next is not predictable):
        // a digit's value is its low four bits, a letter's (0x41-0x46, 0x61-0x66: bit 6 set) those plus 9; any byte
        // that is neither marks the word bad.
        func word(_ from: Int) -> UInt64? {
            var word: UInt64 = 0, bad: UInt8 = 0
            for i in from..<from + 16 {
                let c = id[i]
                let isDigit: UInt8 = c &- 0x30 < 10 ? 1 : 0
                let isLetter: UInt8 = (c | 0x20) &- 0x61 < 6 ? 1 : 0  // a-f, or A-F folded to lower case
                bad |= (isDigit | isLetter) ^ 1
                word = word << 4 | UInt64((c & 0x0F) &+ (c >> 6) &* 9)
            }
            return bad == 0 ? word : nil
        }
        guard let a = word(start), let b = word(start + 16), let c = word(start + 32), let d = word(start + 48) else {
            return nil
        }
        return ((a, b, c, d), pathBased)
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

    /// The id as a JSON string, without making a `String`. Checkpoints write a million of
    /// them (every entity's sample), so the digits go straight into a fixed-size buffer.
    func writeQuotedHex(to json: inout JSONWriter) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 71) { out in
            var n = 0
            out[n] = 0x22; n += 1
            if pathBased { for c in "path-".utf8 { out[n] = c; n += 1 } }
            func hex(_ w: UInt64) {
                var shift: UInt64 = 64
                while shift > 0 {
                    shift -= 4
                    let digit = UInt8(truncatingIfNeeded: w >> shift & 0xF)
                    out[n] = digit < 10 ? 0x30 + digit : 0x57 + digit  // 0-9, a-f
                    n += 1
                }
            }
            hex(a); hex(b); hex(c); hex(d)
            out[n] = 0x22; n += 1
            json.raw(UnsafeBufferPointer(rebasing: out[..<n]))
        }
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
