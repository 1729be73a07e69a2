import CCacheHints
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
/// Built for the collector's hot path: every string is stored once in a `StringPool` and
/// named by an id; base entities are plain structs; counts live in open-addressing tables
/// (`HashTable64`, `CountTable`). Pool ids and base ordinals depend on arrival order, so they only ever
/// find things: every ordering decision compares counts, names or id ranks.
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
    /// A spelling whose name normalizes to nothing: no entity.
    static let noBase = UInt32.max

    /// One article of an entity's sample: ordered by `rank` (the id's first 64 bits).
    public struct SampleArticle: Sendable, Equatable {
        public var rank: UInt64
        public var ordinal: UInt32
    }

    /// What a tally item of a base entity counts.
    enum Facet: UInt32 { case name = 0, alias, role, country }

    /// A counted string of a base entity: facet in the top 2 bits, pool id in the rest.
    struct TallyItem: Sendable, Equatable {
        var tag: UInt32
        var count: UInt32
        var facet: Facet { Facet(rawValue: tag >> 30)! }
        var id: UInt32 { tag & 0x3FFF_FFFF }
        static func tag(_ facet: Facet, _ id: UInt32) -> UInt32 { facet.rawValue << 30 | id }
        /// As one word: tag in the high half, count in the low.
        var word: UInt64 { UInt64(tag) << 32 | UInt64(count) }
        init(tag: UInt32, count: UInt32) { self.tag = tag; self.count = count }
        init(word: UInt64) { tag = UInt32(truncatingIfNeeded: word >> 32); count = UInt32(truncatingIfNeeded: word) }
    }

    /// Everything the records said about one type and merge key. What an article changes
    /// sits together (one row of one or two cache lines, and its block of `items`), since the
    /// merge touches thousands of scattered base entities a second.
    struct Base: Sendable, Equatable {
        var type: EntityType
        var isCountry: Bool
        /// Pool id of the merge key.
        var key: UInt32
        var articles: UInt32 = 0
        var mentions: UInt32 = 0
        var quotes: UInt32 = 0
        /// Commit times (seconds since 1970) of the first and last article naming it.
        var firstSeen = UInt32.max
        var lastSeen: UInt32 = 0
        /// `fingerprint("TYPE key")`: a tiebreak that does not depend on arrival.
        var fingerprint: UInt64
        /// The key's words (pool ids) in `keyWords`.
        var wordStart: UInt32
        var wordCount: UInt16
        /// One word of two or more letters: it may stand for another name's initials.
        var acronym: Bool
        /// Pool id + 1 of the initials of a name of two or more words (0: none).
        var initials: UInt32
        var tallyCount: UInt16 = 0
        var sampleCount: UInt8 = 0
        /// Where its words are in `CorpusAggregate.items`: `tallyCount` tally items
        /// (`TallyItem.word`), then `sampleCount` sample articles as (rank, ordinal) word
        /// pairs, smallest rank first. Depends on arrival order, like the ordinals.
        var block = ItemArena.Block(start: 0, sizeClass: 0)

        /// Words in use in its block.
        var itemCount: Int { Int(tallyCount) + 2 * Int(sampleCount) }
    }

    /// A base entity with its words instead of where they sit: what two states holding the
    /// same entities share, wherever their arenas put the words (snapshot tests compare it).
    struct BaseContents: Sendable, Equatable {
        var base: Base
        var words: [UInt64]
    }

    public struct Period: Sendable, Codable, Equatable { public var mentions = 0; public var articles = 0 }

    /// The base entities that used an alias (other than as their own name), for the merge
    /// rule, which needs to know only whether there is exactly one: up to two, or `many`.
    struct AliasOwners: Sendable, Equatable {
        var first: Int32 = -1
        var second: Int32 = -1
        var many = false

        mutating func insert(_ ordinal: UInt32) {
            let o = Int32(ordinal)
            if many || first == o || second == o { return }
            if first < 0 { first = o } else if second < 0 { second = o } else { many = true }
        }

        var members: [Int] { many ? [] : [first, second].filter { $0 >= 0 }.map(Int.init) }
    }

    /// How a country's own name resolves: to the country (`@CC`) when the record gives it
    /// that code or none, else to a place of that name.
    struct CountrySpelling: Sendable {
        var code: UInt32
        var plainKey: UInt32
        var countryBase = CorpusAggregate.noBase
        var plainBase = CorpusAggregate.noBase
    }

    public internal(set) var articles = 0
    public internal(set) var failures = 0
    public internal(set) var quotes = 0
    public internal(set) var failureReasons: [String: Int] = [:]
    /// Every string the state keeps: spellings, aliases, roles, codes, merge keys, words.
    var pool = StringPool()
    var bases: [Base] = []
    /// The tallies and samples of `bases`, a block each.
    var items = ItemArena()
    /// Word ids of every base's key, back to back.
    var keyWords: [UInt32] = []
    /// (type, key) → base ordinal.
    var baseIndex = HashTable64<UInt32>(filler: 0)
    /// (type, normalized alias) → the base entities that used it.
    var aliasOwners = HashTable64<AliasOwners>(filler: AliasOwners())
    /// Pairs of base entities named in the same article (the most-mentioned 8 of each article).
    var pairs = CountTable()
    /// Pairs of base entities named in the same sentence: sentences where both occur.
    var sentencePairs = CountTable()
    /// Base entities of one type named in one article whose names are forms of each other
    /// ("Blair", "Tony Blair"): what keeps article counts exact when the merged view joins
    /// them. Groups of two by pair key, larger ones by their sorted ordinals.
    var overlapPairs = CountTable()
    var overlapGroups: [[Int32]: Int] = [:]
    public internal(set) var timeline: [String: Period] = [:]
    var phrases = PhraseTable()
    /// Quotes whose speaker is no entity of its article, by speaker ("" for unattributed).
    public internal(set) var otherSpeakers: [String: Int] = [:]

    // Caches, rebuilt as needed (not part of a snapshot).
    /// (type, spelling) → base ordinal, `noBase`, or 0x8000_0000 | index in `countrySpellings`.
    var spellings = HashTable64<UInt32>(filler: 0)
    var countrySpellings: [CountrySpelling] = []
    /// Pool id → its `NameKey`'s pool id + 1 (0: not computed yet).
    var keyOf: [UInt32] = []
    /// Reused by `add(article:)` (not part of a snapshot).
    private var scratch = ArticleScratch()

    public init() {}

    /// Base entities so far.
    public var baseCount: Int { bases.count }

    /// The words of base `b`'s block in use: tallies, then sample.
    func itemWords(of b: Int) -> ArraySlice<UInt64> { items.words(bases[b].block, count: bases[b].itemCount) }

    func tallies(of b: Int) -> [TallyItem] {
        itemWords(of: b).prefix(Int(bases[b].tallyCount)).map(TallyItem.init(word:))
    }

    func sample(of b: Int) -> [SampleArticle] {
        let words = itemWords(of: b).dropFirst(Int(bases[b].tallyCount))
        return stride(from: words.startIndex, to: words.endIndex, by: 2).map {
            SampleArticle(rank: words[$0], ordinal: UInt32(truncatingIfNeeded: words[$0 + 1]))
        }
    }

    /// Gives base `b` these words (tallies, then sample) in a block of its own (a snapshot's).
    mutating func setItems(of b: Int, _ words: [UInt64]) {
        bases[b].block = items.allocate(ItemArena.sizeClass(for: max(words.count, 1)))
        items.withWords(bases[b].block.start) { w in for (i, word) in words.enumerated() { w[i] = word } }
    }

    var baseContents: [BaseContents] {
        bases.indices.map { b in
            var row = bases[b]
            row.block = ItemArena.Block(start: 0, sizeClass: 0)
            return BaseContents(base: row, words: Array(itemWords(of: b)))
        }
    }

    /// Makes room in base `b`'s block for `extra` more words (moving it to a bigger one when full).
    @inline(__always)
    private mutating func reserveItems(_ b: Int, _ extra: Int) {
        let block = bases[b].block, used = bases[b].itemCount
        guard used + extra > block.capacity else { return }
        bases[b].block = items.move(block, count: used, to: ItemArena.sizeClass(for: used + extra))
    }

    // MARK: Adding records

    /// One article's contribution to the append-only indexes, resolved to base entity ordinals.
    public struct Contribution {
        /// (base entity ordinal, mentions in this article), one per distinct base entity.
        var postings: [(entity: UInt32, mentions: UInt32)] = []
        /// Each quote: the speaker's base entity if it is an entity of the article.
        var quotes: [(quote: Int, entity: UInt32?)] = []
    }

    /// An entity of the article, resolved.
    private struct Present {
        var base: UInt32
        var first: Int32
        var mentions: UInt32
        var several: Bool
        var fingerprint: UInt64
    }

    /// A base entity named in a sentence.
    private struct InSentence {
        var sentence: Int
        var fingerprint: UInt64
        var base: UInt32
    }

    /// Merges an article; returns what goes to the append-only indexes.
    ///
    /// Most of the time goes to cache misses: an article names some 20 of tens of thousands
    /// of base entities, each reached through a string slot, a spelling entry, its row and
    /// its block of items, and its pairs add to tables of up to a million entries. So the
    /// merge runs in stages, each starting the loads of all the article's entities
    /// (`gleaner_prefetch`) before the next stage needs them, instead of waiting for each
    /// entity's loads in turn.
    /// - Parameter now: the commit time, seconds since 1970.
    public mutating func add(article r: RecordSummary, ordinal article: UInt32, now: UInt32) -> Contribution {
        var contribution = Contribution()
        add(article: r, ordinal: article, now: now, into: &contribution)
        return contribution
    }

    /// `add(article:ordinal:now:)` into `contribution`, emptied first: the collector reuses one
    /// for every article, as the merge reuses its own arrays (`ArticleScratch`).
    public mutating func add(
        article r: RecordSummary, ordinal article: UInt32, now: UInt32, into contribution: inout Contribution
    ) {
        articles += 1
        contribution.postings.removeAll(keepingCapacity: true)
        contribution.quotes.removeAll(keepingCapacity: true)
        var s = ArticleScratch()
        swap(&s, &scratch)  // taken, not copied: its arrays stay uniquely referenced
        defer { swap(&s, &scratch) }
        let entities = r.entityFields ?? []
        s.spelling.refill(Self.noBase, count: entities.count)
        s.baseOf.refill(Self.noBase, count: entities.count)
        r.text.withUnsafeBytes { text in
            internNames(entities, r, text, &s)
            for (i, e) in entities.enumerated() where s.spelling[i] != Self.noBase {
                guard let b = resolve(e.kind!, s.spelling[i], country: e.country.map { Self.slice(text, $0) }) else {
                    continue
                }
                s.baseOf[i] = b
                prefetchRow(b)
            }
        }
        // Outside the closures: there `s` and `self` are captured addresses that may alias,
        // so a non-mutating call with `&s` would copy the whole state first.
        presentBases(entities, r, &s)
        Self.sortBySentence(&s.inSentence, bases, pool)
        Self.rankByMentions(&s, bases, pool)
        Self.articlePairs(s.ranked, into: &s.articleKeys)
        Self.sentencePairs(s.inSentence, into: &s.sentenceKeys, group: &s.group)
        for key in s.articleKeys { pairs.prefetch(key) }
        for key in s.sentenceKeys { sentencePairs.prefetch(key) }
        r.text.withUnsafeBytes { text in
            // The scratch passed whole (`inout`): its arrays passed one by one were retained and
            // released for every entity.
            for p in s.present { merge(p, entities, r, text, &s) }
        }
        let rank = Self.rank(ofID: r.text[r.idText.range])
        contribution.postings.reserveCapacity(s.present.count)
        contribution.quotes.reserveCapacity(r.quoteFields?.count ?? 0)
        for p in s.present {
            let b = Int(p.base)
            bases[b].articles &+= 1
            bases[b].mentions &+= p.mentions
            bases[b].firstSeen = min(bases[b].firstSeen, now)
            bases[b].lastSeen = max(bases[b].lastSeen, now)
            addToSample(b, SampleArticle(rank: rank, ordinal: article))
            contribution.postings.append((p.base, p.mentions))
        }
        countOverlaps(s.present, typed: &s.typed)
        sentencePairs.add(each: s.sentenceKeys)
        if sentencePairs.count > Self.pairLimit { sentencePairs.filter { $1 > 1 } }
        pairs.add(each: s.articleKeys)
        if pairs.count > Self.pairLimit { pairs.filter { $1 > 1 } }
        addQuotes(r, spelling: s.spelling, baseOf: s.baseOf, into: &contribution)
        addDates(r, seen: &s.periods)
        addPhrases(r, &s)
    }

    /// The arrays an article's merge fills, kept across articles: once they have grown to
    /// the largest article's size, merging one allocates nothing for them (some 25 arrays an
    /// article were allocated and freed before). Not part of the state: emptied before use.
    private struct ArticleScratch {
        /// Per entity of the article: its name's pool id, its base entity (`noBase`: none).
        var spelling: [UInt32] = [], baseOf: [UInt32] = []
        /// Hashes of the entities' names and of the mentions spelled otherwise (0: not read).
        var hashes: [UInt64] = [], mentionHashes: [UInt64] = []
        var otherSpellings: [Int32] = []
        var present: [Present] = [], ranked: [Present] = []
        var inSentence: [InSentence] = []
        var slots = LocalSlots()
        var articleKeys: [UInt64] = [], sentenceKeys: [UInt64] = []
        var group: [UInt32] = []
        var lists = MergeScratch()
        var typed: [(type: Int, base: UInt32)] = []
        var periods: [String] = []
        var lower: [UInt8] = []
        var phrases: [(text: Range<Int>, scoreMillionths: Int)] = []
        var phraseHashes: [UInt64] = [], phraseIDs: [Int] = []
    }

    /// Interns the names of an article's entities into `spelling` (those without a known
    /// type or a name keep `noBase`) and hashes the mentions spelled otherwise, in stages:
    /// start loading every string's slot, then the bytes those slots point to, then intern
    /// and start loading each name's spelling entry (`resolve` reads it next).
    private mutating func internNames(
        _ entities: [RecordSummary.EntityFields], _ r: RecordSummary, _ text: UnsafeRawBufferPointer,
        _ s: inout ArticleScratch
    ) {
        s.hashes.refill(0, count: entities.count)
        s.mentionHashes.refill(0, count: r.mentionFields.count)
        s.otherSpellings.removeAll(keepingCapacity: true)
        for (i, e) in entities.enumerated() where e.kind != nil && e.name.count > 0 {
            let name = Self.slice(text, e.name)
            s.hashes[i] = ByteHash.hash(name)
            pool.prefetch(hash: s.hashes[i])
            for m in e.mentions {
                let mention = Self.slice(text, r.mentionFields[Int(m)].text)
                guard !mention.isBytes(of: name) else { continue }
                s.mentionHashes[Int(m)] = ByteHash.hash(mention)
                pool.prefetch(hash: s.mentionHashes[Int(m)])
                s.otherSpellings.append(m)
            }
        }
        for (i, e) in entities.enumerated() where e.kind != nil && e.name.count > 0 {
            pool.prefetchBytes(hash: s.hashes[i])
        }
        for m in s.otherSpellings { pool.prefetchBytes(hash: s.mentionHashes[Int(m)]) }
        for (i, e) in entities.enumerated() where e.kind != nil && e.name.count > 0 {
            s.spelling[i] = pool.intern(Self.slice(text, e.name), hash: s.hashes[i])
            spellings.prefetch(Self.typeKey(e.kind!, s.spelling[i]))
        }
    }

    /// Starts loading base `b`'s row.
    @inline(__always)
    private func prefetchRow(_ b: UInt32) {
        bases.withUnsafeBufferPointer {
            let row = UnsafeRawPointer($0.baseAddress! + Int(b))
            gleaner_prefetch(row)
            gleaner_prefetch(row + MemoryLayout<Base>.stride - 1)
        }
    }

    /// The article's distinct base entities (in order of first entity), each with its mention
    /// count, and every (sentence, base) of its mentions. Starts loading what the merge reads
    /// next of each: its tallies, the end of its sample, its key's words.
    private func presentBases(
        _ entities: [RecordSummary.EntityFields], _ r: RecordSummary, _ s: inout ArticleScratch
    ) {
        s.present.removeAll(keepingCapacity: true)
        s.inSentence.removeAll(keepingCapacity: true)
        s.slots.reset(capacity: entities.count)
        s.present.reserveCapacity(entities.count)
        s.inSentence.reserveCapacity(r.mentionFields.count)
        for (i, e) in entities.enumerated() where s.baseOf[i] != Self.noBase {
            let b = s.baseOf[i]
            let (p, isNew) = s.slots.slot(of: b, next: s.present.count)
            if isNew {
                let row = bases[Int(b)]
                items.prefetch(row.block, also: max(row.itemCount - 1, 0))
                if row.wordCount > 0 {
                    keyWords.withUnsafeBufferPointer { gleaner_prefetch($0.baseAddress! + Int(row.wordStart)) }
                }
                s.present.append(
                    Present(base: b, first: Int32(i), mentions: 0, several: false, fingerprint: row.fingerprint))
            } else {
                s.present[p].several = true
            }
            s.present[p].mentions &+= UInt32(e.mentions.count)
            let fingerprint = s.present[p].fingerprint
            for m in e.mentions {
                if let n = r.mentionFields[Int(m)].sentence {
                    s.inSentence.append(InSentence(sentence: n, fingerprint: fingerprint, base: b))
                }
            }
        }
    }

    public mutating func add(failure record: RecordSummary) {
        failures += 1
        failureReasons[record.reason ?? "unknown", default: 0] += 1
    }

    @inline(__always)
    static func slice(_ text: UnsafeRawBufferPointer, _ t: RecordSummary.Text) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: text[t.range])
    }

    // MARK: Base entities

    static func typeKey(_ type: EntityType, _ id: UInt32) -> UInt64 { UInt64(type.index) << 32 | UInt64(id) }

    /// The base entity a spelling of `type` names: a country's own names merge by its code
    /// (when the record gives that code or none), everything else by normalized name. Nil
    /// for a name that normalizes to nothing.
    private mutating func resolve(_ type: EntityType, _ name: UInt32, country: UnsafeRawBufferPointer?) -> UInt32? {
        let k = Self.typeKey(type, name)
        let known: UInt32
        if let v = spellings[k] {
            known = v
        } else {
            known = resolveSpelling(type, name)
            spellings.set(k, known)
        }
        if known == Self.noBase { return nil }
        guard known & 0x8000_0000 != 0 else { return known }
        let index = Int(known & 0x7FFF_FFFF)
        let c = countrySpellings[index]
        let isCountry =
            country.map { code in pool.bytes[pool.range(c.code)].withUnsafeBytes { $0.isBytes(of: code) } } ?? true
        if isCountry {
            if c.countryBase == Self.noBase {
                countrySpellings[index].countryBase = makeBase(type, pool.intern("@" + pool.string(c.code)))
            }
            return countrySpellings[index].countryBase
        }
        if c.plainBase == Self.noBase { countrySpellings[index].plainBase = makeBase(type, c.plainKey) }
        return countrySpellings[index].plainBase
    }

    /// The slow path of `resolve`, once per distinct spelling and type.
    private mutating func resolveSpelling(_ type: EntityType, _ name: UInt32) -> UInt32 {
        let key = normalizedKey(name)
        let keyText = pool.string(key)
        if let code = CountryNames.ownCode(ofKey: keyText, type: type.rawValue) {
            countrySpellings.append(CountrySpelling(code: pool.intern(code), plainKey: key))
            return 0x8000_0000 | UInt32(countrySpellings.count - 1)
        }
        return keyText.isEmpty ? Self.noBase : makeBase(type, key)
    }

    /// The pool id of a string's `NameKey`, computed once per string.
    private mutating func normalizedKey(_ id: UInt32) -> UInt32 {
        if Int(id) < keyOf.count, keyOf[Int(id)] != 0 { return keyOf[Int(id)] - 1 }
        let key = pool.intern(NameKey.normalize(pool.string(id)))
        if keyOf.count < pool.count { keyOf.append(contentsOf: repeatElement(0, count: pool.count - keyOf.count)) }
        keyOf[Int(id)] = key + 1
        return key
    }

    /// The `NameKey` of a name or alias, from the cache when the state has it.
    func nameKey(of text: String) -> [UInt8] {
        var copy = text
        if let id = copy.withUTF8({ pool.find(UnsafeRawBufferPointer($0)) }), Int(id) < keyOf.count, keyOf[Int(id)] != 0
        {
            return Array(pool.utf8(keyOf[Int(id)] - 1))
        }
        return Array(NameKey.normalize(text).utf8)
    }

    /// The base entity of (type, key), created if new.
    mutating func makeBase(_ type: EntityType, _ key: UInt32) -> UInt32 {
        let k = Self.typeKey(type, key)
        if let ordinal = baseIndex[k] { return ordinal }
        let ordinal = UInt32(bases.count)
        let text = pool.string(key)
        let words = NameForms.words(text)
        let wordStart = UInt32(keyWords.count)
        for w in words { keyWords.append(pool.intern(String(w))) }
        var initials: UInt32 = 0
        if words.count > 1 { initials = pool.intern(String(NameForms.initials(words))) + 1 }
        let acronym = words.count == 1 && text.count >= 2 && text.allSatisfy(\.isLetter)
        bases.append(
            Base(
                type: type, isCountry: text.hasPrefix("@"), key: key,
                fingerprint: Self.fingerprint(type.rawValue + " " + text),
                wordStart: wordStart, wordCount: UInt16(clamping: words.count), acronym: acronym, initials: initials,
                block: items.allocate(0)))
        baseIndex.set(k, ordinal)
        return ordinal
    }

    /// Buffers reused across the entities of an article.
    private struct MergeScratch {
        var names = ScratchList(), aliases = ScratchList(), roles = ScratchList(), countries = ScratchList()

        mutating func reset() { names.reset(); aliases.reset(); roles.reset(); countries.reset() }
    }

    /// Counts the spellings, aliases, roles and country codes of an article's entities that
    /// share base `p.base`, each distinct value once.
    private mutating func merge(
        _ p: Present, _ entities: [RecordSummary.EntityFields], _ r: RecordSummary,
        _ text: UnsafeRawBufferPointer, _ s: inout ArticleScratch
    ) {
        s.lists.reset()
        var i = Int(p.first)
        while i < entities.count {
            defer { i += 1 }
            guard s.baseOf[i] == p.base else { continue }
            let e = entities[i]
            s.lists.names.append(s.spelling[i])
            s.lists.aliases.append(s.spelling[i])
            let name = Self.slice(text, e.name)
            for m in e.mentions {
                let mention = Self.slice(text, r.mentionFields[Int(m)].text)
                // Most mentions repeat the name: no need to look those up.
                let id = mention.isBytes(of: name)
                    ? s.spelling[i] : pool.intern(mention, hash: s.mentionHashes[Int(m)])
                s.lists.aliases.append(id)
            }
            if let range = e.roles {
                for n in range { s.lists.roles.append(pool.intern(Self.slice(text, r.roleTexts[Int(n)]))) }
            }
            if let country = e.country { s.lists.countries.append(pool.intern(Self.slice(text, country))) }
            if !p.several { break }
        }
        // By index: a slice of a list, iterated while `tally` changes the state, was retained and
        // released for every id.
        let b = Int(p.base)
        for k in 0..<s.lists.names.distinct() { tally(b, .name, s.lists.names[k]) }
        for k in 0..<s.lists.aliases.distinct() where tally(b, .alias, s.lists.aliases[k]) {
            registerAlias(s.lists.aliases[k], of: p.base)
        }
        for k in 0..<s.lists.roles.distinct() { tally(b, .role, s.lists.roles[k]) }
        for k in 0..<s.lists.countries.distinct() { tally(b, .country, s.lists.countries[k]) }
    }

    /// Adds one to a base's count of a string. - Returns: whether the string is new to it.
    @discardableResult
    private mutating func tally(_ b: Int, _ facet: Facet, _ id: UInt32) -> Bool {
        let tag = UInt64(TallyItem.tag(facet, id)) << 32
        let n = Int(bases[b].tallyCount)
        let found = items.withWords(bases[b].block.start) { items in
            for i in 0..<n where items[i] & 0xFFFF_FFFF_0000_0000 == tag {
                if items[i] & 0xFFFF_FFFF != 0xFFFF_FFFF { items[i] += 1 }
                return true
            }
            return false
        }
        if found { return false }
        reserveItems(b, 1)
        let used = bases[b].itemCount
        items.withWords(bases[b].block.start) { items in
            var i = used
            while i > n { items[i] = items[i - 1]; i -= 1 }  // the sample moves up one word
            items[n] = tag | 1
        }
        bases[b].tallyCount += 1
        return true
    }

    private mutating func registerAlias(_ alias: UInt32, of ordinal: UInt32) {
        let key = normalizedKey(alias)
        let base = bases[Int(ordinal)]
        guard key != base.key, !pool.range(key).isEmpty else { return }
        aliasOwners.update(Self.typeKey(base.type, key), initial: AliasOwners()) { $0.insert(ordinal) }
    }

    /// FNV-1a of "TYPE key": a tiebreak between base entities that does not depend on when
    /// they were created.
    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// A total order on base entities by fingerprint, then type and key. Static, so sort
    /// closures borrow two arrays instead of copying the whole state.
    static func precedes(_ a: UInt32, _ b: UInt32, _ bases: [Base], _ pool: StringPool) -> Bool {
        let x = bases[Int(a)], y = bases[Int(b)]
        if x.fingerprint != y.fingerprint { return x.fingerprint < y.fingerprint }
        if x.type != y.type { return x.type.rawValue < y.type.rawValue }
        return pool.string(x.key) < pool.string(y.key)
    }

    /// The article's base entities (`s.present`) into `s.ranked`, most mentioned first (ties by `precedes`).
    private static func rankByMentions(_ s: inout ArticleScratch, _ bases: [Base], _ pool: StringPool) {
        s.ranked.removeAll(keepingCapacity: true)
        s.ranked.append(contentsOf: s.present)
        s.ranked.sort { a, b in
            if a.mentions != b.mentions { return a.mentions > b.mentions }
            if a.fingerprint != b.fingerprint { return a.fingerprint < b.fingerprint }
            return precedes(a.base, b.base, bases, pool)
        }
    }

    /// Sorts by sentence, then by `precedes`.
    private static func sortBySentence(_ members: inout [InSentence], _ bases: [Base], _ pool: StringPool) {
        members.sort { a, b in
            if a.sentence != b.sentence { return a.sentence < b.sentence }
            if a.fingerprint != b.fingerprint { return a.fingerprint < b.fingerprint }
            return a.base != b.base && precedes(a.base, b.base, bases, pool)
        }
    }

    /// Keeps the `articleSampleLimit` smallest ranks: the same set whatever the arrival order.
    /// Shifts the larger ranks in place (no temporary array: it runs for every entity of
    /// every article).
    private mutating func addToSample(_ b: Int, _ article: SampleArticle) {
        let start = Int(bases[b].tallyCount), count = Int(bases[b].sampleCount)
        if count == Self.articleSampleLimit
            && items.withWords(bases[b].block.start, { $0[start + 2 * (count - 1)] }) <= article.rank
        {
            return
        }
        if count < Self.articleSampleLimit {
            reserveItems(b, 2)
            bases[b].sampleCount += 1
        }
        // Now `count` or `count - 1` samples sit before the two free words at the end.
        let kept = min(count, Self.articleSampleLimit - 1)
        items.withWords(bases[b].block.start) { items in
            var at = kept
            while at > 0 && items[start + 2 * (at - 1)] > article.rank {
                items[start + 2 * at] = items[start + 2 * (at - 1)]
                items[start + 2 * at + 1] = items[start + 2 * (at - 1) + 1]
                at -= 1
            }
            items[start + 2 * at] = article.rank
            items[start + 2 * at + 1] = UInt64(article.ordinal)
        }
    }

    /// The first 64 bits of a record id (hex, "path-" prefix ignored): a total order on
    /// articles that does not depend on when they arrived. 0 when they are not hex.
    static func rank(ofID id: some Collection<UInt8>) -> UInt64 {
        let hex = id.starts(with: "path-".utf8) ? id.dropFirst(5) : id.dropFirst(0)
        var value: UInt64 = 0
        var digits = 0
        for c in hex.prefix(16) {
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x61...0x66: d = c - 0x61 + 10
            case 0x41...0x46: d = c - 0x41 + 10
            default: return 0
            }
            value = value << 4 | UInt64(d)
            digits += 1
        }
        return digits == 0 ? 0 : value
    }

    static func rank(ofID id: String) -> UInt64 { rank(ofID: Array(id.utf8)) }

    /// Whether base `s`'s name is a shorter form of base `l`'s: its words are some of l's
    /// words ("blair" of "tony blair"), or it is one word of two or more letters that spells
    /// l's initials ("bbc" of "british broadcasting corporation", `NameForms.initials`).
    func isForm(_ s: Int, of l: Int) -> Bool {
        let (a, b) = bases.withUnsafeBufferPointer { ($0[s], $0[l]) }
        guard a.wordCount > 0, a.wordCount < b.wordCount else { return false }
        let long = keyWords[Int(b.wordStart)..<Int(b.wordStart) + Int(b.wordCount)]
        if keyWords[Int(a.wordStart)..<Int(a.wordStart) + Int(a.wordCount)].allSatisfy({ long.contains($0) }) {
            return true
        }
        return a.acronym && b.initials == a.key + 1
    }

    /// Records each group of same-type base entities in this article whose names are forms
    /// of one another.
    private mutating func countOverlaps(_ present: [Present], typed: inout [(type: Int, base: UInt32)]) {
        guard present.count > 1 else { return }
        // The article's base entities by type, countries aside (each row read once). The order
        // within a type does not matter: the groups are sets.
        typed.removeAll(keepingCapacity: true)
        bases.withUnsafeBufferPointer { rows in
            for p in present where !rows[Int(p.base)].isCountry { typed.append((rows[Int(p.base)].type.index, p.base)) }
        }
        guard typed.count > 1 else { return }
        typed.sort { $0.type < $1.type }
        var start = 0
        while start < typed.count {
            var end = start + 1
            while end < typed.count && typed[end].type == typed[start].type { end += 1 }
            if end - start > 1 { countOverlaps(among: typed[start..<end].map(\.base)) }
            start = end
        }
    }

    /// Records the groups among `members` (base entities of one type) whose names are forms
    /// of one another.
    private mutating func countOverlaps(among members: [UInt32]) {
        var groups: UnionFind?
        for i in members.indices {
            for j in members.indices where j > i {
                guard isForm(Int(members[i]), of: Int(members[j])) || isForm(Int(members[j]), of: Int(members[i]))
                else { continue }
                if groups == nil { groups = UnionFind(count: members.count) }
                groups!.union(i, j)
            }
        }
        guard var groups else { return }
        var byRoot: [Int: [Int32]] = [:]
        for i in members.indices { byRoot[groups.find(i), default: []].append(Int32(members[i])) }
        for (_, group) in byRoot where group.count > 1 {
            if group.count == 2 {
                overlapPairs.add(Self.pairKey(Int(group[0]), Int(group[1])))
            } else {
                overlapGroups[group.sorted(), default: 0] += 1
            }
        }
    }

    // MARK: Co-occurrence, quotes, timeline, phrases

    static func pairKey(_ a: Int, _ b: Int) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(low) << 32 | UInt64(high)
    }

    /// The two entity ordinals of a pair key, lower first.
    static func pairMembers(_ key: UInt64) -> (Int, Int) { (Int(key >> 32), Int(key & 0xFFFF_FFFF)) }

    /// The pairs of the article's first `pairEntitiesPerArticle` base entities (ranked).
    /// Indexes, not slices: a slice of `ranked` per entity retained and released its buffer
    /// (with `sentencePairs`, some 0.8 µs a record on the store writer).
    private static func articlePairs(_ ranked: [Present], into keys: inout [UInt64]) {
        keys.removeAll(keepingCapacity: true)
        ranked.withUnsafeBufferPointer { ranked in
            let top = min(ranked.count, Self.pairEntitiesPerArticle)
            for i in 0..<top {
                for j in i + 1..<top { keys.append(Self.pairKey(Int(ranked[i].base), Int(ranked[j].base))) }
            }
        }
    }

    /// Each sentence counts once per pair of distinct entities in it (the first 16 by
    /// `precedes`). - Parameter members: (sentence, base) sorted by `sortBySentence`.
    /// - Parameter keys: gets the pair keys to count, one per sentence and pair.
    /// - Parameter group: a buffer for the members of one sentence.
    private static func sentencePairs(_ members: [InSentence], into keys: inout [UInt64], group: inout [UInt32]) {
        keys.removeAll(keepingCapacity: true)
        guard members.count > 1 else { return }
        members.withUnsafeBufferPointer { members in
            var start = 0
            while start < members.count {
                var end = start + 1
                group.removeAll(keepingCapacity: true)
                group.append(members[start].base)
                while end < members.count && members[end].sentence == members[start].sentence {
                    if members[end].base != members[end - 1].base { group.append(members[end].base) }
                    end += 1
                }
                // Room made first, then the keys written through a pointer: an append per key
                // checked the array's uniqueness for every pair.
                let top = min(group.count, Self.pairEntitiesPerArticle * 2)
                var n = keys.count
                keys.append(contentsOf: repeatElement(0, count: top * (top - 1) / 2))
                group.withUnsafeBufferPointer { group in
                    keys.withUnsafeMutableBufferPointer { keys in
                        for i in 0..<top {
                            for j in i + 1..<top { keys[n] = Self.pairKey(Int(group[i]), Int(group[j])); n += 1 }
                        }
                    }
                }
                start = end
            }
        }
    }

    /// Credits each quote to its speaker: the base entity of the (last) entity of the
    /// article whose name is the speaker, else `otherSpeakers`.
    private mutating func addQuotes(
        _ r: RecordSummary, spelling: [UInt32], baseOf: [UInt32], into contribution: inout Contribution
    ) {
        guard let quoteFields = r.quoteFields else { return }
        for (n, q) in quoteFields.enumerated() {
            var base: UInt32?
            if let speaker = q.speaker, let id = r.text[speaker.range].withUnsafeBytes({ pool.find($0) }) {
                if let i = spelling.indices.last(where: { spelling[$0] == id && baseOf[$0] != Self.noBase }) {
                    base = baseOf[i]
                }
            }
            if let base {
                bases[Int(base)].quotes &+= 1
            } else {
                otherSpeakers[q.speaker.map(r.string) ?? "", default: 0] += 1
            }
            quotes += 1
            contribution.quotes.append((n, base))
        }
    }

    private mutating func addDates(_ r: RecordSummary, seen: inout [String]) {
        seen.removeAll(keepingCapacity: true)
        for value in r.dateValues ?? [] {
            guard let value, let period = Self.period(r.text[value.range]) else { continue }
            timeline[period, default: Period()].mentions += 1
            if !seen.contains(period) {
                seen.append(period)
                timeline[period, default: Period()].articles += 1
            }
        }
    }

    /// The first 7 characters of a date value ("2022-03"), nil when it is shorter.
    static func period(_ value: ArraySlice<UInt8>) -> String? {
        // ASCII other than CR: a character is a byte (a following ASCII byte never joins it).
        let simple = { (b: UInt8) in b < 0x80 && b != 0x0D }
        if value.count >= 8 && value.prefix(8).allSatisfy(simple) || value.count == 7 && value.allSatisfy(simple) {
            return String(decoding: value.prefix(7), as: UTF8.self)
        }
        let text = String(decoding: value, as: UTF8.self)
        return text.count >= 7 ? String(text.prefix(7)) : nil
    }

    private mutating func addPhrases(_ r: RecordSummary, _ s: inout ArticleScratch) {
        guard let phraseFields = r.phraseFields, !phraseFields.isEmpty else { return }
        s.lower.removeAll(keepingCapacity: true)  // every phrase of the article, lowercased, back to back
        s.phrases.removeAll(keepingCapacity: true)
        // The phrases read through one pointer to the record's bytes: a slice of `r.text` per
        // phrase retained and released its buffer.
        r.text.withUnsafeBufferPointer { text in
            for p in phraseFields {
                let score = p.score.map { $0.isFinite ? max(min($0, 1e9), -1e9) : 0 } ?? 1
                let start = s.lower.count
                Self.lowercased(UnsafeBufferPointer(rebasing: text[p.text.range]), appendingTo: &s.lower)
                s.phrases.append((start..<s.lower.count, Int((score * Self.scoreUnit).rounded())))
            }
        }
        phrases.add(s.lower, s.phrases, hashes: &s.phraseHashes, ids: &s.phraseIDs)
        if phrases.count > Self.phraseLimit { phrases.keepRepeated() }
    }

    /// `String.lowercased()`'s bytes, without a `String` for ASCII text, appended to `lower`.
    /// ASCII text is appended in one copy and folded in place: an append per byte checked the
    /// array's uniqueness for every byte of every phrase.
    static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo lower: inout [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            let start = lower.count
            lower.append(contentsOf: bytes)
            lower.withUnsafeMutableBufferPointer { folded in
                for i in start..<folded.count where folded[i] >= 0x41 && folded[i] <= 0x5A { folded[i] |= 0x20 }
            }
        } else {
            lower.append(contentsOf: String(decoding: bytes, as: UTF8.self).lowercased().utf8)
        }
    }

    /// Corpus keyphrases by TF-IDF: summed in-article score × log(articles / documents + 1).
    public func topPhrases(_ n: Int) -> [(text: String, documents: Int, score: Double)] {
        phrases.top(n, articles: articles)
    }
}

