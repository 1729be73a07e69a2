/// The corpus as people see it (`corpus.json`, `index/entities.tsv`): base entities joined
/// into real-world entities, computed from a `CorpusAggregate` at each checkpoint.
///
/// A function of the aggregate alone, which is itself a function of the set of records, so
/// the view never depends on arrival order. The rules:
/// - A base entity joins another of its type when its name is, among all the base entities,
///   an alias of that one only, and a shorter form of its name (`NameForms.isForm`): "Blair"
///   joins "Tony Blair" unless another base entity (say "Cherie Blair") has the alias
///   "Blair" too. An alias used by more than two base entities never joins anything. A
///   country's own names are one base entity already and take no part in this.
/// - A joined entity goes by the name of the member nothing else joined into (the fullest
///   form), then the one with most articles, then most mentions, then the name sorting first.
/// - Aliases and roles: the most counted first, then alphabetical; country: the code most
///   articles gave. Article counts subtract articles that named two members.
public struct MergedView {
    public static let aliasLimit = 16
    public static let roleLimit = 12

    public struct Entity: Sendable, Equatable {
        public var name: String
        public var type: String
        public var country: String?
        public var aliases: [String]
        public var roles: [String]
        public var articles: Int
        public var mentions: Int
        public var quotes: Int
        public var firstSeen: String
        public var lastSeen: String
        /// Article ordinals of the sample (smallest ids first).
        public var sample: [UInt32]
        /// Merge keys of the base entities joined here, sorted: what `StoreReader` maps the
        /// postings' base ordinals through (`index/entity-keys.tsv`).
        public var members: [String]
        /// Their ordinals in this store (arrival-dependent: never rendered).
        var memberOrdinals: [Int]
    }

    /// Entities in listing order: most articles first, then name, type and members.
    public private(set) var entities: [Entity] = []
    /// Base entity ordinal → index in `entities`.
    public private(set) var entityOf: [Int] = []
    /// Quote counts by speaker (nil: unattributed), most quotes first, then by name.
    public private(set) var speakers: [(name: String?, quotes: Int)] = []
    /// Article co-occurrence between entities (keys from `CorpusAggregate.pairKey` over
    /// indexes in `entities`).
    public private(set) var pairs: [UInt64: UInt32] = [:]
    public private(set) var sentencePairs: [UInt64: UInt32] = [:]

    public init(_ aggregate: CorpusAggregate) {
        let bases = aggregate.bases
        var groups = UnionFind(count: bases.count)
        var joinsAnother = [Bool](repeating: false, count: bases.count)
        for (n, base) in bases.enumerated() where !base.isCountry {
            guard let owners = aggregate.aliasOwners[base.type + " " + base.key] else { continue }
            guard owners.members.count == 1, let target = owners.members.first, !bases[target].isCountry,
                  NameForms.isForm(base.key, of: bases[target].key) else { continue }
            groups.union(n, target)
            joinsAnother[n] = true
        }
        // Group by root through one sort (no dictionary of arrays: this runs over every entity).
        let roots = bases.indices.map { groups.find($0) }
        let byRoot = bases.indices.sorted { (roots[$0], $0) < (roots[$1], $1) }
        var built: [Entity] = []
        var builtRoots: [Int] = []  // ascending
        var start = 0
        while start < byRoot.count {
            var end = start + 1
            while end < byRoot.count && roots[byRoot[end]] == roots[byRoot[start]] { end += 1 }
            built.append(Self.entity(of: Array(byRoot[start..<end]), bases, joinsAnother: joinsAnother))
            builtRoots.append(roots[byRoot[start]])
            start = end
        }
        Self.subtractOverlaps(aggregate.overlaps, roots: roots, builtRoots: builtRoots, entities: &built)
        built.sort { x, y in
            (y.articles, x.name, x.type, x.members.first ?? "") < (x.articles, y.name, y.type, y.members.first ?? "")
        }
        entityOf = [Int](repeating: 0, count: bases.count)
        for (index, e) in built.enumerated() { for n in e.memberOrdinals { entityOf[n] = index } }
        entities = built
        speakers = Self.speakers(entities, other: aggregate.otherSpeakers)
        pairs = Self.fold(aggregate.pairs, through: entityOf)
        sentencePairs = Self.fold(aggregate.sentencePairs, through: entityOf)
    }

