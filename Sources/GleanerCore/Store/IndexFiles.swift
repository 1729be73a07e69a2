import Glibc

/// The store's append-only indexes, written by the collector with each commit and read by
/// `gleaner query`. They are derived from the journal: after a crash the collector cuts them
/// back to the lengths its last checkpoint recorded and replays the journal from there.
///
/// ```
/// index/articles.tsv  one line per committed record, line number = article ordinal:
///                     id, kind (a|f), segment, offset, length, title (or failure reason), path
/// index/postings.bin  12-byte little-endian entries: entity ordinal, article ordinal, mentions
/// index/quotes.tsv    article ordinal, kind, speaker, text
/// index/speakers.bin  12-byte little-endian entries: speaker entity ordinal, quotes.tsv
///                     offset (u64) of the quote line: a speaker's quotes without a scan
/// index/entity-keys.tsv  one line per base entity, line number = entity ordinal (the one
///                     in postings.bin and speakers.bin): type, merge key
/// ```
public final class IndexFiles {
    public struct Lengths: Codable, Sendable, Equatable {
        public var articles: Int
        public var postings: Int
        public var quotes: Int
        public var speakers: Int
        public var entityKeys: Int
    }

    private let layout: StoreLayout
    private var articles: Int32 = -1
    private var postings: Int32 = -1
    private var quotes: Int32 = -1
    private var speakers: Int32 = -1
    private var entityKeys: Int32 = -1
    public private(set) var lengths = Lengths(articles: 0, postings: 0, quotes: 0, speakers: 0, entityKeys: 0)

    /// Opens the index files, cutting each back to `truncateTo` (nil: to empty).
    public init(layout: StoreLayout, truncateTo: Lengths?) throws(StoreError) {
        self.layout = layout
        let target = truncateTo ?? Lengths(articles: 0, postings: 0, quotes: 0, speakers: 0, entityKeys: 0)
        articles = try Self.open(layout.articlesIndex, length: target.articles)
        postings = try Self.open(layout.postingsIndex, length: target.postings)
        quotes = try Self.open(layout.quotesIndex, length: target.quotes)
        speakers = try Self.open(layout.speakersIndex, length: target.speakers)
        entityKeys = try Self.open(layout.entityKeysIndex, length: target.entityKeys)
        lengths = target
    }

    deinit { for fd in [articles, postings, quotes, speakers, entityKeys] where fd >= 0 { close(fd) } }

    private static func open(_ path: String, length: Int) throws(StoreError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        guard ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) >= 0 else {
            throw .io(operation: "truncate", path: path, errno: errno)
        }
        return fd
    }

    /// Buffers for the next commit batch.
    public func makeBatch() -> Batch { Batch(quotesBase: lengths.quotes) }

    /// Buffers for one commit batch, written with one call per file.
    public struct Batch {
        var articles: [UInt8] = []
        var postings: [UInt8] = []
        var quotes: [UInt8] = []
        var speakers: [UInt8] = []
        var entityKeys: [UInt8] = []
        /// Length of quotes.tsv before this batch: quote line offsets start here.
        let quotesBase: Int

        /// One article index line; `title` is the title, or the reason of a failure.
        mutating func article(_ r: RecordSummary, position: Journal.Position) {
            TSV.field(&articles, r.text[r.idText.range])
            articles.append(0x09)
            articles.append(r.isFailure ? UInt8(ascii: "f") : UInt8(ascii: "a"))
            for n in [position.segment, position.offset, position.length] {
                articles.append(0x09)
                articles.append(contentsOf: String(n).utf8)
            }
            articles.append(0x09)
            if let title = r.isFailure ? r.reasonText : r.titleText { TSV.field(&articles, r.text[title.range]) }
            articles.append(0x09)
            TSV.field(&articles, r.text[r.pathText.range])
            articles.append(0x0A)
        }

        /// The next base entity (ordinals are consecutive from the last written).
        mutating func entity(type: String, key: ArraySlice<UInt8>) {
            entityKeys.append(contentsOf: type.utf8)
            entityKeys.append(0x09)
            TSV.field(&entityKeys, key)
            entityKeys.append(0x0A)
        }

        mutating func posting(entity: UInt32, article: UInt32, mentions: UInt32) {
            Self.append(entity, to: &postings); Self.append(article, to: &postings); Self.append(mentions, to: &postings)
        }

        /// Quote `n` of `r`. - Parameter speakerEntity: the speaker's base entity, when there is one.
        mutating func quote(_ r: RecordSummary, _ n: Int, article: UInt32, speakerEntity: UInt32?) {
            let q = r.quoteFields![n]
            if let speakerEntity {
                let offset = UInt64(quotesBase + quotes.count)
                Self.append(speakerEntity, to: &speakers)
                Self.append(UInt32(truncatingIfNeeded: offset), to: &speakers)
                Self.append(UInt32(truncatingIfNeeded: offset >> 32), to: &speakers)
            }
            quotes.append(contentsOf: String(article).utf8)
            quotes.append(0x09)
            if let kind = q.kind { TSV.field(&quotes, r.text[kind.range]) } else { quotes.append(contentsOf: QuoteKind.direct.rawValue.utf8) }
            quotes.append(0x09)
            if let speaker = q.speaker { TSV.field(&quotes, r.text[speaker.range]) }
            quotes.append(0x09)
            TSV.field(&quotes, r.text[q.text.range])
            quotes.append(0x0A)
        }

        @inline(__always)
        private static func append(_ v: UInt32, to out: inout [UInt8]) {
            withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
        }
    }

    public func write(_ batch: Batch) throws(StoreError) {
        try FileDescriptorIO.writeAll(articles, batch.articles, path: layout.articlesIndex)
        try FileDescriptorIO.writeAll(postings, batch.postings, path: layout.postingsIndex)
        try FileDescriptorIO.writeAll(quotes, batch.quotes, path: layout.quotesIndex)
        try FileDescriptorIO.writeAll(speakers, batch.speakers, path: layout.speakersIndex)
        try FileDescriptorIO.writeAll(entityKeys, batch.entityKeys, path: layout.entityKeysIndex)
        lengths.entityKeys += batch.entityKeys.count
        lengths.speakers += batch.speakers.count
        lengths.articles += batch.articles.count
        lengths.postings += batch.postings.count
        lengths.quotes += batch.quotes.count
    }

    /// Makes the indexes durable (before a checkpoint names their lengths).
    public func sync() {
        for fd in [articles, postings, quotes, speakers, entityKeys] { fdatasync(fd) }
    }
}

/// Tab-separated lines: tabs, newlines and carriage returns inside fields become spaces.
public enum TSV {
    static func line(_ out: inout [UInt8], _ fields: [String]) {
        for (i, text) in fields.enumerated() {
            if i > 0 { out.append(0x09) }
            field(&out, text.utf8)
        }
        out.append(0x0A)
    }

    /// One field's bytes, tabs and line breaks made spaces.
    @inline(__always)
    static func field(_ out: inout [UInt8], _ bytes: some Collection<UInt8>) {
        if !bytes.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { out.append(contentsOf: bytes); return }
        for byte in bytes { out.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
    }

    /// Splits one line (without its newline) into fields.
    public static func fields(_ line: ArraySlice<UInt8>) -> [Substring] {
        String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
    }
}
