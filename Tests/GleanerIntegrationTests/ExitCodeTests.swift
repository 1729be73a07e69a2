import Foundation
import XCTest

/// Exit codes per docs/operations.md: 64 for usage errors (with the usage banner), 1 for
/// failures while working (a plain sentence, no banner), 0 when every file gave a record.
final class ExitCodeTests: IntegrationTestCase {
    func testRun_storeIsAFile_isARuntimeError() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 1, into: input)
        let file = harness.folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let result = try harness.run("gleaner", ["run", input.path, "--store", file.path, "--workers", "1", "--quiet"])
        XCTAssertEqual(result.status, 1, result.errors)
        XCTAssertTrue(result.errors.contains("Not a directory"), result.errors)
        XCTAssertFalse(result.errors.contains("Usage:"), result.errors)
    }

    func testQuery_onAFolderThatIsNoStore_isAUsageError() throws {
        let harness = try makeHarness()
        let result = try harness.run("gleaner", ["query", "stats", "--store", harness.folder.path])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.errors.contains("is not a Gleaner store"), result.errors)
    }

    func testExtract_failureRecordsOfEveryKind_exit0_andOnlyAnUnreadableFileExits1() throws {
        let harness = try makeHarness()
        let big = harness.folder.appendingPathComponent("big.txt"),
            binary = harness.folder.appendingPathComponent("program.bin")
        try Data(repeating: 0x61, count: 5_000).write(to: big)
        try Data([0x7F, 0x45, 0x4C, 0x46] + Array(repeating: 0, count: 300)).write(to: binary)
        let limit = ["--max-article-bytes", "4000"]
        let tooLarge = try harness.run("gleaner", ["extract", big.path] + limit)
        XCTAssertEqual(tooLarge.status, 0, "too large is a failure record like binary")
        XCTAssertTrue(tooLarge.output.contains("\"reason\":\"too-large\""), tooLarge.output)
        XCTAssertEqual(try harness.run("gleaner", ["extract", binary.path] + limit).status, 0)
        XCTAssertEqual(
            try harness.run("gleaner", ["extract", harness.folder.appendingPathComponent("missing.txt").path]).status, 1
        )
    }

    func testExtract_folderOrDevice_givesPlainSentences() throws {
        let harness = try makeHarness()
        let folder = try harness.run("gleaner", ["extract", harness.folder.path])
        XCTAssertTrue(folder.output.contains("\"detail\":\"is a folder, not a file\""), folder.output)
        let device = try harness.run("gleaner", ["extract", "/dev/zero", "--max-article-bytes", "1000"], timeout: 20)
        XCTAssertEqual(device.status, 0, device.output)
        XCTAssertTrue(device.output.contains("\"reason\":\"too-large\""), device.output)
        for output in [folder.output, device.output] {
            XCTAssertFalse(output.contains("NSCocoaErrorDomain") || output.contains("Illegal seek"), output)
        }
    }
}