extension EntityType {
    /// Position in `allCases`: a small number for table keys.
    var index: Int {
        switch self {
        case .person: return 0
        case .org: return 1
        case .loc: return 2
        case .norp: return 3
        case .misc: return 4
        }
    }
}

/// Keyphrase statistics: per lowercased phrase, the articles it appears in and its summed
/// score. Phrases seen in one article only are dropped when the table outgrows its bound.
struct PhraseTable: Sendable {
    private(set) var pool = StringPool()
    private(set) var documents: [UInt32] = []
    private(set) var scoreMillionths: [Int] = []

    var count: Int { pool.count }

    init() {}

    init?(pool: StringPool, documents: [UInt32], scoreMillionths: [Int]) {
        guard documents.count == pool.count, scoreMillionths.count == pool.count else { return nil }
        self.pool = pool; self.documents = documents; self.scoreMillionths = scoreMillionths
    }

    mutating func add(_ text: [UInt8], scoreMillionths score: Int) { add(text, [(0..<text.count, score)]) }

    /// Adds an article's phrases (their lowercased texts back to back in `text`), in stages
    /// like the merge's names: start loading every phrase's slot, then its bytes, then its
    /// counts, before counting.
    mutating func add(_ text: [UInt8], _ phrases: [(text: Range<Int>, scoreMillionths: Int)]) {
        var hashes: [UInt64] = [], ids: [Int] = []
        add(text, phrases, hashes: &hashes, ids: &ids)
    }

