import Foundation
import XCTest
@testable import GleanerCore

/// The store as the executables see it: one collector per store, a journal that lost
/// records refused with a way out (`gleaner store repair`), runs that give the same store.
final class StoreCommandTests: IntegrationTestCase {
    func testCollector_secondOnTheSameStore_refusesAndTheFirstKeepsWorking() throws {
        let harness = try makeHarness()
        let store = harness.folder.appendingPathComponent("store")
        let (first, endpoint) = try harness.startCollector(store: store)
        let second = try harness.run(
            "gleaner-collector", ["--store", store.path, "--bind", "tcp://127.0.0.1:0"], timeout: 20)
        XCTAssertEqual(second.status, 1, "the second collector must refuse: \(second.output)")
        XCTAssertTrue(second.errors.contains("one writer"), second.errors)
        XCTAssertFalse(second.output.contains("listening"), second.output)

        let input = harness.folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: 12, into: input)
        let (producer, producerEndpoint) = try harness.startProducer(paths: [input.path], collector: endpoint)
        let worker = try harness.startWorker(producer: producerEndpoint, collector: endpoint)
        XCTAssertEqual(producer.wait(timeout: 60), 0, "the first collector still serves the run")
        XCTAssertEqual(
            try harness.gleaner(["query", "stats", "--store", store.path, "--json"]).0, 0, "readers stay allowed")
        worker.signal(SIGTERM)
        first.signal(SIGTERM)
        XCTAssertEqual(first.wait(), 0)
        XCTAssertEqual(
            Set(
                try StoreInspector.records(in: store).compactMap {
                    ($0["source"] as? [String: Any])?["path"] as? String
                }), Set(paths))
    }

    func testCollector_onAJournalCutShort_refusesUntilRepaired() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 20, into: input)
        let store = harness.folder.appendingPathComponent("store")
        XCTAssertEqual(
            try harness.gleaner(["run", input.path, "--workers", "1", "--store", store.path, "--quiet"]).0, 0)
        let segment = store.appendingPathComponent("records/000001.jsonl")
        let bytes = try Data(contentsOf: segment)
        let eighth = bytes.indices.filter { bytes[$0] == 0x0A }[7] + 1
        try bytes.prefix(eighth).write(to: segment)

        let refused = try harness.run(
            "gleaner-collector", ["--store", store.path, "--bind", "tcp://127.0.0.1:0"], timeout: 20)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.errors.contains("gleaner store repair --store \(store.path)"), refused.errors)

        let repaired = try harness.run("gleaner", ["store", "repair", "--store", store.path])
        XCTAssertEqual(repaired.status, 0, repaired.errors)
        XCTAssertTrue(repaired.output.contains("8 records (the last checkpoint counted 20)"), repaired.output)
        let stats = try XCTUnwrap(
            JSONSerialization.jsonObject(
                with: Data(try harness.gleaner(["query", "stats", "--store", store.path, "--json"]).1.utf8))
                as? [String: Any])
        XCTAssertEqual(stats["articles"] as? Int, 8)
        let (again, summary) = try harness.gleaner([
            "run", input.path, "--workers", "1", "--store", store.path, "--quiet",
        ])
        XCTAssertEqual(again, 0)
        XCTAssertTrue(summary.contains("12 articles, 0 failures"), "the lost articles are extracted again: \(summary)")
    }
}
