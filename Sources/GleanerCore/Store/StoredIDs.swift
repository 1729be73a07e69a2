/// Every id the store has journaled, with the newest extractor version journaled for it: the
/// idempotency check. Indexed ids have an article ordinal (their line in index/articles.tsv);
/// `ids` maps ordinal → id, `OrdinalTable` id → ordinal and `versions` ordinal → version, so at
/// a million articles it holds the ids once (40 MB) and 8 + 4 MB beside them, where a
/// `[RecordKey: UInt32]` held them again in 92 MB of buckets. Ids journaled but not indexed
/// yet (a batch between `ArticleStore.append` and `index`, a replay batch) wait in a small
/// dictionary.
struct StoredIDs {
    /// Article ordinal → id.
    private(set) var ids: [RecordKey] = []
    /// Article ordinal → the newest extractor version journaled for its id.
    private var versions: [UInt32] = []
    private var table: OrdinalTable
    /// Ids journaled but without an ordinal yet → their newest version journaled.
    private var unindexed: [RecordKey: UInt32] = [:]

    /// - Parameter capacity: indexed ids it holds before it first grows.
    init(capacity: Int = 0) {
        table = OrdinalTable(capacity: capacity)
        ids.reserveCapacity(capacity)
        versions.reserveCapacity(capacity)
    }

    /// Indexed ids (the next ordinal).
    var indexedCount: Int { ids.count }

    /// The newest extractor version journaled for `key`; nil when it was never journaled.
    func version(of key: RecordKey) -> UInt32? {
        if let ordinal = ordinal(of: key) { return versions[Int(ordinal)] }
        return unindexed.isEmpty ? nil : unindexed[key]
    }

    /// Records that `key` was journaled at `version` (kept only when newer than what it had).
    mutating func journaled(_ key: RecordKey, version: UInt32) {
        if let ordinal = ordinal(of: key) {
            versions[Int(ordinal)] = max(versions[Int(ordinal)], version)
        } else {
            unindexed[key] = max(unindexed[key] ?? 0, version)
        }
    }

    /// Gives `key`, which has no ordinal yet, the next one, with the newest version journaled
    /// for it (or `version` when it was not journaled through `journaled`).
    /// - Returns: the ordinal.
    mutating func index(_ key: RecordKey, version: UInt32) -> UInt32 {
        let newest = unindexed.removeValue(forKey: key).map { max($0, version) } ?? version
        ids.append(key)
        versions.append(newest)
        return table.append(hash: Self.hash(key)) { Self.hash(ids[Int($0)]) }
    }

    /// Makes room for `capacity` indexed ids in all.
    mutating func reserve(_ capacity: Int) {
        ids.reserveCapacity(capacity)
        versions.reserveCapacity(capacity)
        table.reserve(capacity) { Self.hash(ids[Int($0)]) }
    }

    private func ordinal(of key: RecordKey) -> UInt32? {
        table.find(hash: Self.hash(key)) { ids[Int($0)] == key }
    }

    /// The seeded hash of an id (`ByteHash`: ids come from peers).
    static func hash(_ key: RecordKey) -> UInt64 {
        var h = ByteHash.hash(key.a)
        h = ByteHash.mix(h ^ key.b)
        h = ByteHash.mix(h ^ key.c)
        return ByteHash.mix(h ^ key.d ^ (key.pathBased ? 0x5A : 0))
    }
}
