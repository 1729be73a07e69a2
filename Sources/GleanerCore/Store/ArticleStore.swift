import Foundation

/// The collector's store: the journal for durability, `CorpusAggregate` for the merged view,
/// append-only indexes for queries, and checkpoints that make restarts fast.
///
/// One owner (the collector's loop thread). Idempotent: committing a record whose id is
/// already stored writes nothing. A checkpoint costs time in proportion to the distinct
/// entities, speakers and (bounded) pairs and phrases, never to the article text stored.
public final class ArticleStore {
    public let layout: StoreLayout
    private let lock: StoreLock
    public private(set) var aggregate = CorpusAggregate()
    private let journal: Journal
    private let indexes: IndexFiles
    private var ids = Set<RecordKey>()
    /// Article ordinal → id (line number of index/articles.tsv).
    private var ordinals: [RecordKey] = []
    /// Per base entity: its last entry in postings.bin and in speakers.bin, + 1 (0: none):
    /// the heads of the chains `IndexFiles` writes.
    private var postingHeads: [UInt32] = []
    private var speakerHeads: [UInt32] = []
    private var generation = 0
    /// True when records were committed since the last checkpoint.
    public private(set) var dirty = false
    /// Lines in the journal that could not be parsed as records (skipped on replay).
    public private(set) var unreadableLines = 0
    /// Records replayed from the journal on open (after the last checkpoint).
    public private(set) var replayedRecords = 0

    /// Opens (or creates) the store at `root` as its one writer: takes the store's lock,
    /// checks that the journal holds everything the checkpoint and indexes say was committed,
    /// loads the last checkpoint, then replays the journal written after it.
    /// - Parameter rebuild: ignore the checkpoint and the indexes and rebuild them from the
    ///   records the journal holds (`gleaner store repair`); no check refuses then.
    public init(root: String, rebuild: Bool = false) throws(StoreError) {
        layout = StoreLayout(root: root)
        if FileManager.default.fileExists(atPath: layout.manifest) { try layout.validate() }
        try FileDescriptorIO.makeDirectories(root)
        lock = try StoreLock(layout)
        try layout.createOrValidate()
        let checkpoint = rebuild ? nil : Checkpoint.load(layout)
        if !rebuild { try JournalCheck.verify(layout, checkpoint: checkpoint) }
        if let checkpoint, let state = checkpoint.state, let heads = checkpoint.heads {
            aggregate = state
            generation = checkpoint.generation
            (postingHeads, speakerHeads) = heads
            indexes = try IndexFiles(layout: layout, truncateTo: checkpoint.indexes)
        } else {
            indexes = try IndexFiles(layout: layout, truncateTo: nil)
        }
        journal = try Journal(layout: layout)
        let resumed = checkpoint?.state != nil && checkpoint?.heads != nil
        if resumed { try loadIDs() }
        // Replayed records are merged in batches, so a rebuild never holds the whole journal.
        var pending: [(RecordSummary, Journal.Position)] = []
        var unreadable = 0, replayed = 0
        var failure: StoreError?
        try Journal.replay(layout, repair: true, from: resumed ? checkpoint?.journal : nil) { line, position in
            guard failure == nil else { return }
            guard let summary = RecordSummary.decode(line) else { unreadable += 1; return }
            pending.append((summary, position))
            replayed += 1
            if pending.count == Self.replayBatch {
                do throws(StoreError) { try index(pending, fromReplay: true) } catch { failure = error }
                pending.removeAll(keepingCapacity: true)
            }
        }
        if let failure { throw failure }
        try index(pending, fromReplay: true)
        unreadableLines = unreadable
        journal.findEnd()  // after the replay cut any torn last line
        replayedRecords = replayed
        // A crash may have come before the last checkpoint: write one at the next chance.
        dirty = rebuild || replayed > 0 || !FileManager.default.fileExists(atPath: layout.corpus)
    }

    /// Records merged at a time when the journal is replayed.
    static let replayBatch = 4_096

