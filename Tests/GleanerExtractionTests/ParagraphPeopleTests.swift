import XCTest
@testable import GleanerExtraction

/// Whom each paragraph names outside quotations (`ParagraphPeople`), which a pronoun's search of
/// the paragraph before its quotation reads instead of walking through it.
final class ParagraphPeopleTests: XCTestCase {
    private func people(_ text: String) -> (ParagraphPeople, [Token], [Entity]) {
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer.tokenize(scalars)
        let recognized = EntityRecognizer(ArticleContext(scalars: scalars, tokens: tokens)).recognize(explain: false)
        var at = [Int](repeating: -1, count: tokens.count)
        for i in recognized.spans.indices where recognized.spans[i].entity != nil {
            for k in recognized.spans[i].tokenRange where at[k] == -1 { at[k] = i }
        }
        let paragraphs = ParagraphPeople(tokens: tokens, spans: recognized.spans, entities: recognized.entities,
                                         spanAtToken: at, inQuote: Array(repeating: false, count: tokens.count))
        return (paragraphs, tokens, recognized.entities)
    }

    func testEachParagraph_isNobodyOnePersonSeveralOrQuoting() throws {
        let (paragraphs, tokens, entities) = people("Talks go on\n\nAnna Berg thanked Anna Berg.\n\n"
            + "Anna Berg met Tom Price.\n\nTom Price's car was red.\n\nShe said \"yes\" then.\n")
        let anna = try XCTUnwrap(entities.firstIndex { $0.name == "Anna Berg" })
        XCTAssertEqual(entities[anna].type, .person)
        XCTAssertEqual(paragraphs.named, [.nobody, .one(entity: anna), .several, .nobody, .quoting])
        let met = try XCTUnwrap(tokens.firstIndex { $0.text == "met" })
        XCTAssertEqual(paragraphs.paragraph(before: met, in: tokens), 1, "the paragraph before 'Anna Berg met'")
        XCTAssertNil(paragraphs.paragraph(before: 0, in: tokens), "nothing before the first paragraph")
    }
}
