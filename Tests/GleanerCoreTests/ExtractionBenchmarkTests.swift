import Foundation
import XCTest

@testable import GleanerCore

/// `gleaner bench extract --threads`: several threads must extract every article exactly once
/// per pass, or the rate they print is for different work.
final class ExtractionBenchmarkTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/html")

    func testBenchmark_withSeveralThreads_extractsEachArticleOncePerPass_likeOneThread() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".html") }.sorted().map { Self.fixtures.appendingPathComponent($0).path }
        XCTAssertGreaterThanOrEqual(pages.count, 4, "fixture pages")
        let one = ExtractionBenchmark(paths: pages, rounds: 2, threads: 1).run()
        let three = ExtractionBenchmark(paths: pages, rounds: 2, threads: 3).run()
        XCTAssertEqual(one.articles, pages.count * 2)
        XCTAssertEqual(three.articles, one.articles)
        XCTAssertEqual(three.threads, 3)
        XCTAssertGreaterThan(one.outputBytes, 0)
        XCTAssertEqual(three.outputBytes, one.outputBytes, "the same records, whatever the thread count")
        XCTAssertEqual(three.roundSeconds.count, 2)
    }
}
