/// Bounds that keep extraction time linear in the article's length on any input.
///
/// Real articles never reach them (output over the BBC and Reuters corpora is byte-identical
/// with and without them, docs/performance.md, "Hostile input"); hostile text (one megabyte-long word, a
/// megabyte of capitalised words, quote marks or names) does, and then each bound turns a
/// search that could grow with the article into one that costs a constant per token.
enum ExtractionLimits {
    /// Scalars in one token. A longer run of letters and digits is cut into tokens of this
    /// length. The longest word in the BBC and Reuters corpora has 31 scalars.
    static let maxTokenScalars = 64

    /// Tokens in one name candidate (a chunk of capitalised words and the "of", "and", "&" and
    /// particles joining them). A longer run is cut into consecutive chunks. The longest names in
    /// the BBC and Reuters corpora have 12 words ("U.S. District Court for the Northern District
    /// of Illinois Eastern Division").
    static let maxNameTokens = 16

    /// Names a speaker search visits when it walks back through a paragraph for a sentence
    /// subject or a person in focus. A news paragraph names far fewer.
    static let maxSpeakerCandidatesInParagraph = 32

    /// Tokens before a quotation searched for the subject of its sentence when nothing else
    /// names its speaker. News sentences are shorter.
    static let maxSubjectSearchTokens = 100

    /// Quotations kept per article: the first ones in text order. A long news article quotes a
    /// few dozen times; a 10 MB document of news would quote about 12,000 times.
    static let maxQuotesPerArticle = 20_000

    /// Mentions recorded per entity: the first ones found. A name in a news article is
    /// mentioned a few dozen times at most; this bounds the record of a megabyte of one name.
    static let maxMentionsPerEntity = 1_000

    /// Places of a word written in lower case that are compared with a capitalised phrase starting
    /// with it ("Magic Tricks" against "magic tricks"). News writes a content word a few dozen
    /// times at most; hostile text may write one 100,000 times beside as many such phrases.
    static let maxOccurrencesCompared = 256

    /// Passes over an article's tokens for single words (how it writes "spacetime": in lower case or
    /// capitalised) before one pass indexes every word. A news article asks about a handful.
    static let passesBeforeWordIndex = 32

    /// Tables keyed by name are reserved for at most this many entries up front (they grow past
    /// it as needed): a news article has a few hundred names, a hostile one may have 250,000.
    static let reserveAtMost = 4_096
}
