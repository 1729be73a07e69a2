import Foundation
import XCTest

/// HTML pages, JSON Lines, WARC (plain and gzip, one member per record), UTF-16 and
/// Windows-1252 text through the real executables.
final class InputFormatsTests: IntegrationTestCase {
    /// Fixtures/input beside this file (written by scripts/make-input-fixtures.py).
    private var inputs: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/input")
    }

    /// Every article the fixtures hold, by the path its record names.
    private var expectedTitles: [String: String] {
        let input = inputs.path
        return [
            "\(input)/crawl.warc#record=3": "Ferry operator adds winter sailings to the islands",
            "\(input)/crawl.warc#record=5": "Museum returns carved stone to its village",
            "\(input)/feed.jsonl#line=1": "Ferry operator adds winter sailings to the islands",
            "\(input)/feed.jsonl#line=3": "Museum returns carved stone to its village",
            "\(input)/feed.jsonl#line=4": "Rail line reopens after landslip repairs",
            "\(input)/news.warc.gz#record=3": "Rail line reopens after landslip repairs",
            "\(input)/news.warc.gz#record=5": "School wins national robotics prize",
            "\(input)/story.html": "Harbour lights switched on for the season",
            "\(input)/utf16.txt": "Bakery celebrates fifty years on the high street",
            "\(input)/latin1.txt": "Café owner wins award",
        ]
    }

    func testRun_storesEveryArticleOfEveryFormatOnce_andASecondRunSkipsThemAll() throws {
        let harness = try makeHarness()
        let store = harness.folder.appendingPathComponent("store")
        let (status, output) = try harness.gleaner([
            "run", inputs.path, "--workers", "2", "--store", store.path, "--quiet",
        ])
        XCTAssertEqual(status, 0, output)
        // The WARC files hold 10 records that are no article (requests, metadata): counted as skipped.
        XCTAssertTrue(
            output.contains("10 articles, 1 failures, 10 skipped (10 WARC records that are no article)"), output)

        let records = try StoreInspector.records(in: store)
        var titles: [String: String] = [:]
        for record in records where record["schema"] as? String == "gleaner.article/1" {
            let path = try XCTUnwrap((record["source"] as? [String: Any])?["path"] as? String)
            XCTAssertNil(titles[path], "\(path) stored twice")
            titles[path] = record["title"] as? String
        }
        XCTAssertEqual(titles, expectedTitles)
        let failures = records.filter { $0["schema"] as? String == "gleaner.failure/1" }
        XCTAssertEqual(failures.map { $0["reason"] as? String }, ["malformed"])
        XCTAssertEqual(
            (failures.first?["source"] as? [String: Any])?["path"] as? String, inputs.path + "/feed.jsonl#line=5")
        let warc = try XCTUnwrap(
            records.first {
                ($0["source"] as? [String: Any])?["path"] as? String == inputs.path + "/news.warc.gz#record=5"
            })
        let source = try XCTUnwrap(warc["source"] as? [String: Any])
        XCTAssertEqual(source["url"] as? String, "https://islandnews.test/story-2")
        XCTAssertEqual(source["format"] as? String, "warc")

        let (again, secondOutput) = try harness.gleaner([
            "run", inputs.path, "--workers", "1", "--store", store.path, "--quiet",
        ])
        XCTAssertEqual(again, 0)
        XCTAssertTrue(
            secondOutput.contains(
                "0 articles, 0 failures, 21 skipped (11 already stored, 10 WARC records that are no article)"),
            secondOutput)
        XCTAssertEqual(StoreInspector.lineCount(in: store), 11)
    }

    func testExtract_printsOneRecordPerJSONLine_andPerWARCArticle() throws {
        let harness = try makeHarness()
        let (status, output) = try harness.gleaner([
            "extract", inputs.appendingPathComponent("feed.jsonl").path,
            inputs.appendingPathComponent("news.warc.gz").path,
        ])
        XCTAssertEqual(status, 0)
        let paths = output.split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])
                .flatMap { ($0["source"] as? [String: Any])?["path"] as? String }
        }
        XCTAssertEqual(
            paths.map { String($0.split(separator: "/").last!) },
            [
                "feed.jsonl#line=1", "feed.jsonl#line=3", "feed.jsonl#line=4", "feed.jsonl#line=5",
                "news.warc.gz#record=3", "news.warc.gz#record=5",
            ])
    }

    func testExtract_dash_readsOneArticleFromStandardInput() throws {
        let harness = try makeHarness()
        let page = try Data(contentsOf: inputs.appendingPathComponent("story.html"))
        let (status, output) = try harness.gleaner(["extract", "-"], input: page)
        XCTAssertEqual(status, 0)
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        XCTAssertEqual(record["title"] as? String, "Harbour lights switched on for the season")
        XCTAssertEqual((record["source"] as? [String: Any])?["path"] as? String, "-")
        XCTAssertEqual((record["source"] as? [String: Any])?["format"] as? String, "html")
    }

    func testProducer_stdinList_takesPathsOnePerLine() throws {
        let harness = try makeHarness()
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let list = [
            inputs.appendingPathComponent("utf16.txt").path, "", inputs.appendingPathComponent("story.html").path,
        ]
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [], collector: collectorEndpoint, extra: ["--stdin-list"],
            input: Data(list.joined(separator: "\n").utf8))
        let worker = try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint)
        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 60)
        XCTAssertEqual(producer.wait(), 0)
        XCTAssertTrue(summary?.contains("2 articles, 0 failures") ?? false, summary ?? "no summary")
        worker.signal(SIGTERM)
        _ = worker.wait()
        collector.signal(SIGTERM)
        _ = collector.wait()
        XCTAssertEqual(StoreInspector.lineCount(in: store), 2)
    }
}
