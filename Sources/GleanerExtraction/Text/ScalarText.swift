/// Strings made from runs of Unicode scalars, and cheap lowercasing.
enum ScalarText {
    /// The text of `s[a..<b]` (clamped to the array), UTF-8 encoded straight into the string.
    static func string(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        encode(s, max(0, a), min(b, s.count), lowercaseASCII: false)
    }

    /// Number of UTF-8 bytes of one scalar.
    @inline(__always)
    static func utf8Length(_ v: UInt32) -> Int { v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4 }

    /// UTF-8 of `s[lo..<hi]`, optionally with ASCII letters lowercased.
    static func encode(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int, lowercaseASCII: Bool) -> String {
        guard lo < hi else { return "" }
        return s.withUnsafeBufferPointer { buf in
            var count = 0
            for k in lo..<hi { count += utf8Length(buf[k].value) }
            return String(unsafeUninitializedCapacity: count) { out in
                var i = 0
                for k in lo..<hi { i += write(buf[k].value, to: out, at: i, lowercaseASCII: lowercaseASCII) }
                return i
            }
        }
    }

    /// Writes one scalar's UTF-8 bytes at `i`; returns how many.
    @inline(__always)
    private static func write(_ v: UInt32, to out: UnsafeMutableBufferPointer<UInt8>, at i: Int,
        lowercaseASCII: Bool) -> Int {
        if v < 0x80 {
            out[i] = lowercaseASCII && v >= 65 && v <= 90 ? UInt8(v + 32) : UInt8(v)
            return 1
        }
        if v < 0x800 {
            out[i] = UInt8(0xC0 | (v >> 6)); out[i + 1] = UInt8(0x80 | (v & 0x3F))
            return 2
        }
        if v < 0x10000 {
            out[i] = UInt8(0xE0 | (v >> 12)); out[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            out[i + 2] = UInt8(0x80 | (v & 0x3F))
            return 3
        }
        out[i] = UInt8(0xF0 | (v >> 18)); out[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
        out[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[i + 3] = UInt8(0x80 | (v & 0x3F))
        return 4
    }

    /// Whether `s` has fewer than `limit` Unicode scalars, counting no further than the limit.
    static func count(_ s: String, isBelow limit: Int) -> Bool {
        var n = 0
        for _ in s.unicodeScalars {
            n += 1
            if n >= limit { return false }
        }
        return true
    }

    /// Lowercase, with an allocation-free path for ASCII text that has no capital.
    static func lowercased(_ s: String) -> String {
        var ascii = true
        for u in s.utf8 where u >= 128 { ascii = false; break }
        if !ascii { return s.lowercased() }
        var bytes = Array(s.utf8)
        var changed = false
        for i in bytes.indices where bytes[i] >= 65 && bytes[i] <= 90 { bytes[i] += 32; changed = true }
        return changed ? String(decoding: bytes, as: UTF8.self) : s
    }

    /// "SOUTH AFRICA" word by word → "South Africa": the first letter of the token and of each
    /// part after "-", "." or "'" stays, the other letters are lowercased. Other tokens unchanged.
    static func titleCased(_ t: Token) -> String {
        guard t.isAllCaps else { return t.text }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(t.end - t.start)
        var first = true
        for s in t.text.unicodeScalars {
            if CharacterClass.isLetter(s) {
                if first || s.value < 128 { out.append(first ? s : Unicode.Scalar(UInt8(s.value | 0x20))) }
                else { out.append(contentsOf: String(s).lowercased().unicodeScalars) }
                first = false
            } else { out.append(s); first = (s == "-" || s == "." || s == "'") }
        }
        return string(out, 0, out.count)
    }
}

extension String {
    /// The string without leading and trailing white space (`CharacterClass.isSpace`).
    func trimmingSpaces() -> String {
        var sc = Array(unicodeScalars)
        while let f = sc.first, CharacterClass.isSpace(f) { sc.removeFirst() }
        while let l = sc.last, CharacterClass.isSpace(l) { sc.removeLast() }
        var v = String.UnicodeScalarView(); v.append(contentsOf: sc); return String(v)
    }

    /// The first word of the string split at spaces (`split(separator: " ").first`, without building the array), and
    /// whether it is the only one; nil when the string has no word. ASCII text, in which a space is always a whole
    /// character, is scanned as bytes.
    func firstSpaceSeparatedWord() -> (word: Substring, isOnly: Bool)? {
        let utf8 = self.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            let rest = drop { $0 == " " }
            guard !rest.isEmpty else { return nil }
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            return (rest[..<end], rest[end...].allSatisfy { $0 == " " })
        }
        guard let start = utf8.firstIndex(where: { $0 != 0x20 }) else { return nil }
        let end = utf8[start...].firstIndex(of: 0x20) ?? utf8.endIndex
        return (self[start..<end], !utf8[end...].contains(where: { $0 != 0x20 }))
    }
}