    /// Article counts add up over members; an article naming two members counted twice.
    private static func subtractOverlaps(_ overlaps: [[Int32]: Int], roots: [Int], builtRoots: [Int], entities: inout [Entity]) {
        func index(ofRoot root: Int) -> Int {  // binary search: builtRoots ascends
            var (low, high) = (0, builtRoots.count - 1)
            while low < high {
                let mid = (low + high) / 2
                if builtRoots[mid] < root { low = mid + 1 } else { high = mid }
            }
            return low
        }
        for (group, articles) in overlaps {
            var present: [Int: Int] = [:]
            for n in group { present[roots[Int(n)], default: 0] += 1 }
            for (root, count) in present where count > 1 { entities[index(ofRoot: root)].articles -= articles * (count - 1) }
        }
    }

    private static func entity(of members: [Int], _ bases: [CorpusAggregate.BaseEntity], joinsAnother: [Bool]) -> Entity {
        let heads = members.filter { !joinsAnother[$0] }
        let head = (heads.isEmpty ? members : heads).min { a, b in
            (bases[b].articles, bases[b].mentions, bases[a].name, bases[a].key) < (bases[a].articles, bases[a].mentions, bases[b].name, bases[b].key)
        }!
        let first = bases[members[0]]
        var aliases = first.aliases, roles = first.roles, countries = first.countries
        aliases.add(first.names)
        var entity = Entity(name: bases[head].name, type: first.type, country: nil, aliases: [], roles: [], articles: first.articles,
                            mentions: first.mentions, quotes: first.quotes, firstSeen: first.firstSeen, lastSeen: first.lastSeen,
                            sample: [], members: members.map { bases[$0].key }.sorted(), memberOrdinals: members)
        var sample = first.sample
        for n in members.dropFirst() {
            let b = bases[n]
            aliases.add(b.aliases); aliases.add(b.names); roles.add(b.roles); countries.add(b.countries)
            entity.articles += b.articles; entity.mentions += b.mentions; entity.quotes += b.quotes
            entity.firstSeen = min(entity.firstSeen, b.firstSeen); entity.lastSeen = max(entity.lastSeen, b.lastSeen)
            sample += b.sample
        }
        entity.aliases = aliases.ranked().filter { $0 != entity.name }.prefix(aliasLimit).map { $0 }
        entity.roles = roles.ranked(limit: roleLimit)
        entity.country = countries.ranked(limit: 1).first
        if members.count > 1 { sample.sort { ($0.rank, $0.ordinal) < ($1.rank, $1.ordinal) } }  // one member's is sorted already
        entity.sample = sample.prefix(CorpusAggregate.articleSampleLimit).map(\.ordinal)
        return entity
    }

    private static func speakers(_ entities: [Entity], other: [String: Int]) -> [(name: String?, quotes: Int)] {
        var byName = other
        for e in entities where e.quotes > 0 { byName[e.name, default: 0] += e.quotes }
        return byName.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (name: $0.key.isEmpty ? nil : $0.key, quotes: $0.value) }
    }

    /// Base entity pairs summed into entity pairs; pairs within one entity vanish.
    private static func fold(_ pairs: [UInt64: UInt32], through entityOf: [Int]) -> [UInt64: UInt32] {
        var out: [UInt64: UInt32] = [:]
        for (key, n) in pairs {
            let (a, b) = CorpusAggregate.pairMembers(key)
            guard a < entityOf.count, b < entityOf.count, entityOf[a] != entityOf[b] else { continue }
            out[CorpusAggregate.pairKey(entityOf[a], entityOf[b]), default: 0] += n
        }
        return out
    }
}
