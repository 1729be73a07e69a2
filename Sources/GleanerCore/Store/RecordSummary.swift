import CCacheHints
import Foundation

/// The parts of a stored record that the corpus merge and the indexes need; everything else
/// passes through as raw bytes. Decodes both `gleaner.article/1` and `gleaner.failure/1`.
///
/// Read in one pass (`RecordReader`) into a compact form: every string the store needs is
/// addressed by a byte range of one buffer (`text`: the record itself, plus the unescaped
/// form of strings that had escapes), so reading a record copies few bytes and costs a
/// handful of allocations rather than one per entity and mention: what lets the collector
/// take tens of thousands of records a second. The `String` properties below
/// (`id`, `entities`, …) build their values on demand, for tools and tests.
public struct RecordSummary: Sendable {
    public struct Source: Decodable, Sendable { public var path: String; public var bytes: Int }
    public struct EntitySummary: Decodable, Sendable {
        public var name: String
        public var type: String
        public var country: String?
        public var roles: [String]?
        public var mentions: [MentionText]
    }
    public struct MentionText: Decodable, Sendable { public var text: String; public var sentence: Int? }
    public struct QuoteSummary: Decodable, Sendable {
        public var text: String
        public var speaker: String?
        public var kind: String?
    }
    public struct DateSummary: Decodable, Sendable { public var value: String? }
    public struct PhraseSummary: Decodable, Sendable { public var text: String; public var score: Double? }

    // MARK: The compact form

    /// Where a string sits in `text`.
    struct Text: Sendable, Equatable {
        var start: Int32
        var count: Int32
        static let empty = Text(start: 0, count: 0)
        init(start: Int32, count: Int32) { self.start = start; self.count = count }
        init(_ range: Range<Int>) { start = Int32(range.lowerBound); count = Int32(range.count) }
        var range: Range<Int> { Int(start)..<Int(start) + Int(count) }
    }
    struct EntityFields: Sendable {
        var name = Text.empty
        var type = Text.empty
        /// Nil for a type this Gleaner does not know (only a lenient read lets one through).
        var kind: EntityType?
        var country: Text?
        /// Indexes into `roleTexts`; nil when the record had no `roles` (or null).
        var roles: Range<Int32>?
        /// Indexes into `mentionFields`.
        var mentions: Range<Int32> = 0..<0
    }
    struct MentionFields: Sendable {
        var text = Text.empty
        /// The sentence number, `Int.min` for none: 16 bytes a mention instead of 24 (no
        /// reader takes `Int.min` as a number: `JSONScanner.integer` overflows on it and a
        /// lenient read caps numbers below 9e18).
        private var sentenceNumber = Int.min

        var sentence: Int? {
            get { sentenceNumber == Int.min ? nil : sentenceNumber }
            set { sentenceNumber = newValue ?? Int.min }
        }

        init(text: Text = .empty, sentence: Int? = nil) {
            self.text = text
            self.sentence = sentence
        }
    }
    struct QuoteFields: Sendable {
        var text = Text.empty
        var speaker: Text?
        var kind: Text?
    }
    struct PhraseFields: Sendable {
        var text = Text.empty
        var score: Double?
    }

    /// The record's bytes as read (shared with the caller's array, not copied): strings
    /// without escapes are addressed where they are, and the unescaped form of any string
    /// with escapes is appended after the record.
    var text: [UInt8] = []
    var schemaText = Text.empty
    var idText = Text.empty
    var pathText = Text.empty
    var sourceBytes = 0
    var titleText: Text?
    var reasonText: Text?
    var detailText: Text?
    var entityFields: [EntityFields]?
    var mentionFields: [MentionFields] = []
    var roleTexts: [Text] = []
    var quoteFields: [QuoteFields]?
    var dateValues: [Text?]?
    var phraseFields: [PhraseFields]?
    public internal(set) var isFailure = false
    /// False when the reader saw no control byte in any of the record's strings (raw, or an
    /// escape such as `\n` or `\t`): then no field addressed in `text` holds a tab or line
    /// break, and the index lines copy fields as they are. True unless a reader knows better.
    var stringsMayHoldControlBytes = true
    /// The version of the extractor that made the record (`"extractor"`); 0 when it names none.
    public internal(set) var extractorVersion = 0

    init() {}

    /// The arrays of a summary no longer needed, emptied, for the next record read
    /// (`RecordSummary.validated(_:reusing:)`): the collector reads tens of thousands of
    /// records a second, and allocating and freeing these arrays for each (several of them
    /// too big for the allocator's per-thread cache) cost as much as reading the JSON.
    public struct Buffers: Sendable {
        var text: [UInt8] = []
        var entities: [EntityFields] = []
        var mentions: [MentionFields] = []
        var roles: [Text] = []
        var quotes: [QuoteFields] = []
        var dates: [Text?] = []
        var phrases: [PhraseFields] = []

