/// The corpus as people see it (`corpus.json`, `index/entities.tsv`): base entities joined
/// into real-world entities, computed from a `CorpusAggregate` at each checkpoint.
///
/// A function of the aggregate alone, which is itself a function of the set of records, so
/// the view never depends on arrival order. The rules:
/// - A base entity joins another of its type when its name is, among all the base entities,
///   an alias of that one only, and a shorter form of its name (`CorpusAggregate.isForm`): "Blair"
///   joins "Tony Blair" unless another base entity (say "Cherie Blair") has the alias
///   "Blair" too. An alias used by more than two base entities never joins anything. A
///   country's own names are one base entity already and take no part in this.
/// - A joined entity goes by the name of the member nothing else joined into (the fullest
///   form), then the one with most articles, then most mentions, then the name sorting first.
/// - Aliases and roles: the most counted first, then alphabetical; country: the code most
///   articles gave. Article counts subtract articles that named two members.
///
/// Compact: entities are numbers and pool ids until `entity(_:)` renders one with its
/// strings, so a checkpoint never holds every entity's strings at once.
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
    }

    /// An entity before its strings are made.
    struct Group {
        /// Pool id of its name.
        var name: UInt32
        var type: EntityType
        var articles: Int
        var mentions: Int
        var quotes: Int
        var firstSeen: UInt32
        var lastSeen: UInt32
        /// Its base entities in `memberList`, sorted by key.
        var members: Range<Int>
    }

    let aggregate: CorpusAggregate
    /// Entities in listing order: most articles first, then name, type and members.
    private(set) var groups: [Group] = []
    private var memberList: [UInt32] = []
    /// Base entity ordinal → index of its entity.
    public private(set) var entityOf: [UInt32] = []
    /// Quote counts by speaker (nil: unattributed), most quotes first, then by name.
    public private(set) var speakers: [(name: String?, quotes: Int)] = []
    /// Article co-occurrence between entities (keys from `CorpusAggregate.pairKey` over
    /// indexes of entities).
    private(set) var pairs = EntityPairCounts()
    private(set) var sentencePairs = EntityPairCounts()

    public init(_ aggregate: CorpusAggregate) {
        self.aggregate = aggregate
        let bases = aggregate.bases
        var unions = UnionFind(count: bases.count)
        var joinsAnother = [Bool](repeating: false, count: bases.count)
        for (n, base) in bases.enumerated() where !base.isCountry {
            guard let owners = aggregate.aliasOwners[CorpusAggregate.typeKey(base.type, base.key)] else { continue }
            guard owners.members.count == 1, let target = owners.members.first, !bases[target].isCountry,
                aggregate.isForm(n, of: target)
            else { continue }
            unions.union(n, target)
            joinsAnother[n] = true
        }
        // Bucket the bases by root (a counting sort: this runs over every base entity).
        let roots = bases.indices.map { unions.find($0) }
        var starts = [Int](repeating: 0, count: bases.count + 1)
        for root in roots { starts[root + 1] += 1 }
        for i in 0..<bases.count { starts[i + 1] += starts[i] }
        var fill = starts
        var byRoot = [UInt32](repeating: 0, count: bases.count)
        for (n, root) in roots.enumerated() { byRoot[fill[root]] = UInt32(n); fill[root] += 1 }
        var built: [Group] = []
        var groupOfRoot = [Int32](repeating: -1, count: bases.count)
        for root in 0..<bases.count where starts[root + 1] > starts[root] {
            groupOfRoot[root] = Int32(built.count)
            built.append(group(Array(byRoot[starts[root]..<starts[root + 1]]), joinsAnother: joinsAnother))
        }
        subtractOverlaps(roots: roots, groupOfRoot: groupOfRoot, groups: &built)
        let pool = aggregate.pool
        let list = memberList
        built.sort { x, y in
            if x.articles != y.articles { return x.articles > y.articles }
            if x.name != y.name, case let order = TextOrder.compare(pool, x.name, y.name), order != 0 {
                return order < 0
            }
            if x.type != y.type { return x.type.rawValue < y.type.rawValue }
            return TextOrder.less(
                pool, bases[Int(list[x.members.lowerBound])].key, bases[Int(list[y.members.lowerBound])].key)
        }
        entityOf = [UInt32](repeating: 0, count: bases.count)
        for (index, g) in built.enumerated() { for n in memberList[g.members] { entityOf[Int(n)] = UInt32(index) } }
        groups = built
        speakers = Self.speakers(groups, pool, other: aggregate.otherSpeakers)
        var soleMember = [UInt32](repeating: EntityPairCounts.joined, count: groups.count)
        for (index, g) in groups.enumerated() where g.members.count == 1 {
            soleMember[index] = memberList[g.members.lowerBound]
        }
        pairs = EntityPairCounts(aggregate.pairs, entityOf: entityOf, soleMember: soleMember)
        sentencePairs = EntityPairCounts(aggregate.sentencePairs, entityOf: entityOf, soleMember: soleMember)
    }

    /// Entities in the view.
    public var count: Int { groups.count }

    /// The base entities joined in entity `index`.
    public func members(of index: Int) -> ArraySlice<UInt32> { memberList[groups[index].members] }

    /// How many articles name entity `index`.
    func articles(of index: Int) -> Int { groups[index].articles }

    /// The type of entity `index`.
    func type(of index: Int) -> EntityType { groups[index].type }

    /// The name of entity `index`.
    public func entityName(_ index: Int) -> String { aggregate.pool.string(groups[index].name) }

    /// Every entity with its strings (for tests and small stores; renderers go one by one).
    public var entities: [Entity] { (0..<count).map(entity) }

    /// Entity `index` with its strings: name, aliases, roles, country, sample, members.
    public func entity(_ index: Int) -> Entity {
        let g = groups[index]
        let pool = aggregate.pool
        let members = memberList[g.members]
        var aliases: [(id: UInt32, count: UInt32)] = [], roles: [(id: UInt32, count: UInt32)] = []
        var countries: [(id: UInt32, count: UInt32)] = []
        var sample: [CorpusAggregate.SampleArticle] = []
        for n in members {
            for item in aggregate.tallies(of: Int(n)) {
                switch item.facet {
                case .name, .alias: aliases.append((item.id, item.count))
                case .role: roles.append((item.id, item.count))
                case .country: countries.append((item.id, item.count))
                }
            }
            sample += aggregate.sample(of: Int(n))
        }
        // One member's sample is sorted already.
        if members.count > 1 { sample.sort { ($0.rank, $0.ordinal) < ($1.rank, $1.ordinal) } }
        let name = pool.string(g.name)
        return Entity(
            name: name, type: g.type.rawValue, country: Self.ranked(&countries, pool, limit: 1).first.map(pool.string),
            aliases: Self.ranked(&aliases, pool, limit: .max).lazy.filter { $0 != g.name }.prefix(Self.aliasLimit).map(
                pool.string),
            roles: Self.ranked(&roles, pool, limit: Self.roleLimit).map(pool.string),
            articles: g.articles, mentions: g.mentions, quotes: g.quotes,
            firstSeen: Timestamp.iso8601(g.firstSeen), lastSeen: Timestamp.iso8601(g.lastSeen),
            sample: sample.prefix(CorpusAggregate.articleSampleLimit).map(\.ordinal),
            members: members.map { pool.string(aggregate.bases[Int($0)].key) })
    }

    /// Ids by count (counts of one id summed), most first, then by text; at most `limit`.
    static func ranked(_ items: inout [(id: UInt32, count: UInt32)], _ pool: StringPool, limit: Int) -> [UInt32] {
        if items.count > 1 {
            items.sort { $0.id < $1.id }
            var n = 0
            for item in items {
                if n > 0 && items[n - 1].id == item.id {
                    items[n - 1].count &+= item.count
                } else {
                    items[n] = item; n += 1
                }
            }
            items.removeLast(items.count - n)
            items.sort { $0.count != $1.count ? $0.count > $1.count : TextOrder.less(pool, $0.id, $1.id) }
        }
        return items.prefix(limit).map(\.id)
    }

    /// The most counted name of a base entity (ties: the one sorting first).
    static func name(of base: Int, _ aggregate: CorpusAggregate) -> UInt32 {
        var best: CorpusAggregate.TallyItem?
        for item in aggregate.tallies(of: base) where item.facet == .name {
            if let b = best,
                b.count > item.count || b.count == item.count && !TextOrder.less(aggregate.pool, item.id, b.id)
            {
                continue
            }
            best = item
        }
        return best?.id ?? aggregate.bases[base].key
    }

    /// The base entities of one root as an entity: counts summed, named by its head.
    private mutating func group(_ members: [UInt32], joinsAnother: [Bool]) -> Group {
        let bases = aggregate.bases, pool = aggregate.pool
        let sorted =
            members.count == 1
            ? members : members.sorted { TextOrder.less(pool, bases[Int($0)].key, bases[Int($1)].key) }
        let heads = members.filter { !joinsAnother[Int($0)] }
        var head = (heads.isEmpty ? members : heads)[0]
        var headName = Self.name(of: Int(head), aggregate)
        for n in (heads.isEmpty ? members : heads).dropFirst() {
            let a = bases[Int(n)], b = bases[Int(head)], name = Self.name(of: Int(n), aggregate)
            let better =
                a.articles != b.articles
                ? a.articles > b.articles
                : a.mentions != b.mentions
                    ? a.mentions > b.mentions
                    : name != headName && TextOrder.compare(pool, name, headName) != 0
                        ? TextOrder.less(pool, name, headName)
                        : TextOrder.less(pool, a.key, b.key)
            if better { head = n; headName = name }
        }
        var g = Group(
            name: headName, type: bases[Int(head)].type, articles: 0, mentions: 0, quotes: 0, firstSeen: .max,
            lastSeen: 0,
            members: memberList.count..<memberList.count + members.count)
        for n in sorted {
            let b = bases[Int(n)]
            g.articles += Int(b.articles); g.mentions += Int(b.mentions); g.quotes += Int(b.quotes)
            g.firstSeen = min(g.firstSeen, b.firstSeen); g.lastSeen = max(g.lastSeen, b.lastSeen)
        }
        memberList += sorted
        return g
    }

    /// Article counts add up over members; an article naming two members counted twice.
    private func subtractOverlaps(roots: [Int], groupOfRoot: [Int32], groups: inout [Group]) {
        aggregate.overlapPairs.forEach { key, n in
            let (a, b) = CorpusAggregate.pairMembers(key)
            if roots[a] == roots[b] { groups[Int(groupOfRoot[roots[a]])].articles -= Int(n) }
        }
        for (members, n) in aggregate.overlapGroups {
            var present: [Int: Int] = [:]
            for m in members { present[roots[Int(m)], default: 0] += 1 }
            for (root, count) in present where count > 1 { groups[Int(groupOfRoot[root])].articles -= n * (count - 1) }
        }
    }

    private static func speakers(
        _ groups: [Group], _ pool: StringPool, other: [String: Int]
    ) -> [(name: String?, quotes: Int)] {
        var byName = other
        for g in groups where g.quotes > 0 { byName[pool.string(g.name), default: 0] += g.quotes }
        return byName.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
            (name: $0.key.isEmpty ? nil : $0.key, quotes: $0.value)
        }
    }

    /// Base entity pairs summed into entity pairs; pairs within one entity vanish.
    /// The `n` pairs with the highest counts, ties by key (entity indexes): deterministic.
    static func top(_ table: EntityPairCounts, _ n: Int) -> [(key: UInt64, count: UInt32)] {
        var heap = TopHeap(limit: n)
        table.forEach { heap.offer(key: $0, count: $1) }
        return heap.sorted()
    }
}

