import Foundation
import XCTest
@testable import GleanerCore

final class CorpusAggregateTests: XCTestCase {
    /// A record with entities given as (name, type, country, mention texts) and quotes as (speaker, text).
    static func record(_ id: String, entities: [(String, String, String?, [String])], quotes: [(String?, String)] = [],
                       dates: [String] = []) -> RecordSummary {
        var json = JSONWriter()
        json.object { o in
            o.field("schema", string: "gleaner.article/1")
            o.field("id", string: id)
            o.field("source") { $0.object { s in s.field("path", string: "p/\(id)"); s.field("bytes", int: 1) } }
            o.field("title", string: "Title \(id)")
            o.field("entities") { $0.array(entities) { w, e in
                w.object { o in
                    o.field("name", string: e.0); o.field("type", string: e.1); o.field("country", string: e.2)
                    o.field("roles") { $0.array([String]()) { $0.string($1) } }
                    o.field("mentions") { $0.array(e.3) { w, t in w.object { m in
                        // "text@N" gives the mention sentence N.
                        let parts = t.split(separator: "@")
                        m.field("start", int: 0); m.field("end", int: 1); m.field("text", string: String(parts[0]))
                        if parts.count == 2 { m.field("sentence", int: Int(parts[1])!) }
                    } } }
                }
            } }
            o.field("quotes") { $0.array(quotes) { w, q in w.object { o in o.field("text", string: q.1); o.field("speaker", string: q.0); o.field("kind", string: "direct") } } }
            o.field("dates") { $0.array(dates) { w, d in w.object { o in o.field("value", string: d) } } }
        }
        return RecordSummary.decode(json.bytes)!
    }

