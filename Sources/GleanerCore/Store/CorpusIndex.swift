/// The merged, in-memory view of every committed record: what `corpus.json` shows.
///
/// Entities are merged across articles by type and canonical name. Memory grows with the
/// number of articles and distinct entities, never with article text.
public struct CorpusIndex: Sendable {
    public struct Document: Sendable { public var title: String; public var path: String }
    public struct CorpusEntity: Sendable {
        public var name: String
        public var type: String
        public var country: String?
        public var aliases: Set<String> = []
        public var articles: [String] = []
        public var mentions = 0
    }
    public struct SpokenQuote: Sendable { public var article: String; public var text: String }
    public struct Failure: Sendable { public var id: String; public var path: String; public var reason: String; public var detail: String }

    public private(set) var documents: [String: Document] = [:]
    public private(set) var entities: [String: CorpusEntity] = [:]
    public private(set) var quotesBySpeaker: [String: [SpokenQuote]] = [:]
    public private(set) var failures: [String: Failure] = [:]

    public init() {}

    public var articleCount: Int { documents.count }
    public var failureCount: Int { failures.count }

    public func contains(_ id: String) -> Bool { documents[id] != nil || failures[id] != nil }

    /// Adds one record. A record whose id is already present is ignored (idempotent).
    /// - Returns: false when the id was already present.
    @discardableResult
    public mutating func add(_ record: RecordSummary) -> Bool {
        guard !contains(record.id) else { return false }
        if record.isFailure {
            failures[record.id] = Failure(id: record.id, path: record.source.path,
                                          reason: record.reason ?? "unknown", detail: record.detail ?? "")
            return true
        }
        documents[record.id] = Document(title: record.title ?? "", path: record.source.path)
        for e in record.entities ?? [] {
            let key = e.type + "\t" + e.name
            var merged = entities[key] ?? CorpusEntity(name: e.name, type: e.type, country: e.country)
            merged.articles.append(record.id)
            merged.mentions += e.mentions.count
            for m in e.mentions where m.text != e.name { merged.aliases.insert(m.text) }
            entities[key] = merged
        }
        for q in record.quotes ?? [] {
            quotesBySpeaker[q.speaker ?? "", default: []].append(SpokenQuote(article: record.id, text: q.text))
        }
        return true
    }
}
