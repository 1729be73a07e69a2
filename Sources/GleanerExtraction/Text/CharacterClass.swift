/// Character classes of single Unicode scalars (never `Character`: offsets count scalars), with
/// an ASCII fast path before the Unicode property lookups.
enum CharacterClass {
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 128 { return (s.value | 0x20) >= 97 && (s.value | 0x20) <= 122 }
        return s.properties.isAlphabetic
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    static func isUpper(_ s: Unicode.Scalar) -> Bool {
        if s.value < 128 { return s.value >= 65 && s.value <= 90 }
        return s.properties.isUppercase
    }

    /// Space, tab, CR, LF and the Unicode white space outside ASCII.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\n" || s == "\t" || s == "\r" || (s.value >= 128 && s.properties.isWhitespace)
    }

    /// A straight or right single quotation mark, as in "don't" and "Britain’s".
    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }

    /// A combining mark that belongs to the letter before it (as in decomposed "é").
    static func isNonspacingMark(_ s: Unicode.Scalar) -> Bool {
        s.value >= 0x300 && s.properties.generalCategory == .nonspacingMark
    }
}
