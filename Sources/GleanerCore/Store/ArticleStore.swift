import CCacheHints
import Foundation

/// The collector's store: the journal for durability, `CorpusAggregate` for the merged view,
/// append-only indexes for queries, and checkpoints that make restarts fast.
///
/// One owner (the collector's loop thread). Idempotent: committing a record whose id is
/// already stored at the same or a newer extractor version writes nothing. A checkpoint costs
/// time in proportion to the distinct entities, speakers and (bounded) pairs and phrases,
/// never to the article text stored.
///
/// Upgrades: a record whose id is stored at an older extractor version is a *replacement*.
/// It is journaled (durable, acked) but held out of the merged view, which the aggregate
/// cannot subtract from; `applyReplacements` then rebuilds the merged view and the indexes
/// from the journal with each id's newest record only, once for a whole batch of them. Until
/// then the view holds the older record: an article is never counted twice. Opening a store
/// always ends with each id's newest record, whatever order the records arrived in.
public final class ArticleStore {
    public let layout: StoreLayout
    private let lock: StoreLock
    public private(set) var aggregate = CorpusAggregate()
    private let journal: Journal
    private var indexes: IndexFiles
    /// Every stored id → the newest extractor version journaled for it, and article ordinal
    /// (line number of index/articles.tsv) → id.
    private var stored = StoredIDs()
    /// Guards `stored` between the thread that owns this store, which changes it, and the
    /// threads that ask `contains` (a collector's socket thread, while its writer indexes).
    private let storedLock = NSLock()
    /// Per base entity: its last entry in postings.bin and in speakers.bin, + 1 (0: none):
    /// the heads of the chains `IndexFiles` writes.
    private var postingHeads: [UInt32] = []
    private var speakerHeads: [UInt32] = []
    /// What the last article merged adds to the indexes: one kept for all, its arrays reused.
    private var contribution = CorpusAggregate.Contribution()
    /// Records in the merged view per extractor version.
    public private(set) var recordsByExtractor: [Int: Int] = [:]
    private var generation = 0
    /// True when records were committed since the last checkpoint.
    public private(set) var dirty = false
    /// Which entities final checkpoints list the co-occurring entities of (`CooccurrenceIndex`).
    var cooccurrenceListing = CooccurrenceIndex.Listing()
    /// Replacements journaled but not in the merged view yet (`applyReplacements`).
    public private(set) var replacementsWaiting = 0
    /// Lines in the journal that could not be parsed as records (skipped on replay).
    public private(set) var unreadableLines = 0
    /// Records replayed from the journal on open (after the last checkpoint).
    public private(set) var replayedRecords = 0

    /// Opens (or creates) the store at `root` as its one writer: takes the store's lock,
    /// checks that the journal holds everything the checkpoint and indexes say was committed,
    /// loads the last checkpoint, then replays the journal written after it. When the journal
    /// holds replacements the view does not reflect yet, rebuilds it (`applyReplacements`).
    /// - Parameter rebuild: ignore the checkpoint and the indexes and rebuild them from the
    ///   records the journal holds (`gleaner store repair`); no check refuses then.
    public init(root: String, rebuild: Bool = false) throws(StoreError) {
        layout = StoreLayout(root: root)
        if FileManager.default.fileExists(atPath: layout.manifest) { try layout.validate() }
        try FileDescriptorIO.makeDirectories(root)
        lock = try StoreLock(layout)
        try layout.createOrValidate()
        var checkpoint = rebuild ? nil : Checkpoint.load(layout)
        if !rebuild { try JournalCheck.verify(layout, checkpoint: checkpoint) }
        // A checkpoint written while replacements waited does not say which: start from the journal.
        if (checkpoint?.replacementsWaiting ?? 0) > 0 { checkpoint = nil }
        if let checkpoint, let state = checkpoint.state, let heads = checkpoint.heads {
            aggregate = state
            generation = checkpoint.generation
            (postingHeads, speakerHeads) = heads
            indexes = try IndexFiles(layout: layout, truncateTo: checkpoint.indexes)
        } else {
            generation = Checkpoint.stats(layout)?.generation ?? 0
            indexes = try IndexFiles(layout: layout, truncateTo: nil)
        }
        journal = try Journal(layout: layout)
        let resumed = checkpoint?.state != nil && checkpoint?.heads != nil
        if resumed { try loadIDs() }
        var heldOut = 0
        let start = resumed ? checkpoint?.journal : nil
        let (replayed, unreadable) = try mergeFromJournal(from: start, repair: true) { summary, key in
            let version = UInt32(summary.extractorVersion)
            if let known = stored.version(of: key) {  // a replacement (merged by the rebuild below) or a repeat
                if version > known { changeStored { $0.journaled(key, version: version) }; heldOut += 1 }
                return false
            }
            changeStored { $0.journaled(key, version: version) }
            return true
        }
        unreadableLines = unreadable
        journal.findEnd()  // after the replay cut any torn last line
        replayedRecords = replayed
        replacementsWaiting = heldOut
        // A crash may have come before the last checkpoint: write one at the next chance.
        dirty = rebuild || replayed > 0 || !FileManager.default.fileExists(atPath: layout.corpus)
        try applyReplacements()
    }

