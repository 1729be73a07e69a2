import Foundation
import XCTest

/// Which files a run takes: never its own store, and every skip counted by its reason.
final class InputSelectionTests: IntegrationTestCase {
    /// a, b, c and notes.md are articles; d.txt repeats a.txt; a hidden file; a symlink.
    private func writeInput(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, title) in [
            ("a.txt", "Alpha"), ("b.txt", "Beta"), ("c.txt", "Gamma"), ("d.txt", "Alpha"),
            (".hidden.txt", "Hidden"), ("notes.md", "Notes"),
        ] {
            try "\(title) rises\n\nThe \(title) index rose on Tuesday, officials in Lisbon said.\n"
                .write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.txt").path, withDestinationPath: "b.txt")
    }

    func testRun_withTheStoreInsideTheInput_neverTakesStoreFiles_andCountsSkipsByKind() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("articles")
        try writeInput(input)
        let store = input.appendingPathComponent("gleaner-store")  // as `cd articles && gleaner run .`
        let first = try harness.run("gleaner", ["run", input.path, "--workers", "1", "--store", store.path, "--quiet"])
        XCTAssertEqual(first.status, 0, first.errors)
        XCTAssertTrue(
            first.output.contains(
                "4 articles, 0 failures, 4 skipped (1 duplicate, 1 hidden, 1 symlink or special file, 1 store folder)"),
            first.output)

        let second = try harness.run(
            "gleaner", ["run", input.path, "--workers", "1", "--store", store.path, "--quiet"])
        XCTAssertEqual(second.status, 0, second.errors)
        XCTAssertTrue(
            second.output.contains(
                "0 articles, 0 failures, 8 skipped (1 duplicate, 4 already stored, 1 hidden, "
                    + "1 symlink or special file, 1 store folder)"), second.output)
        XCTAssertEqual(StoreInspector.lineCount(in: store), 4, "no store file came back as an article")

        let third = try harness.run(
            "gleaner",
            [
                "run", input.path, "--workers", "1", "--store", store.path, "--quiet",
                "--ext", "txt", "--log-level", "debug",
            ])
        XCTAssertEqual(third.status, 0, third.errors)
        XCTAssertTrue(third.output.contains("1 not matching --ext"), third.output)
        for (name, reason) in [
            ("d.txt", "duplicate"), (".hidden.txt", "hidden"), ("link.txt", "symlink or special file"),
            ("notes.md", "not matching --ext"), ("gleaner-store", "store folder"), ("a.txt", "already stored"),
        ] {
            let listed = third.errors.split(separator: "\n").contains {
                $0.contains("Skipped.") && $0.contains("/\(name)") && $0.contains("reason=\(reason)")
            }
            XCTAssertTrue(listed, "the debug log lists \(name) as \(reason)")
        }
    }
}