        public init() {}

        /// The memory the arrays hold (capacity, not contents), in bytes.
        public var capacityBytes: Int {
            func bytes<T>(_ a: [T]) -> Int { a.capacity * MemoryLayout<T>.stride }
            return bytes(text) + bytes(entities) + bytes(mentions) + bytes(roles) + bytes(quotes) + bytes(dates)
                + bytes(phrases)
        }

        /// The bytes of the record, for the next record's bytes (`ZMQSocket.receive(reusing:)`).
        public mutating func takeText() -> [UInt8] {
            defer { text = [] }
            return text
        }
    }

    /// Gives up the summary's arrays, emptied, keeping their memory.
    public consuming func buffers() -> Buffers {
        var b = Buffers()
        b.text = text; text = []
        b.entities = entityFields ?? []; entityFields = nil
        b.mentions = mentionFields; mentionFields = []
        b.roles = roleTexts; roleTexts = []
        b.quotes = quoteFields ?? []; quoteFields = nil
        b.dates = dateValues ?? []; dateValues = nil
        b.phrases = phraseFields ?? []; phraseFields = nil
        b.text.removeAll(keepingCapacity: true)
        b.entities.removeAll(keepingCapacity: true)
        b.mentions.removeAll(keepingCapacity: true)
        b.roles.removeAll(keepingCapacity: true)
        b.quotes.removeAll(keepingCapacity: true)
        b.dates.removeAll(keepingCapacity: true)
        b.phrases.removeAll(keepingCapacity: true)
        return b
    }

    /// Starts loading every buffer of the summary (`gleaner_prefetch`, a line at a time). The
    /// collector's socket thread writes a summary and its store writer reads it, on another
    /// core: prefetching the next record while merging one hides those transfers.
    /// Inlined, and with no binding of its arrays: called on a summary in place (through a
    /// pointer), a call that is not inlined copies the whole summary first.
    @inline(__always)
    func prefetch() {
        text.withUnsafeBytes(Self.prefetchLines)
        entityFields?.withUnsafeBytes(Self.prefetchLines)
        mentionFields.withUnsafeBytes(Self.prefetchLines)
        quoteFields?.withUnsafeBytes(Self.prefetchLines)
        phraseFields?.withUnsafeBytes(Self.prefetchLines)
    }

    /// Calls `body` with the summary at `record`, moved out of its array and back, bit for bit,
    /// instead of copied: a copy retains and releases each of the summary's arrays, whose
    /// headers the collector's socket thread wrote and checks again when it reuses them (each
    /// a cache line moved between cores, some 2 µs a record over both threads). Borrowing
    /// the value through the pointer copies it too.
    /// - Precondition: no other thread reads or writes the summary meanwhile (the collector's
    ///   owner thread holds the batch's summaries but reads only its results while the batch
    ///   is in flight; the store writer has retired a batch before the collector reuses its
    ///   summaries), and `body` neither keeps nor changes it.
    @inline(__always)
    static func lend(_ record: UnsafeMutablePointer<RecordSummary>, _ body: (borrowing RecordSummary) -> Void) {
        let summary = record.move()
        body(summary)
        record.initialize(to: consume summary)
    }

    /// Starts loading the head of each buffer (its reference count and count), ahead of what
    /// reads them: the store writer's `prefetch()`, which reads the counts to know what to
    /// load (called on the next record only, it waited for each of those lines to come from
    /// the other core), and the collector's reuse of a retired summary's arrays (a uniqueness
    /// check and a count set to zero each). Reads no count itself: the addresses are those of
    /// the buffers' first bytes, and a native array keeps its header in the 32 bytes before
    /// them. A hint only: a wrong guess costs a wasted load.
    @inline(__always)
    func prefetchHeads() {
        text.withUnsafeBytes(Self.prefetchHead)
        entityFields?.withUnsafeBytes(Self.prefetchHead)
        mentionFields.withUnsafeBytes(Self.prefetchHead)
        roleTexts.withUnsafeBytes(Self.prefetchHead)
        quoteFields?.withUnsafeBytes(Self.prefetchHead)
        dateValues?.withUnsafeBytes(Self.prefetchHead)
        phraseFields?.withUnsafeBytes(Self.prefetchHead)
    }

    @inline(__always)
    private static func prefetchHead(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        gleaner_prefetch(base - Self.referenceCountOffset)
        gleaner_prefetch(base - Self.countOffset)  // another line when the header straddles two
    }

    /// Bytes from a native array's reference count, and from its count, to its first element.
    private static let referenceCountOffset = 24, countOffset = 16

    private static func prefetchLines(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        for offset in stride(from: 0, to: bytes.count, by: 64) { gleaner_prefetch(base + offset) }
    }

    func string(_ t: Text) -> String { String(decoding: text[t.range], as: UTF8.self) }

