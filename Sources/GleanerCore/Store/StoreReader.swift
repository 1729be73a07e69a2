/// Read-only access to a store directory, for `gleaner query` and `gleaner export`.
///
/// Answers come from the indexes (`index/*.tsv`, `index/postings.bin`), not from parsing
/// every record. Never writes: safe while a collector runs. Article lists, quotes and
/// failures are current to the last commit; the entity table to the last checkpoint.
public struct StoreReader {
    public let layout: StoreLayout

    public init(root: String) throws(StoreError) {
        layout = StoreLayout(root: root)
        try layout.validate()
    }

    // MARK: Rows

    public struct ArticleRow: Sendable, Equatable {
        public var ordinal: Int
        public var id: String
        public var failed: Bool
        public var position: Journal.Position
        /// The title, or the failure reason for a failure record.
        public var title: String
        public var path: String
    }

    public struct EntityRow: Sendable, Equatable {
        public var ordinal: Int
        public var type: String
        public var name: String
        public var articles: Int
        public var mentions: Int
        public var quotes: Int
        public var country: String?
        public var aliases: [String]
        public var roles: [String]
        public var firstSeen: String
        public var lastSeen: String

        init(ordinal: Int, type: String, name: String, articles: Int, mentions: Int, quotes: Int, country: String?,
             aliases: [String], roles: [String], firstSeen: String, lastSeen: String) {
            self.ordinal = ordinal; self.type = type; self.name = name; self.articles = articles; self.mentions = mentions
            self.quotes = quotes; self.country = country; self.aliases = aliases; self.roles = roles
            self.firstSeen = firstSeen; self.lastSeen = lastSeen
        }

        init(_ e: CorpusAggregate.CorpusEntity, ordinal: Int) {
            self.init(ordinal: ordinal, type: e.type, name: e.name, articles: e.articles, mentions: e.mentions, quotes: e.quotes,
                      country: e.country, aliases: e.aliases, roles: e.roles, firstSeen: e.firstSeen, lastSeen: e.lastSeen)
        }
    }

    public struct QuoteRow: Sendable, Equatable {
        public var article: String
        public var kind: String
        public var speaker: String?
        public var text: String
    }

    public struct Stats: Sendable, Equatable {
        public var articles = 0
        public var failures = 0
        public var entities = 0
        public var quotes = 0
        public var speakers = 0
        public var failureReasons: [String: Int] = [:]
    }

    public struct EntityDetail: Sendable {
        public var entity: EntityRow
        public var articleIDs: [String]
        public var quotes: [QuoteRow]
        /// Entities sharing articles with this one, most shared articles first.
        public var cooccurring: [(name: String, type: String, articles: Int)]
    }

    // MARK: Queries

    /// Article and failure counts are live (from the article index); the others are as of
    /// the last checkpoint.
    public func stats() throws(StoreError) -> Stats {
        var stats = Stats()
        let index = try ArticleIndex(path: layout.articlesIndex)
        for n in 0..<index.count {
            if index.isFailure(n) {
                stats.failures += 1
                if let row = index.row(n) { stats.failureReasons[row.title, default: 0] += 1 }
            } else {
                stats.articles += 1
            }
        }
        if let checkpoint = Checkpoint.stats(layout) {
            stats.entities = checkpoint.stats.entities
            stats.quotes = checkpoint.stats.quotes
            stats.speakers = checkpoint.stats.speakers
        }
        return stats
    }

    /// Entities, most articles first, optionally of one type and at most `top`.
    public func entities(type: String? = nil, top: Int? = nil) throws(StoreError) -> [EntityRow] {
        var rows: [EntityRow] = []
        try Self.lines(layout.entitiesIndex) { line in
            if let top, rows.count >= top { return false }
            if let type, !line.starts(with: Array(type.utf8)) && !Self.field(1, of: line).elementsEqual(type.utf8) { return true }
            if let row = Self.entityRow(line), type == nil || row.type == type { rows.append(row) }
            return true
        }
        return rows
    }