    /// Records merged at a time when the journal is replayed.
    static let replayBatch = 4_096

    private func loadIDs() throws(StoreError) {
        let file = try MappedFile(layout.idsIndex)
        let rows = try MappedFile(layout.rowsIndex)
        let count = min(file.count / IndexFiles.idBytes, rows.count / IndexFiles.rowBytes)
        changeStored { $0.reserve(count) }
        for n in 0..<count {
            let flags = rows.u32(n * IndexFiles.rowBytes + 40)
            let version = rows.u32(n * IndexFiles.rowBytes + 44)
            let key = RecordKey(
                raw: file.slice(n * IndexFiles.idBytes..<(n + 1) * IndexFiles.idBytes),
                pathBased: flags & IndexFiles.ArticleRow.pathBased != 0)
            _ = changeStored { $0.index(key, version: version) }
            recordsByExtractor[Int(version), default: 0] += 1
        }
    }

    /// The record's id as a key; nil for an id that is not one (never stored).
    static func key(of summary: RecordSummary) -> RecordKey? {
        RecordKey(utf8: summary.text[summary.idText.range])
    }

    public var articleCount: Int { aggregate.articles }
    public var failureCount: Int { aggregate.failures }

    /// Whether a record with this id is journaled. Safe to call from any thread.
    public func contains(_ id: String) -> Bool {
        guard let key = RecordKey(id) else { return false }
        return storedLock.withLock { stored.version(of: key) } != nil
    }

    /// Whether a record with this id is stored at extractor version `minimumVersion` or newer:
    /// what a producer of that version need not send again.
    public func contains(_ id: String, extractorVersion minimumVersion: Int) -> Bool {
        guard let key = RecordKey(id) else { return false }
        return contains(key, extractorVersion: minimumVersion)
    }

    /// `contains(_:extractorVersion:)` for an id already parsed into a key.
    public func contains(_ key: RecordKey, extractorVersion minimumVersion: Int) -> Bool {
        guard let version = storedLock.withLock({ stored.version(of: key) }) else { return false }
        return Int(version) >= minimumVersion
    }

    /// Changes `stored` under `storedLock` (reads on the owning thread need no lock).
    private func changeStored<T>(_ change: (inout StoredIDs) -> T) -> T {
        storedLock.lock()
        defer { storedLock.unlock() }
        return change(&stored)
    }

    /// Distinct base entities (merge keys) so far.
    public var baseEntityCount: Int { aggregate.baseCount }