/// The best `limit` (count, key) entries seen: highest count first, then smallest key.
struct TopHeap {
    private var items: [(key: UInt64, count: UInt32)] = []
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Whether `a` ranks before `b`.
    private static func before(_ a: (key: UInt64, count: UInt32), _ b: (key: UInt64, count: UInt32)) -> Bool {
        a.count != b.count ? a.count > b.count : a.key < b.key
    }

    /// A min-heap on rank: the root is the worst kept entry.
    mutating func offer(key: UInt64, count: UInt32) {
        let item = (key: key, count: count)
        if items.count < limit {
            items.append(item)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.before(items[parent], items[i]) else { break }
                items.swapAt(parent, i); i = parent
            }
            return
        }
        guard limit > 0, Self.before(item, items[0]) else { return }
        items[0] = item
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var worst = i
            if l < items.count && Self.before(items[worst], items[l]) { worst = l }
            if r < items.count && Self.before(items[worst], items[r]) { worst = r }
            if worst == i { break }
            items.swapAt(worst, i); i = worst
        }
    }

    func sorted() -> [(key: UInt64, count: UInt32)] { items.sorted(by: Self.before) }
}

/// Co-occurrence counts between entities (keys: `CorpusAggregate.pairKey` of entity indexes),
/// from the aggregate's counts between base entities. A pair of two entities of one base each
/// has its base pair's count, so it is read from the aggregate's table in place; only pairs
/// with a joined entity (several bases) are summed into a table of their own. A checkpoint at
/// a million articles thus copies no million-pair table (16 MB each, two of them).
struct EntityPairCounts {
    /// `soleMember` of an entity joined from several base entities.
    static let joined = UInt32.max

