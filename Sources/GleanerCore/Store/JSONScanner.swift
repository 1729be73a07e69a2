import Glibc

/// A pull parser over JSON bytes, for reading records fast on the collector's hot path:
/// fields that are needed are read, everything else is skipped without building values.
/// Strings are copied, unescaped, into a caller's byte buffer; no `String` is made.
///
/// Usage (the bytes must outlive the scanner, hence the closure):
/// ```
/// JSONScanner.scan(bytes) { s in
///     try s.beginObject()
///     while let key = try s.nextKey() {
///         if key.is("id") { id = try s.string(into: &text) } else { try s.skipValue() }
///     }
/// }
/// ```
struct JSONScanner {
    struct Malformed: Error { let offset: Int }

    /// Deepest nesting of objects and arrays accepted. A record needs 4; the bound keeps a
    /// hostile `[[[[…` from exhausting the stack of the thread that reads it.
    static let maxDepth = 64

    /// A key of the current object, for comparing with the names a reader knows: its first
    /// 16 bytes as two words and its length, so that a comparison is two integer compares.
    struct Key {
        let head: UInt64
        let tail: UInt64
        let count: Int

        /// Keys longer than 16 bytes never match a `Name`.
        @inline(__always)
        func `is`(_ name: Name) -> Bool { head == name.head && tail == name.tail && count == name.count }
    }

    /// A key a reader knows, in the form `Key` compares: its first 16 bytes as two
    /// little-endian words (zero-padded) and its length. Keys of at most 16 bytes only.
    struct Name: Sendable, Equatable {
        let head: UInt64
        let tail: UInt64
        let count: Int

        init(head: UInt64, tail: UInt64, count: Int) { self.head = head; self.tail = tail; self.count = count }

        init(_ text: String) {
            (head, tail) = Name.words(text.utf8)
            count = text.utf8.count
        }

