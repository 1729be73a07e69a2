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

        init(
            rank: Int, type: String, name: String, articles: Int, mentions: Int, quotes: Int, country: String?,
            aliases: [String], roles: [String], firstSeen: String, lastSeen: String, members: [String]
        ) {
            self.rank = rank; self.type = type; self.name = name; self.articles = articles; self.mentions = mentions
            self.quotes = quotes; self.country = country; self.aliases = aliases; self.roles = roles
            self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.members = members
        }

        init(_ e: MergedView.Entity, rank: Int) {
            self.init(
                rank: rank, type: e.type, name: e.name, articles: e.articles, mentions: e.mentions, quotes: e.quotes,
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
        /// Records (articles and failures) per extractor version (0: records from before versions).
        public var extractors: [Int: Int] = [:]
        /// Records of a newer extractor journaled but not yet in the merged view, as of the
        /// last checkpoint (the collector rebuilds the view with them, at the latest when it stops).
        public var replacementsWaiting = 0
    }

    /// How much of an entity `entity(named:)` reads: a big entity has a hundred thousand
    /// articles and quotes, which only a script listing them all needs.
    public enum Detail: Sendable {
        /// Every article id and every quote.
        case everything
        /// Counts, and the first `quotes` quotes.
        case summary(quotes: Int)
    }

    public struct EntityDetail: Sendable {
        public var entity: EntityRow
        /// Other entities the name matches (by name or alias), best supported first.
        public var otherMatches: [EntityRow]
        /// Every article naming it, by id (`Detail.everything`; empty with `.summary`).
        public var articleIDs: [String]
        /// How many articles name it.
        public var articleCount: Int
        /// Its quotes by article id: all of them, or the first few with `.summary`.
        public var quotes: [QuoteRow]
        /// How many quotes it has.
        public var quoteCount: Int
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

    /// Article and failure counts are live (from the article rows); the others are as of
    /// the last checkpoint.
    public func stats() throws(StoreError) -> Stats {
        var stats = Stats()
        let articles = try Articles(layout)
        var from = 0, versionsFrom = 0
        if let checkpoint = Checkpoint.stats(layout), checkpoint.indexVersion == Checkpoint.indexVersion {
            stats.replacementsWaiting = checkpoint.replacementsWaiting ?? 0
            if let extractors = checkpoint.stats.extractors {
                for (version, n) in extractors { if let v = Int(version) { stats.extractors[v, default: 0] += n } }
                versionsFrom = min(checkpoint.indexes.rows / IndexFiles.rowBytes, articles.count)
            }
            stats.articles = checkpoint.stats.articles
            stats.failures = checkpoint.stats.failures
            stats.failureReasons = checkpoint.stats.failureReasons ?? [:]
            stats.entities = checkpoint.stats.entities
            stats.quotes = checkpoint.stats.quotes
            stats.speakers = checkpoint.stats.speakers
            from = min(checkpoint.indexes.rows / IndexFiles.rowBytes, articles.count)
        }
        // Versions from the rows the checkpoint does not count (all of them in a store from before versions).
        for n in versionsFrom..<articles.count {
            stats.extractors[Int(articles.row(n).extractorVersion), default: 0] += 1
        }
        for n in from..<articles.count {  // committed after the checkpoint
            if articles.row(n).isFailure {
                stats.failures += 1
                if let row = articles.articleRow(n) { stats.failureReasons[row.title, default: 0] += 1 }
            } else {
                stats.articles += 1
            }
        }
        return stats
    }

    /// Entities, most articles first, optionally of one type: `limit` of them from `offset` on.
    public func entities(type: String? = nil, offset: Int = 0, limit: Int = .max) throws(StoreError) -> Page<EntityRow>
    {
        let table = try EntityTableFile(layout)
        if let index = table.index {
            let total =
                type.flatMap(EntityType.init(rawValue:)).map { index.typeCounts[$0.index] }
                ?? (type == nil ? index.entities : 0)
            if type == nil {
                let rows =
                    offset < total
                    ? (offset..<min(total, offset.addingReportingOverflow(limit).overflow ? total : offset + limit))
                        .compactMap { table.row($0) } : []
                return Page(rows: rows, total: total)
            }
            // Down the mapped table, comparing only each line's type field until the page is full.
            var rows: [EntityRow] = []
            var seen = 0
            let wanted = Array(type!.utf8) + [0x09]
            for rank in 0..<index.entities where rows.count < limit {
                let line = table.table.slice(index.row(rank))
                guard let tab = line.firstIndex(of: 0x09), line[(tab + 1)...].starts(with: wanted) else { continue }
                if seen >= offset, let row = table.row(rank) { rows.append(row) }
                seen += 1
            }
            return Page(rows: rows, total: total)
        }
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
    public func entity(
        named name: String, type: String? = nil, cooccurringLimit: Int = 20, otherMatchLimit: Int = 10,
        detail: Detail = .everything
    ) throws(StoreError) -> EntityDetail? {
        let table = try EntityTableFile(layout)
        let found = try matches(name, type: type, in: table)
        guard let entity = found.first else { return nil }
        let members = try members(of: entity, in: table)
        let articles = try Articles(layout)
        let chains = try Chains(layout, table.index)
        let lists = table.index.flatMap {
            CooccurrenceIndex.Reader(path: layout.cooccurrenceIndex, index: $0, tableBytes: table.table.count)
        }
        var quoteLimit = Int.max
        var articleIDs: [String] = []
        var articleCount = 0
        var top: [(rank: Int, articles: Int)]?
        if case .summary = detail, let lists, let listedArticles = lists.articles(of: entity.rank) {
            // Counts only: the list and the articles committed since its checkpoint, no walk down the chains.
            let since = chains.articles(of: members, covered: lists.postingsCovered) { _ in 0 }
                .filter { Int($0) < articles.count }
            articleCount = listedArticles + since.count
            top = cooccurring(
                entity.rank, lists: lists, since: since, articles: articles, chains: chains, table: table,
                limit: cooccurringLimit)
        }
        if top == nil {
            let present = chains.articles(of: members).filter { Int($0) < articles.count }
            articleCount = present.count
            if case .everything = detail { articleIDs = present.compactMap { articles.id(Int($0)) }.sorted() }
            let since = lists.map { lists in
                chains.postingCount <= lists.postingsCovered
                    ? [] : present.filter { articles.row(Int($0)).firstPosting >= UInt64(lists.postingsCovered) }
            }
            top =
                cooccurring(
                    entity.rank, lists: lists, since: since ?? [], articles: articles, chains: chains,
                    table: table, limit: cooccurringLimit)
                ?? countCooccurring(
                    entity.rank, present, articles: articles, chains: chains, table: table,
                    limit: cooccurringLimit)
        }
        if case .summary(let quotes) = detail { quoteLimit = quotes }
        let quotes = try quotes(of: members, name: entity.name, articles: articles, chains: chains, limit: quoteLimit)
        return EntityDetail(
            entity: entity, otherMatches: Array(found.dropFirst().prefix(otherMatchLimit)),
            articleIDs: articleIDs, articleCount: articleCount, quotes: quotes.rows, quoteCount: quotes.total,
            cooccurring: (top ?? []).compactMap { o in
                table.row(o.rank).map { (name: $0.name, type: $0.type, articles: o.articles) }
            })
    }

    /// The `limit` entities sharing the most articles with entity `rank`, most first, then by
    /// rank, from `index/cooccurrence.bin` plus `since`, the articles naming it committed after
    /// that file's checkpoint; nil when the file does not list the entity or the list cannot
    /// decide (see `CooccurrenceIndex.Reader.top`).
    private func cooccurring(
        _ rank: Int, lists: CooccurrenceIndex.Reader?, since: [UInt32], articles: Articles, chains: Chains,
        table: EntityTableFile, limit: Int
    ) -> [(rank: Int, articles: Int)]? {
        guard let index = table.index, let lists, rank < lists.listed else { return nil }
        let counted = countCooccurring(rank, since, articles: articles, chains: chains, table: table, limit: .max)
        return lists.top(rank, limit: limit, since: counted, entities: index.entities)
    }

    /// The `limit` entities named most often in `ordinals`, articles naming entity `rank` (all
    /// of them, or those since the lists' checkpoint), most first, then by rank (see
    /// `CooccurrenceIndex`). None without an entity index.
    private func countCooccurring(
        _ rank: Int, _ ordinals: [UInt32], articles: Articles, chains: Chains, table: EntityTableFile, limit: Int
    ) -> [(rank: Int, articles: Int)] {
        guard let index = table.index else { return [] }
        var counter = CooccurrenceIndex.Counter(entities: index.entities)
        counter.add(ordinals, of: rank, articles: articles, postings: chains.postings) { index.entity(ofBase: $0) }
        return Array(counter.drain().prefix(limit))
    }

    /// The best-supported entity matching `name` (see `matches`).
    public func lookup(_ name: String, type: String? = nil) throws(StoreError) -> EntityRow? {
        try matches(name, type: type).first
    }

    /// Every entity whose canonical name or an alias is `name` (compared as `NameKey`s), the
    /// best supported first: most articles, then an exact name before an alias, then by name.
    /// "Blair" finds "Tony Blair" (150 articles) before a stray "Blair" (11).
    public func matches(_ name: String, type: String? = nil) throws(StoreError) -> [EntityRow] {
        try matches(name, type: type, in: try EntityTableFile(layout))
    }

    private func matches(_ name: String, type: String?, in table: EntityTableFile) throws(StoreError) -> [EntityRow] {
        let key = NameKey.normalize(name)
        var found: [(row: EntityRow, byName: Bool)] = []
        func consider(_ row: EntityRow) {
            guard type == nil || row.type == type else { return }
            if NameKey.normalize(row.name) == key {
                found.append((row, true))
            } else if row.aliases.contains(where: { NameKey.normalize($0) == key }) {
                found.append((row, false))
            }
        }
        if let index = table.index {
            for rank in index.ranks(named: EntityIndex.hash(key.utf8)) {
                if let row = table.row(rank) { consider(row) }
            }
        } else {
            let needle = Array(key.utf8)
            try forEachEntity {
                consider($0); return true
            } filter: {
                Self.foldedContains($0, needle)
            }
        }
        return found.sorted { a, b in
            (b.row.articles, a.byName ? 0 : 1, a.row.rank) < (a.row.articles, b.byName ? 0 : 1, b.row.rank)
        }.map(\.row)
    }

    /// The base entity ordinals an entity row joins.
    private func members(of row: EntityRow, in table: EntityTableFile) throws(StoreError) -> Set<UInt32> {
        if let index = table.index { return Set(index.members(row.rank)) }
        let keys = try entityKeys()
        let wanted = Set(row.members.map { row.type + " " + $0 })
        return Set(keys.indices.filter { wanted.contains(keys[$0]) }.map(UInt32.init))
    }

    /// Quotes ordered by article id, then as they stand in their article: `limit` of them
    /// from `offset` on. With `speaker`, only that speaker's: through the speaker chains when
    /// the name matches an entity, else by comparing names. Speakers that are entities are
    /// named as the entity table names them.
    public func quotes(speaker: String? = nil, offset: Int = 0, limit: Int = .max) throws(StoreError) -> Page<QuoteRow>
    {
        let articles = try Articles(layout)
        let table = try EntityTableFile(layout)
        if let speaker, let entity = try matches(speaker, type: nil, in: table).first {
            return try quotes(
                of: try members(of: entity, in: table), name: entity.name, articles: articles,
                chains: try Chains(layout, table.index), offset: offset, limit: limit)
        }
        let quotesFile = try MappedFile(layout.quotesIndex)
        guard let speaker else { return pageOfAllQuotes(articles, quotesFile, table, offset: offset, limit: limit) }
        let wanted = NameKey.normalize(speaker)
        var matching: [(rank: UInt64, ordinal: Int, offset: Int, row: QuoteRow)] = []
        var at = 0
        while at < quotesFile.count {  // a speaker that is no entity: compare each quote's speaker
            let line = quotesFile.line(at: at)
            defer { at += line.count + 1 }
            guard line.count < quotesFile.count - at, Self.foldedContains(Array(line)[...], Array(wanted.utf8)),
                let (ordinal, row) = quoteRow(line, articles), NameKey.normalize(row.speaker ?? "") == wanted
            else { continue }
            matching.append((articles.rank(ordinal), ordinal, at, row))
        }
        matching.sort { ($0.rank, $0.ordinal, $0.offset) < ($1.rank, $1.ordinal, $1.offset) }
        return Page(rows: matching.dropFirst(offset).prefix(limit).map(\.row), total: matching.count)
    }

    /// Every quote by article id, one page: the articles are ordered by id only as far as
    /// the page reaches (bucketed by their ids' first 16 bits), so a first page costs one
    /// pass over the fixed article rows.
    private func pageOfAllQuotes(
        _ articles: Articles, _ quotesFile: MappedFile, _ table: EntityTableFile,
        offset: Int, limit: Int
    ) -> Page<QuoteRow> {
        var perBucket = [Int](repeating: 0, count: 1 << 16)
        var total = 0
        for n in 0..<articles.count {
            let q = Int(articles.row(n).quotes)
            guard q > 0 else { continue }
            perBucket[Int(articles.rank(n) >> 48)] += q
            total += q
        }
        let end = offset.addingReportingOverflow(limit).overflow ? total : min(total, offset + limit)
        guard offset < end else { return Page(rows: [], total: total) }
        // The buckets that hold quotes offset..<end, and how many quotes come before them.
        var before = 0, first = 0
        while first < perBucket.count && before + perBucket[first] <= offset { before += perBucket[first]; first += 1 }
        var last = first, reach = before
        while last < perBucket.count && reach < end { reach += perBucket[last]; last += 1 }
        var chosen: [(rank: UInt64, ordinal: Int)] = []
        for n in 0..<articles.count where articles.row(n).quotes > 0 {
            let bucket = Int(articles.rank(n) >> 48)
            if bucket >= first && bucket < last { chosen.append((articles.rank(n), n)) }
        }
        chosen.sort { ($0.rank, $0.ordinal) < ($1.rank, $1.ordinal) }
        var rows: [QuoteRow] = []
        var index = before
        let names = SpeakerNames(table)
        for (_, n) in chosen {
            let row = articles.row(n)
            var at = Int(row.firstQuote)
            for _ in 0..<row.quotes {
                let line = quotesFile.line(at: at)
                at += line.count + 1
                defer { index += 1 }
                guard index >= offset, index < end, var q = quoteRow(line, articles)?.1 else { continue }
                if let base = Self.speakerBase(line), let name = names.name(ofBase: base) { q.speaker = name }
                rows.append(q)
            }
            if index >= end { break }
        }
        return Page(rows: rows, total: total)
    }

    /// The quotes of the base entities `members`, through the speaker chains, by article id
    /// and then as they stand in their article: `limit` of them from `offset` on, and how many
    /// there are. Only the rows on the page are parsed; the others are ordered by their
    /// article ordinal alone (an entity in 10 % of a big store has a hundred thousand).
    private func quotes(
        of members: Set<UInt32>, name: String, articles: Articles, chains: Chains, offset: Int = 0,
        limit: Int = .max
    ) throws(StoreError) -> Page<QuoteRow> {
        let quotesFile = try MappedFile(layout.quotesIndex)
        var keys: [(rank: UInt64, ordinal: Int, offset: Int)] = []
        var near = 0
        for at in chains.quoteOffsets(of: members) where at < quotesFile.count {
            // From the article rows, near the last one (a chain goes down the file): the quote's own
            // line, in a file ten times the size, is read only for the last article.
            var ordinal = articles.ordinal(ofQuoteAt: at, near: near)
            if ordinal >= articles.count - 1 {
                guard let leading = Self.leadingOrdinal(quotesFile, at: at), leading < articles.count else { continue }
                ordinal = leading
            }
            guard ordinal >= 0 else { continue }
            near = ordinal
            keys.append((articles.rank(ordinal), ordinal, at))
        }
        let total = keys.count
        let before = { (a: (rank: UInt64, ordinal: Int, offset: Int), b: (rank: UInt64, ordinal: Int, offset: Int)) in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.ordinal != b.ordinal {  // two ids that share their first 64 bits: by the whole id
                return (articles.id(a.ordinal) ?? "", a.ordinal) < (articles.id(b.ordinal) ?? "", b.ordinal)
            }
            return a.offset < b.offset
        }
        let (end, overflow) = offset.addingReportingOverflow(limit)
        if !overflow && end < total / 4 {
            keys = Self.smallest(end, of: keys, by: before)
        } else {
            keys.sort(by: before)
        }
        let rows = keys.dropFirst(offset).prefix(limit).compactMap { key -> QuoteRow? in
            guard var row = quoteRow(quotesFile.line(at: key.offset), articles)?.1 else { return nil }
            row.speaker = name
            return row
        }
        return Page(rows: rows, total: total)
    }

    /// The `k` first of `items` in the order `before` (a total order), sorted: one pass keeping
    /// them in a sorted buffer, for a page of a long list (a full sort of a hundred thousand
    /// quotes was a tenth of `entity`).
    static func smallest<T>(_ k: Int, of items: [T], by before: (T, T) -> Bool) -> [T] {
        var best: [T] = []
        best.reserveCapacity(k + 1)
        guard k > 0 else { return best }
        for item in items {
            if best.count == k, !before(item, best[k - 1]) { continue }
            var low = 0, high = best.count
            while low < high {
                let mid = (low + high) / 2
                if before(item, best[mid]) { high = mid } else { low = mid + 1 }
            }
            best.insert(item, at: low)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    /// The article ordinal a quotes.tsv line starts with (its first field), without reading the rest.
    /// Reads only the digits: finding the end of each line first cost a tenth of `entity` on a big store.
    private static func leadingOrdinal(_ file: MappedFile, at offset: Int) -> Int? {
        let field = UnsafeRawBufferPointer(rebasing: file.slice(offset..<offset + 20).prefix { $0 != 0x09 })
        guard offset + field.count < file.count else { return nil }  // no tab: not a whole line
        return TSV.integer(field)
    }

    /// A quotes.tsv line: its article ordinal and row (speaker as written).
    private func quoteRow(_ line: UnsafeRawBufferPointer, _ articles: Articles) -> (Int, QuoteRow)? {
        let f = TSV.fields(Array(line)[...])
        guard f.count >= 4, let ordinal = Int(f[0]) else { return nil }
        return (
            ordinal,
            QuoteRow(
                article: articles.id(ordinal) ?? "", kind: String(f[1]), speaker: f[2].isEmpty ? nil : String(f[2]),
                text: String(f[3]))
        )
    }

    /// The speaker's base entity of a quotes.tsv line (its fifth field), if any.
    private static func speakerBase(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let tab = line.lastIndex(of: 0x09), tab + 1 < line.count else { return nil }
        return TSV.integer(line[(tab + 1)...])
    }

    /// The stored record whose id is `id` or starts with it (at least 8 hex digits): the
    /// first committed, when several share the prefix.
    public func article(id: String) throws(StoreError) -> [UInt8]? {
        guard id.count >= 8 else { return nil }
        let articles = try Articles(layout)
        guard let n = articles.first(idPrefix: id), let row = articles.articleRow(n) else { return nil }
        return try record(at: row.position)
    }

    /// Failure records, by id.
    public func failures() throws(StoreError) -> [[UInt8]] {
        let articles = try Articles(layout)
        return try (0..<articles.count).filter { articles.row($0).isFailure }.compactMap { articles.articleRow($0) }
            .sorted { $0.id < $1.id }.map { row throws(StoreError) in try record(at: row.position) }
    }

    /// Articles whose title contains `text` (by id) and entities whose name or an alias
    /// contains it (most articles first), ignoring case and periods, at most `limit` of each.
    public func search(
        _ text: String, limit: Int = 50
    ) throws(StoreError) -> (articles: [ArticleRow], entities: [EntityRow]) {
        let needle = TitleText.folded(text)
        guard !needle.isEmpty else { return ([], []) }
        let articles = try Articles(layout)
        let titles = try MappedFile(layout.titlesIndex)
        var hits: [(rank: UInt64, ordinal: Int)] = []
        var last = -1
        Self.forEachOccurrence(of: needle, in: titles.bytes) { at in
            let n = articles.ordinal(ofTitleAt: at)
            if n != last, n >= 0, !articles.row(n).isFailure { hits.append((articles.rank(n), n)); last = n }
            return true
        }
        hits.sort { ($0.rank, $0.ordinal) < ($1.rank, $1.ordinal) }
        let found = hits.prefix(limit).compactMap { articles.articleRow($0.ordinal) }.sorted { $0.id < $1.id }
        var entities: [EntityRow] = []
        let table = try EntityTableFile(layout)
        let names = try MappedFile(layout.entityNamesIndex)
        var lastRank = -1
        Self.forEachOccurrence(of: needle, in: names.bytes) { at in
            let line = names.line(containing: at)
            guard let tab = line.bytes.firstIndex(of: 0x09), line.start + tab < at,
                let rank = Int(String(decoding: UnsafeRawBufferPointer(rebasing: line.bytes[..<tab]), as: UTF8.self)),
                rank != lastRank, let row = table.row(rank)
            else { return true }
            lastRank = rank
            entities.append(row)
            return entities.count < limit
        }
        return (found, entities)
    }

    /// Calls `body` with the offset of each occurrence of `needle` in `haystack`, in order,
    /// until it returns false. Eight positions at a time: a word of candidate first bytes and
    /// a word of candidate last bytes (W. Muła's "SIMD-friendly" search, in plain integers),
    /// then a comparison where both match.
    static func forEachOccurrence(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, _ body: (Int) -> Bool) {
        guard let base = haystack.baseAddress, !needle.isEmpty, needle.count <= haystack.count else { return }
        let n = needle.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let first = ones &* UInt64(needle[0]), last = ones &* UInt64(needle[n - 1])
        needle.withUnsafeBytes { pattern in
            func matches(_ at: Int) -> Bool { memcmp(base + at, pattern.baseAddress!, n) == 0 }
            var i = 0
            while i + 8 + n - 1 <= haystack.count {
                let a = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ first
                let b = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + n - 1, as: UInt64.self)) ^ last
                var hits = (a &- ones) & ~a & (b &- ones) & ~b & highs
                while hits != 0 {
                    let at = i + hits.trailingZeroBitCount / 8
                    if matches(at) { guard body(at) else { return } }
                    hits &= hits - 1
                }
                i += 8
            }
            while i + n <= haystack.count {
                if matches(i) { guard body(i) else { return } }
                i += 1
            }
        }
    }

    /// Every row of the article index, in commit order (row n is article ordinal n).
    public func articleRows() throws(StoreError) -> [ArticleRow] {
        let articles = try Articles(layout)
        return (0..<articles.count).compactMap { articles.articleRow($0) }
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
    private func forEachEntity(
        _ body: (EntityRow) -> Bool, filter: (ArraySlice<UInt8>) -> Bool = { _ in true }
    ) throws(StoreError) {
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
            let quotes = Int(f[5])
        else { return nil }
        func list(_ s: Substring) -> [String] { s.isEmpty ? [] : s.components(separatedBy: EntityTable.separator) }
        return EntityRow(
            rank: rank, type: String(f[1]), name: String(f[2]), articles: articles, mentions: mentions,
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

/// The article rows of a store, mapped: the fixed-size entries by ordinal (`ids.bin`,
/// `article-rows.bin`) and the lines of `articles.tsv` they point at.
struct Articles {
    let ids: MappedFile
    let rows: MappedFile
    let lines: MappedFile
    /// Articles and failures with a complete entry in both files.
    let count: Int

    init(_ layout: StoreLayout) throws(StoreError) {
        ids = try MappedFile(layout.idsIndex)
        rows = try MappedFile(layout.rowsIndex)
        lines = try MappedFile(layout.articlesIndex)
        if lines.count > 0 && ids.count == 0 { throw .outdatedIndexes(path: layout.root) }
        count = min(ids.count / IndexFiles.idBytes, rows.count / IndexFiles.rowBytes)
    }

    func row(_ n: Int) -> IndexFiles.ArticleRow {
        let at = n * IndexFiles.rowBytes
        return IndexFiles.ArticleRow(
            line: rows.u64(at), title: rows.u64(at + 8), firstQuote: rows.u64(at + 16),
            firstPosting: rows.u64(at + 24), postings: rows.u32(at + 32), quotes: rows.u32(at + 36),
            flags: rows.u32(at + 40), extractorVersion: rows.u32(at + 44))
    }

    /// The first 64 bits of the id: the order of articles by id.
    func rank(_ n: Int) -> UInt64 {
        UInt64(bigEndian: ids.bytes.loadUnaligned(fromByteOffset: n * IndexFiles.idBytes, as: UInt64.self))
    }

    func key(_ n: Int) -> RecordKey {
        RecordKey(
            raw: ids.slice(n * IndexFiles.idBytes..<(n + 1) * IndexFiles.idBytes),
            pathBased: row(n).flags & IndexFiles.ArticleRow.pathBased != 0)
    }

    func id(_ n: Int) -> String? { n >= 0 && n < count ? key(n).id : nil }

    /// Its line of articles.tsv, parsed.
    func articleRow(_ n: Int) -> StoreReader.ArticleRow? {
        guard n >= 0 && n < count else { return nil }
        let f = TSV.fields(Array(lines.line(at: Int(row(n).line)))[...])
        guard f.count == 7, let segment = Int(f[2]), let offset = Int(f[3]), let length = Int(f[4]) else { return nil }
        return StoreReader.ArticleRow(
            ordinal: n, id: String(f[0]), failed: f[1] == "f",
            position: .init(segment: segment, offset: offset, length: length),
            title: String(f[5]), path: String(f[6]))
    }

    /// The first ordinal whose id starts with `prefix` (hex, optionally after "path-").
    func first(idPrefix prefix: String) -> Int? {
        let text = prefix.lowercased()
        let pathBased = text.hasPrefix("path-")
        var nibbles: [UInt8] = []
        for c in (pathBased ? text.dropFirst(5) : text[...]).utf8 {
            switch c {
            case 0x30...0x39: nibbles.append(c - 0x30)
            case 0x61...0x66: nibbles.append(c - 0x61 + 10)
            default: return nil
            }
        }
        guard nibbles.count <= 64 else { return nil }
        let whole = nibbles.count / 2
        return (0..<count).first { n in
            let at = n * IndexFiles.idBytes
            for i in 0..<whole where ids.bytes[at + i] != nibbles[2 * i] << 4 | nibbles[2 * i + 1] { return false }
            if nibbles.count % 2 == 1, ids.bytes[at + whole] >> 4 != nibbles[nibbles.count - 1] { return false }
            return (row(n).flags & IndexFiles.ArticleRow.pathBased != 0) == pathBased
        }
    }

    /// The ordinal whose quotes hold byte `offset` of quotes.tsv: the last one whose quotes start
    /// at or before it (an article without quotes starts where the next one does). Searched
    /// outward from ordinal `near` (galloping), then by halves: a few rows near the last answer.
    func ordinal(ofQuoteAt offset: Int, near: Int) -> Int {
        guard count > 0 else { return -1 }
        func start(_ n: Int) -> Int { Int(rows.u64(n * IndexFiles.rowBytes + 16)) }
        var low = min(max(near, 0), count - 1), high = low + 1, step = 1
        if start(low) <= offset {
            while high < count && start(high) <= offset { low = high; high = min(count, high + step); step *= 2 }
        } else {
            high = low
            while low > 0 && start(low) > offset { high = low; low = max(0, low - step); step *= 2 }
            if start(low) > offset { return -1 }
        }
        // start(low) <= offset < start(high) (high == count: past the last start)
        while high - low > 1 {
            let mid = (low + high) / 2
            if start(mid) <= offset { low = mid } else { high = mid }
        }
        return low
    }

    /// The ordinal whose line of titles.txt holds byte `offset`.
    func ordinal(ofTitleAt offset: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if Int(row(mid).title) <= offset { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}

/// `entities.tsv` mapped, with `entity-index.bin` when it matches the table (both are
/// rewritten at each checkpoint; a checkpoint caught between the two is read without it).
struct EntityTableFile {
    let table: MappedFile
    let index: EntityIndex.Reader?

    init(_ layout: StoreLayout) throws(StoreError) {
        if let checkpoint = Checkpoint.stats(layout), checkpoint.indexVersion != Checkpoint.indexVersion {
            throw .outdatedIndexes(path: layout.root)
        }
        let table = try MappedFile(layout.entitiesIndex)
        self.table = table
        let index = EntityIndex.Reader(path: layout.entityIndex)
        self.index = index.flatMap { $0.entities > 0 && $0.row($0.entities - 1).upperBound == table.count ? $0 : nil }
    }

    /// The row of entity `rank`, through the index.
    func row(_ rank: Int) -> StoreReader.EntityRow? {
        guard let index, rank >= 0, rank < index.entities else { return nil }
        let r = index.row(rank)
        guard r.lowerBound <= r.upperBound, r.upperBound <= table.count, r.count > 0 else { return nil }
        let line = Array(table.slice(r.lowerBound..<r.upperBound - 1))
        guard let row = StoreReader.entityRow(line[...]), row.rank == rank else { return nil }
        return row
    }
}

/// The postings and speaker entries of a store, walked as chains per base entity from the
/// heads in `entity-index.bin`, then the entries written after it.
struct Chains {
    let postings: MappedFile
    let speakers: MappedFile?
    let index: EntityIndex.Reader?

    init(_ layout: StoreLayout, _ index: EntityIndex.Reader?) throws(StoreError) {
        postings = try MappedFile(layout.postingsIndex)
        speakers = try MappedFile(layout.speakersIndex)
        self.index = index
    }

    init(postings: MappedFile, speakers: MappedFile?, index: EntityIndex.Reader?) {
        self.postings = postings; self.speakers = speakers; self.index = index
    }

    var postingCount: Int { postings.count / IndexFiles.postingBytes }

    /// The articles naming any of `members`, each once, in no particular order.
    func articles(of members: Set<UInt32>) -> [UInt32] {
        articles(of: members, covered: index?.postingsCovered ?? 0) { index?.postingHead(Int($0)) ?? 0 }
    }

    /// The articles naming any of `members`, each once: the chains from `head` (each base
    /// entity's last entry + 1) over the first `covered` entries, then the entries after them.
    /// - Parameter visit: called with the byte offset of each entry read.
    func articles(
        of members: Set<UInt32>, covered: Int, head: (UInt32) -> UInt32, visit: (Int) -> Void = { _ in }
    ) -> [UInt32] {
        var out: [UInt32] = []
        walk(
            postings, entryBytes: IndexFiles.postingBytes, covered: covered, members: members,
            head: { head(UInt32($0)) }
        ) {
            visit($0); out.append(postings.u32($0 + 4))
        }
        if members.count > 1 { out = Array(Set(out)) }
        return out
    }

    /// Offsets in quotes.tsv of the quotes whose speaker is one of `members`.
    func quoteOffsets(of members: Set<UInt32>) -> [Int] {
        guard let speakers else { return [] }
        var out: [Int] = []
        walk(
            speakers, entryBytes: IndexFiles.speakerBytes, covered: index?.speakersCovered ?? 0, members: members,
            head: { index?.speakerHead($0) ?? 0 }
        ) { out.append(Int(speakers.u64($0 + 4))) }
        return out
    }

    /// Calls `entry` with the byte offset of each entry of `members`: down each chain
    /// (entries only ever point back), then through the entries past `covered`.
    private func walk(
        _ file: MappedFile, entryBytes: Int, covered: Int, members: Set<UInt32>, head: (Int) -> UInt32,
        _ entry: (Int) -> Void
    ) {
        let count = file.count / entryBytes
        let covered = min(covered, count)
        for base in members {
            var next = head(Int(base))
            while next > 0, Int(next) <= covered {
                let at = Int(next - 1) * entryBytes
                guard file.u32(at) == base else { break }  // not this entity's chain: the files disagree
                entry(at)
                let previous = file.u32(at + entryBytes - 4)
                guard previous < next else { break }
                next = previous
            }
        }
        for n in covered..<count where members.contains(file.u32(n * entryBytes)) { entry(n * entryBytes) }
    }
}

/// Base entity → the name its entity goes by, looked up once each.
final class SpeakerNames {
    private let table: EntityTableFile
    private var names: [Int: String?] = [:]

    init(_ table: EntityTableFile) { self.table = table }

    func name(ofBase base: Int) -> String? {
        if let known = names[base] { return known }
        let name = table.index?.entity(ofBase: base).flatMap { table.row($0)?.name }
        names[base] = name
        return name
    }
}
