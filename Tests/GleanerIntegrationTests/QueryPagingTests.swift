import Foundation
import XCTest

/// Lists come out whole, or page by page when asked (--limit, --offset), and a cut list says
/// so; CSV headers match their columns.
final class QueryPagingTests: IntegrationTestCase {
    static let given = ["Amina", "Daniel", "Grace", "Tomasz", "Lars", "Priya", "Jonas", "Sofia", "Kwame", "Elena"]
    static let surnames = [
        "Yusuf", "Ortega", "Okafor", "Nowak", "Eriksen", "Sharma", "Berg", "Rossi", "Mensah", "Novak",
    ]

    /// 600 articles, each quoting one of 100 people twice: 1,200 quotes, over 100 entities.
    private func writeCorpus(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for n in 0..<600 {
            let person = "\(Self.given[n % 10]) \(Self.surnames[(n / 10) % 10])"
            let text = """
                Harbour report \(n)

                "Cargo volumes rose again in week \(n)," said \(person), the harbour director. "We expect more," \
                \(person) added.
                """
            try text.write(to: folder.appendingPathComponent("a\(n).txt"), atomically: true, encoding: .utf8)
        }
        try Data().write(to: folder.appendingPathComponent("empty.txt"))
        try Data([0x7F, 0x45, 0x4C, 0x46] + Array(repeating: 0, count: 300)).write(
            to: folder.appendingPathComponent("program.bin"))
    }

    private func json(_ harness: ProcessHarness, _ arguments: [String]) throws -> (value: Any, errors: String) {
        let result = try harness.run("gleaner", arguments)
        XCTAssertEqual(result.status, 0, "gleaner \(arguments.joined(separator: " ")): \(result.errors)")
        return (try JSONSerialization.jsonObject(with: Data(result.output.utf8)), result.errors)
    }

    func testQueries_returnWholeLists_pageOnRequest_andSayWhenCut() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try writeCorpus(input)
        let store = harness.folder.appendingPathComponent("store").path
        XCTAssertEqual(try harness.gleaner(["run", input.path, "--workers", "2", "--store", store, "--quiet"]).0, 0)
        let stats = try XCTUnwrap(
            try json(harness, ["query", "stats", "--store", store, "--json"]).value as? [String: Any])
        let entityCount = try XCTUnwrap(stats["entities"] as? Int), quoteCount = try XCTUnwrap(stats["quotes"] as? Int)
        XCTAssertGreaterThan(entityCount, 100)
        XCTAssertEqual(quoteCount, 1_200)

        let entities = try json(harness, ["query", "entities", "--store", store, "--json"])
        XCTAssertEqual((entities.value as? [Any])?.count, entityCount, "--json returns every entity")
        XCTAssertFalse(entities.errors.contains("showed"), entities.errors)
        let quotes = try json(harness, ["query", "quotes", "--store", store, "--json"])
        XCTAssertEqual((quotes.value as? [Any])?.count, quoteCount, "--json returns every quote")

        let page = try json(
            harness, ["query", "entities", "--store", store, "--json", "--limit", "10", "--offset", "5"])
        let names = { (v: Any) in (v as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? [] }
        XCTAssertEqual(names(page.value), Array(names(entities.value)[5..<15]))
        XCTAssertTrue(page.errors.contains("showed entities 6–15 of \(entityCount)"), page.errors)
        let table = try harness.run("gleaner", ["query", "quotes", "--store", store])
        XCTAssertEqual(table.status, 0)
        XCTAssertTrue(
            table.errors.contains("of \(quoteCount); use --limit and --offset"),
            "a table shows a screenful and says so: \(table.errors)")
    }

    func testExportFailuresAsCSV_headerNamesItsColumns() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 3, into: input)
        try Data().write(to: input.appendingPathComponent("empty.txt"))
        try Data([0x7F, 0x45, 0x4C, 0x46] + Array(repeating: 0, count: 300)).write(
            to: input.appendingPathComponent("program.bin"))
        let store = harness.folder.appendingPathComponent("store").path
        XCTAssertEqual(try harness.gleaner(["run", input.path, "--workers", "1", "--store", store, "--quiet"]).0, 0)
        let csv = try harness.run("gleaner", ["export", "--store", store, "--failures", "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.errors)
        let rows = csv.output.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.first.map { $0.joined(separator: ",") }, "id,reason,path,detail")
        XCTAssertEqual(rows.count, 3)
        for row in rows.dropFirst() {
            XCTAssertGreaterThanOrEqual(row.count, 4, "\(row)")
            XCTAssertTrue(["empty", "binary"].contains(String(row[1])), "the reason column holds the reason: \(row)")
        }
    }
}
