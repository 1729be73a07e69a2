import Foundation
@testable import GleanerCore
import GleanerTestSupport
import Logging
import XCTest

/// A collector asks its store writer which ids are stored (`contains`, for the producer's
/// lookups) on its socket thread while the writer thread journals and indexes: the answers
/// must never crash the process, and an id once reported stored stays stored.
final class StoreWriterConcurrencyTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws { root = temporaryURL("writer-race") }

    private func record(_ i: Int) -> (summary: RecordSummary, json: [UInt8]) {
        let record = ArticleRecord(
            id: ContentHash.hex(of: Array("race \(i)".utf8)), source: .init(path: "p\(i)", bytes: 20),
            title: "Title \(i)",
            entities: [Entity(name: "Ann Lee", type: .person, mentions: [Mention(start: 0, end: 7, text: "Ann Lee")])])
        let json = record.jsonBytes()
        return (RecordSummary.decode(json)!, json)
    }

    /// What the asking thread saw.
    private final class Watch: @unchecked Sendable {
        let lock = NSLock()
        var stop = false
        var asked = 0
        var done = false
        var forgotten: [String] = []
    }

    func testContains_askedFromAnotherThreadWhileTheWriterIndexes_neverForgetsAStoredID() throws {
        let writer = try StoreWriter(root: root.path, checkpointIntervalMilliseconds: 50, logger: Logger(label: "test"))
        let count = 30_000
        let ids = (0..<count).map { ContentHash.hex(of: Array("race \($0)".utf8)) }
        let watch = Watch()
        let asker = Thread {
            var seen = Set<Int>()
            var n = 0
            while !watch.lock.withLock({ watch.stop }) {
                let i = (n &* 7_919) % count
                n += 1
                let stored = writer.contains(ids[i]) && writer.contains(ids[i], extractorVersion: 1)
                if stored {
                    seen.insert(i)
                } else if seen.contains(i) {
                    watch.lock.withLock { watch.forgotten.append(ids[i]) }
                }
            }
            watch.lock.withLock {
                watch.asked = n; watch.done = true
            }
        }
        asker.start()
        for start in stride(from: 0, to: count, by: 500) {
            _ = writer.submit((start..<min(start + 500, count)).map(record))
        }
        let deadline = Date().addingTimeInterval(60)
        while writer.articleCount < count, Date() < deadline { usleep(1_000) }
        watch.lock.withLock { watch.stop = true }
        while !watch.lock.withLock({ watch.done }) { usleep(1_000) }
        let outcomes = writer.finish()
        XCTAssertEqual(writer.articleCount, count)
        XCTAssertFalse(outcomes.contains { if case .failed = $0 { return true } else { return false } })
        XCTAssertEqual(watch.lock.withLock { watch.forgotten }, [], "an id reported stored was later reported missing")
        XCTAssertGreaterThan(watch.lock.withLock { watch.asked }, 1_000, "the asking thread ran alongside the writer")
        let reopened = try StoreWriter(
            root: root.path, checkpointIntervalMilliseconds: 50, logger: Logger(label: "test"))
        XCTAssertEqual(ids.filter { !reopened.contains($0) }, [])
        _ = reopened.finish()
    }
}
