/// Writes and reads `index/state-G.json` with the project's own JSON writer and scanner:
/// `JSONEncoder` needed most of a 9 s checkpoint and doubled peak memory at a million
/// articles, building the whole tree before writing a byte.
///
/// Shape: `{"version": 2, "articles", "failures", "quotes", "failure_reasons": {reason: n},
/// "entities": [[type, key, names, aliases, roles, countries, articles, mentions, quotes,
/// first_seen, last_seen, [[ordinal, rank high 32 bits, rank low 32 bits]]]]` (names, aliases, roles and countries as
/// `[[text, count]]`), `"pairs": [[entity a, entity b, count]], "sentence_pairs": […],
/// "overlaps": [[articles, entity, entity, …]], "timeline": {period: [mentions, articles]},
/// "phrases": {text: [articles, score in millionths]}, "other_speakers": {name: quotes}}`.
/// A state file of another version decodes to nil: the store is then rebuilt from its journal.
enum SnapshotCodec {
    static let version = 3

    static func encode(_ s: CorpusAggregate.Snapshot) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 1 << 20)
        json.object { o in
            o.field("version", int: version)
            o.field("articles", int: s.articles)
            o.field("failures", int: s.failures)
            o.field("quotes", int: s.quotes)
            o.field("failure_reasons") { $0.counts(s.failureReasons) }
            o.field("entities") { w in w.array(s.bases) { $0.baseEntity($1) } }
            o.field("pairs") { $0.pairTable(s.pairs) }
            o.field("sentence_pairs") { $0.pairTable(s.sentencePairs) }
            o.field("overlaps") { w in
                w.array(s.overlaps.sorted { $0.key.lexicographicallyPrecedes($1.key) }) { w, entry in
                    w.array([entry.value] + entry.key.map(Int.init)) { $0.int($1) }
                }
            }
            o.field("timeline") { w in
                w.object { o in for (k, v) in s.timeline.sorted(by: { $0.key < $1.key }) { o.field(named: k) { $0.array([v.mentions, v.articles]) { $0.int($1) } } } }
            }
            o.field("phrases") { w in
                w.object { o in for (k, v) in s.phrases.sorted(by: { $0.key < $1.key }) {
                    o.field(named: k) { $0.array([v.documents, v.scoreMillionths]) { $0.int($1) } }
                } }
            }
            o.field("other_speakers") { $0.counts(s.otherSpeakers) }
        }
        return json.bytes
    }

    static func decode(_ bytes: [UInt8]) -> CorpusAggregate.Snapshot? {
        var s = JSONScanner(bytes)
        var snapshot = CorpusAggregate.Snapshot(articles: 0, failures: 0, quotes: 0, failureReasons: [:], bases: [], pairs: [:],
                                                sentencePairs: [:], overlaps: [:], timeline: [:], phrases: [:], otherSpeakers: [:])
        var sawVersion = false
        do throws(JSONScanner.Malformed) {
            try s.beginObject()
            while let key = try s.nextKey() {
                switch key {
                case "version": guard Int(try s.number()) == version else { return nil }; sawVersion = true
                case "articles": snapshot.articles = Int(try s.number())
                case "failures": snapshot.failures = Int(try s.number())
                case "quotes": snapshot.quotes = Int(try s.number())
                case "failure_reasons": snapshot.failureReasons = try counts(&s)
                case "other_speakers": snapshot.otherSpeakers = try counts(&s)
                case "entities":
                    try s.beginArray()
                    while try s.nextElement() { snapshot.bases.append(try baseEntity(&s)) }
                case "pairs": guard let table = try pairTable(&s) else { return nil }; snapshot.pairs = table
                case "sentence_pairs": guard let table = try pairTable(&s) else { return nil }; snapshot.sentencePairs = table
                case "overlaps":
                    try s.beginArray()
                    while try s.nextElement() {
                        let v = try numbers(&s)
                        guard v.count >= 3 else { return nil }
                        snapshot.overlaps[v.dropFirst().map { Int32($0) }] = Int(v[0])
                    }
                case "timeline":
                    try s.beginObject()
                    while let period = try s.nextKey() {
                        let v = try numbers(&s)
                        guard v.count == 2 else { return nil }
                        snapshot.timeline[period] = .init(mentions: Int(v[0]), articles: Int(v[1]))
                    }
                case "phrases":
                    try s.beginObject()
                    while let text = try s.nextKey() {
                        let v = try numbers(&s)
                        guard v.count == 2 else { return nil }
                        snapshot.phrases[text] = .init(documents: Int(v[0]), scoreMillionths: Int(v[1]))
                    }
                default: try s.skipValue()
                }
            }
        } catch {
            return nil
        }
        return s.atEnd() && sawVersion ? snapshot : nil
    }

    private static func counts(_ s: inout JSONScanner) throws(JSONScanner.Malformed) -> [String: Int] {
        var out: [String: Int] = [:]
        try s.beginObject()
        while let key = try s.nextKey() { out[key] = Int(try s.number()) }
        return out
    }

    /// `[[entity a, entity b, count]]` back into a pair table; nil when an entry is malformed.
    private static func pairTable(_ s: inout JSONScanner) throws(JSONScanner.Malformed) -> [UInt64: UInt32]? {
        var table: [UInt64: UInt32] = [:]
        try s.beginArray()
        while try s.nextElement() {
            let entry = try numbers(&s)
            guard entry.count == 3 else { return nil }
            table[CorpusAggregate.pairKey(Int(entry[0]), Int(entry[1]))] = UInt32(entry[2])
        }
        return table
    }

    private static func numbers(_ s: inout JSONScanner) throws(JSONScanner.Malformed) -> [Double] {
        var out: [Double] = []
        try s.beginArray()
        while try s.nextElement() { out.append(try s.number()) }
        return out
    }

    /// `[[text, count]]` back into a tally.
    private static func tally(_ s: inout JSONScanner) throws(JSONScanner.Malformed) -> Tally {
        var items: [Tally.Item] = []
        try s.beginArray()
        while try s.nextElement() {
            try s.beginArray()
            guard try s.nextElement() else { throw JSONScanner.Malformed(offset: 0) }
            let text = try s.string()
            guard try s.nextElement() else { throw JSONScanner.Malformed(offset: 0) }
            items.append(.init(text: text, count: Int(try s.number())))
            guard try !s.nextElement() else { throw JSONScanner.Malformed(offset: 0) }
        }
        return Tally(items)
    }

    private static func baseEntity(_ s: inout JSONScanner) throws(JSONScanner.Malformed) -> CorpusAggregate.BaseEntity {
        try s.beginArray()
        func next() throws(JSONScanner.Malformed) { guard try s.nextElement() else { throw JSONScanner.Malformed(offset: 0) } }
        try next(); let type = try s.string()
        try next(); let key = try s.string()
        var e = CorpusAggregate.BaseEntity(type: type, key: key, firstSeen: "", lastSeen: "")
        try next(); e.names = try tally(&s)
        try next(); e.aliases = try tally(&s)
        try next(); e.roles = try tally(&s)
        try next(); e.countries = try tally(&s)
        try next(); e.articles = Int(try s.number())
        try next(); e.mentions = Int(try s.number())
        try next(); e.quotes = Int(try s.number())
        try next(); e.firstSeen = try s.string()
        try next(); e.lastSeen = try s.string()
        try next()
        try s.beginArray()
        while try s.nextElement() {
            let v = try numbers(&s)
            guard v.count == 3, let ordinal = UInt32(exactly: v[0]), let high = UInt64(exactly: v[1]), let low = UInt64(exactly: v[2]) else {
                throw JSONScanner.Malformed(offset: 0)
            }
            e.sample.append(.init(rank: high << 32 | low, ordinal: ordinal))
        }
        guard try !s.nextElement() else { throw JSONScanner.Malformed(offset: 0) }
        return e
    }
}

