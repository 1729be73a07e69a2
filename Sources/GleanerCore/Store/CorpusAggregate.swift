import Foundation

/// The merged state across all committed articles, kept in memory by the collector.
///
/// Order-independent by construction: every field is a count, a sum, a minimum or a maximum
/// over the records, so the same set of records gives the same state whatever order they
/// arrive in. Records are merged into *base entities*, one per type and merge key (the
/// normalized canonical name, or `@CC` for a country's own names, see `CountryNames`).
/// Decisions that depend on the whole corpus (which base entities are one real-world
/// entity, which name it goes by, which aliases to show) are taken only when the merged
/// view is rendered (`MergedView`), from this state.
///
/// Memory grows with the number of distinct entities, aliases, roles, speakers, periods
/// and phrases, never with article text: per-article data goes to the append-only index
/// files. Co-occurrence pairs and phrase statistics are bounded (`pairLimit`,
/// `phraseLimit`): past the limit, pairs and phrases seen only once are dropped, so their
/// counts are lower bounds for rare items (documented in docs/store.md).
public struct CorpusAggregate: Sendable {
    /// Article ids kept per entity for `corpus.json` (the smallest ids); all are in the postings index.
    public static let articleSampleLimit = 20
    /// Entities per article that enter co-occurrence counting (the most-mentioned ones).
    public static let pairEntitiesPerArticle = 8
    /// Distinct pairs kept before pairs seen once are dropped.
    public static let pairLimit = 1_000_000
    /// Distinct keyphrases kept before phrases seen in one article are dropped.
    public static let phraseLimit = 400_000
    /// Keyphrase scores are summed in millionths, so the sum does not depend on the order of
    /// the additions (floating-point addition does).
    static let scoreUnit = 1_000_000.0

    /// One article of an entity's sample: ordered by `rank` (the id's first 64 bits).
    public struct SampleArticle: Sendable, Equatable {
        public var rank: UInt64
        public var ordinal: UInt32
    }

    /// Everything the records said about one type and merge key.
    public struct BaseEntity: Sendable, Equatable {
        public var type: String
        /// The normalized canonical name (`NameKey`), or "@CC" for a country's own names.
        public var key: String
        /// Canonical spellings as the records gave them, counted per article.
        public var names = Tally()
        /// Mention texts and canonical spellings, counted per article.
        public var aliases = Tally()
        public var roles = Tally()
        public var countries = Tally()
        public var articles = 0
        public var mentions = 0
        public var quotes = 0
        /// Commit times of the first and last article naming it.
        public var firstSeen: String
        public var lastSeen: String
        /// The articles with the smallest ids, at most `articleSampleLimit`, smallest first.
        public var sample: [SampleArticle] = []

        public var isCountry: Bool { key.hasPrefix("@") }
        /// The spelling most records used (ties: the one sorting first).
        public var name: String { names.ranked(limit: 1).first ?? key }
    }

    public struct Period: Sendable, Codable, Equatable { public var mentions = 0; public var articles = 0 }
    public struct Phrase: Sendable, Equatable {
        public var documents = 0
        /// Summed in-article score, in millionths (`scoreUnit`).
        public var scoreMillionths = 0
        public var score: Double { Double(scoreMillionths) / CorpusAggregate.scoreUnit }
    }

    /// The base entities that used an alias (other than as their own name), for the merge
    /// rule, which needs to know only whether there is exactly one: up to two, or `many`.
    struct AliasOwners: Sendable, Equatable {
        var first: Int32 = -1
        var second: Int32 = -1
        var many = false

        mutating func insert(_ ordinal: Int) {
            let o = Int32(ordinal)
            if many || first == o || second == o { return }
            if first < 0 { first = o } else if second < 0 { second = o } else { many = true }
        }

        var members: [Int] { many ? [] : [first, second].filter { $0 >= 0 }.map(Int.init) }
    }

