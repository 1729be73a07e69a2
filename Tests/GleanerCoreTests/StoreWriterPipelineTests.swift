import Foundation
import GleanerTestSupport
import Glibc
import Logging
import Synchronization
import XCTest

@testable import GleanerCore

/// The collector's store writer journals the next batches on a thread of its own
/// (`JournalThread`) while it merges the ones before: a batch must be reported durable only
/// once its journal write and `fdatasync` succeeded, and merged only after that.
final class StoreWriterPipelineTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try makeTemporaryFolder("pipeline") }

    /// A journal whose segment is a pipe: a write larger than the pipe's buffer blocks until
    /// the test reads, and `fdatasync` on a pipe fails (`EINVAL`) although every byte went
    /// through. So `durable` must not run while the write is blocked, nor after it, and the
    /// owner hears of the failure.
    func testJournalThread_reportsNothingDurableBeforeTheSync_norWhenTheSyncFails() throws {
        let layout = StoreLayout(root: folder.path)
        try FileDescriptorIO.makeDirectories(layout.recordsDirectory)
        XCTAssertEqual(mkfifo(layout.segment(1), 0o600), 0)
        let reader = open(layout.segment(1), O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        let journal = try Journal(layout: layout)
        var batch = Journal.Batch()
        var expected: [UInt8] = []
        for n in 0..<400 {  // some 400 KB: several times a pipe's buffer (64 KB)
            let line = Array("{\"record\":\(n),\"text\":\"\(String(repeating: "x", count: 1_000))\"}".utf8)
            batch.add(line)
            expected += line + [0x0A]
        }
        let write = try XCTUnwrap(try journal.prepare([batch]))
        let durable = Atomic<Int>(0)
        let thread = JournalThread(name: "test-journal")
        thread.start(write) { durable.add(1, ordering: .sequentiallyConsistent) }
        usleep(200_000)
        XCTAssertEqual(
            durable.load(ordering: .sequentiallyConsistent), 0, "reported durable while the write was blocked")
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(10)
        while received.count < expected.count && Date() < deadline {
            let n = chunk.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if n > 0 { received += chunk[0..<n] } else { usleep(1_000) }
        }
        XCTAssertEqual(received, expected, "the write itself went through whole")
        guard case .failure(let error) = thread.wait() else { return XCTFail("a failed fdatasync counted as durable") }
        XCTAssertTrue("\(error)".contains("fdatasync"), "\(error)")
        XCTAssertEqual(durable.load(ordering: .sequentiallyConsistent), 0, "reported durable although the sync failed")
        thread.stop()
    }

    private func record(_ i: Int) -> (summary: RecordSummary, json: [UInt8]) {
        let record = ArticleRecord(
            id: ContentHash.hex(of: Array("pipeline \(i)".utf8)), source: .init(path: "p\(i)", bytes: 20),
            title: "Title \(i)",
            entities: [
                Entity(name: "Ann Lee", type: .person, mentions: [Mention(start: 0, end: 7, text: "Ann Lee")]),
                Entity(name: "Body \(i % 50)", type: .org, mentions: [Mention(start: 8, end: 12, text: "Body")]),
            ])
        let json = record.jsonBytes()
        return (RecordSummary.decode(json)!, json)
    }

    /// The ids of the records in the journal's first segment, as on disk now.
    private func journaledIDs(_ layout: StoreLayout) -> Set<String> {
        let bytes = (try? FileDescriptorIO.readAll(layout.segment(1))) ?? []
        let key = Array("\"id\":\"".utf8)
        var ids = Set<String>()
        for line in bytes.split(separator: 0x0A) {
            guard let at = line.firstRange(of: key), at.upperBound + 64 <= line.endIndex else { continue }
            ids.insert(String(decoding: line[at.upperBound..<at.upperBound + 64], as: UTF8.self))
        }
        return ids
    }

    /// Watched from the owner's thread while batches stream in: every batch reported durable
    /// has all its records in the journal on disk at that moment, the merged count never
    /// exceeds the records reported durable, the records durable and not merged yet are
    /// counted as held (the collector's bound on memory), and after a restart the store
    /// holds them all.
    func testStoreWriter_reportsABatchDurableOnlyOnceJournaled_andMergesOnlyDurableBatches() throws {
        let writer = try StoreWriter(
            root: folder.path, checkpointIntervalMilliseconds: 20, logger: Logger(label: "test"))
        let layout = StoreLayout(root: folder.path)
        let batches = 40, perBatch = 300
        var batchIDs: [Int: [String]] = [:]
        var durableRecords = 0, checked = 0, mergedAheadOfDurable = 0, uncounted = 0
        var missing: [String] = []
        func watch() {
            let merged = writer.articleCount  // read before the outcomes: never more than durable then
            for outcome in writer.outcomes() {
                guard case .durable(let ticket) = outcome else { return XCTFail("unexpected \(outcome)") }
                let ids = batchIDs.removeValue(forKey: ticket) ?? []
                let journaled = journaledIDs(layout)
                missing += ids.filter { !journaled.contains($0) }
                durableRecords += ids.count
                checked += 1
            }
            if merged > durableRecords { mergedAheadOfDurable += 1 }
            // Every record reported durable is merged or still held to merge (read in this order).
            let held = writer.unmergedRecords
            if writer.articleCount + held < durableRecords { uncounted += 1 }
        }
        for b in 0..<batches {
            let records = (b * perBatch..<(b + 1) * perBatch).map(record)
            let ticket = writer.submit(records)
            batchIDs[ticket] = records.map(\.summary.id)
            watch()
            if b % 4 == 0 { usleep(2_000) }  // some batches alone, some grouped
        }
        let deadline = Date().addingTimeInterval(60)
        while checked < batches && Date() < deadline {
            writer.waitForOutcomes(timeoutMilliseconds: 50)
            watch()
        }
        XCTAssertEqual(checked, batches, "every batch reported durable")
        XCTAssertEqual(
            missing.count, 0, "reported durable before its records were in the journal: \(missing.prefix(3))")
        XCTAssertEqual(mergedAheadOfDurable, 0, "merged records before they were reported durable")
        XCTAssertEqual(uncounted, 0, "durable records neither merged nor counted as held (unmergedRecords)")
        _ = writer.finish()
        XCTAssertEqual(writer.articleCount, batches * perBatch)
        XCTAssertEqual(writer.unmergedRecords, 0, "every record merged is no longer counted as held")
        let reopened = try ArticleStore(root: folder.path)
        XCTAssertEqual(reopened.articleCount, batches * perBatch)
        XCTAssertEqual(reopened.replayedRecords, 0, "the final checkpoint covers the whole journal")
    }
}
