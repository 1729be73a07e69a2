import Glibc

/// The store's append-only indexes, written by the collector with each commit and read by
/// `gleaner query`. They are derived from the journal: after a crash the collector cuts them
/// back to the lengths its last checkpoint recorded and replays the journal from there.
///
/// ```
/// index/articles.tsv   one line per committed record, line number = article ordinal:
///                      id, kind (a|f), segment, offset, length, title (or failure reason), path
/// index/ids.bin        32 bytes per article ordinal: the raw id (SHA-256)
/// index/article-rows.bin  48 bytes per article ordinal (`ArticleRow`): where its line,
///                      title, quotes and postings start, how many quotes and postings, flags,
///                      the record's extractor version (0 in stores from before versions)
/// index/titles.txt     one line per article ordinal: the title lowercased, periods dropped
///                      (empty for a failure): what `search` scans
/// index/postings.bin   16-byte entries: base entity, article ordinal, mentions, and the
///                      entity's previous entry + 1 (0: none): each entity's postings are a
///                      chain from its last one (`index/entity-index.bin` holds the heads)
/// index/quotes.tsv     article ordinal, kind, speaker as written, text, speaker's base entity
/// index/speakers.bin   16-byte entries: speaker base entity, quotes.tsv offset of the line
///                      (u64), the speaker's previous entry + 1: chains as in postings.bin
/// index/entity-keys.tsv  one line per base entity, line number = base ordinal (the one in
///                      postings.bin and speakers.bin): type, merge key
/// ```
/// Integers are little-endian.
public final class IndexFiles {
    public struct Lengths: Codable, Sendable, Equatable {
        public var articles = 0
        public var ids = 0
        public var rows = 0
        public var titles = 0
        public var postings = 0
        public var quotes = 0
        public var speakers = 0
        public var entityKeys = 0

        public init() {}
    }

    /// Bytes per entry of `ids.bin`, `article-rows.bin`, `postings.bin`, `speakers.bin`.
    public static let idBytes = 32, rowBytes = 48, postingBytes = 16, speakerBytes = 16

    /// One entry of `article-rows.bin`.
    public struct ArticleRow: Sendable, Equatable {
        /// Offsets of the article's line in articles.tsv and titles.txt, of its first quote in quotes.tsv.
        public var line: UInt64
        public var title: UInt64
        public var firstQuote: UInt64
        /// Its postings: entries `firstPosting ..< firstPosting + postings` of postings.bin.
        public var firstPosting: UInt64
        public var postings: UInt32
        public var quotes: UInt32
        public var flags: UInt32
        /// The version of the extractor that made the record (`RecordSummary.extractorVersion`).
        public var extractorVersion: UInt32 = 0

        public static let failed: UInt32 = 1, pathBased: UInt32 = 2
        public var isFailure: Bool { flags & Self.failed != 0 }
    }

    private let layout: StoreLayout
    private var fds: [Int32] = []
    public private(set) var lengths = Lengths()
    /// True for a set being rebuilt beside the one in use (`init(stagingIn:)`), until `install`.
    private var staged = false

    /// Suffix of the files of a set being rebuilt.
    static let stagingSuffix = ".rebuild"

    private var finalPaths: [String] {
        [
            layout.articlesIndex, layout.idsIndex, layout.rowsIndex, layout.titlesIndex, layout.postingsIndex,
            layout.quotesIndex,
            layout.speakersIndex, layout.entityKeysIndex,
        ]
    }

    /// Where the files are written: their own paths, or beside them while staged.
    private var paths: [String] { staged ? finalPaths.map { $0 + Self.stagingSuffix } : finalPaths }

    private static func array(_ l: Lengths) -> [Int] {
        [l.articles, l.ids, l.rows, l.titles, l.postings, l.quotes, l.speakers, l.entityKeys]
    }