    /// The aggregate's counts by base pair (shared, not copied).
    private let bases: CountTable
    /// Base entity ordinal → its entity's index.
    private let entityOf: [UInt32]
    /// Entity index → its one base entity, or `joined`.
    private let soleMember: [UInt32]
    /// Counts of the pairs with a joined entity, summed over their base pairs.
    private var joinedPairs = CountTable()

    init() { bases = CountTable(); entityOf = []; soleMember = [] }

    init(_ bases: CountTable, entityOf: [UInt32], soleMember: [UInt32]) {
        self.bases = bases
        self.entityOf = entityOf
        self.soleMember = soleMember
        var joinedPairs = CountTable()
        bases.forEach { key, n in
            guard let (x, y) = entities(ofBasePair: key), !(isSole(x) && isSole(y)) else { return }
            joinedPairs.add(CorpusAggregate.pairKey(x, y), n)
        }
        self.joinedPairs = joinedPairs
    }

    /// The two entities of a base pair, nil when the pair is inside one entity (or unknown).
    private func entities(ofBasePair key: UInt64) -> (Int, Int)? {
        let (a, b) = CorpusAggregate.pairMembers(key)
        guard a < entityOf.count, b < entityOf.count, entityOf[a] != entityOf[b] else { return nil }
        return (Int(entityOf[a]), Int(entityOf[b]))
    }

    private func isSole(_ entity: Int) -> Bool { soleMember[entity] != Self.joined }

    subscript(key: UInt64) -> UInt32? {
        let (x, y) = CorpusAggregate.pairMembers(key)
        guard x < soleMember.count, y < soleMember.count, x != y else { return nil }
        guard isSole(x) && isSole(y) else { return joinedPairs[key] }
        return bases[CorpusAggregate.pairKey(Int(soleMember[x]), Int(soleMember[y]))]
    }

    /// Every pair of distinct entities with its count, in no meaningful order.
    func forEach(_ body: (UInt64, UInt32) -> Void) {
        joinedPairs.forEach(body)
        bases.forEach { key, n in
            guard let (x, y) = entities(ofBasePair: key), isSole(x) && isSole(y) else { return }
            body(CorpusAggregate.pairKey(x, y), n)
        }
    }

    /// The pairs as a dictionary (for tests).
    var dictionary: [UInt64: UInt32] {
        var out: [UInt64: UInt32] = [:]
        forEach { out[$0] = $1 }
        return out
    }
}
