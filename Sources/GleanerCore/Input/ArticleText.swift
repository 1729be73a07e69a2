/// An article's text as Unicode scalars: the unit every offset in a record counts.
///
/// `init(decoding:)` decodes UTF-8 with each invalid byte sequence replaced by U+FFFD, so
/// offsets match Python's `bytes.decode("utf-8", errors="replace")` indices. Other encodings
/// and formats are decoded by `TextDecoding` and `ArticleDecoder`.
public struct ArticleText: Sendable {
    public let scalars: [Unicode.Scalar]
    /// How many invalid byte sequences were replaced by U+FFFD.
    public let replacedSequences: Int

    public init(decoding bytes: some Collection<UInt8>) {
        (scalars, replacedSequences) = Self.scalars(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `units` with `codec`, each invalid sequence becoming one U+FFFD.
    /// - Returns: the scalars and how many sequences were replaced.
    static func scalars<Codec: UnicodeCodec, Units: Collection>(decoding units: Units, as codec: Codec.Type)
        -> ([Unicode.Scalar], Int) where Units.Element == Codec.CodeUnit {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(units.count)
        var replaced = 0
        var decoder = Codec()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .error: scalars.append("\u{FFFD}"); replaced += 1
            case .emptyInput: break loop
            }
        }
        return (scalars, replaced)
    }

    /// Text decoded elsewhere (UTF-16, Windows-1252, an HTML page), `replacedSequences` of it
    /// U+FFFD standing for what could not be decoded.
    public init(scalars: [Unicode.Scalar], replacedSequences: Int) {
        self.scalars = scalars
        self.replacedSequences = replacedSequences
    }

    public init(_ string: String) {
        self.scalars = Array(string.unicodeScalars)
        self.replacedSequences = 0
    }

    public var count: Int { scalars.count }

    /// The text of `start..<end` as a String.
    public func slice(_ start: Int, _ end: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[max(0, start)..<min(end, scalars.count)])
        return String(s)
    }
}