    /// Opens the index files, cutting each back to `truncateTo` (nil: to empty).
    public init(layout: StoreLayout, truncateTo: Lengths?) throws(StoreError) {
        self.layout = layout
        let target = truncateTo ?? Lengths()
        for (path, length) in zip(paths, Self.array(target)) { fds.append(try Self.open(path, length: length)) }
        lengths = target
    }

    /// Opens an empty set of index files beside the ones in use (`*.rebuild`), which readers
    /// go on reading until `install` puts the new set in their place.
    public init(stagingIn layout: StoreLayout) throws(StoreError) {
        self.layout = layout
        staged = true
        for path in paths { fds.append(try Self.open(path, length: 0)) }
    }

    /// Makes a staged set durable and renames each file over the one in use. A reader that
    /// has the old file open or mapped keeps reading it (the rename leaves its inode alone).
    /// The caller removes the checkpoint first: a crash between renames must not leave the
    /// new files under a checkpoint describing the old ones.
    public func install() throws(StoreError) {
        guard staged else { return }
        sync()
        for (from, to) in zip(paths, finalPaths) {
            guard rename(from, to) == 0 else { throw .io(operation: "rename", path: from, errno: errno) }
        }
        staged = false
        FileDescriptorIO.syncDirectory(of: layout.articlesIndex)
    }

    deinit { for fd in fds where fd >= 0 { close(fd) } }