    /// Makes records durable (one fsync for the batch), then merges and indexes them.
    /// Records already stored at the same or a newer extractor version, and repeats within the
    /// batch, are skipped; replacements are journaled and wait for `applyReplacements`.
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
        /// The submissions appended: the records' summaries are read where they are, not
        /// copied (a copy retains and releases every array of a summary).
        fileprivate var submissions: [Submission]
        /// Records new to the store, to merge, in submission order.
        fileprivate var records: [Fresh]
        /// Replacements journaled (their ids were stored at an older extractor version).
        public fileprivate(set) var replacements: [RecordSummary] = []
        public var count: Int { records.count + replacements.count }
        /// The reasons of the failure records journaled (new ones, then replacements), without
        /// copying the summaries of the articles.
        public var failureReasons: [String] {
            var reasons: [String] = []
            for r in records where submissions[Int(r.submission)].summaries[Int(r.index)].isFailure {
                reasons.append(submissions[Int(r.submission)].summaries[Int(r.index)].reason ?? "unknown")
            }
            for r in replacements where r.isFailure { reasons.append(r.reason ?? "unknown") }
            return reasons
        }
    }

    /// A journaled record new to the store: which summary of which submission, where the
    /// journal put it, and its id as a key.
    fileprivate struct Fresh: Sendable {
        var submission: Int32
        var index: Int32
        var position: Journal.Position
        var key: RecordKey
    }

    /// Checked records ready for the journal: their summaries, their ids as keys (nil: not an
    /// id, never stored), and their JSON as the journal stores it (`Journal.Batch`), built by
    /// whoever has time for it.
    public struct Submission: Sendable {
        public var summaries: [RecordSummary]
        public var keys: [RecordKey?]
        public var journal: Journal.Batch

        public init(_ records: [(summary: RecordSummary, json: [UInt8])]) {
            summaries = records.map(\.summary)
            keys = summaries.map(ArticleStore.key(of:))
            journal = Journal.Batch(records.map(\.json))
        }

        /// - Parameter keys: each summary's id as a key (`RecordKey(utf8:)` of its `id`).
        /// - Parameter journal: the summaries' records, or none when the journal holds them
        ///   already (a replay; never to `append`).
        public init(summaries: [RecordSummary], keys: [RecordKey?], journal: Journal.Batch) {
            precondition(keys.count == summaries.count && (journal.count == summaries.count || journal.count == 0))
            self.summaries = summaries; self.keys = keys; self.journal = journal
        }
    }

    /// The first half of `commit`: appends the records not stored yet (or stored at an older
    /// extractor version) to the journal and fsyncs it, once for all the submissions. When it
    /// returns, they are all safe to ack.
    /// - Throws: a journal error when nothing of them is durable (retry later).
    public func append(_ submissions: [Submission]) throws(StoreError) -> Appended {
        let pending = try prepareAppend(submissions)
        try pending.write?.perform()
        return completeAppend(pending)
    }

    /// An `append` laid out and not written yet (`prepareAppend`): the journal write to
    /// `perform` (nil when every record was stored before), then `completeAppend`.
    public struct PendingAppend: Sendable {
        fileprivate var submissions: [Submission]
        fileprivate var journaled: [(submission: Int32, index: Int32, key: RecordKey, replacement: Bool)]
        /// The ids this append journals and their newest version, for `stored` once durable.
        fileprivate var keys: [RecordKey]
        fileprivate var versions: [UInt32]
        /// What makes the records durable: on any thread, before `completeAppend`.
        public let write: Journal.PendingWrite?
    }

    /// `append` up to the write: picks the records to journal (not stored yet, or stored at
    /// an older extractor version) and lays out their journal write. Until `completeAppend`
    /// the store must not prepare another append, nor checkpoint.
    public func prepareAppend(_ submissions: [Submission]) throws(StoreError) -> PendingAppend {
        var batches: [Journal.Batch] = []
        var journaled: [(submission: Int32, index: Int32, key: RecordKey, replacement: Bool)] = []
        // The ids this call journals and their newest version, applied to `stored` once the
        // journal is durable; found by hash (`OrdinalTable`), as `stored` finds its ids.
        let total = submissions.reduce(0) { $0 + $1.summaries.count }
        var callKeys: [RecordKey] = [], callVersions: [UInt32] = []
        var callTable = OrdinalTable(capacity: total)
        journaled.reserveCapacity(total)
        for (s, submission) in submissions.enumerated() {
            var fresh: [Int] = []
            for n in submission.summaries.indices {
                guard let key = submission.keys[n] else { continue }
                let version = UInt32(submission.summaries[n].extractorVersion)
                let hash = StoredIDs.hash(key)
                let inCall = callTable.find(hash: hash) { callKeys[Int($0)] == key }
                let known = stored.version(of: key)
                if let newer = inCall.map({ callVersions[Int($0)] }) ?? known, version <= newer { continue }
                if let inCall {
                    callVersions[Int(inCall)] = version
                } else {
                    callKeys.append(key)
                    callVersions.append(version)
                    callTable.append(hash: hash) { StoredIDs.hash(callKeys[Int($0)]) }
                }
                fresh.append(n)
                // A second version of an id new in this call is a replacement of the first.
                journaled.append((Int32(s), Int32(n), key, known != nil || inCall != nil))
            }
            if fresh.count == submission.summaries.count {
                batches.append(submission.journal)
            } else {  // repeats (rare): journal only the new ones
                var batch = Journal.Batch()
                for n in fresh { batch.add(submission.journal, record: n) }
                batches.append(batch)
            }
        }
        return PendingAppend(
            submissions: submissions, journaled: journaled, keys: callKeys, versions: callVersions,
            write: try journal.prepare(batches))
    }

    /// The rest of `append`, once `pending.write` was performed without an error (the records
    /// are durable): counts the records as stored.
    public func completeAppend(_ pending: consuming PendingAppend) -> Appended {
        let positions = pending.write?.positions ?? []
        if let write = pending.write { journal.finish(write) }
        var appended = Appended(submissions: pending.submissions, records: [])
        appended.records.reserveCapacity(pending.journaled.count)
        for (j, position) in zip(pending.journaled, positions) {
            if j.replacement {
                appended.replacements.append(pending.submissions[Int(j.submission)].summaries[Int(j.index)])
            } else {
                appended.records.append(Fresh(submission: j.submission, index: j.index, position: position, key: j.key))
            }
        }
        changeStored { ids in
            for (key, version) in zip(pending.keys, pending.versions) { ids.journaled(key, version: version) }
        }
        if !pending.journaled.isEmpty { dirty = true }
        replacementsWaiting += appended.replacements.count
        return appended
    }

    /// The second half of `commit`: merges appended records and writes their index rows.
    /// - Throws: `.notIndexed`: the records are durable, but this store object must be reopened.
    public func index(_ appended: Appended) throws(StoreError) {
        do throws(StoreError) { try indexFresh(appended) } catch { throw .notIndexed(error) }
    }

    /// Adds journaled records, each of an id not in the merged view yet, to the aggregate and
    /// the append-only indexes. Prefetches each record's summary while the one before merges.
    private func indexFresh(_ appended: Appended) throws(StoreError) {
        let records = appended.records
        guard !records.isEmpty else { return }
        var batch = indexes.makeBatch()
        let now = Timestamp.now()
        var basesWritten = aggregate.baseCount
        var versions = VersionCount()
        var next = 0
        for (s, submission) in appended.submissions.enumerated() where next < records.count {
            submission.summaries.withUnsafeBufferPointer { summaries in
                let first = UnsafeMutablePointer(mutating: summaries.baseAddress!)
                // Two records ahead the lines with the buffers' counts, one ahead the buffers.
                if records[next].submission == s {
                    RecordSummary.lend(first + Int(records[next].index)) { $0.prefetch() }
                }
                while next < records.count && records[next].submission == s {
                    let r = records[next]
                    next += 1
                    if next + 1 < records.count && records[next + 1].submission == s {
                        RecordSummary.lend(first + Int(records[next + 1].index)) { $0.prefetchHeads() }
                    }
                    if next < records.count && records[next].submission == s {
                        RecordSummary.lend(first + Int(records[next].index)) { $0.prefetch() }  // while this one merges
                    }
                    RecordSummary.lend(first + Int(r.index)) { summary in
                        index(summary, position: r.position, key: r.key, now: now, into: &batch,
                            basesWritten: &basesWritten, versions: &versions)
                    }
                }
            }
        }
        versions.flush(into: &recordsByExtractor)
        try indexes.write(batch)
    }

    /// Records per extractor version, counted in runs of one version (a batch's records are
    /// nearly always of one) and added to `recordsByExtractor` once: no dictionary per record.
    private struct VersionCount {
        private var runs: [(version: Int, count: Int)] = []

        mutating func add(_ version: Int) {
            if let last = runs.indices.last, runs[last].version == version {
                runs[last].count += 1
            } else {
                runs.append((version, 1))
            }
        }

        func flush(into counts: inout [Int: Int]) { for r in runs { counts[r.version, default: 0] += r.count } }
    }

    /// Adds one journaled record to the aggregate and to the index batch.
    private func index(
        _ summary: borrowing RecordSummary, position: Journal.Position, key: RecordKey, now: UInt32,
        into batch: inout IndexFiles.Batch, basesWritten: inout Int, versions: inout VersionCount
    ) {
        let version = summary.extractorVersion  // read here: a closure capturing `summary` copies it
        let ordinal = changeStored { $0.index(key, version: UInt32(version)) }
        versions.add(version)
        let start = batch.articleStart()
        if summary.isFailure {
            aggregate.add(failure: summary)
            batch.article(summary, position: position, key: key, start: start, quotes: 0)
            return
        }
        var contribution = CorpusAggregate.Contribution()
        swap(&contribution, &self.contribution)  // its arrays reused, not copied
        defer { swap(&contribution, &self.contribution) }
        aggregate.add(article: summary, ordinal: ordinal, now: now, into: &contribution)
        while basesWritten < aggregate.baseCount {
            let base = aggregate.bases[basesWritten]
            batch.entity(type: base.type.rawValue, key: aggregate.pool.utf8(base.key))
            basesWritten += 1
        }
        if postingHeads.count < basesWritten {
            postingHeads += repeatElement(0, count: basesWritten - postingHeads.count)
            speakerHeads += repeatElement(0, count: basesWritten - speakerHeads.count)
        }
        postingHeads.withUnsafeMutableBufferPointer { heads in
            for p in contribution.postings { gleaner_prefetch(heads.baseAddress! + Int(p.entity)) }
            for p in contribution.postings {
                let next = batch.nextPosting
                batch.posting(entity: p.entity, article: ordinal, mentions: p.mentions, previous: heads[Int(p.entity)])
                heads[Int(p.entity)] = next + 1
            }
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

    /// Writes a checkpoint (state snapshot, entity table, `corpus.json`) if anything changed.
    /// - Parameter final: also count the co-occurrence lists of the biggest entities
    ///   (`index/cooccurrence.bin`), which `entity NAME` then reads instead of counting. It
    ///   costs a pass over those entities' postings (docs/performance.md, "Big stores"), so the
    ///   collector does it when it stops, `gleaner store repair` when it is done, not every few
    ///   seconds; in between the file is removed and queries count.
    /// - Returns: seconds it took, or nil when nothing had changed.
    @discardableResult
    public func checkpoint(final: Bool = false) throws(StoreError) -> Double? {
        guard dirty || (final && !FileManager.default.fileExists(atPath: layout.cooccurrenceIndex)) else {
            return nil
        }
        let started = MonotonicClock.nanoseconds()
        indexes.sync()
        generation += 1
        try Checkpoint.write(
            layout, generation: generation, aggregate: aggregate, journal: journal.end,
            indexes: indexes.lengths, ids: stored.ids, heads: (postingHeads, speakerHeads),
            extractors: recordsByExtractor, replacementsWaiting: replacementsWaiting,
            cooccurrence: final ? cooccurrenceListing : nil)
        dirty = false
        return Double(MonotonicClock.nanoseconds() - started) / 1e9
    }

    /// Puts waiting replacements into the merged view: rebuilds the aggregate and the indexes
    /// from the journal, keeping each id's newest record only (the first one journaled at that
    /// version), and writes a checkpoint. Costs a pass over the whole journal, so the collector
    /// calls it once per batch of replacements (`ReplacementPolicy`), not per checkpoint.
    ///
    /// The new indexes are written beside the old ones and renamed into place, so readers go on
    /// reading the old ones meanwhile; the checkpoint is removed before the renames, so a crash
    /// in between leaves a store that the next open rebuilds from its journal.
    /// - Returns: seconds it took, or nil when no replacement was waiting.
    /// - Throws: `.notIndexed` when the rebuild failed: this store object must be reopened
    ///   (the journal holds everything; opening rebuilds).
    @discardableResult
    public func applyReplacements() throws(StoreError) -> Double? {
        guard replacementsWaiting > 0 else { return nil }
        let started = MonotonicClock.nanoseconds()
        do throws(StoreError) {
            try rebuildFromJournal()
            try? FileManager.default.removeItem(atPath: layout.checkpointFile)
            FileDescriptorIO.syncDirectory(of: layout.checkpointFile)
            try indexes.install()
        } catch {
            throw .notIndexed(error)
        }
        replacementsWaiting = 0
        dirty = true
        // Without it the next open rebuilds from the journal; a later checkpoint tries again.
        _ = try? checkpoint()
        return Double(MonotonicClock.nanoseconds() - started) / 1e9
    }

    /// Merges each id's newest journaled record into a fresh aggregate and staged indexes.
    private func rebuildFromJournal() throws(StoreError) {
        indexes = try IndexFiles(stagingIn: layout)
        aggregate = CorpusAggregate()
        let previous = stored
        changeStored { $0 = StoredIDs(capacity: previous.indexedCount) }
        postingHeads = []
        speakerHeads = []
        recordsByExtractor = [:]
        _ = try mergeFromJournal(from: nil, repair: false) { summary, key in
            let version = UInt32(summary.extractorVersion)
            // The newest version, the first time it is read (ids merged or pending are in `stored`).
            guard previous.version(of: key) == version, stored.version(of: key) == nil else { return false }
            changeStored { $0.journaled(key, version: version) }
            return true
        }
    }

    /// Replays the journal from `position` (nil: its start) and merges the records `take`
    /// accepts, in batches of `replayBatch`, so a rebuild never holds the whole journal.
    /// - Returns: the lines read as records, and those that were not records.
    private func mergeFromJournal(
        from position: Journal.Position?, repair: Bool, take: (RecordSummary, RecordKey) -> Bool
    ) throws(StoreError) -> (records: Int, unreadable: Int) {
        var summaries: [RecordSummary] = []
        var pending: [Fresh] = []
        var records = 0, unreadable = 0
        var failure: StoreError?
        func flush() throws(StoreError) {
            let submission = Submission(summaries: summaries, keys: pending.map(\.key), journal: Journal.Batch())
            try indexFresh(Appended(submissions: [submission], records: pending))
            summaries.removeAll(keepingCapacity: true)
            pending.removeAll(keepingCapacity: true)
        }
        try Journal.replay(layout, repair: repair, from: position) { line, position in
            guard failure == nil else { return }
            guard let summary = RecordSummary.decode(line) else { unreadable += 1; return }
            records += 1
            guard let key = Self.key(of: summary), take(summary, key) else { return }
            pending.append(Fresh(submission: 0, index: Int32(summaries.count), position: position, key: key))
            summaries.append(summary)
            if pending.count == Self.replayBatch {
                do throws(StoreError) { try flush() } catch { failure = error }
            }
        }
        if let failure { throw failure }
        try flush()
        return (records, unreadable)
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
        try store.checkpoint(final: true)
        let current = "state-\(store.generation).bin"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.indexDirectory)) ?? []
        where name.hasPrefix("state-") && (name.hasSuffix(".bin") || name.hasSuffix(".json")) && name != current {
            try? FileManager.default.removeItem(atPath: layout.indexDirectory + "/" + name)
        }
        return RepairReport(
            records: store.articleCount + store.failureCount, unreadableLines: store.unreadableLines,
            previousRecords: previous)
    }

    static func timestamp() -> String { Timestamp.iso8601(Timestamp.now()) }
}
