import Foundation
import GleanerCore
import XCTest

/// Upgrades with the real executables: a store made by an older extractor version is
/// re-extracted by a run of a newer one, with nothing counted twice; `--reextract` re-sends all.
final class UpgradeTests: IntegrationTestCase {
    /// Acts as an older extractor (the testing switch in docs/operations.md, "Upgrades").
    private let oldExtractor = ["GLEANER_EXTRACTOR_VERSION_OVERRIDE": "0"]

    private func runGleaner(
        _ harness: ProcessHarness, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> String {
        let result = try harness.run("gleaner", arguments, environment: environment)
        XCTAssertEqual(result.status, 0, result.errors)
        return result.output
    }

    private func stats(_ harness: ProcessHarness, _ store: String) throws -> [String: Any] {
        let output = try runGleaner(harness, ["query", "stats", "--store", store, "--json"])
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], output)
    }

    func testNewerExtractor_reextractsAnOlderStore_countingEachArticleOnce_andReextractResendsAll() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("input")
        try GeneratedCorpus.write(count: 6, into: input)
        let store = harness.folder.appendingPathComponent("store").path
        let fresh = harness.folder.appendingPathComponent("fresh").path
        let run = ["run", input.path, "--workers", "1", "--quiet"]

        let first = try runGleaner(harness, run + ["--store", store], environment: oldExtractor)
        XCTAssertTrue(first.contains("6 articles, 0 failures, 0 skipped"), first)
        XCTAssertEqual(try stats(harness, store)["extractors"] as? [String: Int], ["0": 6])

        // This build's extractor is newer: every article is sent, extracted and replaced.
        let upgrade = try runGleaner(harness, run + ["--store", store])
        XCTAssertTrue(upgrade.contains("6 articles, 0 failures, 0 skipped"), upgrade)
        let upgraded = try stats(harness, store)
        let current = String(ExtractorVersion.current)
        XCTAssertEqual(upgraded["extractors"] as? [String: Int], [current: 6], "only the new version counts")
        XCTAssertEqual(upgraded["articles"] as? Int, 6)
        XCTAssertEqual(upgraded["replacements_waiting"] as? Int, 0)
        XCTAssertEqual(StoreInspector.lineCount(in: URL(fileURLWithPath: store)), 12, "both versions are journaled")
        try assertClean(URL(fileURLWithPath: store), inputs: [input.path])
        let table = try runGleaner(harness, ["query", "stats", "--store", store])
        XCTAssertTrue(table.contains("extractor version \(current)") && !table.contains("extractor version 0"), table)

        _ = try runGleaner(harness, run + ["--store", fresh])
        let freshStats = try stats(harness, fresh)
        for key in ["articles", "entities", "quotes", "speakers"] {
            XCTAssertEqual(upgraded[key] as? Int, freshStats[key] as? Int, key)
        }
        let entities = { (store: String) throws -> String in
            try self.runGleaner(harness, ["query", "entities", "--json", "--store", store])
                .replacingOccurrences(of: #""(first_seen|last_seen)":"[^"]*""#, with: #""$1":"T""#,
                                      options: .regularExpression)
        }
        XCTAssertEqual(try entities(store), try entities(fresh), "entity counts are those of a fresh store")

        // The same version again: nothing to do. Reextract: every file goes again, duplicates are dropped.
        let resume = try runGleaner(harness, run + ["--store", store])
        XCTAssertTrue(resume.contains("0 articles, 0 failures, 6 skipped"), resume)
        let forced = try runGleaner(harness, run + ["--store", store, "--reextract"])
        XCTAssertTrue(forced.contains("6 articles, 0 failures, 0 skipped"), forced)
        XCTAssertEqual(StoreInspector.lineCount(in: URL(fileURLWithPath: store)), 12,
                       "same-version records deduplicate")
        XCTAssertEqual(try stats(harness, store)["articles"] as? Int, 6)
    }
}