    private static func open(_ path: String, length: Int) throws(StoreError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        guard ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) >= 0 else {
            close(fd)
            throw .io(operation: "truncate", path: path, errno: errno)
        }
        return fd
    }

    /// Buffers for the next commit batch.
    public func makeBatch() -> Batch { Batch(base: lengths) }

    /// Buffers for one commit batch, written with one call per file.
    public struct Batch {
        fileprivate var files: [[UInt8]] = Array(repeating: [], count: 8)
        /// The lengths before this batch: offsets of what it adds start there.
        let base: Lengths

        init(base: Lengths) { self.base = base }

        private enum File: Int { case articles = 0, ids, rows, titles, postings, quotes, speakers, entityKeys }

        private func offset(_ file: File, _ baseLength: Int) -> Int { baseLength + files[file.rawValue].count }

        /// Index of the next posting entry.
        var nextPosting: UInt32 {
            UInt32((base.postings + files[File.postings.rawValue].count) / IndexFiles.postingBytes)
        }
        var nextSpeakerEntry: UInt32 {
            UInt32((base.speakers + files[File.speakers.rawValue].count) / IndexFiles.speakerBytes)
        }

        /// Where the next article's rows start (before `article` is called for it).
        func articleStart() -> (line: UInt64, title: UInt64, firstQuote: UInt64, firstPosting: UInt64) {
            (
                UInt64(offset(.articles, base.articles)), UInt64(offset(.titles, base.titles)),
                UInt64(offset(.quotes, base.quotes)),
                UInt64(nextPosting)
            )
        }

        /// One article's lines and fixed entries; `title` is the title, or the reason of a
        /// failure. Its postings and quotes must have been added already (`start` was taken before).
        mutating func article(
            _ r: RecordSummary, position: Journal.Position, key: RecordKey,
            start: (line: UInt64, title: UInt64, firstQuote: UInt64, firstPosting: UInt64), quotes: Int
        ) {
            r.text.withUnsafeBufferPointer { text in
                Self.articleLine(r, text, position, into: &files[File.articles.rawValue])
                if !r.isFailure, let title = r.titleText {
                    TitleText.appendFolded(Self.bytes(text, title), to: &files[File.titles.rawValue])
                }
            }
            files[File.titles.rawValue].append(0x0A)
            key.appendRaw(to: &files[File.ids.rawValue])
            let row = ArticleRow(
                line: start.line, title: start.title, firstQuote: start.firstQuote, firstPosting: start.firstPosting,
                postings: UInt32(UInt64(nextPosting) - start.firstPosting), quotes: UInt32(clamping: quotes),
                flags: (r.isFailure ? ArticleRow.failed : 0) | (key.pathBased ? ArticleRow.pathBased : 0))
            // One append of the whole row (four u64, then four u32: `rowBytes`, no padding).
            let entry = (
                row.line.littleEndian, row.title.littleEndian, row.firstQuote.littleEndian,
                row.firstPosting.littleEndian, row.postings.littleEndian, row.quotes.littleEndian,
                row.flags.littleEndian, UInt32(clamping: r.extractorVersion).littleEndian
            )
            withUnsafeBytes(of: entry) { files[File.rows.rawValue].append(contentsOf: $0) }
        }

        /// The articles.tsv line of `r`: id, a(rticle) or f(ailure), journal position, title or
        /// reason, path. Read from the record's bytes in place (slices of `r.text` retained and
        /// released its buffer for each field), written where the line goes.
        @inline(__always)
        private static func articleLine(
            _ r: RecordSummary, _ text: UnsafeBufferPointer<UInt8>, _ position: Journal.Position,
            into out: inout [UInt8]
        ) {
            let plain = !r.stringsMayHoldControlBytes
            field(&out, text, r.idText, plain: plain)
            out.append(0x09)
            out.append(r.isFailure ? UInt8(ascii: "f") : UInt8(ascii: "a"))
            for n in [position.segment, position.offset, position.length] {
                out.append(0x09)
                if n < 0 { out.append(UInt8(ascii: "-")) }
                appendDecimal(n.magnitude, to: &out)
            }
            out.append(0x09)
            if let title = r.isFailure ? r.reasonText : r.titleText {
                field(&out, text, title, plain: plain)
            }
            out.append(0x09)
            field(&out, text, r.pathText, plain: plain)
            out.append(0x0A)
        }

        /// The next base entity (ordinals are consecutive from the last written).
        mutating func entity(type: String, key: ArraySlice<UInt8>) {
            files[File.entityKeys.rawValue] += type.utf8
            files[File.entityKeys.rawValue].append(0x09)
            TSV.field(&files[File.entityKeys.rawValue], key)
            files[File.entityKeys.rawValue].append(0x0A)
        }

        /// - Parameter previous: the entity's previous posting index + 1 (0: none).
        mutating func posting(entity: UInt32, article: UInt32, mentions: UInt32, previous: UInt32) {
            // One append of the whole entry (four u32, no padding): this runs for every entity of every article.
            let entry = (entity.littleEndian, article.littleEndian, mentions.littleEndian, previous.littleEndian)
            withUnsafeBytes(of: entry) { files[File.postings.rawValue].append(contentsOf: $0) }
        }

        /// Quote `n` of `r`. - Parameter speakerEntity: the speaker's base entity, when there is
        /// one, and its previous speakers.bin entry + 1.
        mutating func quote(
            _ r: RecordSummary, _ n: Int, article: UInt32, speakerEntity: (base: UInt32, previous: UInt32)?
        ) {
            if let speakerEntity {
                let offset = UInt64(base.quotes + files[File.quotes.rawValue].count)
                // One append of the whole entry (u32, u64, u32: `speakerBytes`, no padding).
                let entry = (
                    speakerEntity.base.littleEndian, UInt32(truncatingIfNeeded: offset).littleEndian,
                    UInt32(truncatingIfNeeded: offset >> 32).littleEndian, speakerEntity.previous.littleEndian
                )
                withUnsafeBytes(of: entry) { files[File.speakers.rawValue].append(contentsOf: $0) }
            }
            // The fields read from the record's bytes in place: slices of `r.text` retained and
            // released its buffer for every field of every quote.
            r.text.withUnsafeBufferPointer { text in
                r.quoteFields!.withUnsafeBufferPointer { quotes in
                    Self.quoteLine(quotes[n], text, plain: !r.stringsMayHoldControlBytes, article: article,
                                   speaker: speakerEntity?.base, into: &files[File.quotes.rawValue])
                }
            }
        }

        /// String `t` of a record's bytes, typed: appending it takes the array's contiguous-storage
        /// path (one copy), as the slices of `r.text` did.
        @inline(__always)
        static func bytes(_ text: UnsafeBufferPointer<UInt8>, _ t: RecordSummary.Text) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: text[t.range])
        }

        /// String `t` of a record's bytes as a field (`TSV.field`). `plain`: the record's reader saw
        /// no control byte in its strings (`RecordSummary.stringsMayHoldControlBytes`), so the bytes
        /// are copied without looking for tabs and line breaks, which took a pass over every
        /// quote's text (some 0.7 µs a record of the store writer's time).
        @inline(__always)
        private static func field(
            _ out: inout [UInt8], _ text: UnsafeBufferPointer<UInt8>, _ t: RecordSummary.Text, plain: Bool
        ) {
            if plain { out.append(contentsOf: bytes(text, t)) } else { TSV.field(&out, bytes(text, t)) }
        }

        /// The quotes.tsv line of quote `q`: article, kind, speaker, text, speaker entity.
        @inline(__always)
        private static func quoteLine(
            _ q: RecordSummary.QuoteFields, _ text: UnsafeBufferPointer<UInt8>, plain: Bool, article: UInt32,
            speaker: UInt32?, into out: inout [UInt8]
        ) {
            appendDecimal(UInt64(article), to: &out)
            out.append(0x09)
            if let kind = q.kind { field(&out, text, kind, plain: plain) } else {
                out += QuoteKind.direct.rawValue.utf8
            }
            out.append(0x09)
            if let name = q.speaker { field(&out, text, name, plain: plain) }
            out.append(0x09)
            field(&out, text, q.text, plain: plain)
            out.append(0x09)
            if let speaker { appendDecimal(UInt64(speaker), to: &out) }
            out.append(0x0A)
        }

        /// `out += String(value).utf8`, without making the string: the digits written from the
        /// last into a small buffer, then appended in one copy.
        @inline(__always)
        static func appendDecimal(_ value: some UnsignedInteger, to out: inout [UInt8]) {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in  // UInt64.max has 20
                var first = digits.count
                var rest = UInt64(value)
                repeat {
                    first -= 1
                    digits[first] = UInt8(truncatingIfNeeded: rest % 10) | 0x30
                    rest /= 10
                } while rest > 0
                out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
            }
        }
    }

    public func write(_ batch: Batch) throws(StoreError) {
        for (n, path) in paths.enumerated() { try FileDescriptorIO.writeAll(fds[n], batch.files[n], path: path) }
        let added = batch.files.map(\.count)
        lengths.articles += added[0]; lengths.ids += added[1]; lengths.rows += added[2]; lengths.titles += added[3]
        lengths.postings += added[4]; lengths.quotes += added[5]; lengths.speakers += added[6];
        lengths.entityKeys += added[7]
    }

    /// Makes the indexes durable (before a checkpoint names their lengths).
    public func sync() {
        for fd in fds { fdatasync(fd) }
    }
}

/// What `search` compares titles and names with: lowercased, periods dropped, tabs and
/// line breaks made spaces.
enum TitleText {
    static func folded(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        appendFolded(bytes, to: &out)
        return out
    }

    /// `out += folded(bytes)`, without an array of its own.
    static func appendFolded(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            for b in bytes where b != 0x2E {
                out.append(b == 0x09 || b == 0x0A || b == 0x0D ? 0x20 : b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            }
            return
        }
        for b in String(decoding: bytes, as: UTF8.self).lowercased().utf8 where b != 0x2E {
            out.append(b == 0x09 || b == 0x0A || b == 0x0D ? 0x20 : b)
        }
    }

    static func folded(_ text: String) -> [UInt8] { folded(Array(text.utf8)) }
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

    /// A field that holds a count or an ordinal (decimal digits only, as the writers put them).
    static func integer(_ field: some Collection<UInt8>) -> Int? {
        guard !field.isEmpty, field.count <= 18 else { return nil }
        var value = 0
        for byte in field {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Splits one line (without its newline) into fields.
    public static func fields(_ line: ArraySlice<UInt8>) -> [Substring] {
        String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
    }
}
