/// One article's extracted facts: the `gleaner.article/1` record (see docs/schema.md).
///
/// Offsets (`start`, `end`) count Unicode scalars into the file's text decoded as UTF-8
/// (invalid bytes become U+FFFD), end exclusive — the same as Python `str` indices.
/// The JSON form is deterministic: the same record always encodes to the same bytes.
public struct ArticleRecord: Sendable, Equatable {
    public static let schema = "gleaner.article/1"

    public var id: String
    public var source: Source
    public var title: String
    public var subtitle: String?
    public var byline: String?
    public var dateline: String?
    public var counts: Counts
    public var entities: [Entity]
    public var quotes: [Quote]
    public var dates: [DateMention]
    public var keyphrases: [Keyphrase]
    /// Problems that did not stop extraction, e.g. invalid UTF-8 bytes that were replaced.
    public var warnings: [String]

    public init(id: String, source: Source, title: String, subtitle: String? = nil,
                byline: String? = nil, dateline: String? = nil, counts: Counts = Counts(),
                entities: [Entity] = [], quotes: [Quote] = [], dates: [DateMention] = [],
                keyphrases: [Keyphrase] = [], warnings: [String] = []) {
        self.id = id; self.source = source; self.title = title; self.subtitle = subtitle
        self.byline = byline; self.dateline = dateline; self.counts = counts
        self.entities = entities; self.quotes = quotes; self.dates = dates
        self.keyphrases = keyphrases; self.warnings = warnings
    }

    /// Where the article came from. `path` and `bytes` are always there; the rest only when
    /// the input gave them (nil fields are left out of the JSON, so plain UTF-8 text files
    /// keep their records unchanged).
    public struct Source: Sendable, Equatable {
        public var path: String
        public var bytes: Int
        /// `html`, `json` or `warc`; nil for plain text.
        public var format: String?
        /// `utf-16le`, `utf-16be` or `windows-1252`; nil for UTF-8.
        public var encoding: String?
        public var url: String?
        /// ISO 8601 date of the article (see `DecodedArticle.date`).
        public var date: String?
        /// The input's own id for the article (a JSON line's `id`, a WARC-Record-ID).
        public var ref: String?

        public init(path: String, bytes: Int, format: String? = nil, encoding: String? = nil, url: String? = nil,
                    date: String? = nil, ref: String? = nil) {
            self.path = path; self.bytes = bytes; self.format = format; self.encoding = encoding
            self.url = url; self.date = date; self.ref = ref
        }
    }

    public struct Counts: Sendable, Equatable {
        public var paragraphs: Int
        public var sentences: Int
        public var words: Int
        public init(paragraphs: Int = 0, sentences: Int = 0, words: Int = 0) {
            self.paragraphs = paragraphs; self.sentences = sentences; self.words = words
        }
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
