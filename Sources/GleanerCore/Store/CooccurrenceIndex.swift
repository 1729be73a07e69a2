/// `index/cooccurrence.bin`: the entities sharing the most articles with each big entity,
/// counted at checkpoints, so `gleaner query entity NAME` reads a short list instead of
/// every posting of every article naming it (an entity in a tenth of a 1,000,000-article
/// store has a hundred thousand articles). Rewritten (atomically) at each checkpoint, after
/// `entity-index.bin`, whose ranks it uses; derived from the indexes, so a store without it
/// (from an earlier Gleaner, or a checkpoint caught between the two files) answers by
/// counting, as before.
///
/// Co-occurrence is counted as the query always counted it: for each article naming the
/// entity (once, whichever of its base entities it names), one for each posting in it of a
/// base entity of another entity of the table.
///
/// Layout (integers little-endian, in this order):
/// ```
/// "GLEANER-COOCCURS" (16 bytes), version u32, 0 u32
/// u64 × 4: entities in the entity index it goes with, bytes of entities.tsv, postings
///          covered, entities listed L (the ones ranked 0..<L: every entity named in at least
///          `minimumArticles` articles)
/// starts  u64 × (L + 1)  where each listed entity's pairs start in `pairs`
/// bounds  u32 × L (+ 0 u32 when L is odd)  the count of each entity's first pair not listed
///                 (0: every pair is listed): no entity left out shares more articles
/// articles u32 × L (+ 0 u32 when L is odd)  how many articles name each entity (the query's
///                 count, over the postings covered), so a summary need not walk its chains
/// pairs   (rank u32, articles u32) × …  per entity, most shared articles first, then by rank,
///                 at most `pairsListed`
/// checksum u64 (`BinaryWriter`)
/// ```
enum CooccurrenceIndex {
    static let magic = Array("GLEANER-COOCCURS".utf8)
    static let version: UInt32 = 1
    static let headerBytes = 24 + 4 * 8
    /// Entities named in at least this many articles get a list. Counting at query time
    /// costs about 2 µs per article (docs/performance.md, "Big stores"), so below it the
    /// count takes < 10 ms; above it the checkpoint counts instead (a few hundred entities
    /// in a 1,000,000-article store).
    static let minimumArticles = 5_000
    /// Pairs kept per entity: enough for a query's 20 after the articles committed since
    /// the checkpoint are added (see `Reader.top`).
    static let pairsListed = 200

    /// Which entities get a list, and how many pairs it keeps.
    struct Listing: Sendable {
        var minimumArticles = CooccurrenceIndex.minimumArticles
        var pairs = CooccurrenceIndex.pairsListed
    }

    /// Counts co-occurrence as `entity NAME` reports it (see the type's comment), with one
    /// counter per entity of the table reused from one entity to the next.
    struct Counter {
        private var counts: [UInt32]
        private var touched: [Int] = []

        init(entities: Int) { counts = [UInt32](repeating: 0, count: entities) }

        /// Adds the articles `ordinals` of entity `rank` (each once): one for each posting of
        /// a base entity that belongs to another entity (`entityOf`; nil: to none).
        /// - Parameter visit: called with the byte offsets read in article-rows.bin and postings.bin.
        mutating func add(
            _ ordinals: some Sequence<UInt32>, of rank: Int, articles: Articles, postings: MappedFile,
            visit: (_ row: Int, _ posting: Int) -> Void = { _, _ in }, entityOf: (Int) -> Int?
        ) {
            let postingCount = postings.count / IndexFiles.postingBytes
            for a in ordinals where Int(a) < articles.count {
                let at = Int(a) * IndexFiles.rowBytes
                let first = Int(articles.rows.u64(at + 24)), n = Int(articles.rows.u32(at + 32))
                visit(at, first * IndexFiles.postingBytes)
                for p in first..<min(first + n, postingCount) {
                    guard let other = entityOf(Int(postings.u32(p * IndexFiles.postingBytes))), other != rank,
                        other < counts.count
                    else { continue }
                    if counts[other] == 0 { touched.append(other) }
                    counts[other] += 1
                }
            }
        }