    public var articles = 0
    public var failures = 0
    public var quotes = 0
    public var failureReasons: [String: Int] = [:]
    public private(set) var bases: [BaseEntity] = []
    /// "TYPE key" → base ordinal.
    private var baseIndex: [String: Int] = [:]
    /// `fingerprint("TYPE key")` of each base entity.
    private var fingerprints: [UInt64] = []
    /// "TYPE normalized alias" → the base entities that used it (rebuilt on load, not stored).
    private(set) var aliasOwners: [String: AliasOwners] = [:]
    /// Pairs of base entities named in the same article (the most-mentioned 8 of each article).
    public private(set) var pairs: [UInt64: UInt32] = [:]
    /// Pairs of base entities named in the same sentence: sentences where both occur.
    public private(set) var sentencePairs: [UInt64: UInt32] = [:]
    /// Base entities of one type named in one article whose names are forms of each other
    /// ("Blair", "Tony Blair"), sorted ordinals → articles: what keeps article counts exact
    /// when the merged view joins them.
    public private(set) var overlaps: [[Int32]: Int] = [:]
    public private(set) var timeline: [String: Period] = [:]
    public private(set) var phrases: [String: Phrase] = [:]
    /// Quotes whose speaker is no entity of its article, by speaker ("" for unattributed).
    public private(set) var otherSpeakers: [String: Int] = [:]

    public init() {}

    /// One article's contribution, resolved to base entity ordinals.
    public struct Contribution {
        /// (base entity ordinal, mentions in this article), one per distinct base entity.
        public var postings: [(entity: Int, mentions: Int)] = []
        /// (speaker as the record names it, the speaker's base entity if any, kind, text).
        public var quotes: [(speaker: String, entity: Int?, kind: String, text: String)] = []
    }