    private func loadIDs() throws(StoreError) {
        let file = try MappedFile(layout.idsIndex)
        let rows = try MappedFile(layout.rowsIndex)
        let count = min(file.count / IndexFiles.idBytes, rows.count / IndexFiles.rowBytes)
        ids.reserveCapacity(count)
        ordinals.reserveCapacity(count)
        for n in 0..<count {
            let flags = rows.u32(n * IndexFiles.rowBytes + 40)
            let key = RecordKey(raw: file.slice(n * IndexFiles.idBytes..<(n + 1) * IndexFiles.idBytes),
                                pathBased: flags & IndexFiles.ArticleRow.pathBased != 0)
            ids.insert(key)
            ordinals.append(key)
        }
    }

    public var articleCount: Int { aggregate.articles }
    public var failureCount: Int { aggregate.failures }

    public func contains(_ id: String) -> Bool { RecordKey(id).map { ids.contains($0) } ?? false }

    /// Distinct base entities (merge keys) so far.
    public var baseEntityCount: Int { aggregate.baseCount }

    /// Makes records durable (one fsync for the batch), then merges and indexes them.
    /// Records already stored, and repeats within the batch, are skipped.
    /// - Returns: the ids now stored (new and previously stored alike): all safe to ack.
    /// - Throws: a journal error when nothing of the batch is durable (retry later);
    ///   `.notIndexed` when the batch is durable but this store object must be reopened.
    public func commit(_ batch: [(summary: RecordSummary, json: [UInt8])]) throws(StoreError) -> [String] {
        let appended = try append([Submission(batch)])
        try index(appended)
        return batch.map(\.summary.id)
    }

    /// Records made durable by `append`, waiting to be merged and indexed.
    public struct Appended: Sendable {
        fileprivate var records: [(RecordSummary, Journal.Position)]
        public var count: Int { records.count }
        /// The records new to the store.
        public var summaries: [RecordSummary] { records.map(\.0) }
    }

    /// Checked records ready for the journal: their summaries, and their JSON as the journal
    /// stores it (`Journal.Batch`), built by whoever has time for it.
    public struct Submission: Sendable {
        public var summaries: [RecordSummary]
        public var journal: Journal.Batch

        public init(_ records: [(summary: RecordSummary, json: [UInt8])]) {
            summaries = records.map(\.summary)
            journal = Journal.Batch(records.map(\.json))
        }
    }

    /// The first half of `commit`: appends the records not stored yet to the journal and
    /// fsyncs it, once for all the submissions. When it returns, they are all safe to ack.
    /// - Throws: a journal error when nothing of them is durable (retry later).
    public func append(_ submissions: [Submission]) throws(StoreError) -> Appended {
        var batches: [Journal.Batch] = []
        var summaries: [RecordSummary] = []
        var keys: [RecordKey] = []
        var seen = Set<RecordKey>()
        for submission in submissions {
            var fresh: [Int] = []
            for (n, summary) in submission.summaries.enumerated() {
                guard let key = RecordKey(utf8: summary.text[summary.idText.range]), !ids.contains(key), seen.insert(key).inserted
                else { continue }
                fresh.append(n)
                keys.append(key)
                summaries.append(summary)
            }
            if fresh.count == submission.summaries.count {
                batches.append(submission.journal)
            } else {  // repeats (rare): journal only the new ones
                var batch = Journal.Batch()
                for n in fresh { batch.add(submission.journal.bytes[submission.journal.ranges[n]]) }
                batches.append(batch)
            }
        }
        let positions = try journal.append(batches)
        for key in keys { ids.insert(key) }
        if !summaries.isEmpty { dirty = true }
        return Appended(records: Array(zip(summaries, positions)))
    }

    /// The second half of `commit`: merges appended records and writes their index rows.
    /// - Throws: `.notIndexed`: the records are durable, but this store object must be reopened.
    public func index(_ appended: Appended) throws(StoreError) {
        do throws(StoreError) { try index(appended.records, fromReplay: false) } catch { throw .notIndexed(error) }
    }

