import Foundation

/// The merged view across all committed articles, kept in memory by the collector.
///
/// Memory grows with the number of distinct entities, speakers, periods and phrases, never
/// with article text: per-article data (titles, article lists, quotes) goes to the
/// append-only index files instead. Co-occurrence pairs and phrase statistics are bounded
/// (`pairLimit`, `phraseLimit`): past the limit, pairs and phrases seen only once are dropped,
/// so their counts are lower bounds for rare items (documented in docs/store.md).
public struct CorpusAggregate: Sendable {
    /// Article ids kept per entity for `corpus.json`; the full list is in the postings index.
    public static let articleSampleLimit = 20
    public static let aliasLimit = 16
    public static let roleLimit = 12
    /// Entities per article that enter co-occurrence counting (the most-mentioned ones).
    public static let pairEntitiesPerArticle = 8
    public static let pairLimit = 1_000_000
    public static let phraseLimit = 400_000

    public struct CorpusEntity: Sendable, Codable, Equatable {
        public var name: String
        public var type: String
        public var country: String?
        public var aliases: [String] = []
        public var roles: [String] = []
        public var articles = 0
        public var mentions = 0
        public var quotes = 0
        public var firstSeen: String
        public var lastSeen: String
        /// Ordinals of the first articles, up to `articleSampleLimit`.
        public var sample: [UInt32] = []
    }

    public struct Period: Sendable, Codable, Equatable { public var mentions = 0; public var articles = 0 }
    public struct Phrase: Sendable, Codable, Equatable { public var documents = 0; public var score = 0.0 }

    public var articles = 0
    public var failures = 0
    public var quotes = 0
    public var failureReasons: [String: Int] = [:]
    public private(set) var entities: [CorpusEntity] = []
    /// Normalized "TYPE name" (or "TYPE @CC" for places with a country code) → ordinal.
    private var keys: [String: Int] = [:]
    /// Normalized "TYPE alias" → ordinal, or -1 when the alias is ambiguous.
    private var aliasKeys: [String: Int] = [:]
    /// Pairs of entities named in the same article (the most-mentioned 8 of each article).
    public private(set) var pairs: [UInt64: UInt32] = [:]
    /// Pairs of entities named in the same sentence: sentences where both occur.
    public private(set) var sentencePairs: [UInt64: UInt32] = [:]
    public private(set) var timeline: [String: Period] = [:]
    public private(set) var phrases: [String: Phrase] = [:]
    public private(set) var speakers: [String: Int] = [:]

    public init() {}

    /// One article's contribution, resolved to corpus entity ordinals.
    public struct Contribution {
        /// (entity ordinal, mentions in this article), one per distinct corpus entity.
        public var postings: [(entity: Int, mentions: Int)] = []
        /// (speaker as stored, the speaker's entity ordinal if any, kind, text) for each quote.
        public var quotes: [(speaker: String, entity: Int?, kind: String, text: String)] = []
    }