    /// Merges an article; returns what goes to the append-only indexes.
    public mutating func add(article record: RecordSummary, ordinal article: UInt32, now: String) -> Contribution {
        articles += 1
        var contribution = Contribution()
        var local: [String: Int] = [:]  // the record's canonical name → base ordinal
        var counts: [Int: Int] = [:]
        var order: [Int] = []
        var bySentence: [Int: Set<Int>] = [:]
        let entities = record.entities ?? []
        var first: [Int: Int] = [:]  // base → its first entity in this article
        var repeated: [Int: [RecordSummary.EntitySummary]] = [:]  // bases named by several entities (rare)
        for (i, e) in entities.enumerated() {
            guard let ordinal = resolve(e, now: now) else { continue }
            local[e.name] = ordinal
            if let earlier = first[ordinal] {
                repeated[ordinal, default: [entities[earlier]]].append(e)
            } else {
                first[ordinal] = i
                order.append(ordinal)
            }
            counts[ordinal, default: 0] += e.mentions.count
            for m in e.mentions { if let n = m.sentence { bySentence[n, default: []].insert(ordinal) } }
        }
        for ordinal in order {
            if let several = repeated[ordinal] { merge(several, into: ordinal) } else { merge(entities[first[ordinal]!], into: ordinal) }
        }
        let rank = Self.rank(ofID: record.id)
        for ordinal in order {
            bases[ordinal].articles += 1
            bases[ordinal].mentions += counts[ordinal]!
            bases[ordinal].firstSeen = min(bases[ordinal].firstSeen, now)
            bases[ordinal].lastSeen = max(bases[ordinal].lastSeen, now)
            addToSample(ordinal, SampleArticle(rank: rank, ordinal: article))
            contribution.postings.append((ordinal, counts[ordinal]!))
        }
        countOverlaps(order)
        countSentencePairs(bySentence)
        countPairs(order.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : precedes($0, $1) })
        for q in record.quotes ?? [] {
            let ordinal = q.speaker.flatMap { local[$0] }
            if let ordinal { bases[ordinal].quotes += 1 } else { otherSpeakers[q.speaker ?? "", default: 0] += 1 }
            quotes += 1
            contribution.quotes.append((q.speaker ?? "", ordinal, q.kind ?? "direct", q.text))
        }
        addDates(record.dates ?? [])
        addPhrases(record.keyphrases ?? [])
        return contribution
    }

    public mutating func add(failure record: RecordSummary) {
        failures += 1
        failureReasons[record.reason ?? "unknown", default: 0] += 1
    }

    // MARK: Base entities

    /// The merge key of an article's entity: a country's own names merge by its code,
    /// everything else by normalized name. Nil for an entity without a name.
    static func mergeKey(_ e: RecordSummary.EntitySummary) -> String? {
        let key = NameKey.normalize(e.name)
        if let code = CountryNames.ownCode(ofKey: key, type: e.type), e.country == nil || e.country == code {
            return "@" + code
        }
        return key.isEmpty ? nil : key
    }

    private mutating func resolve(_ e: RecordSummary.EntitySummary, now: String) -> Int? {
        guard let key = Self.mergeKey(e) else { return nil }
        let indexKey = e.type + " " + key
        if let ordinal = baseIndex[indexKey] { return ordinal }
        let ordinal = bases.count
        bases.append(BaseEntity(type: e.type, key: key, firstSeen: now, lastSeen: now))
        baseIndex[indexKey] = ordinal
        fingerprints.append(Self.fingerprint(indexKey))
        return ordinal
    }

    /// Counts an entity's spelling, aliases, roles and country for one article.
    private mutating func merge(_ e: RecordSummary.EntitySummary, into ordinal: Int) {
        bases[ordinal].names.add(e.name)
        for text in Set(e.mentions.map(\.text) + [e.name]) { addAlias(text, to: ordinal) }
        for role in Set(e.roles ?? []) { bases[ordinal].roles.add(role) }
        if let code = e.country { bases[ordinal].countries.add(code) }
    }

    /// The same for several entities of one article that share a base entity, each value
    /// counted once.
    private mutating func merge(_ entities: [RecordSummary.EntitySummary], into ordinal: Int) {
        for name in Set(entities.map(\.name)) { bases[ordinal].names.add(name) }
        for text in Set(entities.flatMap { $0.mentions.map(\.text) + [$0.name] }) { addAlias(text, to: ordinal) }
        for role in Set(entities.flatMap { $0.roles ?? [] }) { bases[ordinal].roles.add(role) }
        for code in Set(entities.compactMap(\.country)) { bases[ordinal].countries.add(code) }
    }

    /// FNV-1a of "TYPE key": a tiebreak between base entities that does not depend on when
    /// they were created (kept beside `bases`, recomputed on load).
    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// A total order on base entities by fingerprint, then type and key.
    private func precedes(_ a: Int, _ b: Int) -> Bool {
        if fingerprints[a] != fingerprints[b] { return fingerprints[a] < fingerprints[b] }
        return (bases[a].type, bases[a].key) < (bases[b].type, bases[b].key)
    }

    /// Counts an alias; a new one is registered with `aliasOwners`.
    private mutating func addAlias(_ text: String, to ordinal: Int) {
        if bases[ordinal].aliases.add(text) { registerAlias(text, of: ordinal) }
    }

    private mutating func registerAlias(_ text: String, of ordinal: Int) {
        let key = NameKey.normalize(text)
        guard !key.isEmpty, key != bases[ordinal].key else { return }
        aliasOwners[bases[ordinal].type + " " + key, default: AliasOwners()].insert(ordinal)
    }

    /// Keeps the `articleSampleLimit` smallest ranks: the same set whatever the arrival order.
    private mutating func addToSample(_ ordinal: Int, _ article: SampleArticle) {
        if bases[ordinal].sample.count == Self.articleSampleLimit, let last = bases[ordinal].sample.last, last.rank <= article.rank { return }
        let at = bases[ordinal].sample.firstIndex { $0.rank > article.rank } ?? bases[ordinal].sample.count
        bases[ordinal].sample.insert(article, at: at)
        if bases[ordinal].sample.count > Self.articleSampleLimit { bases[ordinal].sample.removeLast() }
    }

    /// The first 64 bits of a record id (hex, "path-" prefix ignored): a total order on
    /// articles that does not depend on when they arrived.
    static func rank(ofID id: String) -> UInt64 {
        let hex = id.hasPrefix("path-") ? id.dropFirst(5) : Substring(id)
        return UInt64(hex.prefix(16), radix: 16) ?? 0
    }

    /// Records each group of same-type base entities in this article whose names are forms
    /// of one another (see `NameForms.related`).
    private mutating func countOverlaps(_ present: [Int]) {
        var byType: [String: [Int]] = [:]
        for o in present where !bases[o].isCountry { byType[bases[o].type, default: []].append(o) }
        for (_, members) in byType where members.count > 1 {
            let words = members.map { NameForms.words(bases[$0].key) }
            var groups = UnionFind(count: members.count)
            for i in members.indices {
                for j in members.indices where j > i && NameForms.related(words[i], words[j]) { groups.union(i, j) }
            }
            var byRoot: [Int: [Int32]] = [:]
            for i in members.indices { byRoot[groups.find(i), default: []].append(Int32(members[i])) }
            for (_, group) in byRoot where group.count > 1 { overlaps[group.sorted(), default: 0] += 1 }
        }
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

    /// Each sentence counts once per pair of distinct entities in it (the first 16 by type and key).
    private mutating func countSentencePairs(_ bySentence: [Int: Set<Int>]) {
        for (_, members) in bySentence where members.count > 1 {
            let sorted = members.sorted(by: precedes).prefix(Self.pairEntitiesPerArticle * 2)
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
            let score = p.score.map { $0.isFinite ? max(min($0, 1e9), -1e9) : 0 } ?? 1
            self.phrases[key, default: Phrase()].documents += 1
            self.phrases[key, default: Phrase()].scoreMillionths += Int((score * Self.scoreUnit).rounded())
        }
        if self.phrases.count > Self.phraseLimit { self.phrases = self.phrases.filter { $0.value.documents > 1 } }
    }

    /// Corpus keyphrases by TF-IDF: summed in-article score × log(articles / documents + 1).
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
        var bases: [BaseEntity]
        var pairs: [UInt64: UInt32]
        var sentencePairs: [UInt64: UInt32]
        var overlaps: [[Int32]: Int]
        var timeline: [String: Period]
        var phrases: [String: Phrase]
        var otherSpeakers: [String: Int]
    }

    public var snapshot: Snapshot {
        Snapshot(articles: articles, failures: failures, quotes: quotes, failureReasons: failureReasons, bases: bases,
                 pairs: pairs, sentencePairs: sentencePairs, overlaps: overlaps, timeline: timeline,
                 phrases: phrases, otherSpeakers: otherSpeakers)
    }

    /// Restores a snapshot; the base index and alias owners are derived from the bases.
    public init(snapshot s: Snapshot) {
        articles = s.articles; failures = s.failures; quotes = s.quotes; failureReasons = s.failureReasons
        bases = s.bases
        pairs = s.pairs; sentencePairs = s.sentencePairs; overlaps = s.overlaps
        timeline = s.timeline; phrases = s.phrases; otherSpeakers = s.otherSpeakers
        for (ordinal, base) in bases.enumerated() {
            baseIndex[base.type + " " + base.key] = ordinal
            fingerprints.append(Self.fingerprint(base.type + " " + base.key))
            for item in base.aliases.items { registerAlias(item.text, of: ordinal) }
        }
    }
}