    /// `add(_:_:)` with buffers for the phrases' hashes and ids, reused across articles.
    mutating func add(
        _ text: [UInt8], _ phrases: [(text: Range<Int>, scoreMillionths: Int)], hashes: inout [UInt64],
        ids: inout [Int]
    ) {
        hashes.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        // One mutating call in the closure: the table's arrays read in the closure itself were
        // retained and released at every use (`self` there is an address that may alias).
        text.withUnsafeBytes { all in add(all, phrases, hashes: &hashes, ids: &ids) }
    }

    /// `add(_:_:hashes:ids:)` with the phrases' bytes at hand.
    private mutating func add(
        _ all: UnsafeRawBufferPointer, _ phrases: [(text: Range<Int>, scoreMillionths: Int)], hashes: inout [UInt64],
        ids: inout [Int]
    ) {
        for p in phrases { hashes.append(ByteHash.hash(UnsafeRawBufferPointer(rebasing: all[p.text]))) }
        for h in hashes { pool.prefetch(hash: h) }
        for h in hashes { pool.prefetchBytes(hash: h) }
        for (n, p) in phrases.enumerated() {
            let id = Int(pool.intern(UnsafeRawBufferPointer(rebasing: all[p.text]), hash: hashes[n]))
            if id == documents.count {
                documents.append(0); scoreMillionths.append(0)
            } else {
                documents.withUnsafeBufferPointer { gleaner_prefetch($0.baseAddress! + id) }
                scoreMillionths.withUnsafeBufferPointer { gleaner_prefetch($0.baseAddress! + id) }
            }
            ids.append(id)
        }
        for (n, id) in ids.enumerated() {
            documents[id] &+= 1
            scoreMillionths[id] &+= phrases[n].scoreMillionths
        }
    }