extension JSONWriter {
    /// A pair table as `[[entity a, entity b, count]]`, sorted by key.
    mutating func pairTable(_ table: [UInt64: UInt32]) {
        array(table.sorted { $0.key < $1.key }) { w, entry in
            let (a, b) = CorpusAggregate.pairMembers(entry.key)
            w.array([a, b, Int(entry.value)]) { $0.int($1) }
        }
    }

    /// `{key: n}` with keys sorted, so equal maps give equal bytes.
    mutating func counts(_ map: [String: Int]) {
        object { o in for (k, v) in map.sorted(by: { $0.key < $1.key }) { o.field(named: k) { $0.int(v) } } }
    }

    /// A tally as `[[text, count]]`, in its own order.
    mutating func tally(_ t: Tally) {
        array(t.items) { w, item in w.array(0..<2) { w, i in if i == 0 { w.string(item.text) } else { w.int(item.count) } } }
    }

    /// One base entity as a state file row (see `SnapshotCodec`).
    mutating func baseEntity(_ e: CorpusAggregate.BaseEntity) {
        array(0..<12) { w, column in
            switch column {
            case 0: w.string(e.type)
            case 1: w.string(e.key)
            case 2: w.tally(e.names)
            case 3: w.tally(e.aliases)
            case 4: w.tally(e.roles)
            case 5: w.tally(e.countries)
            case 6: w.int(e.articles)
            case 7: w.int(e.mentions)
            case 8: w.int(e.quotes)
            case 9: w.string(e.firstSeen)
            case 10: w.string(e.lastSeen)
            default:
                w.array(e.sample) { w, a in
                    w.array([Int(a.ordinal), Int(a.rank >> 32), Int(a.rank & 0xFFFF_FFFF)]) { $0.int($1) }
                }
            }
        }
    }
}
