import XCTest
@testable import GleanerExtraction

/// Hostile text (docs/performance.md, "Hostile input"): extraction finishes with sane, bounded
/// output. Timing is measured by `gleaner bench hostile`, never here.
final class HostileInputTests: XCTestCase {
    /// The scalars of UTF-8 text (the hostile cases are valid UTF-8) and what extraction finds.
    private func extract(_ bytes: [UInt8]) -> (Scalars, Extraction) {
        let text = Scalars(Array(String(decoding: bytes, as: UTF8.self).unicodeScalars))
        return (text, ArticleExtractor().extract(scalars: text.scalars))
    }

    private struct Scalars {
        let scalars: [Unicode.Scalar]
        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }
        var count: Int { scalars.count }
        func slice(_ start: Int, _ end: Int) -> String { ScalarText.string(scalars, start, end) }
    }

    func testEveryHostileCase_givesMentionsAndQuotesThatMatchTheirOffsets() {
        for c in HostileText.cases {
            let (text, x) = extract(c.text(bytes: 12_000))
            for e in x.entities {
                XCTAssertFalse(e.mentions.isEmpty, "\(c.name): \(e.name) has no mention")
                XCTAssertLessThanOrEqual(e.mentions.count, ExtractionLimits.maxMentionsPerEntity, c.name)
                for m in e.mentions {
                    XCTAssertTrue(0 <= m.start && m.start < m.end && m.end <= text.count, "\(c.name): \(m)")
                    XCTAssertEqual(text.slice(m.start, m.end), m.text, c.name)
                    XCTAssertLessThanOrEqual(m.text.split(separator: " ").count, ExtractionLimits.maxNameTokens, c.name)
                }
            }
            for q in x.quotes {
                XCTAssertTrue(0 < q.start && q.start <= q.end && q.end <= text.count, "\(c.name): \(q)")
                XCTAssertEqual(text.slice(q.start, q.end), q.text, c.name)
            }
            XCTAssertLessThanOrEqual(x.counts.words, text.count, c.name)
        }
    }

    func testHostileCases_areGeneratedDeterministicallyAndExtractTheSameTwice() {
        for c in HostileText.cases {
            let bytes = c.text(bytes: 4_000)
            XCTAssertEqual(bytes.count, 4_000, c.name)
            XCTAssertEqual(bytes, c.text(bytes: 4_000), c.name)
            XCTAssertEqual(extract(bytes).1, extract(bytes).1, c.name)
        }
    }

    func testOneHugeWord_isCutIntoTokensOfBoundedLength() {
        let word = String(repeating: "a", count: 1_000)
        let tokens = Tokenizer.tokenize(Array(word.unicodeScalars))
        XCTAssertEqual(tokens.count, (1_000 + ExtractionLimits.maxTokenScalars - 1) / ExtractionLimits.maxTokenScalars)
        XCTAssertTrue(tokens.allSatisfy { $0.end - $0.start <= ExtractionLimits.maxTokenScalars })
        XCTAssertEqual(tokens.last?.end, 1_000)
    }

    func testRunOfCapitalisedWords_isCutIntoNamesOfBoundedLength() {
        let (_, x) = extract(Array(HostileText.cases.first { $0.name == "capitalised-words" }!.text(bytes: 6_000)))
        XCTAssertFalse(x.entities.isEmpty)
        let longest = x.entities.flatMap(\.mentions).map { $0.text.split(separator: " ").count }.max() ?? 0
        XCTAssertLessThanOrEqual(longest, ExtractionLimits.maxNameTokens)
        XCTAssertGreaterThan(longest, 1)
    }

    func testOneNameRepeated_keepsAtMostTheMentionLimit() {
        let body = String(repeating: "John Smith said. ", count: ExtractionLimits.maxMentionsPerEntity + 200)
        let (_, x) = extract(Array(("Headline\n\n" + body).utf8))
        let smith = x.entities.first { $0.name == "John Smith" }
        XCTAssertEqual(smith?.mentions.count, ExtractionLimits.maxMentionsPerEntity)
        XCTAssertEqual(smith?.mentions.first?.start, 10, "the first mentions are the ones kept")
    }

    func testQuotationMarks_yieldAtMostTheQuoteLimit() {
        let marks = String(repeating: "\u{201C}a ", count: ExtractionLimits.maxQuotesPerArticle + 50)
        let (_, x) = extract(Array(marks.utf8))
        XCTAssertEqual(x.quotes.count, ExtractionLimits.maxQuotesPerArticle)
        XCTAssertEqual(x.quotes.first?.text, "a")
    }

    func testPronounQuotesWithoutAFittingName_getAnEarlierFittingPersonOrNone() {
        // "he" cannot be Mary Jones or Sarah Lee; the earlier "Tom Price" fits
        let body =
            "Tom Price arrived.\n\n" + String(repeating: "Mary Jones met Sarah Lee. \"No,\" he said. ", count: 50)
        let (_, x) = extract(Array(("Headline\n\n" + body).utf8))
        XCTAssertEqual(x.quotes.count, 50)
        XCTAssertTrue(x.quotes.allSatisfy { $0.speaker == "Tom Price" }, "\(Set(x.quotes.map(\.speaker)))")
    }
}

/// How an article writes each word (`ArticleContext.writesMostlyLowercase`): one pass per word asked
/// about while few are, then one pass indexing them all, with the same answers either way.
final class WordCaseIndexTests: XCTestCase {
    private static let letters = Array("abcdefghijklmnopqrstuvwxyz")
    /// 80 invented words, "zorvaa" to "zorvdb".
    private static let words = (0..<80).map { "zorv" + String(letters[$0 / 26]) + String(letters[$0 % 26]) }

    /// Each word capitalised past a sentence's start once, and in lower case 0, 1 or 2 times.
    private static func article() -> ArticleContext {
        var text = "Opening words.\n\n"
        for (i, w) in words.enumerated() {
            text += "We met \(w.prefix(1).uppercased() + w.dropFirst()) there"
            text += String(repeating: " and \(w)", count: i % 3) + ".\n\n"
        }
        let scalars = Array(text.unicodeScalars)
        return ArticleContext(scalars: scalars, tokens: Tokenizer.tokenize(scalars))
    }

    func testManyWordsAskedAbout_areIndexedInOnePassAfterTheLimit() {
        let context = Self.article()
        for w in Self.words { _ = context.writesMostlyLowercase(w) }
        XCTAssertTrue(context.hasWordIndex, "80 words asked about: the article is indexed")
        XCTAssertEqual(context.wordPasses, Self.words.count, "every word asked about once")
    }

    func testAnswers_areTheSameBeforeAndAfterTheIndex() {
        let asked = Self.article()
        let expected = Self.words.enumerated().map { i, _ in i % 3 >= 1 }  // lower case at least once
        let answers = Self.words.map { asked.writesMostlyLowercase($0) }
        XCTAssertEqual(answers, expected)
        XCTAssertEqual(answers.filter { $0 }.count, 53, "one word in three is never in lower case")
        let direct = Self.article()
        for i in 0...ExtractionLimits.passesBeforeWordIndex { _ = direct.writesMostlyLowercase("unused\(i)") }
        XCTAssertTrue(direct.hasWordIndex)
        XCTAssertEqual(Self.words.map { direct.writesMostlyLowercase($0) }, expected, "answered from the index")
    }
}