    /// The entity best matching `name` (canonical name, then alias; most articles wins),
    /// with its articles, quotes and co-occurring entities.
    public func entity(named name: String, type: String? = nil, cooccurringLimit: Int = 20) throws(StoreError) -> EntityDetail? {
        guard let entity = try lookup(name, type: type) else { return nil }
        let postings = try FileDescriptorIO.readIfPresent(layout.postingsIndex)
        let target = UInt32(entity.ordinal)
        var articles = Set<UInt32>()
        var shared: [Int: Int] = [:]
        postings.withUnsafeBytes { raw in
            let count = raw.count / 12
            for n in 0..<count where raw.loadUnaligned(fromByteOffset: n * 12, as: UInt32.self).littleEndian == target {
                articles.insert(raw.loadUnaligned(fromByteOffset: n * 12 + 4, as: UInt32.self).littleEndian)
            }
            // Postings are appended article by article, so an article's entries are adjacent.
            for n in 0..<count {
                let article = raw.loadUnaligned(fromByteOffset: n * 12 + 4, as: UInt32.self).littleEndian
                guard articles.contains(article) else { continue }
                let e = raw.loadUnaligned(fromByteOffset: n * 12, as: UInt32.self).littleEndian
                if e != target { shared[Int(e), default: 0] += 1 }
            }
        }
        let top = shared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(cooccurringLimit)
        var names: [Int: EntityRow] = [:]
        let wanted = Set(top.map(\.key))
        try Self.lines(layout.entitiesIndex) { line in
            if let row = Self.entityRow(line), wanted.contains(row.ordinal) { names[row.ordinal] = row }
            return names.count < wanted.count
        }
        let index = try ArticleIndex(path: layout.articlesIndex)
        let ids = articles.sorted().compactMap { index.id(Int($0)) }
        return EntityDetail(
            entity: entity, articleIDs: ids, quotes: try quotes(of: entity, index: index),
            cooccurring: top.compactMap { o in names[o.key].map { (name: $0.name, type: $0.type, articles: o.value) } })
    }

    /// The entity whose canonical name, else an alias, is `name` (compared as `NameKey`s);
    /// the one with most articles when several match.
    public func lookup(_ name: String, type: String? = nil) throws(StoreError) -> EntityRow? {
        let key = NameKey.normalize(name)
        let needle = Array(key.utf8)
        var byName: EntityRow?, byAlias: EntityRow?
        try Self.lines(layout.entitiesIndex) { line in
            guard Self.foldedContains(line, needle), let row = Self.entityRow(line), type == nil || row.type == type else { return true }
            if byName == nil, NameKey.normalize(row.name) == key { byName = row; return false }
            if byAlias == nil, row.aliases.contains(where: { NameKey.normalize($0) == key }) { byAlias = row }
            return true
        }
        return byName ?? byAlias
    }

    /// Quotes in commit order, at most `limit`; with `speaker`, only that speaker's: found
    /// through the speaker index when the name is a known entity, else by comparing names.
    public func quotes(speaker: String? = nil, limit: Int = .max) throws(StoreError) -> [QuoteRow] {
        let index = try ArticleIndex(path: layout.articlesIndex)
        if let speaker, let entity = try lookup(speaker) {
            return Array(try quotes(of: entity, index: index).prefix(limit))
        }
        let wanted = speaker.map(NameKey.normalize)
        var out: [QuoteRow] = []
        try Self.lines(layout.quotesIndex) { line in
            if let wanted, !Self.foldedContains(line, Array(wanted.utf8)) { return true }
            guard let row = Self.quoteRow(line, index), wanted == nil || NameKey.normalize(row.speaker ?? "") == wanted else { return true }
            out.append(row)
            return out.count < limit
        }
        return out
    }

