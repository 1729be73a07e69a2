/// A pull parser over JSON bytes, for reading records fast on the collector's hot path:
/// fields that are needed are read, everything else is skipped without building values.
///
/// Usage:
/// ```
/// var s = JSONScanner(bytes)
/// try s.beginObject()
/// while let key = try s.nextKey() {
///     switch key { case "id": id = try s.string(); default: try s.skipValue() }
/// }
/// ```
struct JSONScanner {
    struct Malformed: Error { let offset: Int }

    /// Deepest nesting of objects and arrays accepted. A record needs 4; the bound keeps a
    /// hostile `[[[[…` from exhausting the stack of the thread that reads it.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var i = 0
    /// Whether the current object or array has produced a member yet (comma handling).
    private var needsComma: [Bool] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func consume(_ c: UInt8) throws(Malformed) {
        skipSpace()
        guard i < bytes.count, bytes[i] == c else { throw Malformed(offset: i) }
        i += 1
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func beginObject() throws(Malformed) { try enter(0x7B) }
    mutating func beginArray() throws(Malformed) { try enter(0x5B) }

    private mutating func enter(_ c: UInt8) throws(Malformed) {
        guard needsComma.count < Self.maxDepth else { throw Malformed(offset: i) }
        try consume(c)
        needsComma.append(false)
    }

    /// True if the next value is an object (without consuming it).
    mutating func isObjectNext() -> Bool { peek() == 0x7B }
    /// True if the next value is a string (without consuming it).
    mutating func isStringNext() -> Bool { peek() == 0x22 }

    /// The next key of the current object, or nil after its closing brace.
    mutating func nextKey() throws(Malformed) -> String? {
        guard try nextMember(closing: 0x7D) else { return nil }
        let key = try string()
        try consume(0x3A)
        return key
    }

    /// True if the current array has another element (positioned at it), false after `]`.
    mutating func nextElement() throws(Malformed) -> Bool { try nextMember(closing: 0x5D) }

    private mutating func nextMember(closing: UInt8) throws(Malformed) -> Bool {
        guard let c = peek() else { throw Malformed(offset: i) }
        if c == closing { i += 1; needsComma.removeLast(); return false }
        if needsComma[needsComma.count - 1] { try consume(0x2C) } else { needsComma[needsComma.count - 1] = true }
        return true
    }

    /// Consumes `null` if it is next. - Returns: whether it did.
    mutating func null() -> Bool {
        guard peek() == 0x6E, i + 4 <= bytes.count, bytes[i + 1] == 0x75, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x6C
        else { return false }
        i += 4
        return true
    }

    /// A JSON number that is a whole number in Int range (no fraction, no exponent).
    mutating func integer() throws(Malformed) -> Int {
        skipSpace()
        let start = i
        var negative = false
        if i < bytes.count, bytes[i] == 0x2D { negative = true; i += 1 }
        var value = 0
        var digits = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int(bytes[i] - 0x30))
            guard !o1, !o2 else { throw Malformed(offset: start) }
            value = plus
            digits += 1
            i += 1
        }
        guard digits > 0, i >= bytes.count || !(bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45) else {
            throw Malformed(offset: start)
        }
        return negative ? -value : value
    }

    mutating func optionalString() throws(Malformed) -> String? { null() ? nil : try string() }

    mutating func string() throws(Malformed) -> String {
        try consume(0x22)
        let start = i
        while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C { i += 1 }
        guard i < bytes.count else { throw Malformed(offset: i) }
        if bytes[i] == 0x22 {
            defer { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
            if c != 0x5C { out.append(c); i += 1; continue }
            guard i + 1 < bytes.count else { break }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x75:
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
                    i += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(e)  // \" \\ \/
            }
        }
        throw Malformed(offset: i)
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard i + 4 <= bytes.count else { throw Malformed(offset: i) }
        var v: UInt32 = 0
        for c in bytes[i..<i + 4] {
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            default: throw Malformed(offset: i)
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }

    mutating func number() throws(Malformed) -> Double {
        skipSpace()
        let start = i
        while i < bytes.count,
            (0x30...0x39).contains(bytes[i]) || bytes[i] == 0x2D || bytes[i] == 0x2B || bytes[i] == 0x2E
                || bytes[i] == 0x65 || bytes[i] == 0x45
        { i += 1 }
        guard let value = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
            throw Malformed(offset: start)
        }
        return value
    }

    /// Skips one value of any kind.
    mutating func skipValue() throws(Malformed) {
        guard let c = peek() else { throw Malformed(offset: i) }
        switch c {
        case 0x22: _ = try skipString()
        case 0x7B:
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case 0x5B:
            try beginArray()
            while try nextElement() { try skipValue() }
        default:
            while i < bytes.count,
                !(bytes[i] == 0x2C || bytes[i] == 0x7D || bytes[i] == 0x5D || bytes[i] == 0x20 || bytes[i] == 0x0A)
            { i += 1 }
        }
    }

    private mutating func skipString() throws(Malformed) -> Bool {
        try consume(0x22)
        while i < bytes.count {
            if bytes[i] == 0x5C { i += 2; continue }
            if bytes[i] == 0x22 { i += 1; return true }
            i += 1
        }
        throw Malformed(offset: i)
    }

    /// True when only whitespace is left.
    mutating func atEnd() -> Bool { peek() == nil }
}