    func testMerge_sameNameInTwoArticles_isOneEntityWithBothArticles() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(article: Self.record("a", entities: [("Imran Khan", "PERSON", nil, ["Imran Khan", "Khan"])]), ordinal: 0, now: "t1")
        _ = aggregate.add(article: Self.record("b", entities: [("Imran Khan", "PERSON", nil, ["Imran Khan"])]), ordinal: 1, now: "t2")
        XCTAssertEqual(aggregate.entities.count, 1)
        let khan = aggregate.entities[0]
        XCTAssertEqual(khan.articles, 2)
        XCTAssertEqual(khan.mentions, 3)
        XCTAssertEqual(khan.aliases, ["Khan"])
        XCTAssertEqual(khan.sample, [0, 1])
        XCTAssertEqual([khan.firstSeen, khan.lastSeen], ["t1", "t2"])
    }

    func testMerge_countryVariants_becomeOnePlace() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(article: Self.record("a", entities: [("United States", "LOC", "US", ["United States", "US"])]), ordinal: 0, now: "t")
        _ = aggregate.add(article: Self.record("b", entities: [("U.S.", "LOC", "US", ["U.S."])]), ordinal: 1, now: "t")
        _ = aggregate.add(article: Self.record("c", entities: [("US", "LOC", nil, ["US"])]), ordinal: 2, now: "t")
        XCTAssertEqual(aggregate.entities.map(\.name), ["United States"])
        XCTAssertEqual(aggregate.entities[0].articles, 3)
    }

    func testMerge_ambiguousAlias_doesNotMergeDifferentPeople() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(article: Self.record("a", entities: [("Imran Khan", "PERSON", nil, ["Imran Khan", "Khan"])]), ordinal: 0, now: "t")
        _ = aggregate.add(article: Self.record("b", entities: [("Sadiq Khan", "PERSON", nil, ["Sadiq Khan", "Khan"])]), ordinal: 1, now: "t")
        _ = aggregate.add(article: Self.record("c", entities: [("Khan", "PERSON", nil, ["Khan"])]), ordinal: 2, now: "t")
        XCTAssertEqual(Set(aggregate.entities.map(\.name)), ["Imran Khan", "Sadiq Khan", "Khan"])
    }

    func testQuotes_areCreditedToTheCorpusEntity_andCooccurrenceCounted() {
        var aggregate = CorpusAggregate()
        let contribution = aggregate.add(article: Self.record("a", entities: [("Qureshi", "PERSON", nil, ["Qureshi"]), ("Pakistan", "LOC", "PK", ["Pakistan"])],
                                                              quotes: [("Qureshi", "We are neutral"), (nil, "scare")], dates: ["2022-03-06", "2022-03"]),
                                         ordinal: 0, now: "t")
        XCTAssertEqual(contribution.quotes.map(\.speaker), ["Qureshi", ""])
        XCTAssertEqual(aggregate.entities.first { $0.name == "Qureshi" }?.quotes, 1)
        XCTAssertEqual(aggregate.speakers, ["Qureshi": 1, "": 1])
        XCTAssertEqual(aggregate.pairs.values.first, 1)
        XCTAssertEqual(aggregate.timeline["2022-03"], CorpusAggregate.Period(mentions: 2, articles: 1))
    }

    func testCooccurrence_inASentence_countsSentencesWhereBothAreNamed() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(article: Self.record("a", entities: [("Lavrov", "PERSON", nil, ["Lavrov@0", "Lavrov@2"]),
                                                                ("Qureshi", "PERSON", nil, ["Qureshi@0", "Qureshi@2"]),
                                                                ("Kyiv", "LOC", "UA", ["Kyiv@1"])]), ordinal: 0, now: "t")
        let lavrov = aggregate.entities.firstIndex { $0.name == "Lavrov" }!, qureshi = aggregate.entities.firstIndex { $0.name == "Qureshi" }!
        let kyiv = aggregate.entities.firstIndex { $0.name == "Kyiv" }!
        XCTAssertEqual(aggregate.sentencePairs[CorpusAggregate.pairKey(lavrov, qureshi)], 2)
        XCTAssertNil(aggregate.sentencePairs[CorpusAggregate.pairKey(lavrov, kyiv)], "never in one sentence")
        XCTAssertEqual(aggregate.pairs[CorpusAggregate.pairKey(lavrov, kyiv)], 1, "but in one article")
        let restored = CorpusAggregate(snapshot: SnapshotCodec.decode(SnapshotCodec.encode(aggregate.snapshot))!)
        XCTAssertEqual(restored.sentencePairs, aggregate.sentencePairs)
    }

    func testSnapshot_restoresAnEqualAggregate() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(article: Self.record("a", entities: [("Lavrov", "PERSON", nil, ["Lavrov"]), ("Russia", "LOC", "RU", ["Russia"])]), ordinal: 0, now: "t")
        let restored = CorpusAggregate(snapshot: aggregate.snapshot)
        XCTAssertEqual(restored.entities, aggregate.entities)
        XCTAssertEqual(restored.pairs, aggregate.pairs)
        var next = restored
        _ = next.add(article: Self.record("b", entities: [("Russia", "LOC", "RU", ["Russia"])]), ordinal: 1, now: "t")
        XCTAssertEqual(next.entities.count, 2, "keys survive the snapshot, so Russia merges")
    }
}

final class SnapshotCodecTests: XCTestCase {
    func testSnapshotFile_roundTripsEveryField() throws {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(article: CorpusAggregateTests.record("a", entities: [("Qureshi", "PERSON", nil, ["Qureshi", "Shah \"Mehmood\""]),
                                                                              ("Pakistan", "LOC", "PK", ["Pakistan"])],
                                                               quotes: [("Qureshi", "We are neutral"), (nil, "x")], dates: ["2022-03-06"]),
                          ordinal: 0, now: "t1")
        aggregate.add(failure: RecordSummary.decode(FailureRecord(id: "b", source: .init(path: "p", bytes: 0), reason: .empty, detail: "").jsonBytes())!)
        let bytes = SnapshotCodec.encode(aggregate.snapshot)
        let restored = CorpusAggregate(snapshot: try XCTUnwrap(SnapshotCodec.decode(bytes)))
        XCTAssertEqual(restored.entities, aggregate.entities)
        XCTAssertEqual(restored.pairs, aggregate.pairs)
        XCTAssertEqual(restored.timeline, aggregate.timeline)
        XCTAssertEqual(restored.speakers, aggregate.speakers)
        XCTAssertEqual(restored.failureReasons, ["empty": 1])
        XCTAssertEqual([restored.articles, restored.failures, restored.quotes], [1, 1, 2])
        XCTAssertEqual(SnapshotCodec.encode(restored.snapshot), bytes, "encode(decode(x)) == x")
        XCTAssertNil(SnapshotCodec.decode(Array(bytes.dropLast())))
    }
}
