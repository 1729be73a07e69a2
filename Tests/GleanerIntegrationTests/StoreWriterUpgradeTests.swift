import Foundation
@testable import GleanerCore
import GleanerTestSupport
import Logging
import XCTest

/// The collector's store writer puts waiting replacements into the merged view by itself,
/// while it runs, once they stop arriving (`ReplacementPolicy`), not only when it finishes.
final class StoreWriterUpgradeTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws { root = temporaryURL("writer-upgrade") }

    /// Article `i` as extractor `version` makes it; version 1 also names "Old Mistake".
    private func record(_ i: Int, version: Int) -> (summary: RecordSummary, json: [UInt8]) {
        var entities = [Entity(name: "Ann Lee", type: .person, mentions: [Mention(start: 0, end: 7, text: "Ann Lee")])]
        if version < 2 {
            entities.append(
                Entity(name: "Old Mistake", type: .org, mentions: [Mention(start: 8, end: 19, text: "Old Mistake")]))
        }
        let record = ArticleRecord(
            id: ContentHash.hex(of: Array("writer \(i)".utf8)), source: .init(path: "p\(i)", bytes: 20),
            title: "Title \(i)", entities: entities, extractorVersion: version)
        let json = record.jsonBytes()
        return (RecordSummary.decode(json)!, json)
    }

    func testWriter_appliesReplacementsWhileRunning_afterTheyStopArriving() throws {
        let writer = try StoreWriter(
            root: root.path, checkpointIntervalMilliseconds: 100, logger: Logger(label: "test"))
        _ = writer.submit((0..<10).map { record($0, version: 1) })
        _ = writer.submit((0..<10).map { record($0, version: 2) })
        let deadline = Date().addingTimeInterval(15)
        var extractors: [Int: Int] = [:]
        while Date() < deadline {
            extractors = (try? StoreReader(root: root.path).stats().extractors) ?? [:]
            if extractors == [2: 10] { break }
            usleep(50_000)
        }
        XCTAssertEqual(extractors, [2: 10], "the running writer rebuilt the view with the newer records")
        XCTAssertEqual(writer.articleCount, 10)
        XCTAssertNil(try StoreReader(root: root.path).lookup("Old Mistake"))
        XCTAssertTrue(writer.contains(record(0, version: 2).summary.id, extractorVersion: 2))
        let outcomes = writer.finish()
        XCTAssertFalse(outcomes.contains { if case .failed = $0 { return true } else { return false } })
    }
}