    // MARK: As strings

    public var schema: String { string(schemaText) }
    public var id: String { string(idText) }
    public var source: Source { Source(path: string(pathText), bytes: sourceBytes) }
    public var title: String? { titleText.map(string) }
    public var reason: String? { reasonText.map(string) }
    public var detail: String? { detailText.map(string) }
    public var entities: [EntitySummary]? {
        entityFields?.map { e in
            EntitySummary(
                name: string(e.name), type: string(e.type), country: e.country.map(string),
                roles: e.roles.map { $0.map { string(roleTexts[Int($0)]) } },
                mentions: e.mentions.map {
                    MentionText(text: string(mentionFields[Int($0)].text), sentence: mentionFields[Int($0)].sentence)
                })
        }
    }
    public var quotes: [QuoteSummary]? {
        quoteFields?.map {
            QuoteSummary(text: string($0.text), speaker: $0.speaker.map(string), kind: $0.kind.map(string))
        }
    }
    public var dates: [DateSummary]? { dateValues?.map { DateSummary(value: $0.map(string)) } }
    public var keyphrases: [PhraseSummary]? {
        phraseFields?.map { PhraseSummary(text: string($0.text), score: $0.score) }
    }

    // MARK: Reading

    /// Decodes a record; nil when the bytes are not a record of a known schema (or not JSON).
    /// Reads only the fields above and skips the rest (`JSONScanner`): many times faster
    /// than `JSONDecoder`, which matters at the collector. Lenient: for reading a store.
    public static func decode(_ json: some Collection<UInt8>) -> RecordSummary? {
        try? RecordReader.read(Array(json), strict: false).get()
    }

    /// Decodes a record and checks it against its schema: what the collector does before it
    /// stores anything a peer sent. - Returns: the summary, or what is wrong with the record.
    public static func validated(_ json: [UInt8]) -> Result<RecordSummary, RecordViolation> {
        RecordReader.read(json, strict: true)
    }

    /// `validated(_:)`, filling the arrays of `spare` (a summary's `buffers()`) instead of new ones.
    /// - Parameter spare: taken (`consuming`): a copy left with the caller would make every
    ///   array shared, and the reader would copy them instead of filling them.
    public static func validated(
        _ json: [UInt8], reusing spare: consuming Buffers
    ) -> Result<RecordSummary, RecordViolation> {
        RecordReader.read(json, strict: true, reusing: consume spare)
    }

    /// Decodes with Foundation's `JSONDecoder`: the reference the scanner is tested against.
    static func decodeWithFoundation(_ json: some Collection<UInt8>) -> RecordSummary? {
        guard let r = try? JSONDecoder().decode(FoundationRecord.self, from: Data(json)),
            r.schema == ArticleRecord.schema || r.schema == FailureRecord.schema
        else { return nil }
        var s = RecordSummary()
        func add(_ string: String) -> Text {
            let start = s.text.count
            s.text.append(contentsOf: string.utf8)
            return Text(start..<s.text.count)
        }
        s.schemaText = add(r.schema); s.idText = add(r.id); s.pathText = add(r.source.path);
        s.sourceBytes = r.source.bytes
        s.isFailure = r.schema == FailureRecord.schema
        s.titleText = r.title.map(add); s.reasonText = r.reason.map(add); s.detailText = r.detail.map(add)
        s.entityFields = r.entities?.map { e in
            let roles = e.roles.map { roles -> Range<Int32> in
                let first = Int32(s.roleTexts.count)
                for role in roles { s.roleTexts.append(add(role)) }
                return first..<Int32(s.roleTexts.count)
            }
            let first = Int32(s.mentionFields.count)
            for m in e.mentions { s.mentionFields.append(MentionFields(text: add(m.text), sentence: m.sentence)) }
            return EntityFields(
                name: add(e.name), type: add(e.type), kind: EntityType(rawValue: e.type), country: e.country.map(add),
                roles: roles, mentions: first..<Int32(s.mentionFields.count))
        }
        s.quoteFields = r.quotes?.map {
            QuoteFields(text: add($0.text), speaker: $0.speaker.map(add), kind: $0.kind.map(add))
        }
        s.dateValues = r.dates?.map { $0.value.map(add) }
        s.phraseFields = r.keyphrases?.map { PhraseFields(text: add($0.text), score: $0.score) }
        return s
    }

    private struct FoundationRecord: Decodable {
        var schema: String
        var id: String
        var source: Source
        var title: String?
        var entities: [EntitySummary]?
        var quotes: [QuoteSummary]?
        var dates: [DateSummary]?
        var keyphrases: [PhraseSummary]?
        var reason: String?
        var detail: String?
    }
}

/// Why a record was refused: the field and what is wrong with it.
public struct RecordViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let problem: String
    public var description: String { "\(field): \(problem)" }
}
