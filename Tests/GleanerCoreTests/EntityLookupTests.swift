import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

/// `gleaner query entity NAME`: the best-supported match wins, and the others are named.
final class EntityLookupTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = temporaryURL("lookup")
        let store = try ArticleStore(root: folder.path)
        var records: [[UInt8]] = []
        func add(_ key: String, _ name: String, _ mentions: [String]) {
            records.append(
                MergeOrderTests.json(
                    ContentHash.hex(of: Array(key.utf8)), [.init(name: name, type: "PERSON", mentions: mentions)]))
        }
        for i in 0..<2 { add("stray \(i)", "Blair", ["Blair"]) }
        for i in 0..<6 { add("tony \(i)", "Tony Blair", ["Tony Blair", "Blair"]) }
        add("cherie", "Cherie Blair", ["Cherie Blair", "Blair"])  // "Blair" is ambiguous: the stray stays apart
        _ = try store.commit(records.map { (RecordSummary.decode($0)!, $0) })
        try store.checkpoint()
    }

    func testEntity_nameOfAStrayAndAnAliasOfAFullName_prefersTheBestSupported() throws {
        let detail = try XCTUnwrap(StoreReader(root: folder.path).entity(named: "blair"))
        XCTAssertEqual(detail.entity.name, "Tony Blair")
        XCTAssertEqual(detail.articleIDs.count, 6)
    }

    func testEntity_listsTheOtherMatches_bestSupportedFirst() throws {
        let detail = try XCTUnwrap(StoreReader(root: folder.path).entity(named: "Blair"))
        XCTAssertEqual(detail.otherMatches.map(\.name), ["Blair", "Cherie Blair"])
        XCTAssertEqual(detail.otherMatches.map(\.articles), [2, 1])
        XCTAssertEqual(try StoreReader(root: folder.path).entity(named: "Blair", type: "ORG")?.entity.name, nil)
    }
}
