/// Writes and reads `index/state-G.json` with the project's own JSON writer and scanner:
/// `JSONEncoder` needed most of a 9 s checkpoint and doubled peak memory at a million
/// articles, building the whole tree before writing a byte.
///
/// Shape: `{"articles", "failures", "quotes", "failure_reasons": {reason: n},
/// "entities": [[name, type, country|null, [aliases], [roles], articles, mentions, quotes,
/// first_seen, last_seen, [sample ordinals]]], "keys": {key: ordinal}, "alias_keys": {key: ordinal},
/// "pairs": [[entity a, entity b, count]], "sentence_pairs": [[entity a, entity b, count]], "timeline": {period: [mentions, articles]},
/// "phrases": {text: [articles, score]}, "speakers": {name: quotes}}`
enum SnapshotCodec {
    static func encode(_ s: CorpusAggregate.Snapshot) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 1 << 20)
        json.object { o in
            o.field("articles", int: s.articles)
            o.field("failures", int: s.failures)
            o.field("quotes", int: s.quotes)
            o.field("failure_reasons") { $0.counts(s.failureReasons) }
            o.field("entities") { w in
                w.array(s.entities) { w, e in
                    w.array(0..<11) { w, column in
                        switch column {
                        case 0: w.string(e.name)
                        case 1: w.string(e.type)
                        case 2: w.string(e.country)
                        case 3: w.array(e.aliases) { $0.string($1) }
                        case 4: w.array(e.roles) { $0.string($1) }
                        case 5: w.int(e.articles)
                        case 6: w.int(e.mentions)
                        case 7: w.int(e.quotes)
                        case 8: w.string(e.firstSeen)
                        case 9: w.string(e.lastSeen)
                        default: w.array(e.sample) { $0.int(Int($1)) }
                        }
                    }
                }
            }
            o.field("keys") { $0.counts(s.keys) }
            o.field("alias_keys") { $0.counts(s.aliasKeys) }
            o.field("pairs") { $0.pairTable(s.pairs) }
            o.field("sentence_pairs") { $0.pairTable(s.sentencePairs) }
            o.field("timeline") { w in
                w.object { o in for (k, v) in s.timeline.sorted(by: { $0.key < $1.key }) { o.field(named: k) { $0.array([v.mentions, v.articles]) { $0.int($1) } } } }
            }
            o.field("phrases") { w in
                w.object { o in for (k, v) in s.phrases.sorted(by: { $0.key < $1.key }) { o.field(named: k) { w in
                    w.array(0..<2) { w, i in if i == 0 { w.int(v.documents) } else { w.double(v.score) } }
                } } }
            }
            o.field("speakers") { $0.counts(s.speakers) }
        }
        return json.bytes
    }

    static func decode(_ bytes: [UInt8]) -> CorpusAggregate.Snapshot? {
        var s = JSONScanner(bytes)
        var snapshot = CorpusAggregate.Snapshot(articles: 0, failures: 0, quotes: 0, failureReasons: [:], entities: [], keys: [:],
                                                aliasKeys: [:], pairs: [:], sentencePairs: [:], timeline: [:], phrases: [:], speakers: [:])
        do throws(JSONScanner.Malformed) {
            try s.beginObject()
            while let key = try s.nextKey() {
                switch key {
                case "articles": snapshot.articles = Int(try s.number())
                case "failures": snapshot.failures = Int(try s.number())
                case "quotes": snapshot.quotes = Int(try s.number())
                case "failure_reasons": snapshot.failureReasons = try counts(&s)
                case "keys": snapshot.keys = try counts(&s)
                case "alias_keys": snapshot.aliasKeys = try counts(&s)
                case "speakers": snapshot.speakers = try counts(&s)
                case "entities":
                    try s.beginArray()
                    while try s.nextElement() { snapshot.entities.append(try entity(&s)) }
                case "pairs": guard let table = try pairTable(&s) else { return nil }; snapshot.pairs = table
                case "sentence_pairs": guard let table = try pairTable(&s) else { return nil }; snapshot.sentencePairs = table
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
                        snapshot.phrases[text] = .init(documents: Int(v[0]), score: v[1])
                    }
                default: try s.skipValue()
                }
            }
        } catch {
            return nil
        }
        return s.atEnd() ? snapshot : nil
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

    private static func strings(_ s: inout JSONScanner) throws(JSONScanner.Malformed) -> [String] {
        var out: [String] = []
        try s.beginArray()
        while try s.nextElement() { out.append(try s.string()) }
        return out
    }

    private static func entity(_ s: inout JSONScanner) throws(JSONScanner.Malformed) -> CorpusAggregate.CorpusEntity {
        try s.beginArray()
        func next() throws(JSONScanner.Malformed) { guard try s.nextElement() else { throw JSONScanner.Malformed(offset: 0) } }
        try next(); let name = try s.string()
        try next(); let type = try s.string()
        try next(); let country = try s.optionalString()
        var e = CorpusAggregate.CorpusEntity(name: name, type: type, country: country, firstSeen: "", lastSeen: "")
        try next(); e.aliases = try strings(&s)
        try next(); e.roles = try strings(&s)
        try next(); e.articles = Int(try s.number())
        try next(); e.mentions = Int(try s.number())
        try next(); e.quotes = Int(try s.number())
        try next(); e.firstSeen = try s.string()
        try next(); e.lastSeen = try s.string()
        try next(); e.sample = try numbers(&s).map { UInt32($0) }
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
}
