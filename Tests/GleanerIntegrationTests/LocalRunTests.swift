import Foundation
import XCTest

/// `gleaner run`, `gleaner query stats` and `gleaner export` on the sample articles.
final class LocalRunTests: IntegrationTestCase {
    /// seeds/ in the repository, found from this file's location in the source tree.
    private var seeds: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("seeds")
    }

    func testRun_onSeeds_storesTwoRecordsWithTheirHeadlines_andResumes() throws {
        let harness = try makeHarness()
        let store = harness.folder.appendingPathComponent("store").path
        let (status, output) = try harness.gleaner(["run", seeds.path, "--workers", "2", "--store", store, "--quiet"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(output.contains("2 articles, 0 failures, 0 skipped"), output)

        let (exportStatus, exported) = try harness.gleaner(["export", "--store", store])
        XCTAssertEqual(exportStatus, 0)
        let titles = Set(
            exported.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["title"] as? String
            })
        XCTAssertEqual(
            titles,
            [
                "Pakistan denies supplying arms to Ukraine",
                "Pakistan Vows Neutrality in Ukraine Crisis, Insists Ties with US on Track",
            ])

        let (statsStatus, stats) = try harness.gleaner(["query", "stats", "--store", store, "--json"])
        XCTAssertEqual(statsStatus, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any])
        XCTAssertEqual(object["articles"] as? Int, 2)
        XCTAssertEqual(object["failures"] as? Int, 0)

        // A second run over the same input finds both articles stored and processes nothing.
        let (again, secondOutput) = try harness.gleaner([
            "run", seeds.path, "--workers", "1", "--store", store, "--quiet",
        ])
        XCTAssertEqual(again, 0)
        XCTAssertTrue(secondOutput.contains("0 articles, 0 failures, 2 skipped"), secondOutput)
        XCTAssertEqual(StoreInspector.lineCount(in: URL(fileURLWithPath: store)), 2)
    }

    func testQuery_onMissingStore_failsWithAClearMessage() throws {
        let harness = try makeHarness()
        let (status, _) = try harness.gleaner([
            "query", "stats", "--store", harness.folder.appendingPathComponent("nope").path,
        ])
        XCTAssertNotEqual(status, 0)
    }
}
