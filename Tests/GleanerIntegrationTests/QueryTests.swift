import Foundation
import XCTest

/// `gleaner query` and `gleaner export` against stores built by real runs.
final class QueryTests: IntegrationTestCase {
    private var seeds: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("seeds").path
    }

    private func json(_ harness: ProcessHarness, _ arguments: [String]) throws -> Any {
        let (status, output) = try harness.gleaner(arguments)
        XCTAssertEqual(status, 0, "gleaner \(arguments.joined(separator: " "))")
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }

    func testQueries_onTheSeedsStore_answerWithTheDocumentedShapes() throws {
        let harness = try makeHarness()
        let store = harness.folder.appendingPathComponent("store").path
        XCTAssertEqual(try harness.gleaner(["run", seeds, "--workers", "1", "--store", store, "--quiet"]).0, 0)

        let entities = try XCTUnwrap(
            try json(harness, ["query", "entities", "--store", store, "--json"]) as? [[String: Any]])
        let khan = try XCTUnwrap(
            entities.first { $0["name"] as? String == "Imran Khan" }, "Imran Khan is named in both seeds")
        XCTAssertEqual(khan["type"] as? String, "PERSON")
        XCTAssertEqual(khan["articles"] as? Int, 2)

        let detail = try XCTUnwrap(
            try json(harness, ["query", "entity", "imran khan", "--store", store, "--json"]) as? [String: Any])
        XCTAssertEqual(detail["name"] as? String, "Imran Khan")
        XCTAssertEqual((detail["articles"] as? [String])?.count, 2)
        XCTAssertNotNil(detail["aliases"] as? [String])
        XCTAssertNotNil(detail["quotes"] as? [[String: Any]])
        let cooccurring = try XCTUnwrap(detail["cooccurring"] as? [[String: Any]])
        XCTAssertTrue(cooccurring.contains { $0["name"] as? String == "Pakistan" && $0["articles"] as? Int == 2 })

        let quotes = try XCTUnwrap(
            try json(harness, ["query", "quotes", "--store", store, "--json"]) as? [[String: Any]])
        XCTAssertFalse(quotes.isEmpty)
        let speaker = try XCTUnwrap(quotes.compactMap { $0["speaker"] as? String }.first)
        let theirs = try XCTUnwrap(
            try json(harness, ["query", "quotes", "--speaker", speaker, "--store", store, "--json"]) as? [[String: Any]]
        )
        XCTAssertEqual(theirs.count, quotes.filter { $0["speaker"] as? String == speaker }.count)

        let found = try XCTUnwrap(
            try json(harness, ["query", "search", "ukraine", "--store", store, "--json"]) as? [String: Any])
        XCTAssertEqual((found["articles"] as? [[String: Any]])?.count, 2)
        let id = try XCTUnwrap((found["articles"] as? [[String: Any]])?.first?["id"] as? String)
        let record = try XCTUnwrap(
            try json(harness, ["query", "article", String(id.prefix(12)), "--store", store]) as? [String: Any])
        XCTAssertEqual(record["id"] as? String, id)

        XCTAssertEqual((try json(harness, ["query", "failures", "--store", store, "--json"]) as? [Any])?.count, 0)
        XCTAssertNotEqual(try harness.gleaner(["query", "entity", "Nobody Anywhere", "--store", store]).0, 0)

        let (csvStatus, csv) = try harness.gleaner([
            "export", "--store", store, "--what", "entities", "--format", "csv",
        ])
        XCTAssertEqual(csvStatus, 0)
        XCTAssertEqual(csv.split(separator: "\n").first, "name,type,country,articles,mentions,quotes,aliases")
        XCTAssertEqual(csv.split(separator: "\n").count, entities.count + 1)
        let (quoteStatus, quoteLines) = try harness.gleaner(["export", "--store", store, "--what", "quotes"])
        XCTAssertEqual(quoteStatus, 0)
        XCTAssertEqual(quoteLines.split(separator: "\n").count, quotes.count)
    }

    func testQueries_onAGeneratedCorpus_countSpeakersAndArticlesAcrossTheStore() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 120, into: input)
        let store = harness.folder.appendingPathComponent("store").path
        XCTAssertEqual(try harness.gleaner(["run", input.path, "--workers", "2", "--store", store, "--quiet"]).0, 0)

        let stats = try XCTUnwrap(try json(harness, ["query", "stats", "--store", store, "--json"]) as? [String: Any])
        XCTAssertEqual(stats["articles"] as? Int, 120)
        // Each of the 6 people speaks in every 6th article, twice.
        let grace = try XCTUnwrap(
            try json(harness, ["query", "entity", "Grace Okafor", "--store", store, "--json"]) as? [String: Any])
        XCTAssertEqual((grace["articles"] as? [String])?.count, 20)
        XCTAssertEqual((grace["quotes"] as? [[String: Any]])?.count, 40)
        let people = try XCTUnwrap(
            try json(harness, ["query", "entities", "--type", "PERSON", "--store", store, "--json"]) as? [[String: Any]]
        )
        XCTAssertEqual(Set(people.compactMap { $0["name"] as? String }), Set(GeneratedCorpus.people))
        let (exportStatus, exported) = try harness.gleaner(["export", "--store", store])
        XCTAssertEqual(exportStatus, 0)
        XCTAssertEqual(exported.split(separator: "\n").count, 120)
    }
}