    /// Merges an article; returns what goes to the append-only indexes.
    public mutating func add(article record: RecordSummary, ordinal article: UInt32, now: String) -> Contribution {
        articles += 1
        var contribution = Contribution()
        var local: [String: Int] = [:]  // in-article canonical name → corpus ordinal
        var counts: [Int: Int] = [:]
        var order: [Int] = []
        var bySentence: [Int: Set<Int>] = [:]
        for e in record.entities ?? [] {
            let ordinal = resolve(e, now: now)
            local[e.name] = ordinal
            if counts[ordinal] == nil { order.append(ordinal) }
            counts[ordinal, default: 0] += e.mentions.count
            for m in e.mentions { if let n = m.sentence { bySentence[n, default: []].insert(ordinal) } }
            merge(e, into: ordinal)
        }
        countSentencePairs(bySentence)
        for ordinal in order {
            entities[ordinal].articles += 1
            entities[ordinal].mentions += counts[ordinal]!
            entities[ordinal].lastSeen = now
            if entities[ordinal].sample.count < Self.articleSampleLimit { entities[ordinal].sample.append(article) }
            contribution.postings.append((ordinal, counts[ordinal]!))
        }
        countPairs(order.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) })
        for q in record.quotes ?? [] {
            var speaker = q.speaker ?? ""
            let ordinal = q.speaker.flatMap { local[$0] }
            if let ordinal {
                speaker = entities[ordinal].name
                entities[ordinal].quotes += 1
            }
            speakers[speaker, default: 0] += 1
            quotes += 1
            contribution.quotes.append((speaker, ordinal, q.kind ?? "direct", q.text))
        }
        addDates(record.dates ?? [])
        addPhrases(record.keyphrases ?? [])
        return contribution
    }

    public mutating func add(failure record: RecordSummary) {
        failures += 1
        failureReasons[record.reason ?? "unknown", default: 0] += 1
    }

    /// Entity ordinals, most articles first, then by name: the order of every entity listing.
    public func entityOrder() -> [Int] {
        entities.indices.sorted { (entities[$0].articles, entities[$1].name, $1) > (entities[$1].articles, entities[$0].name, $0) }
    }

    // MARK: Entity resolution

    private static func key(_ type: String, _ name: String) -> String { type + " " + NameKey.normalize(name) }

    /// Finds the corpus entity for an article's entity, creating one if needed:
    /// by country code for places and nationalities, then canonical name, then a unique alias.
    private mutating func resolve(_ e: RecordSummary.EntitySummary, now: String) -> Int {
        let nameKey = Self.key(e.type, e.name)
        if let code = e.country, e.type == "LOC" || e.type == "NORP" {
            let countryKey = e.type + " @" + code
            if let ordinal = keys[countryKey] { return ordinal }
            let ordinal = keys[nameKey] ?? create(e, now: now)
            keys[countryKey] = ordinal
            return ordinal
        }
        if let ordinal = keys[nameKey] { return ordinal }
        if let ordinal = aliasKeys[nameKey], ordinal >= 0 { return ordinal }
        return create(e, now: now)
    }

    private mutating func create(_ e: RecordSummary.EntitySummary, now: String) -> Int {
        let ordinal = entities.count
        entities.append(CorpusEntity(name: e.name, type: e.type, country: e.country, firstSeen: now, lastSeen: now))
        keys[Self.key(e.type, e.name)] = ordinal
        return ordinal
    }

    private mutating func merge(_ e: RecordSummary.EntitySummary, into ordinal: Int) {
        var entity = entities[ordinal]
        if entity.country == nil { entity.country = e.country }
        for text in Set(e.mentions.map(\.text) + [e.name]).sorted() where text != entity.name {
            if entity.aliases.count < Self.aliasLimit && !entity.aliases.contains(text) { entity.aliases.append(text) }
            let aliasKey = Self.key(e.type, text)
            if keys[aliasKey] == nil {
                if let existing = aliasKeys[aliasKey], existing != ordinal { aliasKeys[aliasKey] = -1 } else { aliasKeys[aliasKey] = ordinal }
            }
        }
        for role in e.roles ?? [] where entity.roles.count < Self.roleLimit && !entity.roles.contains(role) {
            entity.roles.append(role)
        }
        entities[ordinal] = entity
    }

    // MARK: Co-occurrence, timeline, phrases

    static func pairKey(_ a: Int, _ b: Int) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(low) << 32 | UInt64(high)
    }

    /// The two entity ordinals of a pair key, lower first.
    static func pairMembers(_ key: UInt64) -> (Int, Int) { (Int(key >> 32), Int(key & 0xFFFF_FFFF)) }

    private mutating func countPairs(_ ranked: [Int]) {
        let top = ranked.prefix(Self.pairEntitiesPerArticle)
        for (i, a) in top.enumerated() {
            for b in top.dropFirst(i + 1) { pairs[Self.pairKey(a, b), default: 0] += 1 }
        }
        if pairs.count > Self.pairLimit { pairs = pairs.filter { $0.value > 1 } }
    }

    /// Each sentence counts once per pair of distinct entities in it.
    private mutating func countSentencePairs(_ bySentence: [Int: Set<Int>]) {
        for (_, members) in bySentence where members.count > 1 {
            let sorted = members.sorted().prefix(Self.pairEntitiesPerArticle * 2)
            for (i, a) in sorted.enumerated() {
                for b in sorted.dropFirst(i + 1) { sentencePairs[Self.pairKey(a, b), default: 0] += 1 }
            }
        }
        if sentencePairs.count > Self.pairLimit { sentencePairs = sentencePairs.filter { $0.value > 1 } }
    }

    private mutating func addDates(_ dates: [RecordSummary.DateSummary]) {
        var seen = Set<String>()
        for d in dates {
            guard let value = d.value, value.count >= 7 else { continue }
            let period = String(value.prefix(7))
            timeline[period, default: Period()].mentions += 1
            if seen.insert(period).inserted { timeline[period, default: Period()].articles += 1 }
        }
    }

    private mutating func addPhrases(_ phrases: [RecordSummary.PhraseSummary]) {
        for p in phrases {
            let key = p.text.lowercased()
            self.phrases[key, default: Phrase()].documents += 1
            self.phrases[key, default: Phrase()].score += p.score ?? 1
        }
        if self.phrases.count > Self.phraseLimit { self.phrases = self.phrases.filter { $0.value.documents > 1 } }
    }

    /// Corpus keyphrases by TF-IDF: summed in-article score × log(articles / documents).
    public func topPhrases(_ n: Int) -> [(text: String, documents: Int, score: Double)] {
        let total = Double(max(articles, 1))
        return phrases.map { (text: $0.key, documents: $0.value.documents, score: $0.value.score * log(total / Double($0.value.documents) + 1)) }
            .sorted { ($0.score, $1.text) > ($1.score, $0.text) }
            .prefix(n).map { $0 }
    }

    // MARK: Snapshot

    /// Everything needed to rebuild this aggregate at a checkpoint.
    public struct Snapshot {
        var articles: Int, failures: Int, quotes: Int
        var failureReasons: [String: Int]
        var entities: [CorpusEntity]
        var keys: [String: Int]
        var aliasKeys: [String: Int]
        var pairs: [UInt64: UInt32]
        var sentencePairs: [UInt64: UInt32]
        var timeline: [String: Period]
        var phrases: [String: Phrase]
        var speakers: [String: Int]
    }

    public var snapshot: Snapshot {
        return Snapshot(articles: articles, failures: failures, quotes: quotes, failureReasons: failureReasons,
                        entities: entities, keys: keys, aliasKeys: aliasKeys, pairs: pairs,
                        sentencePairs: sentencePairs, timeline: timeline,
                        phrases: phrases, speakers: speakers)
    }

    public init(snapshot s: Snapshot) {
        articles = s.articles; failures = s.failures; quotes = s.quotes; failureReasons = s.failureReasons
        entities = s.entities; keys = s.keys; aliasKeys = s.aliasKeys
        pairs = s.pairs
        sentencePairs = s.sentencePairs
        timeline = s.timeline; phrases = s.phrases; speakers = s.speakers
    }
}
