import Foundation
import GleanerExtraction
import GleanerTestSupport
import XCTest
@testable import GleanerCore

/// The merged store is a function of the set of records: committing the same records in
/// other orders (and other batch sizes) gives the same `corpus.json` and entity table, byte
/// for byte apart from the commit times they report.
final class MergeOrderTests: XCTestCase {
    /// An entity as a test writes it: name, type, country, mention texts ("text@sentence"), roles.
    struct E {
        var name: String, type: String, country: String? = nil, mentions: [String], roles: [String] = []
    }

    /// A record's JSON, shaped like the extractor's (only the fields the merge reads).
    static func json(
        _ id: String, _ entities: [E], quotes: [(String?, String)] = [], phrases: [(String, Double)] = [],
        dates: [String] = []
    ) -> [UInt8] {
        var json = JSONWriter()
        json.object { o in
            o.field("schema", string: "gleaner.article/1")
            o.field("id", string: id)
            o.field("source") {
                $0.object { s in
                    s.field("path", string: "p/\(id.prefix(8))"); s.field("bytes", int: 1)
                }
            }
            o.field("title", string: "Title \(id.prefix(8))")
            o.field("entities") {
                $0.array(entities) { w, e in
                    w.object { o in
                        o.field("name", string: e.name); o.field("type", string: e.type);
                        o.field("country", string: e.country)
                        o.field("roles") { $0.array(e.roles) { $0.string($1) } }
                        o.field("mentions") {
                            $0.array(e.mentions) { w, t in
                                w.object { m in
                                    let parts = t.split(separator: "@")
                                    m.field("start", int: 0); m.field("end", int: 1);
                                    m.field("text", string: String(parts[0]))
                                    if parts.count == 2 { m.field("sentence", int: Int(parts[1])!) }
                                }
                            }
                        }
                    }
                }
            }
            o.field("quotes") {
                $0.array(quotes) { w, q in
                    w.object { o in
                        o.field("text", string: q.1); o.field("speaker", string: q.0); o.field("kind", string: "direct")
                    }
                }
            }
            o.field("dates") { $0.array(dates) { w, d in w.object { o in o.field("value", string: d) } } }
            o.field("keyphrases") {
                $0.array(phrases) { w, p in
                    w.object { o in
                        o.field("text", string: p.0); o.field("score") { $0.double(p.1) }
                    }
                }
            }
        }
        return json.bytes
    }

    /// Records built to hit every order-sensitive merge decision: a surname seen before and
    /// after its full name, an ambiguous surname, a country under several names next to its
    /// own regions and cities, more aliases, roles and articles than the caps, crowded
    /// sentences, and keyphrase scores whose float sum depends on order.
    static func corpus() -> [[UInt8]] {
        var records: [[UInt8]] = []
        for i in 0..<60 {
            let id = ContentHash.hex(of: Array("merge-order \(i)".utf8))
            var entities: [E] = []
            switch i % 6 {
            case 0: entities.append(E(name: "Blair", type: "PERSON", mentions: ["Blair@0", "Blair@1"], roles: ["Mr"]))
            case 1:
                entities.append(
                    E(
                        name: "Tony Blair", type: "PERSON", mentions: ["Tony Blair@0", "Blair@1"],
                        roles: ["Prime Minister", "role \(i)"]))
            case 2: entities.append(E(name: "Khan", type: "PERSON", mentions: ["Khan@0"]))
            case 3:
                entities.append(
                    E(
                        name: i % 12 == 3 ? "Imran Khan" : "Sadiq Khan", type: "PERSON",
                        mentions: ["Khan@0", "alias \(i)@2"]))
            case 4: entities.append(E(name: "Milton Keynes", type: "LOC", country: "GB", mentions: ["Milton Keynes@1"]))
            default: entities.append(E(name: "Scotland", type: "LOC", country: "GB", mentions: ["Scotland@1"]))
            }
            let country = ["United Kingdom", "UK", "Britain", "U.K."][i % 4]
            entities.append(
                E(
                    name: country, type: "LOC", country: i % 3 == 0 ? nil : "GB",
                    mentions: ["\(country)@0", "\(country)@1"]))
            entities.append(E(name: "BBC", type: "ORG", mentions: (0..<(i % 5 + 1)).map { "BBC v\($0 + i % 7)@\($0)" }))
            for k in 0..<(i % 4) {
                entities.append(E(name: "Crowd \(k + i % 11)", type: "MISC", mentions: ["Crowd@0", "Crowd@1"]))
            }
            records.append(
                json(
                    id, entities, quotes: [("Blair", "q\(i)"), (nil, "unattributed \(i)"), ("Nobody \(i % 3)", "x")],
                    phrases: [("phrase \(i % 5)", 0.1 + Double(i) / 7), ("common", 1.0 / Double(i + 3))],
                    dates: ["2005-0\(i % 9 + 1)"]))
        }
        return records
    }

