import XCTest
@testable import GleanerCore

/// `gleaner extract` records, byte for byte, for the seed articles and a few synthetic ones
/// (`Fixtures/golden/*.txt`, each with its expected record in `*.json`). They hold refactors of
/// the extractor to identical output; a change meant to alter output updates the `.json` files:
///
///     GLEANER_UPDATE_GOLDEN=1 swift test --skip-build --filter GoldenExtractionTests
final class GoldenExtractionTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let fixtures = repository.appendingPathComponent("Tests/GleanerCoreTests/Fixtures/golden")

    /// Each article with the path its record names and where its expected record lives.
    private func articles() throws -> [(text: URL, path: String, expected: URL)] {
        let fm = FileManager.default
        let seeds = try fm.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("seeds").path)
            .filter { $0.hasSuffix(".txt") }.sorted()
            .map {
                (
                    Self.repository.appendingPathComponent("seeds/\($0)"), "seeds/\($0)",
                    Self.fixtures.appendingPathComponent("seed-" + $0.replacingOccurrences(of: ".txt", with: ".json"))
                )
            }
        let synthetic = try fm.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".txt") }.sorted()
            .map {
                (
                    Self.fixtures.appendingPathComponent($0), "golden/\($0)",
                    Self.fixtures.appendingPathComponent($0.replacingOccurrences(of: ".txt", with: ".json"))
                )
            }
        return seeds + synthetic
    }

    func testExtractRecords_matchTheGoldenFilesByteForByte() throws {
        let update = ProcessInfo.processInfo.environment["GLEANER_UPDATE_GOLDEN"] == "1"
        let all = try articles()
        XCTAssertGreaterThanOrEqual(all.count, 6, "the seeds and the synthetic fixtures")
        for article in all {
            let bytes = [UInt8](try Data(contentsOf: article.text))
            let record = ArticleProcessor().process(bytes: bytes, path: article.path).jsonBytes() + [0x0A]
            if update { try Data(record).write(to: article.expected); continue }
            let expected = [UInt8](try Data(contentsOf: article.expected))
            XCTAssertEqual(
                String(decoding: record, as: UTF8.self), String(decoding: expected, as: UTF8.self),
                "\(article.path) differs from \(article.expected.lastPathComponent)")
        }
    }

    func testGoldenRecords_nameWhatTheFixturesAreAbout() throws {
        // guards against golden files that went stale or empty: key facts of each fixture
        let record = { (name: String) throws -> String in
            String(decoding: try Data(contentsOf: Self.fixtures.appendingPathComponent(name)), as: UTF8.self)
        }
        XCTAssertTrue(try record("quotes-and-speakers.json").contains("\"speaker\":\"Margaret Hollis\""))
        XCTAssertTrue(try record("organisations-and-places.json").contains("\"name\":\"Reserve Bank of Australia\""))
        XCTAssertTrue(try record("sports-report.json").contains("\"name\":\"Leeds United\""))
        XCTAssertTrue(try record("names-roles-lists.json").contains("\"name\":\"Shah Mehmood Qureshi\""))
    }
}
