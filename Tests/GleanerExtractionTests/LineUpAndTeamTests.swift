import XCTest
@testable import GleanerExtraction

/// Line-ups, list labels and teams in sports reports: where each rule stops (the rules' examples
/// in `RuleBook` show where they fire).
final class LineUpAndTeamTests: XCTestCase {
    private func extract(_ body: String) -> Extraction {
        ArticleExtractor().extract("Headline for a test\n\n" + body + "\n")
    }
    private func type(_ name: String, in body: String) -> EntityType? {
        extract(body).entities.first { $0.name == name }?.type
    }

    func testTeamBeforeItsLineUp_staysAName_butTheSubstitutesLabelDoesNot() {
        let x = extract(
            "The football match ended 2-0. Man City: James, Mills, Dunne, Distin. "
                + "Subs Not Used: Weaver, Onuoha, Flood.")
        let names = Set(x.entities.map(\.name))
        XCTAssertTrue(names.contains("Man City"), "a team's name has no grammatical word: \(names)")
        XCTAssertFalse(names.contains("Subs Not Used"), "\(names)")
    }

    func testLabelBeforeATitle_isKept_whenNoListFollows() {
        let names = Set(extract("Fans queued for Lost In Translation: The Return, which opens on Friday.")
            .entities.map(\.name))
        XCTAssertTrue(names.contains { $0.hasPrefix("Lost In Translation") }, "\(names)")
    }

    func testInitialBeforeACommonWord_outsideALineUp_isNotMadeAPerson() {
        // one letter and a common word with no line-up item beside it: the rules' other evidence decides
        let x = extract("Viewers of the X Factor voted, and the E Street band played on.")
        XCTAssertFalse(x.entities.contains { ($0.name == "X Factor" || $0.name == "E Street") && $0.type == .person },
                       "\(x.entities.map { "\($0.name) \($0.type)" })")
    }

    func testTeamName_spreadsToOtherMentions_butNotToAPlaceAfterAPreposition() {
        let body = """
            The striker scored a penalty in the football. Leeds 2 Kelvarton 1. By half-time Leeds had the lead. \
            Fans in Leeds cheered.
            """
        let leeds = extract(body).entities.filter { $0.name == "Leeds" }
        let org = leeds.first { $0.type == .org }, loc = leeds.first { $0.type == .loc }
        XCTAssertEqual(org?.mentions.count, 2, "\(leeds)")
        XCTAssertEqual(loc?.mentions.count, 1, "\"in Leeds\" stays a place: \(leeds)")
    }

    func testTeamBeforeARoleAndAPerson_isNotTheSpeakerOfTheSentencesQuote_thePersonIs() {
        let body = """
            The striker scored a penalty in the football. Newcastle boss Graeme Kelvar was fined for calling \
            the referee "a disgrace" after Newcastle 0 Kelvarton 3.
            """
        XCTAssertEqual(extract(body).quotes.map(\.speaker), ["Graeme Kelvar"])
    }
}
