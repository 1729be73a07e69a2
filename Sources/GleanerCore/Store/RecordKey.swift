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

    public var id: String {
        var raw: [UInt8] = []
        for w in [a, b, c, d] { for shift in stride(from: 56, through: 0, by: -8) { raw.append(UInt8(truncatingIfNeeded: w >> UInt64(shift))) } }
        return (pathBased ? "path-" : "") + ContentHash.hexString(raw)
    }
}
