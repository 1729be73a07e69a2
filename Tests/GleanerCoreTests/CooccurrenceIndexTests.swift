import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

/// `index/cooccurrence.bin` (the lists counted at checkpoints) gives `entity NAME` the same
/// co-occurring entities, with the same counts, as counting every article naming it, before
/// and after records committed since the checkpoint, and a store without the file still answers.
final class CooccurrenceIndexTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = temporaryURL("cooccurrence") }

    /// Article `i`: "Oslo" in all; "Nora Quist" (alias "Quist") in every third, a separate
    /// "Quist" (which joins her) in every tenth; one of eleven people by `i % 11`, one of
    /// five organisations by `i / 7 % 5`; "Late Org" in every fortieth and, from `shift` on, in
    /// every article, so what comes after the checkpoint can overtake what the lists hold.
    private func records(_ range: Range<Int>, shift: Int = .max) -> [(summary: RecordSummary, json: [UInt8])] {
        range.map { i in
            var entities: [MergeOrderTests.E] = [
                .init(name: "Oslo", type: "LOC", country: "NO", mentions: ["Oslo@0"]),
                .init(name: "Person \(i % 11)", type: "PERSON", mentions: ["Person \(i % 11)@2"]),
                .init(name: "Org \(i / 7 % 5)", type: "ORG", mentions: ["Org \(i / 7 % 5)@3"]),
            ]
            if i % 3 == 0 {
                entities.append(.init(name: "Nora Quist", type: "PERSON", mentions: ["Nora Quist@0", "Quist@1"]))
            }
            if i % 10 == 0 { entities.append(.init(name: "Quist", type: "PERSON", mentions: ["Quist@4"])) }
            if i >= shift || i % 40 == 1 {
                entities.append(.init(name: "Late Org", type: "ORG", mentions: ["Late Org@5"]))
            }
            let json = MergeOrderTests.json(ContentHash.hex(of: Array("cooccurrence test \(i)".utf8)), entities)
            return (RecordSummary.decode(json)!, json)
        }
    }

    private typealias Pairs = [String]

    /// The co-occurring entities as `entity --json` finds them, then as a summary (the table) does,
    /// with its article count.
    private func cooccurring(_ name: String, limit: Int) throws -> Pairs {
        let reader = try StoreReader(root: folder.path)
        let full = try XCTUnwrap(reader.entity(named: name, cooccurringLimit: limit))
        let summary = try XCTUnwrap(reader.entity(named: name, cooccurringLimit: limit, detail: .summary(quotes: 0)))
        XCTAssertEqual(summary.articleCount, full.articleCount, name)
        XCTAssertEqual(summary.cooccurring.map(\.name), full.cooccurring.map(\.name), name)
        return full.cooccurring.map { "\($0.name) \($0.type) \($0.articles)" } + ["\(summary.articleCount) articles"]
    }

    /// The same queries with the lists (as they are) and without them (counted from the postings).
    private func assertListsAgreeWithCounting(_ names: [String], limits: [Int], file: StaticString = #filePath,
        line: UInt = #line) throws {
        let layout = StoreLayout(root: folder.path)
        var listed: [Pairs] = []
        for name in names { for limit in limits { listed.append(try cooccurring(name, limit: limit)) } }
        let saved = try Data(contentsOf: URL(fileURLWithPath: layout.cooccurrenceIndex))
        try FileManager.default.removeItem(atPath: layout.cooccurrenceIndex)
        defer { try? saved.write(to: URL(fileURLWithPath: layout.cooccurrenceIndex)) }
        var counted: [Pairs] = []
        for name in names { for limit in limits { counted.append(try cooccurring(name, limit: limit)) } }
        XCTAssertEqual(listed, counted, file: file, line: line)
        XCTAssertFalse(counted.contains { $0.count < 2 }, "every entity asked for co-occurs", file: file, line: line)
    }

    private func lists() throws -> CooccurrenceIndex.Reader {
        let layout = StoreLayout(root: folder.path)
        let table = try EntityTableFile(layout)
        return try XCTUnwrap(
            CooccurrenceIndex.Reader(path: layout.cooccurrenceIndex, index: XCTUnwrap(table.index),
                tableBytes: table.table.count))
    }

    /// A store of `records`, with lists for the entities in 30 articles or more, after a final checkpoint.
    private func storeWithLists(
        _ records: [(summary: RecordSummary, json: [UInt8])]
    ) throws -> (ArticleStore, StoreLayout) {
        let store = try ArticleStore(root: folder.path)
        store.cooccurrenceListing = .init(minimumArticles: 30, pairs: 200)
        _ = try store.commit(records)
        try store.checkpoint(final: true)
        return (store, StoreLayout(root: folder.path))
    }

    func testListedCooccurrence_equalsCountingEveryArticle_atTheCheckpoint() throws {
        let store = try ArticleStore(root: folder.path)
        store.cooccurrenceListing = .init(minimumArticles: 30, pairs: 200)
        _ = try store.commit(records(0..<120))
        try store.checkpoint(final: true)
        let lists = try lists()
        XCTAssertEqual(lists.listed, 2, "Oslo (120 articles), Nora Quist (48 with Quist), not Org 1 (28)")
        XCTAssertNotNil(lists.pairs(of: 1))
        try assertListsAgreeWithCounting(["Oslo", "Nora Quist", "Quist", "Person 3"], limits: [1, 3, 20])
        let nora = try cooccurring("Nora Quist", limit: 20)
        XCTAssertEqual(nora.first, "Oslo LOC 48", "an article naming Nora Quist and Quist counts once")
        XCTAssertEqual(nora.last, "48 articles")
    }

    func testListedCooccurrence_addsWhatCameAfterTheCheckpoint_evenWhenItOvertakesTheList() throws {
        let store = try ArticleStore(root: folder.path)
        // Two pairs per entity: the bound on the others comes into play.
        store.cooccurrenceListing = .init(minimumArticles: 30, pairs: 2)
        _ = try store.commit(records(0..<120))
        try store.checkpoint(final: true)
        _ = try store.commit(records(120..<130))  // small gains: the lists still decide
        try assertListsAgreeWithCounting(["Oslo", "Nora Quist"], limits: [1, 2, 5])
        _ = try store.commit(records(130..<200, shift: 130))  // "Late Org" overtakes entities listed
        try assertListsAgreeWithCounting(["Oslo", "Nora Quist"], limits: [1, 2, 5])
        let oslo = try cooccurring("Oslo", limit: 2)
        XCTAssertTrue(oslo.contains("Late Org ORG 74"), "1, 41, 81, 121 and 130..<200: \(oslo)")
    }

    func testAStoreWithoutTheLists_answersByCounting_andACheckpointWritesThem() throws {
        let (store, layout) = try storeWithLists(records(0..<90))
        let expected = try cooccurring("Oslo", limit: 20)
        try FileManager.default.removeItem(atPath: layout.cooccurrenceIndex)  // as an earlier Gleaner left it
        XCTAssertEqual(try cooccurring("Oslo", limit: 20), expected)
        XCTAssertFalse(expected.isEmpty)
        _ = try store.commit(records(90..<91))
        try store.checkpoint(final: true)
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.cooccurrenceIndex))
        XCTAssertEqual(try lists().listed, 2, "Oslo (91 articles), Nora Quist (36)")
    }

    func testACheckpointThatIsNotFinal_removesTheLists_andQueriesCount() throws {
        let (store, layout) = try storeWithLists(records(0..<90))
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.cooccurrenceIndex))
        _ = try store.commit(records(90..<100))
        try store.checkpoint()
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.cooccurrenceIndex))
        XCTAssertEqual(try cooccurring("Oslo", limit: 3).last, "100 articles")
        XCTAssertNotNil(try store.checkpoint(final: true), "nothing new, but the lists are missing")
        XCTAssertEqual(try lists().listed, 2)
    }

    func testRepair_rebuildsTheLists() throws {
        do {
            let store = try ArticleStore(root: folder.path)
            _ = try store.commit(records(0..<60))
            try store.checkpoint(final: true)
        }
        let layout = StoreLayout(root: folder.path)
        try FileManager.default.removeItem(atPath: layout.cooccurrenceIndex)
        let repaired = try ArticleStore(root: folder.path, rebuild: true)
        repaired.cooccurrenceListing = .init(minimumArticles: 20, pairs: 200)
        try repaired.checkpoint(final: true)
        XCTAssertEqual(try lists().listed, 2, "Oslo (60 articles), Nora Quist (24)")
        try assertListsAgreeWithCounting(["Oslo", "Nora Quist"], limits: [20])
    }
}