        /// The first 16 bytes as two little-endian words, zero-padded.
        static func words(_ b: some Collection<UInt8>) -> (UInt64, UInt64) {
            var head: UInt64 = 0, tail: UInt64 = 0
            for (n, byte) in b.prefix(16).enumerated() {
                if n < 8 { head |= UInt64(byte) << UInt64(8 * n) } else { tail |= UInt64(byte) << UInt64(8 * (n - 8)) }
            }
            return (head, tail)
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    /// Nonzero once a string read or skipped held a byte below 0x20 (a raw control byte, or
    /// one an escape stands for): bit 7 of some byte lane, or 1. See `sawControlByte`.
    private var controlBits: UInt64 = 0
    /// Bit d: the open object or array at depth d has produced a member (comma handling).
    private var hasMember: UInt64 = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Runs `body` with a scanner over `bytes`.
    static func scan<T>(_ bytes: [UInt8], _ body: (inout JSONScanner) throws(Malformed) -> T) throws(Malformed) -> T {
        try bytes.withUnsafeBufferPointer { buffer throws(Malformed) -> T in
            var scanner = JSONScanner(buffer)
            return try body(&scanner)
        }
    }

    /// Whether any string read or skipped so far held a control byte (below 0x20: a tab, a
    /// line break, …), raw or written as an escape. False means every string's bytes, as
    /// read, are free of them: the store's index lines copy such fields without looking
    /// for tabs and line breaks (`IndexFiles.Batch`). Keys count too (a harmless "true").
    var sawControlByte: Bool { controlBits != 0 }

    /// The index of the first `"` or `\\` at or after `from` (or the end), eight bytes at a
    /// time: strings are most of a record's bytes. Notes a control byte before that index in
    /// `controlBits`, in the same pass (a few more operations a word).
    @inline(__always)
    private mutating func stringEnd(from: Int) -> Int {
        var i = from
        var control: UInt64 = 0
        defer { controlBits |= control }
        let base = UnsafeRawPointer(bytes.baseAddress)
        if let base {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= bytes.count {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let q = w ^ (ones &* 0x22), b = w ^ (ones &* 0x5C)
                let hit = ((q &- ones) & ~q | (b &- ones) & ~b) & highs
                // Bit 7 of each lane below 0x20. A borrow can mark a lane above a marked one
                // only, so masked below the first hit the marks are exact.
                let low = (w &- ones &* 0x20) & ~w & highs
                if hit != 0 {
                    control |= low & ((hit & (0 &- hit)) &- 1)
                    return i + (hit.trailingZeroBitCount >> 3)
                }
                control |= low
                i += 8
            }
        }
        while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C {
            if bytes[i] < 0x20 { control = 1 }
            i += 1
        }
        return i
    }

    /// Where the scanner stands (for error offsets).
    var offset: Int { i }

    @inline(__always)
    private mutating func skipSpace() {
        while i < bytes.count {
            let c = bytes[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    @inline(__always)
    private mutating func consume(_ c: UInt8) throws(Malformed) {
        skipSpace()
        guard i < bytes.count, bytes[i] == c else { throw Malformed(offset: i) }
        i += 1
    }

    @inline(__always)
    private mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func beginObject() throws(Malformed) { try enter(0x7B) }
    mutating func beginArray() throws(Malformed) { try enter(0x5B) }

    private mutating func enter(_ c: UInt8) throws(Malformed) {
        guard depth < Self.maxDepth else { throw Malformed(offset: i) }
        try consume(c)
        depth += 1
        hasMember &= ~(1 << UInt64(depth - 1))
    }

    /// True if the next value is a string (without consuming it).
    mutating func isStringNext() -> Bool { peek() == 0x22 }
    /// True if the next value is an object (without consuming it).
    mutating func isObjectNext() -> Bool { peek() == 0x7B }
    /// True if the next value is a number (without consuming it).
    mutating func isNumberNext() -> Bool { peek().map { $0 == 0x2D || (0x30...0x39).contains($0) } ?? false }

    /// The next key of the current object, or nil after its closing brace. The key is valid
    /// until the next call.
    mutating func nextKey() throws(Malformed) -> Key? {
        guard try nextMember(closing: 0x7D) else { return nil }
        try consume(0x22)
        let start = i
        i = stringEnd(from: i)
        guard i < bytes.count else { throw Malformed(offset: i) }
        let key: Key
        if bytes[i] == 0x22 {
            key = Self.key(UnsafeBufferPointer(rebasing: bytes[start..<i]), wordsReadable: start + 16 <= bytes.count)
            i += 1
        } else {
            i = start - 1
            var unescaped: [UInt8] = []
            try string(into: &unescaped)
            key = unescaped.withUnsafeBufferPointer { Self.key($0, wordsReadable: false) }
        }
        try consume(0x3A)
        return key
    }

    /// `nextKey()`, faster when the next key is `guess` written compactly (`,"guess":` or,
    /// as an object's first key, `"guess":`), as Gleaner writes records: then it is matched
    /// in place with two word compares. Any other input takes `nextKey()`, so the result,
    /// and what is consumed, are the same either way.
    @inline(__always)
    mutating func nextKey(expecting guess: Name) throws(Malformed) -> Key? {
        guard depth > 0, guess.count <= 16 else { return try nextKey() }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        var j = i
        if hasMember & bit != 0 {
            guard j < bytes.count, bytes[j] == 0x2C else { return try nextKey() }
            j += 1
        }
        // The key's bytes are read as two words, so 16 bytes must follow its opening quote.
        guard j + 17 <= bytes.count, bytes[j] == 0x22 else { return try nextKey() }
        let end = j + 1 + guess.count
        let key = Self.key(UnsafeBufferPointer(rebasing: bytes[j + 1..<end]), wordsReadable: true)
        guard key.is(guess), end + 2 <= bytes.count, bytes[end] == 0x22, bytes[end + 1] == 0x3A else {
            return try nextKey()
        }
        hasMember |= bit
        i = end + 2
        return key
    }

    @inline(__always)
    private static func key(_ k: UnsafeBufferPointer<UInt8>, wordsReadable: Bool) -> Key {
        let head: UInt64, tail: UInt64
        if wordsReadable, let base = UnsafeRawPointer(k.baseAddress) {
            // Two loads, then the bytes past the key masked off.
            let n = min(k.count, 16)
            let h = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            let t = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            head = n >= 8 ? h : h & ((1 << UInt64(8 * n)) &- 1)
            tail = n >= 16 ? t : n <= 8 ? 0 : t & ((1 << UInt64(8 * (n - 8))) &- 1)
        } else {
            (head, tail) = Name.words(k)
        }
        return Key(head: head, tail: tail, count: k.count)
    }

    /// True if the current array has another element (positioned at it), false after `]`.
    mutating func nextElement() throws(Malformed) -> Bool { try nextMember(closing: 0x5D) }

    @inline(__always)
    private mutating func nextMember(closing: UInt8) throws(Malformed) -> Bool {
        guard let c = peek(), depth > 0 else { throw Malformed(offset: i) }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if c == closing { i += 1; depth -= 1; return false }
        if hasMember & bit != 0 { try consume(0x2C) } else { hasMember |= bit }
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
        // Eighteen digits cannot overflow: no checks for those (offsets have a few).
        while digits < 18, i < bytes.count, bytes[i] &- 0x30 < 10 {
            value = value &* 10 &+ Int(bytes[i] &- 0x30)
            digits += 1
            i += 1
        }
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

    /// A string value without escapes: consumed, and where its bytes are (between the
    /// quotes). Nil, with nothing consumed, when the string has an escape (then read it
    /// with `string(into:)`). - Throws: when no string is next or it has no end.
    @inline(__always)
    mutating func plainString() throws(Malformed) -> Range<Int>? {
        let before = i
        try consume(0x22)
        let start = i
        let end = stringEnd(from: start)
        guard end < bytes.count else { throw Malformed(offset: end) }
        guard bytes[end] == 0x22 else { i = before; return nil }
        i = end + 1
        return start..<end
    }

    /// A string value, unescaped and appended to `out`. - Returns: where it sits in `out`.
    @discardableResult
    mutating func string(into out: inout [UInt8]) throws(Malformed) -> Range<Int> {
        try consume(0x22)
        let begin = out.count
        var start = i
        while true {
            i = stringEnd(from: i)
            guard i < bytes.count else { throw Malformed(offset: i) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            if bytes[i] == 0x22 { i += 1; return begin..<out.count }
            try unescape(into: &out)
            start = i
        }
    }

    /// One escape sequence at `i` (a backslash), appended to `out` as UTF-8.
    private mutating func unescape(into out: inout [UInt8]) throws(Malformed) {
        guard i + 1 < bytes.count else { throw Malformed(offset: i) }
        let e = bytes[i + 1]
        i += 2
        switch e {
        case 0x6E: out.append(0x0A); controlBits |= 1
        case 0x74: out.append(0x09); controlBits |= 1
        case 0x72: out.append(0x0D); controlBits |= 1
        case 0x62: out.append(0x08); controlBits |= 1
        case 0x66: out.append(0x0C); controlBits |= 1
        case 0x75:
            var scalar = try hex4()
            if scalar < 0x20 { controlBits |= 1 }
            if (0xD800..<0xDC00).contains(scalar), i + 6 <= bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
                i += 2
                let low = try hex4()
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
            }
            out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
        default: out.append(e)  // \" \\ \/
        }
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

    /// A JSON number. Plain decimals (`-12.345`: at most 15 digits, no exponent, as Gleaner
    /// writes scores) are read without making a `String`: such a mantissa and its power of ten
    /// are exact doubles, so one division rounds exactly as `strtod` does (Clinger's fast path).
    /// Anything else goes through `Double(_:)`.
    mutating func number() throws(Malformed) -> Double {
        skipSpace()
        if let value = plainDecimal() { return value }
        let start = i
        while i < bytes.count,
            (0x30...0x39).contains(bytes[i]) || bytes[i] == 0x2D || bytes[i] == 0x2B || bytes[i] == 0x2E
                || bytes[i] == 0x65 || bytes[i] == 0x45
        { i += 1 }
        guard let value = Double(Substring(decoding: bytes[start..<i], as: UTF8.self)) else {
            throw Malformed(offset: start)
        }
        return value
    }

    /// Powers of ten up to 10^15, exact as doubles.
    private static let powersOfTen: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ]

    /// `number()`'s fast path: the decimal at `i` when it has one or more integer digits, an
    /// optional fraction of one or more digits, at most 15 digits in all and no exponent;
    /// then it is consumed. Nil, with nothing consumed, for anything else.
    @inline(__always)
    private mutating func plainDecimal() -> Double? {
        var j = i
        let negative = j < bytes.count && bytes[j] == 0x2D
        if negative { j += 1 }
        var mantissa = 0, digits = 0, fraction = 0
        let integerStart = j
        while j < bytes.count, bytes[j] &- 0x30 < 10, digits < 16 {
            mantissa = mantissa &* 10 &+ Int(bytes[j] &- 0x30); digits += 1; j += 1
        }
        guard j > integerStart else { return nil }
        if j < bytes.count, bytes[j] == 0x2E {
            j += 1
            let fractionStart = j
            while j < bytes.count, bytes[j] &- 0x30 < 10, digits < 16 {
                mantissa = mantissa &* 10 &+ Int(bytes[j] &- 0x30); digits += 1; j += 1
            }
            fraction = j - fractionStart
            guard fraction > 0 else { return nil }
        }
        guard digits <= 15, j >= bytes.count || !(bytes[j] &- 0x30 < 10 || bytes[j] == 0x65 || bytes[j] == 0x45
            || bytes[j] == 0x2E || bytes[j] == 0x2B || bytes[j] == 0x2D)
        else { return nil }
        i = j
        let magnitude = Double(mantissa) / Self.powersOfTen[fraction]
        return negative ? -magnitude : magnitude
    }

    // MARK: Compact input, matched in place
    //
    // A reader can try a whole object as Gleaner writes it (compact, keys in schema order, no
    // escapes) with these, and `rewind` to where it started when any step fails, then read it
    // the general way. None of them skips whitespace, enters a container or throws: on success
    // they consume exactly what the general path would, so the result is the same either way.

    /// Whether `levels` more objects or arrays may be opened here (the general path refuses
    /// nesting deeper than `maxDepth`).
    func canNest(_ levels: Int) -> Bool { depth + levels <= Self.maxDepth }

    /// Goes back to `offset` (one taken from `offset` before compact steps, which change
    /// nothing else).
    mutating func rewind(to offset: Int) { i = offset }

    /// Consumes `literal` (up to 16 bytes, such as `,"end":`) if the next bytes are exactly it.
    /// Needs 16 readable bytes from here; near the end of the input it reports no match.
    @inline(__always)
    mutating func skipLiteral(_ literal: Name) -> Bool {
        guard i + 16 <= bytes.count else { return false }
        let next = Self.key(UnsafeBufferPointer(rebasing: bytes[i..<i + literal.count]), wordsReadable: true)
        guard next.is(literal) else { return false }
        i += literal.count
        return true
    }

    /// Consumes `byte` if it is next.
    @inline(__always)
    mutating func skipByte(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// One to 15 decimal digits, no sign, followed by something other than a digit, `.`, `e`
    /// or `E`: consumed, and their value (what `integer()` reads, and `number()` exactly, at
    /// this length). Nil, with nothing consumed, otherwise.
    @inline(__always)
    mutating func plainDigits() -> Int? {
        var j = i, value = 0
        while j < bytes.count, j - i < 16, bytes[j] &- 0x30 < 10 {
            value = value &* 10 &+ Int(bytes[j] &- 0x30)
            j += 1
        }
        guard j > i, j - i <= 15, j < bytes.count, bytes[j] != 0x2E, bytes[j] | 0x20 != 0x65 else { return nil }
        i = j
        return value
    }

    /// The rest of a string whose opening quote was consumed, when it has no escape: consumed
    /// with its closing quote, and where its bytes are. Nil, with nothing consumed, otherwise.
    @inline(__always)
    mutating func plainStringBody() -> Range<Int>? {
        let end = stringEnd(from: i)
        guard end < bytes.count, bytes[end] == 0x22 else { return nil }
        defer { i = end + 1 }
        return i..<end
    }

    /// `null`, or a string without escapes, next: consumed, and `value` set to nil or where the
    /// string's bytes are. False, with nothing consumed, for anything else.
    @inline(__always)
    mutating func plainStringOrNull(_ value: inout Range<Int>?) -> Bool {
        guard i + 4 <= bytes.count else { return false }
        if bytes[i] == 0x22 {
            i += 1
            guard let body = plainStringBody() else { i -= 1; return false }
            value = body
            return true
        }
        guard bytes[i] == 0x6E, bytes[i + 1] == 0x75, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x6C else { return false }
        i += 4
        value = nil
        return true
    }

    /// Skips one value of any kind.
    mutating func skipValue() throws(Malformed) {
        guard let c = peek() else { throw Malformed(offset: i) }
        switch c {
        case 0x22: try skipString()
        case 0x7B:
            try beginObject()
            while try nextMember(closing: 0x7D) {
                try skipString()
                try consume(0x3A)
                try skipValue()
            }
        case 0x5B:
            try beginArray()
            while try nextElement() { try skipValue() }
        default:
            while i < bytes.count,
                !(bytes[i] == 0x2C || bytes[i] == 0x7D || bytes[i] == 0x5D || bytes[i] == 0x20 || bytes[i] == 0x0A)
            { i += 1 }
        }
    }

    private mutating func skipString() throws(Malformed) {
        try consume(0x22)
        while true {
            i = stringEnd(from: i)
            guard i < bytes.count else { throw Malformed(offset: i) }
            if bytes[i] == 0x22 { i += 1; return }
            i += 2
        }
    }

    /// True when only whitespace is left.
    mutating func atEnd() -> Bool { peek() == nil }
}
