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

        mutating func article(id: String, failed: Bool, position: Journal.Position, title: String, path: String) {
            TSV.line(&articles, [id, failed ? "f" : "a", String(position.segment), String(position.offset),
                                 String(position.length), title, path])
        }

        /// The next base entity (ordinals are consecutive from the last written).
        mutating func entity(type: String, key: String) { TSV.line(&entityKeys, [type, key]) }

        mutating func posting(entity: Int, article: UInt32, mentions: Int) {
            for v in [UInt32(entity), article, UInt32(clamping: mentions)] { Self.append(v, to: &postings) }
        }

        /// - Parameter speakerEntity: the speaker's corpus entity ordinal, when there is one.
        mutating func quote(article: UInt32, kind: String, speaker: String, speakerEntity: Int?, text: String) {
            if let speakerEntity {
                let offset = UInt64(quotesBase + quotes.count)
                for v in [UInt32(speakerEntity), UInt32(truncatingIfNeeded: offset), UInt32(truncatingIfNeeded: offset >> 32)] {
                    Self.append(v, to: &speakers)
                }
            }
            TSV.line(&quotes, [String(article), kind, speaker, text])
        }

        private static func append(_ v: UInt32, to out: inout [UInt8]) {
            out.append(UInt8(v & 0xFF)); out.append(UInt8(v >> 8 & 0xFF))
            out.append(UInt8(v >> 16 & 0xFF)); out.append(UInt8(v >> 24))
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
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(0x09) }
            for byte in field.utf8 { out.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
        }
        out.append(0x0A)
    }

    /// Splits one line (without its newline) into fields.
    public static func fields(_ line: ArraySlice<UInt8>) -> [Substring] {
        String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
    }
}