    /// Adds journaled records to the aggregate and the append-only indexes.
    /// - Parameter fromReplay: records read back from the journal, whose ids are not in `ids` yet.
    private func index(_ records: [(RecordSummary, Journal.Position)], fromReplay: Bool) throws(StoreError) {
        guard !records.isEmpty else { return }
        var batch = indexes.makeBatch()
        let now = Timestamp.now()
        var basesWritten = aggregate.baseCount
        for (summary, position) in records {
            guard let key = RecordKey(utf8: summary.text[summary.idText.range]) else { continue }
            if fromReplay { guard ids.insert(key).inserted else { continue } }
            let ordinal = UInt32(ordinals.count)
            ordinals.append(key)
            let start = batch.articleStart()
            if summary.isFailure {
                aggregate.add(failure: summary)
                batch.article(summary, position: position, key: key, start: start, quotes: 0)
                continue
            }
            let contribution = aggregate.add(article: summary, ordinal: ordinal, now: now)
            while basesWritten < aggregate.baseCount {
                let base = aggregate.bases[basesWritten]
                batch.entity(type: base.type.rawValue, key: aggregate.pool.utf8(base.key))
                basesWritten += 1
            }
            if postingHeads.count < basesWritten {
                postingHeads += repeatElement(0, count: basesWritten - postingHeads.count)
                speakerHeads += repeatElement(0, count: basesWritten - speakerHeads.count)
            }
            for p in contribution.postings {
                let next = batch.nextPosting
                batch.posting(entity: p.entity, article: ordinal, mentions: p.mentions, previous: postingHeads[Int(p.entity)])
                postingHeads[Int(p.entity)] = next + 1
            }
            for q in contribution.quotes {
                var speaker: (base: UInt32, previous: UInt32)?
                if let base = q.entity {
                    speaker = (base, speakerHeads[Int(base)])
                    speakerHeads[Int(base)] = batch.nextSpeakerEntry + 1
                }
                batch.quote(summary, q.quote, article: ordinal, speakerEntity: speaker)
            }
            batch.article(summary, position: position, key: key, start: start, quotes: contribution.quotes.count)
        }
        try indexes.write(batch)
    }

    /// Writes a checkpoint (state snapshot, entity table, `corpus.json`) if anything changed.
    /// - Returns: seconds it took, or nil when nothing had changed.
    @discardableResult
    public func checkpoint() throws(StoreError) -> Double? {
        guard dirty else { return nil }
        let started = MonotonicClock.nanoseconds()
        indexes.sync()
        generation += 1
        try Checkpoint.write(layout, generation: generation, aggregate: aggregate, journal: journal.end,
                             indexes: indexes.lengths, ids: ordinals, heads: (postingHeads, speakerHeads))
        dirty = false
        return Double(MonotonicClock.nanoseconds() - started) / 1e9
    }

    /// What `repair` found and did.
    public struct RepairReport: Sendable {
        /// Records in the rebuilt store (articles and failures).
        public var records: Int
        /// Journal lines that were not records (skipped).
        public var unreadableLines: Int
        /// Records the previous checkpoint counted, when there was one.
        public var previousRecords: Int?
    }

    /// Rebuilds a store's indexes, checkpoint and `corpus.json` from the records its journal
    /// holds (after a journal was cut short, or indexes were damaged), as its one writer.
    public static func repair(root: String) throws(StoreError) -> RepairReport {
        let layout = StoreLayout(root: root)
        try layout.validate()
        let previous = Checkpoint.stats(layout).map { $0.stats.articles + $0.stats.failures }
        let store = try ArticleStore(root: root, rebuild: true)
        try store.checkpoint()
        let current = "state-\(store.generation).bin"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.indexDirectory)) ?? []
        where name.hasPrefix("state-") && (name.hasSuffix(".bin") || name.hasSuffix(".json")) && name != current {
            try? FileManager.default.removeItem(atPath: layout.indexDirectory + "/" + name)
        }
        return RepairReport(records: store.articleCount + store.failureCount, unreadableLines: store.unreadableLines,
                            previousRecords: previous)
    }

    static func timestamp() -> String { Timestamp.iso8601(Timestamp.now()) }
}