    /// Drops the phrases seen in one article.
    mutating func keepRepeated() {
        var kept = PhraseTable()
        for id in 0..<pool.count where documents[id] > 1 {
            let new = Int(pool.utf8(UInt32(id)).withUnsafeBytes { kept.pool.intern($0) })
            kept.documents.append(documents[id])
            kept.scoreMillionths.append(scoreMillionths[id])
            assert(new == kept.documents.count - 1)
        }
        self = kept
    }

    /// The `n` best phrases by TF-IDF (summed score × log(articles / documents + 1)), ties by text.
    func top(_ n: Int, articles: Int) -> [(text: String, documents: Int, score: Double)] {
        let total = Double(max(articles, 1))
        var scored = (0..<pool.count).map { id in
            (
                id: UInt32(id),
                score: Double(scoreMillionths[id]) / CorpusAggregate.scoreUnit * log(total / Double(documents[id]) + 1)
            )
        }
        scored.sort { $0.score > $1.score }
        guard let cut = scored.prefix(n).last?.score else { return [] }
        let candidates = scored.prefix { $0.score >= cut }
            .sorted { $0.score != $1.score ? $0.score > $1.score : TextOrder.less(pool, $0.id, $1.id) }
        return candidates.prefix(n).map {
            (text: pool.string($0.id), documents: Int(documents[Int($0.id)]), score: $0.score)
        }
    }
}

