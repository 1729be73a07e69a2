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

    public struct Source: Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public init(path: String, bytes: Int) { self.path = path; self.bytes = bytes }
    }

    public typealias Counts = ArticleCounts
}