        /// What was counted, most shared articles first, then by rank; the counter is empty after.
        mutating func drain() -> [(rank: Int, articles: Int)] {
            var out = touched.map { (rank: $0, articles: Int(counts[$0])) }
            for rank in touched { counts[rank] = 0 }
            touched.removeAll(keepingCapacity: true)
            out.sort { ($0.articles, $1.rank) > ($1.articles, $0.rank) }
            return out
        }

        /// Adds counts from another source (a list read from the file).
        mutating func add(rank: Int, articles: Int) {
            guard rank < counts.count else { return }
            if counts[rank] == 0 { touched.append(rank) }
            counts[rank] += UInt32(clamping: articles)
        }

        func count(_ rank: Int) -> Int { rank < counts.count ? Int(counts[rank]) : 0 }
    }

    /// Counts the lists of the entities named in at least `listing.minimumArticles` articles (a
    /// prefix of the table, which is ordered by articles) and writes the file atomically.
    /// The indexes must be on disk up to `postingsCovered` (the checkpoint syncs them first).
    static func write(
        to path: String, layout: StoreLayout, view: MergedView, postingHeads: [UInt32], postingsCovered: Int,
        tableBytes: Int, listing: Listing
    ) throws(StoreError) {
        let listed = (0..<view.count).first { view.articles(of: $0) < listing.minimumArticles } ?? view.count
        let articles = try Articles(layout)
        let postings = try MappedFile(layout.postingsIndex)
        let chains = Chains(postings: postings, speakers: nil, index: nil)
        let entityOf = view.entityOf
        var counter = Counter(entities: view.count)
        var starts: [UInt64] = [0], bounds: [UInt32] = [], articleCounts: [UInt32] = []
        var pairs: [(rank: Int, articles: Int)] = []
        // The mapped pages read would count in the collector's resident size (the postings of
        // a 1,000,000-article store are 255 MB): keep a window of them as the reading goes down.
        var postingPages = DownwardSweep(postings), rowPages = DownwardSweep(articles.rows)
        for rank in 0..<listed {
            let members = view.members(of: rank)
            var ordinals = chains.articles(of: Set(members), covered: postingsCovered) {
                Int($0) < postingHeads.count ? postingHeads[Int($0)] : 0
            } visit: {
                postingPages.reading($0)
            }
            if members.count > 1 { ordinals.sort(by: >) }  // one sweep down the files, as a single chain is
            articleCounts.append(UInt32(clamping: ordinals.lazy.filter { Int($0) < articles.count }.count))
            counter.add(ordinals, of: rank, articles: articles, postings: postings) {
                rowPages.reading($0); postingPages.reading($1)
            } entityOf: {
                $0 < entityOf.count ? Int(entityOf[$0]) : nil
            }
            postingPages.finish(); rowPages.finish()
            let all = counter.drain()
            pairs += all.prefix(listing.pairs)
            starts.append(UInt64(pairs.count))
            bounds.append(all.count > listing.pairs ? UInt32(clamping: all[listing.pairs].articles) : 0)
        }
        var w = BinaryWriter()
        let file = try AtomicFileWriter(path: path)
        let sink = { (piece: ArraySlice<UInt8>) throws(StoreError) in try file.write(piece) }
        w.raw(magic); w.u32(version); w.u32(0)
        for n in [view.count, tableBytes, postingsCovered, listed] { w.u64(n) }
        for start in starts { w.u64(start) }
        for array in [bounds, articleCounts] {
            for n in array { w.u32(n) }
            if array.count % 2 == 1 { w.u32(0) }
        }
        for pair in pairs { w.u32(UInt32(pair.rank)); w.u32(UInt32(clamping: pair.articles)); try w.drain(sink) }
        try w.finish(sink)
        try file.commit()
    }

