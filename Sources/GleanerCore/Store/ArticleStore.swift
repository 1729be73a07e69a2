/// The collector's store: journal for durability, `CorpusIndex` for the merged view,
/// `corpus.json` written atomically at checkpoints.
///
/// One owner (the collector's loop thread). Idempotent: committing a record whose id is
/// already stored writes nothing.
public final class ArticleStore {
    public let layout: StoreLayout
    public private(set) var index = CorpusIndex()
    private let journal: Journal
    /// True when records were committed since the last checkpoint.
    public private(set) var dirty = false
    /// Lines in the journal that could not be parsed as records (skipped on replay).
    public private(set) var unreadableLines = 0

    /// Opens (or creates) the store at `root`, replaying its journal.
    public init(root: String) throws(StoreError) {
        layout = StoreLayout(root: root)
        try layout.createOrValidate()
        var index = CorpusIndex()
        var unreadable = 0
        try Journal.replay(layout, repair: true) { line in
            if let summary = RecordSummary.decode(line) { index.add(summary) } else { unreadable += 1 }
        }
        self.index = index
        self.unreadableLines = unreadable
        journal = try Journal(layout: layout)
        // A crash may have come before the last checkpoint: rewrite corpus.json once.
        dirty = index.articleCount + index.failureCount > 0
    }

    public func contains(_ id: String) -> Bool { index.contains(id) }

    /// Makes records durable (one fsync for the batch), then merges them.
    /// Records already stored, and repeats within the batch, are skipped.
    /// - Returns: the ids now stored (new and previously stored alike): all safe to ack.
    public func commit(_ batch: [(summary: RecordSummary, json: [UInt8])]) throws(StoreError) -> [String] {
        var fresh: [(summary: RecordSummary, json: [UInt8])] = []
        var seen = Set<String>()
        for item in batch where !index.contains(item.summary.id) && seen.insert(item.summary.id).inserted {
            fresh.append(item)
        }
        try journal.append(fresh.map(\.json))
        for item in fresh { index.add(item.summary) }
        if !fresh.isEmpty { dirty = true }
        return batch.map(\.summary.id)
    }

    /// Writes `corpus.json` atomically if anything changed since the last checkpoint.
    public func checkpoint() throws(StoreError) {
        guard dirty else { return }
        try AtomicFile.write(CorpusJSON.render(index), to: layout.corpus)
        dirty = false
    }
}
