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
    /// The version of the extractor that made the record (`ExtractorVersion`), written as
    /// `"extractor": {"name": "gleaner", "version": N}`.
    public var extractorVersion: Int

    public init(id: String, source: Source, title: String, subtitle: String? = nil,
                byline: String? = nil, dateline: String? = nil, counts: Counts = Counts(),
                entities: [Entity] = [], quotes: [Quote] = [], dates: [DateMention] = [],
                keyphrases: [Keyphrase] = [], warnings: [String] = [],
                extractorVersion: Int = ExtractorIdentity.version) {
        self.id = id; self.source = source; self.title = title; self.subtitle = subtitle
        self.byline = byline; self.dateline = dateline; self.counts = counts
        self.entities = entities; self.quotes = quotes; self.dates = dates
        self.keyphrases = keyphrases; self.warnings = warnings; self.extractorVersion = extractorVersion
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

    public typealias Counts = ArticleCounts
}