/// Distinct strings with a count each, in a small array: most entities have a handful of
/// spellings, aliases and roles, and a dictionary per entity would cost far more memory.
public struct Tally: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var text: String
        public var count: Int
    }

    public private(set) var items: [Item] = []

    public init(_ items: [Item] = []) { self.items = items }

    /// Adds `n` to `text`'s count. - Returns: whether `text` is new.
    @discardableResult
    public mutating func add(_ text: String, _ n: Int = 1) -> Bool {
        if let i = items.firstIndex(where: { $0.text == text }) { items[i].count += n; return false }
        items.append(Item(text: text, count: n))
        return true
    }

    public mutating func add(_ other: Tally) { for item in other.items { add(item.text, item.count) } }

    /// Most counted first, then by text: an order that does not depend on arrival.
    public func ranked(limit: Int = .max) -> [String] {
        items.sorted { ($0.count, $1.text) > ($1.count, $0.text) }.prefix(limit).map(\.text)
    }
}

/// Disjoint sets over 0..<count with path halving: groups entities that are one.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }

    /// Joins two sets; the smaller root becomes the root, so the result does not depend on
    /// the order of the unions.
    mutating func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (find(a), find(b))
        if ra < rb { parent[rb] = ra } else if rb < ra { parent[ra] = rb }
    }
}

/// When one name is a shorter form of another, for merging across articles.
enum NameForms {
    /// Words left out when a name is abbreviated to its initials ("Bank of England" → BOE).
    static let initialsSkip: Set<Substring> = ["of", "the", "and", "for", "&"]

    /// The words of a `NameKey`.
    static func words(_ key: String) -> [Substring] { key.split(separator: " ") }

    /// Whether `short` is a shorter form of `long` (both `NameKey`s): its words are some of
    /// long's words ("blair" of "tony blair"), or it is long's initials ("bbc" of "british
    /// broadcasting corporation").
    static func isForm(_ short: String, of long: String) -> Bool { isForm(words(short), of: words(long)) }

    static func isForm(_ s: [Substring], of l: [Substring]) -> Bool {
        guard !s.isEmpty, s.count < l.count else { return false }
        if s.allSatisfy({ l.contains($0) }) { return true }
        guard s.count == 1, s[0].count >= 2, s[0].count <= l.count, s[0].allSatisfy(\.isLetter) else { return false }
        let initials = l.filter { !initialsSkip.contains($0) }.compactMap(\.first)
        return initials.count == s[0].count && zip(initials, s[0]).allSatisfy { $0 == $1 }
    }

    /// Either name (as words) is a form of the other.
    static func related(_ a: [Substring], _ b: [Substring]) -> Bool { isForm(a, of: b) || isForm(b, of: a) }
}
