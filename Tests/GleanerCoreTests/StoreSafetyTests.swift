import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

/// One writer per store, and no silent load of a store whose journal lost committed records.
final class StoreSafetyTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = temporaryURL("store-safety") }

    private func records(_ n: Int) -> [(summary: RecordSummary, json: [UInt8])] {
        (0..<n).map { i in
            let json = MergeOrderTests.json(
                ContentHash.hex(of: Array("safety \(i)".utf8)),
                [.init(name: "Person \(i % 3)", type: "PERSON", mentions: ["Person \(i % 3)"])])
            return (RecordSummary.decode(json)!, json)
        }
    }

    /// A store of 30 records with a checkpoint, closed.
    private func checkpointedStore() throws -> StoreLayout {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit(records(30))
        try store.checkpoint()
        return store.layout
    }

    func testOpen_secondWriterOnTheSameStore_isRefusedWithAClearMessage() throws {
        let first = try ArticleStore(root: folder.path)
        _ = try first.commit(records(3))
        XCTAssertThrowsError(try ArticleStore(root: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("one writer"), "\(error)")
            XCTAssertTrue("\(error)".contains("pid \(getpid())"), "names the holder: \(error)")
        }
        XCTAssertEqual(try StoreReader(root: folder.path).articleRows().count, 3, "readers stay allowed")
        _ = first
    }

    func testOpen_afterTheWriterIsGone_succeeds() throws {
        do { _ = try ArticleStore(root: folder.path) }
        XCTAssertNoThrow(try ArticleStore(root: folder.path))
    }

    func testOpen_journalCutShortUnderTheCheckpoint_isRefusedAndSaysHowToRepair() throws {
        let layout = try checkpointedStore()
        let segment = layout.segment(1)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int)
        XCTAssertEqual(truncate(segment, off_t(size / 2)), 0)
        XCTAssertThrowsError(try ArticleStore(root: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("gleaner store repair --store \(folder.path)"), "\(error)")
        }
    }

    func testOpen_journalDeletedUnderTheCheckpoint_isRefused() throws {
        let layout = try checkpointedStore()
        try FileManager.default.removeItem(atPath: layout.segment(1))
        XCTAssertThrowsError(try ArticleStore(root: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("lost committed records"), "\(error)")
        }
    }

    func testOpen_journalCutShortAfterTheCheckpoint_isRefused() throws {
        let layout: StoreLayout
        do {
            let store = try ArticleStore(root: folder.path)
            _ = try store.commit(Array(records(30)[..<20]))
            try store.checkpoint()
            _ = try store.commit(Array(records(30)[20...]))  // committed (acked), not checkpointed
            layout = store.layout
        }
        let segment = layout.segment(1)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int)
        XCTAssertEqual(truncate(segment, off_t(size - 10)), 0)
        XCTAssertThrowsError(try ArticleStore(root: folder.path))
    }
}