/// `String` order between pooled strings, on bytes when both are ASCII (the same order).
enum TextOrder {
    static func less(_ pool: StringPool, _ a: UInt32, _ b: UInt32) -> Bool { compare(pool, a, b) < 0 }

    /// -1, 0 or 1 as string `a` sorts before, equal to or after `b`.
    static func compare(_ pool: StringPool, _ a: UInt32, _ b: UInt32) -> Int {
        if a == b { return 0 }
        let x = pool.utf8(a), y = pool.utf8(b)
        if x.allSatisfy({ $0 < 0x80 }) && y.allSatisfy({ $0 < 0x80 }) {
            return x.lexicographicallyPrecedes(y) ? -1 : y.lexicographicallyPrecedes(x) ? 1 : 0
        }
        let s = pool.string(a), t = pool.string(b)
        return s < t ? -1 : t < s ? 1 : 0
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

    /// The first letters of the words that count for initials ("bank of england" → "be").
    static func initials(_ words: [Substring]) -> String {
        String(words.filter { !initialsSkip.contains($0) }.compactMap(\.first))
    }
}

/// A list of ids reused across the entities of an article: emptied by resetting its count,
/// where `removeAll(keepingCapacity:)` costs a generic `replaceSubrange` every time.
struct ScratchList {
    private var storage: [UInt32] = []
    private var count = 0

