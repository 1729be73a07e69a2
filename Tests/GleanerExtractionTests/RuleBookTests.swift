import XCTest
@testable import GleanerExtraction

/// Every named rule carries examples (`RuleBook`); each example must give its expected name,
/// speaker or date, with the rule among the rules recorded for it.
final class RuleBookTests: XCTestCase {
    /// The example's extraction; the learned typer's rule runs with the typer on.
    private func explain(_ body: String, rule: RuleID? = nil) -> Extraction {
        ArticleExtractor().extract(
            "Headline for a rule example\n\n" + body + "\n",
            options: ExtractionOptions(
                anchorDate: RuleBook.anchor, explain: true,
                spanTyper: rule == .typeLearnedSpanTyper ? .embedded : nil))
    }

    func testEveryRule_hasADefinitionWithExamples() {
        for rule in RuleID.allCases {
            let definition = RuleBook.definitions[rule]
            XCTAssertNotNil(definition, "\(rule.rawValue) has no definition in RuleBook")
            XCTAssertFalse(definition?.examples.isEmpty ?? true, "\(rule.rawValue) has no example")
            XCTAssertFalse(definition?.summary.isEmpty ?? true, "\(rule.rawValue) has no summary")
        }
    }

    func testEveryRuleExample_givesItsOutcomeByThatRule() {
        for (rule, definition) in RuleBook.definitions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for example in definition.examples {
                let failure = check(example, rule: rule)
                XCTAssertNil(failure, "\(rule.rawValue): \(failure ?? "")")
            }
        }
    }

    /// Nil when the example holds; else what went wrong, with the explanation.
    private func check(_ example: RuleExample, rule: RuleID) -> String? {
        let x = explain(example.text, rule: rule)
        let explanation = x.explanation ?? Explanation()
        switch example.expect {
        case .name(let name, let type):
            guard let entity = x.entities.first(where: { $0.name == name }) else {
                let found = x.entities.map { "\($0.name) \($0.type.rawValue)" }
                return "no entity \"\(name)\" in \(found)\n\(explanation.text)"
            }
            if entity.type != type {
                return "\"\(name)\" is \(entity.type.rawValue), not \(type.rawValue)\n\(explanation.text)"
            }
            if !explanation.rules(forName: name).contains(rule) {
                return "\"\(name)\" was not decided by the rule\n\(explanation.text)"
            }
        case .noName(let text):
            if x.entities.contains(where: { $0.mentions.contains { $0.text == text } }) {
                return "\"\(text)\" is a name\n\(explanation.text)"
            }
        case .speaker(let quote, let speaker):
            guard let i = x.quotes.firstIndex(where: { $0.text.contains(quote) }) else {
                return "no quotation with \"\(quote)\""
            }
            if x.quotes[i].speaker != speaker {
                return "speaker \(x.quotes[i].speaker ?? "none"), not \(speaker)\n\(explanation.text)"
            }
            if !explanation.quotes[i].rules.contains(rule) {
                return "the speaker was not found by the rule\n\(explanation.text)"
            }
        case .candidate(let quote, let speaker):
            guard let q = explanation.quotes.first(where: { $0.text.contains(quote) }) else {
                return "no quotation with \"\(quote)\""
            }
            guard let c = q.candidates.first(where: { $0.candidate.name == speaker })?.candidate else {
                return "no candidate \(speaker)\n\(explanation.text)"
            }
            if !c.evidence.contains(.proposedBy(rule)) {
                return "\(speaker) was not proposed by the rule\n\(explanation.text)"
            }
        case .date(let text, let value):
            guard let i = x.dates.firstIndex(where: { $0.text == text }) else {
                return "no date \"\(text)\" in \(x.dates.map(\.text))"
            }
            if x.dates[i].value != value { return "\"\(text)\" = \(x.dates[i].value ?? "nil"), not \(value)" }
            if explanation.dates[i].rule != rule {
                return "\"\(text)\" was found by \(explanation.dates[i].rule.rawValue)"
            }
        }
        return nil
    }

    func testExplanation_namesTheRulesOfEachMentionAndQuotation() {
        let x = explain("Imran Khan spoke in Lahore. Later Khan said: \"We will win.\"")
        let text = x.explanation?.text ?? ""
        XCTAssertTrue(text.contains("Imran Khan  PERSON"), text)
        XCTAssertTrue(
            text.contains("Khan: type.lone-given-name-or-surname, link.person-by-name")
                || text.contains("link.person-by-name"), text)
        XCTAssertTrue(text.contains("quote"), text)
        XCTAssertNil(ArticleExtractor().extract("Imran Khan spoke.").explanation, "no explanation unless asked")
    }
}
