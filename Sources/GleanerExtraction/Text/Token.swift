/// A token of article text: a span of Unicode scalars with cheap shape flags.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case word, number, punct }
    /// Scalar offsets, end exclusive.
    var start: Int
    var end: Int
    var text: String
    var kind: Kind
    /// First scalar is an uppercase letter.
    var isCap: Bool
    /// Every letter is uppercase and there are at least two letters.
    var isAllCaps: Bool
    /// Index of the paragraph (non-empty line) holding the token.
    var paragraph: Int
    /// Index of the sentence holding the token (`SentenceSplitter`).
    var sentence: Int = 0
    /// Lowercased text (ASCII fast path).
    var lower: String
    /// True for the first word-like token of its sentence (after opening quotes/brackets).
    var sentenceInitial: Bool = false
    /// Lexicon memberships of `lower` and `text`.
    var flags: Lexicon.Flag = []

    func has(_ f: Lexicon.Flag) -> Bool { flags.contains(f) }
}
