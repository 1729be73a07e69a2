import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

final class StoreRepairTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = temporaryURL("store-repair") }

    func testRepair_afterTheJournalWasCutShort_rebuildsFromTheRecordsThatRemain() throws {
        let json = (0..<30).map { i in
            MergeOrderTests.json(
                ContentHash.hex(of: Array("repair \(i)".utf8)), [.init(name: "Oslo", type: "LOC", mentions: ["Oslo"])])
        }
        let layout: StoreLayout
        do {
            let store = try ArticleStore(root: folder.path)
            _ = try store.commit(json.map { (RecordSummary.decode($0)!, $0) })
            try store.checkpoint()
            layout = store.layout
        }
        // Keep the first 12 lines and half of the 13th.
        let bytes = try FileDescriptorIO.readAll(layout.segment(1))
        let cut = bytes.indices.filter { bytes[$0] == 0x0A }[11] + 1 + json[12].count / 2
        XCTAssertEqual(truncate(layout.segment(1), off_t(cut)), 0)
        XCTAssertThrowsError(try ArticleStore(root: folder.path))

        let report = try ArticleStore.repair(root: folder.path)
        XCTAssertEqual(report.records, 12)
        XCTAssertEqual(report.previousRecords, 30)
        let reopened = try ArticleStore(root: folder.path)
        XCTAssertEqual(reopened.articleCount, 12)
        let reader = try StoreReader(root: folder.path)
        XCTAssertEqual(try reader.stats().articles, 12)
        XCTAssertEqual(try reader.entity(named: "Oslo")?.articleIDs.count, 12)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: layout.indexDirectory).filter { $0.hasPrefix("state-") }
                .count, 1)
    }

    func testRepair_ofAFolderThatIsNoStore_isRefused() {
        XCTAssertThrowsError(try ArticleStore.repair(root: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("not a Gleaner store"), "\(error)")
        }
    }
}
