/// Read-only access to a store directory, for `gleaner query` and `gleaner export`.
///
/// Never writes: a torn last journal line (collector killed mid-append) is skipped, not
/// repaired. Safe to use while a collector is running; it sees what is committed so far.
public struct StoreReader {
    public let layout: StoreLayout

    public init(root: String) throws(StoreError) {
        layout = StoreLayout(root: root)
        try layout.validate()
    }

    /// The merged view, rebuilt from the journal.
    public func loadIndex() throws(StoreError) -> CorpusIndex {
        var index = CorpusIndex()
        try Journal.replay(layout, repair: false) { line in
            if let summary = RecordSummary.decode(line) { index.add(summary) }
        }
        return index
    }

    /// Calls `record` with each stored record's JSON line, once per id, in commit order.
    /// - Parameter failures: true for `gleaner.failure/1` records, false for articles.
    public func forEachRecord(failures: Bool = false, _ record: (ArraySlice<UInt8>) -> Void) throws(StoreError) {
        var seen = Set<String>()
        let wanted = failures ? FailureRecord.schema : ArticleRecord.schema
        try Journal.replay(layout, repair: false) { line in
            guard let (schema, id) = Self.schemaAndID(line), schema == wanted, seen.insert(id).inserted else { return }
            record(line)
        }
    }

    private static let prefix = Array("{\"schema\":\"".utf8)

    /// Reads schema and id from the fixed prefix every Gleaner writer emits, falling back to
    /// a full parse for records written by other tools.
    static func schemaAndID(_ line: ArraySlice<UInt8>) -> (String, String)? {
        if line.starts(with: prefix) {
            let rest = line.dropFirst(prefix.count)
            if let quote = rest.firstIndex(of: 0x22) {
                let schema = String(decoding: rest[rest.startIndex..<quote], as: UTF8.self)
                let idKey = Array("\",\"id\":\"".utf8)
                let afterSchema = rest[quote...]
                if afterSchema.starts(with: idKey) {
                    let idStart = afterSchema.startIndex + idKey.count
                    if let idEnd = line[idStart...].firstIndex(of: 0x22) {
                        return (schema, String(decoding: line[idStart..<idEnd], as: UTF8.self))
                    }
                }
            }
        }
        guard let summary = RecordSummary.decode(line) else { return nil }
        return (summary.schema, summary.id)
    }
}
