import Foundation
import XCTest
@testable import GleanerCore

final class ArticleStoreTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-test-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func record(_ text: String) -> (summary: RecordSummary, json: [UInt8]) {
        guard case .article(let r) = ArticleProcessor().process(bytes: Array(text.utf8), path: text) else { fatalError() }
        let json = r.jsonBytes()
        return (RecordSummary.decode(json)!, json)
    }

    func testCommit_duplicateResult_isStoredOnce() throws {
        let store = try ArticleStore(root: folder.path)
        let a = record("Alpha\n\nBody one."), b = record("Beta\n\nBody two.")
        XCTAssertEqual(try store.commit([a, b, a]).count, 3, "every id in the batch is acked")
        _ = try store.commit([a])
        XCTAssertEqual(store.index.articleCount, 2)
        XCTAssertEqual(try Journal.readFile(store.layout.segment(1)).filter { $0 == 0x0A }.count, 2)
    }

    func testReopen_replaysTheJournal_andCutsATornLastLine() throws {
        do {
            let store = try ArticleStore(root: folder.path)
            _ = try store.commit([record("Alpha\n\nBody one.")])
        }
        let segment = StoreLayout(root: folder.path).segment(1)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: segment))
        handle.seekToEndOfFile()
        handle.write(Data("{\"schema\":\"gleaner.article/1\",\"id\":\"trunc".utf8))  // a crash mid-append
        handle.closeFile()

        let reopened = try ArticleStore(root: folder.path)
        XCTAssertEqual(reopened.index.articleCount, 1)
        _ = try reopened.commit([record("Beta\n\nBody two.")])
        let lines = try Journal.readFile(segment).split(separator: 0x0A)
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0))) != nil })
    }

    func testOpen_storeOfAnotherFormat_isRefusedWithAClearError() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{\"format\":\"gleaner.store/9\"}".utf8).write(to: folder.appendingPathComponent("store.json"))
        XCTAssertThrowsError(try ArticleStore(root: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("gleaner.store/9"), "\(error)")
        }
    }

    func testCheckpoint_writesCorpusJSONWithStatsAndMergedEntities() throws {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit([record("Alpha\n\nBody one.")])
        try store.checkpoint()
        let corpus = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.layout.corpus))) as? [String: Any])
        XCTAssertEqual(corpus["format"] as? String, "gleaner.store/1")
        XCTAssertEqual((corpus["stats"] as? [String: Any])?["articles"] as? Int, 1)
        XCTAssertEqual((corpus["documents"] as? [[String: Any]])?.first?["title"] as? String, "Alpha")
    }

    func testMerge_sameEntityInTwoArticles_becomesOneCorpusEntity() {
        var index = CorpusIndex()
        func summary(_ id: String, _ mention: String) -> RecordSummary {
            let json = "{\"schema\":\"gleaner.article/1\",\"id\":\"\(id)\",\"source\":{\"path\":\"p\",\"bytes\":1},\"title\":\"t\",\"entities\":[{\"name\":\"Imran Khan\",\"type\":\"PERSON\",\"mentions\":[{\"start\":0,\"end\":4,\"text\":\"\(mention)\"}]}],\"quotes\":[]}"
            return RecordSummary.decode(Array(json.utf8))!
        }
        index.add(summary("a", "Khan"))
        index.add(summary("b", "Imran Khan"))
        let entity = index.entities["PERSON\tImran Khan"]
        XCTAssertEqual(entity?.articles, ["a", "b"])
        XCTAssertEqual(entity?.mentions, 2)
        XCTAssertEqual(entity?.aliases, ["Khan"])
    }
}