    /// An entity's quotes, through `index/speakers.bin`.
    private func quotes(of entity: EntityRow, index: ArticleIndex) throws(StoreError) -> [QuoteRow] {
        let entries = try FileDescriptorIO.readIfPresent(layout.speakersIndex)
        var offsets: [Int] = []
        entries.withUnsafeBytes { raw in
            var at = 0
            while at + 12 <= raw.count {
                if Int(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian) == entity.ordinal {
                    let low = UInt64(raw.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self).littleEndian)
                    let high = UInt64(raw.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self).littleEndian)
                    offsets.append(Int(high << 32 | low))
                }
                at += 12
            }
        }
        guard !offsets.isEmpty else { return [] }
        let fd = open(layout.quotesIndex, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: layout.quotesIndex, errno: errno) }
        defer { close(fd) }
        var rows: [QuoteRow] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        for offset in offsets {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard n > 0, let end = buffer[0..<n].firstIndex(of: 0x0A), let row = Self.quoteRow(buffer[0..<end], index) else { continue }
            rows.append(row)
        }
        return rows
    }

    static func quoteRow(_ line: ArraySlice<UInt8>, _ index: ArticleIndex) -> QuoteRow? {
        let f = TSV.fields(line)
        guard f.count == 4, let ordinal = Int(f[0]) else { return nil }
        return QuoteRow(article: index.id(ordinal) ?? "", kind: String(f[1]), speaker: f[2].isEmpty ? nil : String(f[2]), text: String(f[3]))
    }

    /// The stored record whose id is `id` or starts with it (at least 8 hex digits).
    public func article(id: String) throws(StoreError) -> [UInt8]? {
        guard id.count >= 8 else { return nil }
        let index = try ArticleIndex(path: layout.articlesIndex)
        guard let n = index.first(idPrefix: id), let row = index.row(n) else { return nil }
        return try record(at: row.position)
    }

    /// Failure records, in commit order.
    public func failures() throws(StoreError) -> [[UInt8]] {
        try articleRows().filter(\.failed).map { row throws(StoreError) in try record(at: row.position) }
    }

    /// Articles whose title contains `text` and entities whose name or an alias contains it
    /// (case-insensitive).
    public func search(_ text: String, limit: Int = 50) throws(StoreError) -> (articles: [ArticleRow], entities: [EntityRow]) {
        let needle = text.lowercased()
        let index = try ArticleIndex(path: layout.articlesIndex)
        let articles = (0..<index.count).lazy.filter { !index.isFailure($0) && index.titleContains($0, needle) }
            .prefix(limit).compactMap { index.row($0) }
        var entities: [EntityRow] = []
        let folded = Array(needle.utf8)
        try Self.lines(layout.entitiesIndex) { line in
            guard Self.foldedContains(line, folded) else { return true }
            if let row = Self.entityRow(line), row.name.lowercased().contains(needle) || row.aliases.contains(where: { $0.lowercased().contains(needle) }) {
                entities.append(row)
            }
            return entities.count < limit
        }
        return (Array(articles), entities)
    }

    /// Every row of the article index, in commit order (row n is article ordinal n).
    public func articleRows() throws(StoreError) -> [ArticleRow] {
        let index = try ArticleIndex(path: layout.articlesIndex)
        return (0..<index.count).compactMap { index.row($0) }
    }

    /// Calls `record` with each stored record's JSON line, once per id, in commit order.
    /// - Parameter failures: true for `gleaner.failure/1` records, false for articles.
    public func forEachRecord(failures: Bool = false, _ record: (ArraySlice<UInt8>) -> Void) throws(StoreError) {
        var segments: [Int: [UInt8]] = [:]
        for row in try articleRows() where row.failed == failures {
            if segments[row.position.segment] == nil {
                segments = [row.position.segment: try FileDescriptorIO.readAll(layout.segment(row.position.segment))]
            }
            let bytes = segments[row.position.segment]!
            guard row.position.offset + row.position.length <= bytes.count else { continue }
            record(bytes[row.position.offset..<row.position.offset + row.position.length])
        }
    }

    // MARK: Helpers

    private func record(at position: Journal.Position) throws(StoreError) -> [UInt8] {
        let fd = open(layout.segment(position.segment), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: layout.segment(position.segment), errno: errno) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: position.length)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, position.length, off_t(position.offset)) }
        return Array(bytes.prefix(max(0, n)))
    }

    /// Calls `body` with each complete line of a file (missing file: no lines) until it returns false.
    static func lines(_ path: String, _ body: (ArraySlice<UInt8>) -> Bool) throws(StoreError) {
        let bytes = try FileDescriptorIO.readIfPresent(path)
        FileDescriptorIO.forEachLine(in: bytes) { body(bytes[$0]) }
    }

    static func field(_ n: Int, of line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var index = line.startIndex
        for _ in 0..<n {
            guard let tab = line[index...].firstIndex(of: 0x09) else { return [] }
            index = tab + 1
        }
        let end = line[index...].firstIndex(of: 0x09) ?? line.endIndex
        return line[index..<end]
    }

    static func entityRow(_ line: ArraySlice<UInt8>) -> EntityRow? {
        let f = TSV.fields(line)
        guard f.count == 11, let ordinal = Int(f[0]), let articles = Int(f[3]), let mentions = Int(f[4]), let quotes = Int(f[5]) else { return nil }
        func list(_ s: Substring) -> [String] { s.isEmpty ? [] : s.components(separatedBy: EntityTable.separator) }
        return EntityRow(ordinal: ordinal, type: String(f[1]), name: String(f[2]), articles: articles, mentions: mentions,
                         quotes: quotes, country: f[6].isEmpty ? nil : String(f[6]), aliases: list(f[7]), roles: list(f[8]),
                         firstSeen: String(f[9]), lastSeen: String(f[10]))
    }

    /// Whether `line`, lowercased (ASCII) with periods dropped, contains `needle`: a cheap
    /// filter before parsing a row.
    static func foldedContains(_ line: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        // Non-ASCII names are not folded here: let the full comparison decide.
        guard !needle.isEmpty, needle.allSatisfy({ $0 < 0x80 }) else { return true }
        @inline(__always) func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        let first = needle[0]
        var i = line.startIndex
        while i < line.endIndex {
            if fold(line[i]) == first {
                var k = i + 1, j = 1
                while j < needle.count && k < line.endIndex {
                    if line[k] == UInt8(ascii: ".") { k += 1; continue }
                    if fold(line[k]) != needle[j] { break }
                    j += 1; k += 1
                }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

}

import Foundation

/// `index/articles.tsv` in memory with its line starts: rows are parsed only when asked for.
struct ArticleIndex {
    private let bytes: [UInt8]
    private let starts: [Int]

    init(path: String) throws(StoreError) {
        bytes = try FileDescriptorIO.readIfPresent(path)
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count / 100)
        let end = FileDescriptorIO.forEachLine(in: bytes) { starts.append($0.lowerBound); return true }
        starts.append(end)  // end sentinel: only complete lines count
        self.starts = starts
    }

    var count: Int { starts.count - 1 }

    private func line(_ n: Int) -> ArraySlice<UInt8> { bytes[starts[n]..<starts[n + 1] - 1] }

    /// The id: the bytes before the first tab.
    func id(_ n: Int) -> String? {
        guard n >= 0 && n < count else { return nil }
        let l = line(n)
        return String(decoding: l[l.startIndex..<(l.firstIndex(of: 0x09) ?? l.endIndex)], as: UTF8.self)
    }

    /// The kind column is one byte after the 64- or 69-character id.
    func isFailure(_ n: Int) -> Bool {
        let l = line(n)
        guard let tab = l.firstIndex(of: 0x09), tab + 1 < l.endIndex else { return false }
        return l[tab + 1] == UInt8(ascii: "f")
    }

    func first(idPrefix: String) -> Int? {
        let prefix = Array(idPrefix.lowercased().utf8)
        return (0..<count).first { line($0).starts(with: prefix) }
    }

    /// Case-insensitive containment in the title column (ASCII folded on bytes; other
    /// needles compared as lowercased strings).
    func titleContains(_ n: Int, _ lowercasedNeedle: String) -> Bool {
        let title = StoreReader.field(5, of: line(n))
        let needle = Array(lowercasedNeedle.utf8)
        if needle.allSatisfy({ $0 < 0x80 }) && !needle.contains(UInt8(ascii: ".")) { return StoreReader.foldedContains(title, needle) }
        return String(decoding: title, as: UTF8.self).lowercased().contains(lowercasedNeedle)
    }

    func row(_ n: Int) -> StoreReader.ArticleRow? {
        guard n >= 0 && n < count else { return nil }
        let f = TSV.fields(line(n))
        guard f.count == 7, let segment = Int(f[2]), let offset = Int(f[3]), let length = Int(f[4]) else { return nil }
        return StoreReader.ArticleRow(ordinal: n, id: String(f[0]), failed: f[1] == "f",
                                      position: .init(segment: segment, offset: offset, length: length),
                                      title: String(f[5]), path: String(f[6]))
    }
}
