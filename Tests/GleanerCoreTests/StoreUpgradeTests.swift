import Foundation
import GleanerExtraction
import GleanerTestSupport
import XCTest
@testable import GleanerCore

/// Upgrades: records of a newer extractor version replace older ones in the merged view, with
/// nothing counted twice, whatever order the versions arrive in.
final class StoreUpgradeTests: XCTestCase {
    private func folder() -> URL { temporaryURL("store-upgrade") }

    private typealias E = MergeOrderTests.E

    /// Article `i` as extractor `version` sees it: version 1 also finds a spurious "Old Mistake"
    /// entity, which version 2 no longer does, and titles differ.
    private static func record(_ i: Int, version: Int) -> (summary: RecordSummary, json: [UInt8]) {
        let id = ContentHash.hex(of: Array("upgrade \(i)".utf8))
        var entities = [
            E(name: "Ann Lee", type: "PERSON", mentions: ["Ann Lee@0"]),
            E(name: "Place \(i % 4)", type: "LOC", mentions: ["Place \(i % 4)@1"]),
        ]
        if version < 2 { entities.append(E(name: "Old Mistake", type: "ORG", mentions: ["Old Mistake@0"])) }
        var json = MergeOrderTests.json(id, entities, quotes: [("Ann Lee", "words \(i) v\(version)")])
        json.removeLast()  // the closing brace: the extractor field goes before it
        json += Array(#","extractor":{"name":"gleaner","version":\#(version)}}"#.utf8)
        return (RecordSummary.decode(json)!, json)
    }

    private func journalLines(_ store: ArticleStore) throws -> Int {
        try store.layout.segmentNumbers().reduce(0) { n, s in
            n + (try FileDescriptorIO.readAll(store.layout.segment(s)).filter { $0 == 0x0A }.count)
        }
    }

    /// `corpus.json` and the entity table with commit times and the checkpoint generation blanked.
    private func view(_ root: URL) throws -> (corpus: String, entities: String) {
        let corpus = try String(contentsOf: root.appendingPathComponent("corpus.json"), encoding: .utf8)
            .replacingOccurrences(
                of: #""(first_seen|last_seen|written)":"[^"]*""#, with: #""$1":"T""#,
                options: .regularExpression
            )
            .replacingOccurrences(of: #""generation":\d+"#, with: #""generation":0"#, options: .regularExpression)
        let table = try String(contentsOf: StoreLayout(root: root.path).entitiesIndex.url, encoding: .utf8)
            .replacingOccurrences(
                of: #"\t\d{4}-\d\d-\d\dT[0-9:]+Z\t\d{4}-\d\d-\d\dT[0-9:]+Z"#, with: "\tT\tT",
                options: .regularExpression)
        return (corpus, table)
    }

    func testReplacement_isJournaledAndAcked_butCountedOnceUntilApplied() throws {
        let store = try ArticleStore(root: folder().path)
        _ = try store.commit((0..<20).map { Self.record($0, version: 1) })
        let newer = (0..<10).map { Self.record($0, version: 2) }
        XCTAssertEqual(try store.commit(newer), newer.map(\.summary.id), "replacements are acked")
        XCTAssertEqual(try journalLines(store), 30, "replacements are journaled (durable)")
        XCTAssertEqual(store.replacementsWaiting, 10)
        XCTAssertEqual(store.articleCount, 20, "an article is never counted twice")
        XCTAssertEqual(store.recordsByExtractor, [1: 20])
        XCTAssertTrue(store.contains(newer[0].summary.id, extractorVersion: 2))
        XCTAssertFalse(store.contains(Self.record(15, version: 1).summary.id, extractorVersion: 2))
        XCTAssertTrue(store.contains(Self.record(15, version: 1).summary.id, extractorVersion: 1))

        XCTAssertNotNil(try store.applyReplacements())
        XCTAssertEqual(store.replacementsWaiting, 0)
        XCTAssertEqual(store.articleCount, 20)
        XCTAssertEqual(store.recordsByExtractor, [1: 10, 2: 10])
        let oldOnly = try XCTUnwrap(StoreReader(root: store.layout.root).lookup("Old Mistake"))
        XCTAssertEqual(oldOnly.articles, 10, "only the articles not re-extracted still name it")
        XCTAssertEqual(try StoreReader(root: store.layout.root).lookup("Ann Lee")?.articles, 20)
        let stats = try StoreReader(root: store.layout.root).stats()
        XCTAssertEqual(stats.extractors, [1: 10, 2: 10])
        XCTAssertEqual(stats.articles, 20)
    }

    func testFailureOfAnOlderExtractor_isReplacedByTheNewerArticle() throws {
        let root = folder()
        let store = try ArticleStore(root: root.path)
        let article = Self.record(5, version: 2)
        let failure = FailureRecord(
            id: article.summary.id, source: .init(path: "p", bytes: 1), reason: .extractionError,
            detail: "an older extractor gave up", extractorVersion: 1
        ).jsonBytes()
        _ = try store.commit([(RecordSummary.decode(failure)!, failure)])
        XCTAssertEqual(store.failureCount, 1)
        _ = try store.commit([article])
        try store.applyReplacements()
        XCTAssertEqual(store.failureCount, 0)
        XCTAssertEqual(store.articleCount, 1)
        let stats = try StoreReader(root: root.path).stats()
        XCTAssertEqual(stats.failures, 0)
        XCTAssertEqual(stats.failureReasons, [:])
        XCTAssertTrue(try StoreReader(root: root.path).failures().isEmpty)
    }

    func testSameOrOlderVersion_isADuplicate_andWritesNothing() throws {
        let store = try ArticleStore(root: folder().path)
        _ = try store.commit([Self.record(1, version: 2)])
        _ = try store.commit([Self.record(1, version: 1), Self.record(1, version: 2)])
        XCTAssertEqual(try journalLines(store), 1)
        XCTAssertEqual(store.replacementsWaiting, 0)
        XCTAssertNil(try store.applyReplacements(), "nothing to rebuild")
    }

    func testReopen_withReplacementsWaiting_rebuildsWithTheNewest_evenAfterACheckpoint() throws {
        let root = folder()
        do {
            let store = try ArticleStore(root: root.path)
            _ = try store.commit((0..<6).map { Self.record($0, version: 1) })
            try store.checkpoint()
            _ = try store.commit((0..<3).map { Self.record($0, version: 2) })
            try store.checkpoint()  // written while replacements wait: the next open must not trust it alone
            _ = try store.commit([Self.record(3, version: 2)])  // and one after it, in the journal's tail
        }
        let reopened = try ArticleStore(root: root.path)
        XCTAssertEqual(reopened.replacementsWaiting, 0)
        XCTAssertEqual(reopened.articleCount, 6)
        XCTAssertEqual(reopened.recordsByExtractor, [1: 2, 2: 4])
        let reader = try StoreReader(root: root.path)
        let shown = try XCTUnwrap(reader.article(id: Self.record(0, version: 2).summary.id))
        XCTAssertEqual(RecordSummary.decode(shown)?.extractorVersion, 2, "query article shows the newest record")
        XCTAssertEqual(try reader.lookup("Old Mistake")?.articles, 2)
        XCTAssertEqual(try reader.stats().extractors, [1: 2, 2: 4])
    }

    func testReplacementPolicy_waitsForAPause_butNotForeverUnderASteadyStream() {
        var policy = ReplacementPolicy(intervalMilliseconds: 1_000)
        XCTAssertFalse(policy.isDue(now: 50_000), "nothing waits")
        policy.arrived(0, now: 0)
        XCTAssertFalse(policy.isDue(now: 50_000), "an empty batch starts no wait")
        policy.arrived(5, now: 0)
        XCTAssertFalse(policy.isDue(now: 900), "waited less than an interval")
        policy.arrived(5, now: 900)
        XCTAssertFalse(policy.isDue(now: 1_500), "replacements still arriving")
        XCTAssertTrue(policy.isDue(now: 1_900), "a pause of an interval")
        policy.applied(now: 2_000, seconds: 3)
        XCTAssertFalse(policy.isDue(now: 90_000), "applied: nothing waits")
        // A steady stream: due after ten intervals, or ten rebuild durations when longer (30 s here).
        for t in stride(from: 100_000, through: 140_000, by: 500) {
            policy.arrived(1, now: t)
            XCTAssertEqual(policy.isDue(now: t), t - 100_000 >= 30_000, "at \(t)")
        }
    }

    /// Old records then new, new then old, both shuffled into one batch, and a store that only
    /// ever saw the new ones: the same merged view.
    func testUpgradedStore_isTheSameWhateverTheOrder_andEqualsAFreshStoreOfTheNewRecords() throws {
        let old = (0..<24).map { Self.record($0, version: 1) }
        let new = (0..<24).map { Self.record($0, version: 2) }
        var generator = SplitMix64(seed: 11)
        let orders: [[(summary: RecordSummary, json: [UInt8])]] =
            [old + new, new + old, (old + new).shuffled(using: &generator), new]
        var views: [(corpus: String, entities: String)] = []
        for (n, order) in orders.enumerated() {
            let root = folder()
            do {
                let store = try ArticleStore(root: root.path)
                for start in stride(from: 0, to: order.count, by: n == 2 ? 48 : 5) {
                    _ = try store.commit(Array(order[start..<min(start + (n == 2 ? 48 : 5), order.count)]))
                }
                try store.applyReplacements()
                try store.checkpoint()
                XCTAssertEqual(store.articleCount, 24)
                XCTAssertEqual(store.recordsByExtractor, [2: 24], "order \(n)")
            }
            views.append(try view(root))
        }
        XCTAssertFalse(views[0].corpus.contains("Old Mistake"))
        for n in 1..<views.count {
            XCTAssertEqual(views[0].corpus, views[n].corpus, "corpus.json differs for order \(n)")
            XCTAssertEqual(views[0].entities, views[n].entities, "entities.tsv differs for order \(n)")
        }
    }
}

private extension String {
    var url: URL { URL(fileURLWithPath: self) }
}
