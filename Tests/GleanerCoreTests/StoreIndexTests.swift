import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

/// The indexes queries read on big stores (chains per entity, article rows, titles, the
/// entity index) give the same answers as the records themselves, whether the records came
/// before the last checkpoint or after it.
final class StoreIndexTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = temporaryURL("store-index") }

    /// Article `i`: "Nora Quist" in every third, "Ivo Berg" in every fifth, "Oslo" in all;
    /// Nora speaks in hers, someone who is no entity in every fourth.
    private func records(_ range: Range<Int>) -> [(summary: RecordSummary, json: [UInt8])] {
        range.map { i in
            var entities: [MergeOrderTests.E] = [.init(name: "Oslo", type: "LOC", country: "NO", mentions: ["Oslo@0"])]
            if i % 3 == 0 {
                entities.append(.init(name: "Nora Quist", type: "PERSON", mentions: ["Nora Quist@0", "Quist@1"]))
            }
            if i % 5 == 0 { entities.append(.init(name: "Ivo Berg", type: "PERSON", mentions: ["Ivo Berg@1"])) }
            var quotes: [(String?, String)] = []
            if i % 3 == 0 { quotes.append(("Nora Quist", "said \(i)")) }
            if i % 4 == 0 { quotes.append(("A Passer-by", "heard \(i)")) }
            let id = ContentHash.hex(of: Array("index test \(i)".utf8))
            var json = MergeOrderTests.json(id, entities, quotes: quotes)
            // A title to search for: "Storm N." in every article, "Calm" in every seventh.
            let title = Array("\"title\":\"Title \(id.prefix(8))\"".utf8)
            let replacement = Array("\"title\":\"\(i % 7 == 0 ? "Calm" : "Storm") No. \(i)\"".utf8)
            if let at = (0...(json.count - title.count)).first(where: {
                json[$0..<$0 + title.count].elementsEqual(title)
            }) {
                json.replaceSubrange(at..<at + title.count, with: replacement)
            }
            return (RecordSummary.decode(json)!, json)
        }
    }

    private func ids(_ range: some Sequence<Int>) -> [String] {
        range.map { ContentHash.hex(of: Array("index test \($0)".utf8)) }
    }

    func testEntityArticlesAndQuotes_spanTheCheckpointAndWhatCameAfter() throws {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit(records(0..<40))
        try store.checkpoint()
        _ = try store.commit(records(40..<61))  // after the checkpoint: found by scanning the tail
        let reader = try StoreReader(root: folder.path)
        let nora = try XCTUnwrap(reader.entity(named: "quist"))
        XCTAssertEqual(nora.entity.name, "Nora Quist")
        XCTAssertEqual(nora.articleIDs, ids(stride(from: 0, to: 61, by: 3)).sorted())
        XCTAssertEqual(nora.quotes.map(\.text).sorted(), stride(from: 0, to: 61, by: 3).map { "said \($0)" }.sorted())
        XCTAssertEqual(nora.quotes.map(\.article), nora.quotes.map(\.article).sorted(), "quotes by article id")
        XCTAssertEqual(nora.cooccurring.first?.name, "Oslo")
        XCTAssertEqual(nora.cooccurring.first { $0.name == "Ivo Berg" }?.articles, 5, "articles 0, 15, 30, 45 and 60")
        let noraQuotes = try reader.quotes(speaker: "Nora Quist", offset: 2, limit: 3)
        XCTAssertEqual(noraQuotes.total, 21)
        XCTAssertEqual(noraQuotes.rows.map(\.text), Array(nora.quotes.map(\.text)[2..<5]))
    }

    func testEntitySummary_countsWhatTheFullDetailLists_andItsQuotesAreTheFullListsFirst() throws {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit(records(0..<40))
        try store.checkpoint()
        _ = try store.commit(records(40..<61))
        let reader = try StoreReader(root: folder.path)
        let full = try XCTUnwrap(reader.entity(named: "Nora Quist"))
        let summary = try XCTUnwrap(reader.entity(named: "Nora Quist", detail: .summary(quotes: 4)))
        XCTAssertEqual(full.articleCount, 21)
        XCTAssertEqual(full.quoteCount, 21)
        XCTAssertEqual(summary.articleCount, full.articleIDs.count)
        XCTAssertEqual(summary.quoteCount, full.quotes.count)
        XCTAssertTrue(summary.articleIDs.isEmpty)
        XCTAssertEqual(summary.quotes.map(\.text), Array(full.quotes.map(\.text).prefix(4)))
        XCTAssertEqual(summary.quotes.map(\.speaker), Array(repeating: "Nora Quist", count: 4))
        XCTAssertEqual(summary.cooccurring.map(\.name), full.cooccurring.map(\.name))
        for (offset, limit) in [(0, 21), (20, 5), (21, 3), (5, 0)] {
            let page = try reader.quotes(speaker: "Nora Quist", offset: offset, limit: limit)
            XCTAssertEqual(page.total, 21)
            XCTAssertEqual(page.rows.map(\.text), Array(full.quotes.map(\.text).dropFirst(offset).prefix(limit)))
        }
    }

    func testAShortPageOfALongQuoteList_isThatStretchOfTheWholeList() throws {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit(records(0..<200))
        try store.checkpoint()
        let reader = try StoreReader(root: folder.path)
        let all = try reader.quotes(speaker: "Nora Quist")
        XCTAssertEqual(all.total, 67)
        XCTAssertEqual(all.rows.map(\.article), ids(stride(from: 0, to: 200, by: 3)).sorted())
        for (offset, limit) in [(0, 1), (0, 10), (3, 5), (15, 1)] {  // short pages: not a full sort
            let page = try reader.quotes(speaker: "Nora Quist", offset: offset, limit: limit)
            XCTAssertEqual(page.rows.map(\.text), Array(all.rows.map(\.text).dropFirst(offset).prefix(limit)))
            XCTAssertEqual(page.total, 67)
        }
        let summary = try XCTUnwrap(reader.entity(named: "Nora Quist", detail: .summary(quotes: 4)))
        XCTAssertEqual(summary.quotes.map(\.text), Array(all.rows.map(\.text).prefix(4)))
    }

    func testAllQuotes_arePagedInArticleIdOrder_andNamedAsTheEntityTableNamesThem() throws {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit(records(0..<50))
        try store.checkpoint()
        let reader = try StoreReader(root: folder.path)
        let all = try reader.quotes()
        XCTAssertEqual(all.total, 17 + 13)
        var expected: [(id: String, text: String)] = []
        for i in 0..<50 {
            let id = ids([i])[0]
            if i % 3 == 0 { expected.append((id, "said \(i)")) }
            if i % 4 == 0 { expected.append((id, "heard \(i)")) }
        }
        expected.sort { $0.id < $1.id }  // stable: an article's own quotes keep their order
        XCTAssertEqual(all.rows.map(\.text), expected.map(\.text))
        for (offset, limit) in [(0, 5), (7, 9), (25, 10), (29, 1), (30, 4)] {
            let page = try reader.quotes(offset: offset, limit: limit)
            XCTAssertEqual(
                page.rows.map(\.text), Array(expected.map(\.text).dropFirst(offset).prefix(limit)), "offset \(offset)")
            XCTAssertEqual(page.total, 30)
        }
        XCTAssertEqual(Set(all.rows.filter { $0.text.hasPrefix("said") }.map(\.speaker)), ["Nora Quist"])
        let passerby = try reader.quotes(speaker: "a passer-by")
        XCTAssertEqual(passerby.rows.count, 13, "a speaker that is no entity is still found")
    }

    func testSearch_findsTitlesAndNames_ignoringCaseAndPeriods_andArticlesByPrefix() throws {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit(records(0..<30))
        try store.checkpoint()
        _ = try store.commit(records(30..<36))
        let reader = try StoreReader(root: folder.path)
        let calm = try reader.search("CALM")
        XCTAssertEqual(calm.articles.map(\.id), ids([0, 7, 14, 21, 28, 35]).sorted())
        XCTAssertEqual(try reader.search("no 7", limit: 50).articles.map(\.title), ["Calm No. 7"], "periods ignored")
        XCTAssertEqual(try reader.search("storm", limit: 3).articles.count, 3)
        XCTAssertEqual(try reader.search("berg").entities.map(\.name), ["Ivo Berg"])
        XCTAssertEqual(try reader.search("1").entities, [], "a rank number is not a name")
        XCTAssertEqual(try reader.search("zzz").articles, [])
        let id = ids([33])[0]
        XCTAssertEqual(RecordSummary.decode(try XCTUnwrap(reader.article(id: String(id.prefix(9)))))?.id, id)
        XCTAssertEqual(try reader.stats().articles, 36)
    }

    func testAStoreOfAnEarlierLayout_isReportedForRepair_andTheCollectorRebuildsIt() throws {
        do {
            let store = try ArticleStore(root: folder.path)
            _ = try store.commit(records(0..<12))
            try store.checkpoint()
        }
        let layout = StoreLayout(root: folder.path)
        // What an earlier Gleaner left: a checkpoint without an index version, no ids.bin.
        var checkpoint = try String(contentsOfFile: layout.checkpointFile, encoding: .utf8)
        checkpoint = checkpoint.replacingOccurrences(
            of: #""indexVersion":\d+,?"#, with: "", options: .regularExpression)
        try checkpoint.write(toFile: layout.checkpointFile, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: layout.idsIndex)
        XCTAssertThrowsError(try StoreReader(root: folder.path).entities()) {
            XCTAssertTrue("\($0)".contains("gleaner store repair"))
        }
        XCTAssertThrowsError(try StoreReader(root: folder.path).articleRows())
        let reopened = try ArticleStore(root: folder.path)
        XCTAssertEqual(reopened.replayedRecords, 12, "rebuilt from the journal")
        try reopened.checkpoint()
        XCTAssertEqual(try StoreReader(root: folder.path).entity(named: "Nora Quist")?.articleIDs.count, 4)
    }
}
