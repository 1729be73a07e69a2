// What extraction finds in an article, as plain values: the parts of a `gleaner.article/1`
// record that come from the text (docs/schema.md). Offsets (`start`, `end`) count Unicode
// scalars into the article's text, end exclusive — the same as Python `str` indices.

/// Paragraph, sentence and word counts of an article.
public struct ArticleCounts: Sendable, Equatable {
    public var paragraphs: Int
    public var sentences: Int
    public var words: Int
    public init(paragraphs: Int = 0, sentences: Int = 0, words: Int = 0) {
        self.paragraphs = paragraphs; self.sentences = sentences; self.words = words
    }
}

/// A span of the article text, in Unicode scalar offsets, end exclusive.
public struct Mention: Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int
    public var text: String
    /// Index of the sentence holding the mention (0-based, in text order), when known.
    public var sentence: Int?
    public init(start: Int, end: Int, text: String, sentence: Int? = nil) {
        self.start = start; self.end = end; self.text = text; self.sentence = sentence
    }
}

public enum EntityType: String, Sendable, CaseIterable, Comparable {
    case person = "PERSON", org = "ORG", loc = "LOC", norp = "NORP", misc = "MISC"
    public static func < (a: EntityType, b: EntityType) -> Bool { a.rawValue < b.rawValue }
}

/// One entity within an article: its canonical name and every mention of it.
public struct Entity: Sendable, Equatable {
    public var name: String
    public var type: EntityType
    public var mentions: [Mention]
    /// Titles and roles seen with the name ("Foreign Minister", "spokesperson").
    public var roles: [String]
    /// ISO 3166-1 alpha-2 code for countries and nationalities, else nil.
    public var country: String?

    public init(name: String, type: EntityType, mentions: [Mention], roles: [String] = [], country: String? = nil) {
        self.name = name; self.type = type; self.mentions = mentions; self.roles = roles; self.country = country
    }
}

public enum QuoteKind: String, Sendable { case direct, partial }

/// A quotation: the words inside the marks, and who said them.
public struct Quote: Sendable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    /// Canonical name of the speaker, or nil when truly unattributable.
    public var speaker: String?
    /// The verb that attributes the quote ("said", "told"), or nil.
    public var cue: String?
    public var kind: QuoteKind

    public init(text: String, start: Int, end: Int, speaker: String?, cue: String?, kind: QuoteKind) {
        self.text = text; self.start = start; self.end = end; self.speaker = speaker; self.cue = cue; self.kind = kind
    }
}

/// A time expression and, when an anchor date is known, its ISO value ("2021-08", "2023-02-23").
public struct DateMention: Sendable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    public var value: String?
    public init(text: String, start: Int, end: Int, value: String?) {
        self.text = text; self.start = start; self.end = end; self.value = value
    }
}

public struct Keyphrase: Sendable, Equatable {
    public var text: String
    public var score: Double
    public init(text: String, score: Double) { self.text = text; self.score = score }
}