    /// Builds a store from `records` committed in `batches` of the given sizes, checkpoints it,
    /// and returns `corpus.json` and `index/entities.tsv` with commit times blanked.
    private func store(_ records: [[UInt8]], batch: Int) throws -> (corpus: String, entities: String) {
        let folder = temporaryURL("merge-order")
        let store = try ArticleStore(root: folder.path)
        for start in stride(from: 0, to: records.count, by: batch) {
            _ = try store.commit(
                records[start..<min(start + batch, records.count)].map { (RecordSummary.decode($0)!, $0) })
        }
        try store.checkpoint()
        let corpus = try String(contentsOf: folder.appendingPathComponent("corpus.json"), encoding: .utf8)
            .replacingOccurrences(
                of: #""(first_seen|last_seen|written)":"[^"]*""#, with: #""$1":"T""#, options: .regularExpression)
        let table = try String(contentsOf: URL(fileURLWithPath: store.layout.entitiesIndex), encoding: .utf8)
            .replacingOccurrences(
                of: #"\t\d{4}-\d\d-\d\dT[0-9:]+Z\t\d{4}-\d\d-\d\dT[0-9:]+Z"#, with: "\tT\tT",
                options: .regularExpression)
        return (corpus, table)
    }

    func testStore_sameRecordsInThreeOrders_givesTheSameCorpusAndEntityTable() throws {
        let records = Self.corpus()
        var generator = SplitMix64(seed: 7)
        let forward = try store(records, batch: 512)
        let reversed = try store(records.reversed(), batch: 7)
        let shuffled = try store(records.shuffled(using: &generator), batch: 1)
        XCTAssertEqual(forward.corpus, reversed.corpus, "corpus.json depends on arrival order")
        XCTAssertEqual(forward.corpus, shuffled.corpus, "corpus.json depends on arrival order")
        XCTAssertEqual(forward.entities, reversed.entities, "entities.tsv depends on arrival order")
        XCTAssertEqual(forward.entities, shuffled.entities, "entities.tsv depends on arrival order")
    }

    func testStore_restartedBetweenCheckpoints_givesTheSameCorpusAsOneRun() throws {
        let records = Self.corpus()
        let folder = temporaryURL("merge-restart")
        do {
            let first = try ArticleStore(root: folder.path)
            _ = try first.commit(records[..<25].map { (RecordSummary.decode($0)!, $0) })
            try first.checkpoint()
            _ = try first.commit(records[25..<40].map { (RecordSummary.decode($0)!, $0) })  // journaled, no checkpoint
        }
        let second = try ArticleStore(root: folder.path)
        _ = try second.commit(records[40...].map { (RecordSummary.decode($0)!, $0) })
        try second.checkpoint()
        let blank = { (s: String) in
            s.replacingOccurrences(
                of: #""(first_seen|last_seen|written)":"[^"]*""#, with: #""$1":"T""#, options: .regularExpression
            )
            .replacingOccurrences(of: #""generation":\d+"#, with: #""generation":0"#, options: .regularExpression)
        }
        let restarted = try String(contentsOf: folder.appendingPathComponent("corpus.json"), encoding: .utf8)
        XCTAssertEqual(blank(restarted), blank(try store(records, batch: 512).corpus))
    }
}
