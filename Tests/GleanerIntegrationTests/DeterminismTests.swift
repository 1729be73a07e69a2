import Foundation
import XCTest

/// Two independent runs over the same articles give the same store, whatever order the
/// records reached the collector in: `corpus.json`, the entity table and query answers are
/// equal byte for byte once the commit times they report are blanked.
final class DeterminismTests: IntegrationTestCase {
    static let people = [
        ("Tony", "Blair"), ("Gordon", "Brown"), ("Michael", "Howard"), ("Charles", "Kennedy"), ("Jack", "Straw"),
    ]

    /// The same 30 articles under two sets of names: `fullNamesFirst` makes the producer's
    /// sorted walk (and so, with one worker, the arrival order) bring the articles naming
    /// people in full before those naming them by surname only; otherwise after.
    static func writeArticles(into folder: URL, fullNamesFirst: Bool) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for n in 0..<30 {
            let (given, surname) = people[n % people.count]
            let place = ["Dundee", "Bristol", "Cardiff"][n % 3]
            let full = n % 2 == 0
            let text =
                full
                ? "\(given) \(surname) meets ministers, report \(n)\n\n\(given) \(surname) met ministers in London on "
                    + "Tuesday. \"The UK economy is strong,\" said Mr \(surname). Britain will grow, officials in "
                    + "\(place) said.\n"
                : "\(surname) visits \(place), report \(n)\n\nMr \(surname) said on Monday that schools in \(place) "
                    + "would get more money. \"We will deliver,\" Mr \(surname) told reporters in Scotland.\n"
            let rank = (full == fullNamesFirst) ? "a" : "b"
            try text.write(to: folder.appendingPathComponent("\(rank)-\(n).txt"), atomically: true, encoding: .utf8)
        }
    }

    /// Commit times and checkpoint numbers blanked: everything else must match.
    static func blankTimes(_ text: String) -> String {
        text.replacingOccurrences(
            of: #""(first_seen|last_seen|written)":"[^"]*""#, with: #""$1":"T""#, options: .regularExpression
        )
        .replacingOccurrences(of: #""generation":\d+"#, with: #""generation":0"#, options: .regularExpression)
    }

    /// What a user sees of a store: corpus.json, the entity export, some query answers.
    private func views(_ harness: ProcessHarness, store: String, entities: [String]) throws -> [String: String] {
        var out = ["corpus.json": Self.blankTimes(try String(contentsOfFile: store + "/corpus.json", encoding: .utf8))]
        for (label, arguments) in [
            ("export entities", ["export", "--store", store, "--what", "entities", "--format", "csv"]),
            ("query entities", ["query", "entities", "--store", store, "--json"]),
            ("query quotes", ["query", "quotes", "--store", store, "--json"]),
        ]
            + entities.map({ ("query entity \($0)", ["query", "entity", $0, "--store", store, "--json"]) })
        {
            let result = try harness.run("gleaner", arguments)
            XCTAssertEqual(result.status, 0, "\(label): \(result.errors)")
            out[label] = Self.blankTimes(result.output)
        }
        return out
    }

    private func assertSame(
        _ a: [String: String], _ b: [String: String], file: StaticString = #filePath, line: UInt = #line
    ) {
        for key in a.keys.sorted() {
            XCTAssertEqual(a[key], b[key], "\(key) differs between the runs", file: file, line: line)
        }
    }

    func testTwoRuns_recordsArrivingInOppositeOrders_giveTheSameStore() throws {
        let harness = try makeHarness()
        var results: [[String: String]] = []
        for fullNamesFirst in [true, false] {
            let input = harness.folder.appendingPathComponent("in-\(fullNamesFirst)")
            try Self.writeArticles(into: input, fullNamesFirst: fullNamesFirst)
            let store = harness.folder.appendingPathComponent("store-\(fullNamesFirst)").path
            let run = try harness.run("gleaner", ["run", input.path, "--workers", "1", "--store", store, "--quiet"])
            XCTAssertEqual(run.status, 0, run.errors)
            results.append(
                try views(harness, store: store, entities: ["Blair", "Brown", "United Kingdom", "Scotland"]))
        }
        assertSame(results[0], results[1])
    }

    func testTwoRuns_overTheBBCPoliticsCorpus_giveTheSameStore() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus/bbc/politics")
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: corpus.path),
            "needs ../shared/corpus/bbc (research data, not in the repository)")
        let harness = try makeHarness()
        var results: [[String: String]] = []
        for n in 0..<2 {
            let store = harness.folder.appendingPathComponent("store-\(n)").path
            let run = try harness.run(
                "gleaner", ["run", corpus.path, "--workers", "2", "--store", store, "--quiet"], timeout: 300)
            XCTAssertEqual(run.status, 0, run.errors)
            results.append(
                try views(harness, store: store, entities: ["Blair", "Howard", "Kennedy", "United Kingdom"]))
        }
        assertSame(results[0], results[1])
    }
}
