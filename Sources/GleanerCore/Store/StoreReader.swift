/// Read-only access to a store directory, for `gleaner query` and `gleaner export`.
///
/// Answers come from the indexes (`index/*.tsv`, `index/postings.bin`), not from parsing
/// every record. Never writes: safe while a collector runs. Article lists, quotes and
/// failures are current to the last commit; the entity table to the last checkpoint.
/// Every list is in an order that depends only on what is stored, never on when it arrived:
/// entities most articles first, articles and quotes by article id.
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
        /// Line number in `index/entities.tsv` (0: most articles).
        public var rank: Int
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
        /// Merge keys of the base entities it joins (see `EntityTable`).
        public var members: [String]

        init(rank: Int, type: String, name: String, articles: Int, mentions: Int, quotes: Int, country: String?,
             aliases: [String], roles: [String], firstSeen: String, lastSeen: String, members: [String]) {
            self.rank = rank; self.type = type; self.name = name; self.articles = articles; self.mentions = mentions
            self.quotes = quotes; self.country = country; self.aliases = aliases; self.roles = roles
            self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.members = members
        }

        init(_ e: MergedView.Entity, rank: Int) {
            self.init(rank: rank, type: e.type, name: e.name, articles: e.articles, mentions: e.mentions, quotes: e.quotes,
                      country: e.country, aliases: e.aliases, roles: e.roles, firstSeen: e.firstSeen, lastSeen: e.lastSeen,
                      members: e.members)
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
        /// Other entities the name matches (by name or alias), best supported first.
        public var otherMatches: [EntityRow]
        /// Every article naming it, by id.
        public var articleIDs: [String]
        public var quotes: [QuoteRow]
        /// Entities sharing articles with this one, most shared articles first.
        public var cooccurring: [(name: String, type: String, articles: Int)]
    }

    /// One page of a longer list.
    public struct Page<Row> {
        public var rows: [Row]
        /// How many rows the whole list has.
        public var total: Int
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

    /// Entities, most articles first, optionally of one type: `limit` of them from `offset` on.
    public func entities(type: String? = nil, offset: Int = 0, limit: Int = .max) throws(StoreError) -> Page<EntityRow> {
        var rows: [EntityRow] = []
        var total = 0
        try forEachEntity { row in
            guard type == nil || row.type == type else { return true }
            if total >= offset && rows.count < limit { rows.append(row) }
            total += 1
            return true
        } filter: { line in
            guard let type else { return true }
            return Self.field(1, of: line).elementsEqual(type.utf8)
        }
        return Page(rows: rows, total: total)
    }

    /// The best-supported entity matching `name` (see `matches`), with every article naming
    /// it, its quotes, co-occurring entities and the other matches.
    public func entity(named name: String, type: String? = nil, cooccurringLimit: Int = 20,
                       otherMatchLimit: Int = 10) throws(StoreError) -> EntityDetail? {
        let found = try matches(name, type: type)
        guard let entity = found.first else { return nil }
        let keys = try entityKeys()
        let members = Self.ordinals(of: entity, keys)
        let postings = try FileDescriptorIO.readIfPresent(layout.postingsIndex)
        var articles = Set<UInt32>()
        var shared: [Int: Int] = [:]  // base ordinal → shared articles
        postings.withUnsafeBytes { raw in
            let count = raw.count / 12
            for n in 0..<count where members.contains(Int(raw.loadUnaligned(fromByteOffset: n * 12, as: UInt32.self).littleEndian)) {
                articles.insert(raw.loadUnaligned(fromByteOffset: n * 12 + 4, as: UInt32.self).littleEndian)
            }
            for n in 0..<count {
                let article = raw.loadUnaligned(fromByteOffset: n * 12 + 4, as: UInt32.self).littleEndian
                guard articles.contains(article) else { continue }
                let e = Int(raw.loadUnaligned(fromByteOffset: n * 12, as: UInt32.self).littleEndian)
                if !members.contains(e) { shared[e, default: 0] += 1 }
            }
        }
        let rowOf = try rowsByBaseOrdinal(keys)
        var together: [Int: Int] = [:]  // rank → shared articles (base entities of one row summed)
        for (base, n) in shared { if let row = rowOf[base] { together[row.rank, default: 0] += n } }
        var rowsByRank: [Int: EntityRow] = [:]
        for row in rowOf.values { rowsByRank[row.rank] = row }
        let top = together.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(cooccurringLimit)
        let index = try ArticleIndex(path: layout.articlesIndex)
        return EntityDetail(
            entity: entity, otherMatches: Array(found.dropFirst().prefix(otherMatchLimit)),
            articleIDs: articles.compactMap { index.id(Int($0)) }.sorted(),
            quotes: try quotes(of: members, name: entity.name, index: index),
            cooccurring: top.compactMap { o in rowsByRank[o.key].map { (name: $0.name, type: $0.type, articles: o.value) } })
    }

    /// The best-supported entity matching `name` (see `matches`).
    public func lookup(_ name: String, type: String? = nil) throws(StoreError) -> EntityRow? { try matches(name, type: type).first }

    /// Every entity whose canonical name or an alias is `name` (compared as `NameKey`s), the
    /// best supported first: most articles, then an exact name before an alias, then by name.
    /// "Blair" finds "Tony Blair" (150 articles) before a stray "Blair" (11).
    public func matches(_ name: String, type: String? = nil) throws(StoreError) -> [EntityRow] {
        let key = NameKey.normalize(name)
        let needle = Array(key.utf8)
        var found: [(row: EntityRow, byName: Bool)] = []
        try forEachEntity { row in
            guard type == nil || row.type == type else { return true }
            if NameKey.normalize(row.name) == key { found.append((row, true)) }
            else if row.aliases.contains(where: { NameKey.normalize($0) == key }) { found.append((row, false)) }
            return true
        } filter: { Self.foldedContains($0, needle) }
        return found.sorted { a, b in
            (b.row.articles, a.byName ? 0 : 1, a.row.rank) < (a.row.articles, b.byName ? 0 : 1, b.row.rank)
        }.map(\.row)
    }

    /// Quotes ordered by article id, then as they stand in their article: `limit` of them
    /// from `offset` on. With `speaker`, only that speaker's: through the speaker index when
    /// the name matches an entity, else by comparing names. Speakers that are entities are
    /// named as the entity table names them.
    public func quotes(speaker: String? = nil, offset: Int = 0, limit: Int = .max) throws(StoreError) -> Page<QuoteRow> {
        let index = try ArticleIndex(path: layout.articlesIndex)
        if let speaker, let entity = try lookup(speaker) {
            let all = try quotes(of: Self.ordinals(of: entity, try entityKeys()), name: entity.name, index: index)
            return Page(rows: Array(all.dropFirst(offset).prefix(limit)), total: all.count)
        }
        let wanted = speaker.map(NameKey.normalize)
        let bytes = try FileDescriptorIO.readIfPresent(layout.quotesIndex)
        var lines: [(id: String, line: Range<Int>)] = []
        FileDescriptorIO.forEachLine(in: bytes) { range in
            let line = bytes[range]
            if let wanted, !Self.foldedContains(line, Array(wanted.utf8)) { return true }
            if let ordinal = Int(String(decoding: Self.field(0, of: line), as: UTF8.self)) {
                lines.append((index.id(ordinal) ?? "", range))
            }
            return true
        }
        lines.sort { ($0.id, $0.line.lowerBound) < ($1.id, $1.line.lowerBound) }
        let speakerNames = try speakerNamesByOffset()
        var rows: [QuoteRow] = []
        var total = 0
        for entry in lines {
            guard var row = Self.quoteRow(bytes[entry.line], index) else { continue }
            if let name = speakerNames[entry.line.lowerBound] { row.speaker = name }
            guard wanted == nil || NameKey.normalize(row.speaker ?? "") == wanted else { continue }
            if total >= offset && rows.count < limit { rows.append(row) }
            total += 1
        }
        return Page(rows: rows, total: total)
    }

    /// The quotes of the base entities `members`, through `index/speakers.bin`, by article id.
    private func quotes(of members: Set<Int>, name: String, index: ArticleIndex) throws(StoreError) -> [QuoteRow] {
        let offsets = try speakerEntries().filter { members.contains($0.entity) }.map(\.offset)
        guard !offsets.isEmpty else { return [] }
        let fd = open(layout.quotesIndex, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: layout.quotesIndex, errno: errno) }
        defer { close(fd) }
        var rows: [(row: QuoteRow, offset: Int)] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        for offset in offsets {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard n > 0, let end = buffer[0..<n].firstIndex(of: 0x0A), var row = Self.quoteRow(buffer[0..<end], index) else { continue }
            row.speaker = name
            rows.append((row, offset))
        }
        return rows.sorted { ($0.row.article, $0.offset) < ($1.row.article, $1.offset) }.map(\.row)
    }

    /// `index/speakers.bin`: (speaker base entity, quotes.tsv offset) for every attributed quote.
    private func speakerEntries() throws(StoreError) -> [(entity: Int, offset: Int)] {
        let entries = try FileDescriptorIO.readIfPresent(layout.speakersIndex)
        var out: [(entity: Int, offset: Int)] = []
        out.reserveCapacity(entries.count / 12)
        entries.withUnsafeBytes { raw in
            var at = 0
            while at + 12 <= raw.count {
                let entity = Int(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
                let low = UInt64(raw.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self).littleEndian)
                let high = UInt64(raw.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self).littleEndian)
                out.append((entity, Int(high << 32 | low)))
                at += 12
            }
        }
        return out
    }

    /// quotes.tsv offset → the entity table's name for the quote's speaker.
    private func speakerNamesByOffset() throws(StoreError) -> [Int: String] {
        let rowOf = try rowsByBaseOrdinal(try entityKeys())
        var out: [Int: String] = [:]
        for entry in try speakerEntries() { if let row = rowOf[entry.entity] { out[entry.offset] = row.name } }
        return out
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

    /// Failure records, by id.
    public func failures() throws(StoreError) -> [[UInt8]] {
        try articleRows().filter(\.failed).sorted { $0.id < $1.id }.map { row throws(StoreError) in try record(at: row.position) }
    }

    /// Articles whose title contains `text` (by id) and entities whose name or an alias
    /// contains it (most articles first), case-insensitive, at most `limit` of each.
    public func search(_ text: String, limit: Int = 50) throws(StoreError) -> (articles: [ArticleRow], entities: [EntityRow]) {
        let needle = text.lowercased()
        let index = try ArticleIndex(path: layout.articlesIndex)
        let articles = (0..<index.count).filter { !index.isFailure($0) && index.titleContains($0, needle) }
            .compactMap { index.row($0) }.sorted { $0.id < $1.id }.prefix(limit)
        var entities: [EntityRow] = []
        let folded = Array(needle.utf8)
        try forEachEntity { row in
            if row.name.lowercased().contains(needle) || row.aliases.contains(where: { $0.lowercased().contains(needle) }) {
                entities.append(row)
            }
            return entities.count < limit
        } filter: { Self.foldedContains($0, folded) }
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

    /// Calls `body` with each row of the entity table that passes the cheap byte `filter`,
    /// until it returns false. Throws `outdatedIndexes` for a table of an earlier layout.
    private func forEachEntity(_ body: (EntityRow) -> Bool, filter: (ArraySlice<UInt8>) -> Bool = { _ in true }) throws(StoreError) {
        var outdated = false
        try Self.lines(layout.entitiesIndex) { line in
            guard filter(line) else { return true }
            guard let row = Self.entityRow(line) else {
                outdated = TSV.fields(line).count != EntityTable.columns
                return !outdated
            }
            return body(row)
        }
        if outdated { throw .outdatedIndexes(path: layout.root) }
    }

    /// `index/entity-keys.tsv`: "TYPE key" of each base entity, by ordinal.
    private func entityKeys() throws(StoreError) -> [String] {
        var keys: [String] = []
        try Self.lines(layout.entityKeysIndex) { line in
            keys.append(String(decoding: line, as: UTF8.self).replacingOccurrences(of: "\t", with: " "))
            return true
        }
        return keys
    }

    /// The base entity ordinals an entity row joins.
    private static func ordinals(of row: EntityRow, _ keys: [String]) -> Set<Int> {
        let wanted = Set(row.members.map { row.type + " " + $0 })
        return Set(keys.indices.filter { wanted.contains(keys[$0]) })
    }

    /// Base entity ordinal → the entity table row that joins it.
    private func rowsByBaseOrdinal(_ keys: [String]) throws(StoreError) -> [Int: EntityRow] {
        var rowOfKey: [String: EntityRow] = [:]
        try forEachEntity { row in
            for member in row.members { rowOfKey[row.type + " " + member] = row }
            return true
        }
        var out: [Int: EntityRow] = [:]
        for (ordinal, key) in keys.enumerated() { if let row = rowOfKey[key] { out[ordinal] = row } }
        return out
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
        guard f.count == EntityTable.columns, let rank = Int(f[0]), let articles = Int(f[3]), let mentions = Int(f[4]),
              let quotes = Int(f[5]) else { return nil }
        func list(_ s: Substring) -> [String] { s.isEmpty ? [] : s.components(separatedBy: EntityTable.separator) }
        return EntityRow(rank: rank, type: String(f[1]), name: String(f[2]), articles: articles, mentions: mentions,
                         quotes: quotes, country: f[6].isEmpty ? nil : String(f[6]), aliases: list(f[7]), roles: list(f[8]),
                         firstSeen: String(f[9]), lastSeen: String(f[10]), members: list(f[11]))
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
