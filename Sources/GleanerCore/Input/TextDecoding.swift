/// The character encoding an article's text was read in. Raw values appear in records
/// (`source.encoding`) and warnings.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
}

/// Text decoded from bytes, with the encoding chosen and what went wrong on the way.
public struct DecodedText: Sendable {
    public var text: ArticleText
    public var encoding: TextEncoding
    /// Warnings for the record: replaced sequences, a Windows-1252 fallback.
    public var warnings: [String]
}

/// Turns bytes into Unicode text: a byte-order mark decides first, then UTF-8, then
/// Windows-1252.
///
/// The rules, in order:
/// - a UTF-8 BOM (EF BB BF) → UTF-8; a UTF-16 BOM (FF FE or FE FF) → UTF-16 LE or BE. The
///   mark is not part of the text: offsets count from the first character after it.
/// - valid UTF-8 → UTF-8.
/// - invalid UTF-8 with at least as many valid multi-byte sequences as invalid ones → UTF-8
///   with each invalid sequence replaced by U+FFFD (a UTF-8 page with a few stray bytes), and
///   an `invalid-utf8` warning.
/// - otherwise → Windows-1252, one character per byte (the WHATWG mapping, which is also what
///   browsers do for ISO-8859-1), and a `decoded-as-windows-1252` warning.
///
/// UTF-16 without a BOM is not guessed: its NUL bytes make it look binary, and is reported so.
public enum TextDecoding {
    /// The encoding a byte-order mark at the start of `bytes` names, and the mark's length.
    public static func byteOrderMark(_ bytes: ArraySlice<UInt8>) -> (TextEncoding, Int)? {
        let b = bytes.prefix(3).map { $0 }
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { return (.utf8, 3) }
        if b.count >= 2 && b[0] == 0xFF && b[1] == 0xFE { return (.utf16LE, 2) }
        if b.count >= 2 && b[0] == 0xFE && b[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }

    /// Decodes `bytes` by the rules above; `declared` (from an HTTP header or an HTML meta
    /// tag) overrides the UTF-8/Windows-1252 guess but never a byte-order mark.
    public static func decode(_ bytes: ArraySlice<UInt8>, declared: TextEncoding? = nil) -> DecodedText {
        if let (encoding, length) = byteOrderMark(bytes) {
            return decode(bytes.dropFirst(length), as: encoding)
        }
        switch declared {
        case .utf16LE?, .utf16BE?, .windows1252?: return decode(bytes, as: declared!)
        case .utf8?, nil: break
        }
        let utf8 = UTF8Scan(bytes)
        if utf8.invalid == 0 || utf8.validMultibyte >= utf8.invalid || declared == .utf8 {
            return decode(bytes, as: .utf8)
        }
        var decoded = decode(bytes, as: .windows1252)
        decoded.warnings = ["decoded-as-windows-1252: not UTF-8 (\(utf8.invalid) invalid byte sequence(s))"]
        return decoded
    }

    /// Decodes `bytes` in `encoding`, replacing what cannot be decoded by U+FFFD.
    public static func decode(_ bytes: ArraySlice<UInt8>, as encoding: TextEncoding) -> DecodedText {
        let text: ArticleText
        switch encoding {
        case .utf8: text = ArticleText(decoding: bytes)
        case .utf16LE, .utf16BE: text = utf16(bytes, bigEndian: encoding == .utf16BE)
        case .windows1252: text = ArticleText(scalars: bytes.map(windows1252Scalar), replacedSequences: 0)
        }
        var warnings: [String] = []
        if text.replacedSequences > 0 {
            let name = encoding == .utf8 ? "utf8" : encoding.rawValue
            warnings.append("invalid-\(name): \(text.replacedSequences) byte sequence(s) replaced by U+FFFD")
        }
        return DecodedText(text: text, encoding: encoding, warnings: warnings)
    }

    /// The share of bytes at or above 0x80, in percent: English text in Windows-1252 has few.
    static func highBytePercent(_ bytes: ArraySlice<UInt8>) -> Int {
        guard !bytes.isEmpty else { return 0 }
        return bytes.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) } * 100 / bytes.count
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> ArticleText {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        var (scalars, replaced) = ArticleText.scalars(decoding: units, as: UTF16.self)
        if bytes.count % 2 == 1 { scalars.append("\u{FFFD}"); replaced += 1 }  // a dangling half unit
        return ArticleText(scalars: scalars, replacedSequences: replaced)
    }

    /// Windows-1252 bytes 0x80...0x9F, per the WHATWG Encoding Standard's index-windows-1252
    /// (the five unassigned bytes map to the C1 controls of the same value, as browsers do).
    /// Every other byte is the Unicode scalar of the same value (ISO-8859-1).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80 && byte <= 0x9F { return Unicode.Scalar(windows1252High[Int(byte - 0x80)])! }
        return Unicode.Scalar(byte)
    }
}

/// Counts of one UTF-8 pass: how many multi-byte characters decoded and how many sequences
/// did not.
struct UTF8Scan {
    var validMultibyte = 0
    var invalid = 0

    init(_ bytes: ArraySlice<UInt8>) {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): if s.value >= 0x80 { validMultibyte += 1 }
            case .error: invalid += 1
            case .emptyInput: break loop
            }
        }
    }
}
