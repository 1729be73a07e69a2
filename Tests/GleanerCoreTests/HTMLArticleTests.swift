import Foundation
import XCTest
@testable import GleanerCore

/// Boilerplate removal measured on saved pages of different layouts (Tests/GleanerCoreTests/
/// Fixtures/html: pages written for these tests, modelled on public broadcaster, wire agency,
/// WordPress, live-blog and AMP templates; no real site content). Each page has an
/// `.expected.txt` with the text a reader would call the article.
final class HTMLArticleTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/html")
    static let pages = ["broadcaster", "wire-agency", "wordpress-blog", "liveblog", "amp-article"]
    /// Written after the remover's rules were frozen and never tuned on: their scores estimate
    /// how it does on layouts it has not seen.
    static let heldOutPages = ["heldout-regional", "heldout-magazine"]

    private func page(_ name: String) throws -> (html: [UInt8], expected: String) {
        let html = try Data(contentsOf: Self.fixtures.appendingPathComponent(name + ".html"))
        let expected = try String(
            contentsOf: Self.fixtures.appendingPathComponent(name + ".expected.txt"), encoding: .utf8)
        return ([UInt8](html), expected)
    }

    private func article(_ html: [UInt8]) -> HTMLArticle { HTMLArticle(HTMLDocument(utf8: html)) }

    /// Precision and recall of kept words (bag of lowercase words) on every page, against
    /// keeping all visible text (no chrome removal) as the baseline. The figures are printed
    /// for docs/input.md.
    func testBoilerplateRemoval_keepsArticleWordsAndDropsChrome_onEveryFixture() throws {
        print("page             precision  recall   | all visible text: precision  recall")
        for name in Self.pages + Self.heldOutPages {
            let (html, expected) = try page(name)
            let kept = WordBag.score(kept: article(html).text, expected: expected)
            let document = HTMLDocument(utf8: html)
            let everything = TextBlocks(document, dropped: Array(repeating: false, count: document.nodes.count))
                .blocks.map(\.text).joined(separator: "\n")
            let baseline = WordBag.score(kept: everything, expected: expected)
            print(
                name.padding(toLength: 16, withPad: " ", startingAt: 0),
                String(
                    format: "%.3f      %.3f    |                   %.3f      %.3f",
                    kept.precision, kept.recall, baseline.precision, baseline.recall))
            let floor = Self.heldOutPages.contains(name) ? 0.85 : 0.95
            XCTAssertGreaterThanOrEqual(kept.precision, floor, name)
            XCTAssertGreaterThanOrEqual(kept.recall, floor, name)
            XCTAssertLessThan(baseline.precision, 0.75, "\(name): the page has too little chrome to test removal")
        }
    }

    func testHeadlineBylineAndDate_comeFromThePage_notTheSiteChrome() throws {
        let cases: [(String, String, String?, String?)] = [
            (
                "broadcaster", "Harbour town votes to rebuild storm-damaged pier", "Fiona Gale, Example News, Kent",
                "6 March 2023"
            ),
            (
                "wire-agency", "Copper climbs to 10-month high as Chilean mine strike drags on",
                "Tomas Brandt and Ana Ruiz",
                "March 7, 2023 9:42 AM UTC Updated 2 hours ago"
            ),
            ("wordpress-blog", "Why our town library is staying open on Sundays", "Priya Natarajan", "March 4, 2023"),
            (
                "liveblog", "Flood defences: ministers promise £400m for coastal towns – as it happened",
                "Samuel Achebe",
                "Wed 8 Mar 2023 17.58 GMT"
            ),
            (
                "amp-article", "Rookie keeper saves three penalties as Rovers reach cup final", "Dan Whitmore",
                "Sunday 5 March 2023 21:48"
            ),
        ]
        for (name, headline, byline, date) in cases {
            let found = article(try page(name).html)
            XCTAssertEqual(found.headline, headline, name)
            XCTAssertEqual(found.byline, byline, name)
            XCTAssertEqual(found.dateLine, date, name)
        }
    }
}

/// Bag-of-words overlap between kept and expected text.
enum WordBag {
    static func words(_ text: String) -> [String: Int] {
        var bag: [String: Int] = [:]
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            bag[String(word), default: 0] += 1
        }
        return bag
    }

    static func score(kept: String, expected: String) -> (precision: Double, recall: Double) {
        let k = words(kept), e = words(expected)
        let common = k.reduce(0) { $0 + min($1.value, e[$1.key] ?? 0) }
        let keptTotal = k.values.reduce(0, +), expectedTotal = e.values.reduce(0, +)
        return (
            keptTotal == 0 ? 0 : Double(common) / Double(keptTotal),
            expectedTotal == 0 ? 0 : Double(common) / Double(expectedTotal)
        )
    }
}