    mutating func reset() { count = 0 }

    mutating func append(_ id: UInt32) {
        if count < storage.count { storage[count] = id } else { storage.append(id) }
        count += 1
    }

    /// Keeps the ids without repeats (in no meaningful order), as ids `0..<n`. - Returns: `n`.
    mutating func distinct() -> Int {
        guard count > 1 else { return count }
        let used = count
        storage.withUnsafeMutableBufferPointer { all in  // in place: sorting `storage[..<count]` copied it
            var ids = UnsafeMutableBufferPointer(rebasing: all[..<used])
            ids.sort()
        }
        var n = 1
        for i in 1..<count where storage[i] != storage[n - 1] { storage[n] = storage[i]; n += 1 }
        count = n
        return n
    }

    /// Id `k` of the list (`k` below its count).
    @inline(__always)
    subscript(k: Int) -> UInt32 { storage[k] }
}

/// Which base entities an article named so far, and where each sits in its list: a small
/// table of its own, so the merge never touches per-base memory just to find that out.
struct LocalSlots {
    private var keys: [UInt32]
    private var values: [Int32]
    private var mask: Int

    /// A table with no room yet (no memory): `reset` it before use.
    init() {
        keys = []
        values = []
        mask = 0
    }

    /// Empties the table and makes room for `capacity` bases, reusing its arrays when they are
    /// big enough (only the slots in use are cleared).
    mutating func reset(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        if keys.count < size {
            keys = [UInt32](repeating: .max, count: size)
            values = [Int32](repeating: 0, count: size)
        } else {
            keys.withUnsafeMutableBufferPointer { for i in 0..<size { $0[i] = .max } }
        }
        mask = size - 1
    }

    /// The slot of `base`, or `next` when it is new (then recorded).
    @inline(__always)
    mutating func slot(of base: UInt32, next: Int) -> (Int, isNew: Bool) {
        var i = Int(truncatingIfNeeded: ByteHash.mix(UInt64(base))) & mask
        while keys[i] != .max {
            if keys[i] == base { return (Int(values[i]), false) }
            i = (i + 1) & mask
        }
        keys[i] = base
        values[i] = Int32(next)
        return (next, true)
    }
}

extension Array {
    /// Empties the array, keeping its memory, and fills it with `count` copies of `value`.
    mutating func refill(_ value: Element, count: Int) {
        removeAll(keepingCapacity: true)
        append(contentsOf: repeatElement(value, count: count))
    }
}