    /// The file, mapped, for queries.
    final class Reader {
        private let file: MappedFile
        let entities: Int, tableBytes: Int, postingsCovered: Int, listed: Int
        private let startsAt: Int, boundsAt: Int, articlesAt: Int, pairsAt: Int

        /// Nil when the file is missing, of another version, not whole, or not written with
        /// the entity index `index` over a table of `tableBytes` bytes.
        init?(path: String, index: EntityIndex.Reader, tableBytes: Int) {
            guard let file = try? MappedFile(path), file.count >= CooccurrenceIndex.headerBytes + 16,
                file.slice(0..<16).elementsEqual(CooccurrenceIndex.magic), file.u32(16) == CooccurrenceIndex.version
            else { return nil }
            self.file = file
            func count(_ n: Int) -> Int { Int(clamping: file.u64(24 + 8 * n)) }
            entities = count(0); self.tableBytes = count(1); postingsCovered = count(2); listed = count(3)
            guard entities == index.entities, self.tableBytes == tableBytes,
                postingsCovered == index.postingsCovered, listed <= entities
            else { return nil }
            startsAt = CooccurrenceIndex.headerBytes
            boundsAt = startsAt + 8 * (listed + 1)
            articlesAt = boundsAt + 4 * (listed + listed % 2)
            pairsAt = articlesAt + 4 * (listed + listed % 2)
            guard pairsAt + 8 * Int(clamping: file.u64(boundsAt - 8)) + 8 == file.count else { return nil }
        }

        /// How many articles named entity `rank` at the checkpoint; nil when it has no list.
        func articles(of rank: Int) -> Int? { rank >= 0 && rank < listed ? Int(file.u32(articlesAt + 4 * rank)) : nil }

        /// Entity `rank`'s listed pairs (most shared articles first, then by rank) and the
        /// bound on those left out; nil when the file has no list for it.
        func pairs(of rank: Int) -> (pairs: [(rank: Int, articles: Int)], bound: Int)? {
            guard rank >= 0, rank < listed else { return nil }
            let start = Int(file.u64(startsAt + 8 * rank)), end = Int(file.u64(startsAt + 8 * (rank + 1)))
            guard start <= end, pairsAt + 8 * end + 8 <= file.count else { return nil }
            let pairs = (start..<end).map { n in
                (rank: Int(file.u32(pairsAt + 8 * n)), articles: Int(file.u32(pairsAt + 8 * n + 4)))
            }
            return (pairs, Int(file.u32(boundsAt + 4 * rank)))
        }

        /// The `limit` entities sharing the most articles with entity `rank`: its list plus
        /// `since` (counted over the articles committed after the checkpoint, drained by the
        /// caller's `Counter`). Nil when that is not certain from the list (the caller counts
        /// everything then): when more than the listed pairs are wanted, or when an entity
        /// left out of the list could, with what came since, reach the last one returned.
        func top(
            _ rank: Int, limit: Int, since: [(rank: Int, articles: Int)], entities: Int
        ) -> [(rank: Int, articles: Int)]? {
            guard let (listed, bound) = pairs(of: rank) else { return nil }
            if since.isEmpty && (bound == 0 || limit <= listed.count) { return Array(listed.prefix(limit)) }
            var sum = Counter(entities: entities)
            for pair in listed { sum.add(rank: pair.rank, articles: pair.articles) }
            let isListed = Set(listed.map(\.rank))
            for pair in since { sum.add(rank: pair.rank, articles: pair.articles) }
            guard bound > 0 else { return Array(sum.drain().prefix(limit)) }  // every pair was listed: exact
            // Only the listed sums are exact; one left out had at most `bound`, plus what it gained since.
            var reach = bound
            for pair in since where !isListed.contains(pair.rank) { reach = max(reach, bound + pair.articles) }
            let exact = sum.drain().filter { isListed.contains($0.rank) }.prefix(limit)
            guard exact.count == limit, let last = exact.last, reach < last.articles else { return nil }
            return Array(exact)
        }
    }
}
