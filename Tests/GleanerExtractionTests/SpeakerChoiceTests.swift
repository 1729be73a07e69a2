import XCTest
@testable import GleanerExtraction

/// The scored choice of a quotation's speaker: every kind of evidence has an example that
/// holds (`SpeakerEvidenceBook`), weights round-trip through their file, a model can overrule
/// the ordered steps, and fitting is deterministic and learns from its examples.
final class SpeakerChoiceTests: XCTestCase {
    private func explain(_ body: String) -> Extraction {
        ArticleExtractor().extract("Headline for a rule example\n\n" + body + "\n",
                                   options: ExtractionOptions(explain: true))
    }

    func testEveryKindOfEvidence_hasAnExample() {
        let covered = Set(SpeakerEvidenceBook.examples.map(\.evidence))
        for e in SpeakerEvidence.all where !SpeakerEvidenceBook.withoutExample.contains(e) {
            if case .proposedBy = e { continue }  // RuleBook's examples cover the rules
            XCTAssertTrue(covered.contains(e), "\(e.name) has no example in SpeakerEvidenceBook")
        }
    }

    func testEveryEvidenceExample_givesThatEvidenceToItsCandidate() {
        for example in SpeakerEvidenceBook.examples {
            let x = explain(example.text)
            let text = x.explanation?.text ?? ""
            guard let q = x.explanation?.quotes.first(where: { $0.text.contains(example.quote) }) else {
                XCTFail("\(example.evidence.name): no quotation with \"\(example.quote)\""); continue
            }
            guard let c = q.candidates.first(where: { $0.candidate.name == example.speaker }) else {
                XCTFail("\(example.evidence.name): no candidate \(example.speaker ?? "none")\n\(text)"); continue
            }
            XCTAssertTrue(c.candidate.evidence.contains(example.evidence),
                          "\(example.evidence.name) missing for \(example.speaker ?? "none")\n\(text)")
        }
    }

    func testEvidenceNames_areUniqueAndParseBack() {
        XCTAssertEqual(Set(SpeakerEvidence.all.map(\.name)).count, SpeakerEvidence.all.count)
        for e in SpeakerEvidence.all { XCTAssertEqual(SpeakerEvidence.byName[e.name], e) }
    }

    func testWeights_roundTripThroughTheirFile() {
        var model = SpeakerModel.rulesOnly
        model.weights[SpeakerEvidence.turnBeforeLast.index] = 2.5
        model.weights[SpeakerEvidence.salience(.once).index] = -0.125
        XCTAssertEqual(SpeakerModel(parsing: model.lines.joined(separator: "\n")), model)
        XCTAssertTrue(model.overrulesSteps)
        XCTAssertFalse(SpeakerModel.rulesOnly.overrulesSteps)
        XCTAssertEqual(SpeakerModel.shipped, SpeakerModel(parsing: LexiconData.speakerWeights))
    }

    /// The dialogue where turns alternate: the ordered steps give the current speaker (Ann Lee).
    private let dialogue = "\"We lost,\" said Tom Baird.\n\n\"Why?\" said Ann Lee.\n\n\"Nobody asked us.\""

    func testAModelWeighingTurns_overrulesTheContextStep() {
        let text = "Headline\n\n" + dialogue + "\n"
        let scalars = Array(text.unicodeScalars)
        let context = ArticleContext(scalars: scalars, tokens: Tokenizer.tokenize(scalars))
        let recognized = EntityRecognizer(context).recognize(explain: false)
        let extractor = QuoteExtractor(context, spans: recognized.spans, entities: recognized.entities)
        XCTAssertEqual(extractor.extract(model: .rulesOnly).quotes.last?.speaker, "Ann Lee")
        var turns = SpeakerModel.rulesOnly
        turns.weights[SpeakerEvidence.turnBeforeLast.index] = 2
        let chosen = extractor.extract(model: turns)
        XCTAssertEqual(chosen.quotes.last?.speaker, "Tom Baird")
        XCTAssertEqual(chosen.rules.last, [.speakerTurnTaking], "the rules that proposed the chosen candidate")
        XCTAssertEqual(chosen.quotes.first?.speaker, "Tom Baird", "a cue verb's answer stands")
    }

    func testFitting_isDeterministicAndLearnsItsExamples() {
        let text = "Headline\n\n" + dialogue + "\n"
        let scalars = Array(text.unicodeScalars)
        let open = scalars.indices.last { scalars[$0] == "\"" && $0 + 1 < scalars.count && scalars[$0 + 1] == "N" }!
        let gold = [SpeakerFitting.GoldQuote(start: open, end: scalars.count - 1, speakerNames: ["Tom Baird"])]
        let examples = SpeakerFitting.examples(text: text, gold: gold)
        XCTAssertEqual(examples.count, 1)
        XCTAssertEqual(SpeakerFitting.tally(.rulesOnly, examples).right, 0)
        let fitted = SpeakerFitting.fit(examples, passes: 3)
        XCTAssertEqual(fitted, SpeakerFitting.fit(SpeakerFitting.examples(text: text, gold: gold), passes: 3))
        XCTAssertEqual(SpeakerFitting.tally(fitted, examples).right, 1)
    }

    /// "he" after two people: the ordered steps take the nearest sentence subject (Ian Hart).
    private let twoPeople = "Headline\n\nTom Baird spoke. Ian Hart waited. \"Nobody asked us,\" he said.\n"

    func testAnAntecedentModel_overrulesThePronounStepOnly() {
        let scalars = Array(twoPeople.unicodeScalars)
        let context = ArticleContext(scalars: scalars, tokens: Tokenizer.tokenize(scalars))
        let recognized = EntityRecognizer(context).recognize(explain: false)
        let extractor = QuoteExtractor(context, spans: recognized.spans, entities: recognized.entities)
        XCTAssertEqual(extractor.extract(model: .rulesOnly, antecedentModel: .rulesOnly).quotes.last?.speaker,
                       "Ian Hart")
        var second = SpeakerModel.rulesOnly
        second.weights[SpeakerEvidence.personRank(.second).index] = 2
        let chosen = extractor.extract(model: .rulesOnly, antecedentModel: second)
        XCTAssertEqual(chosen.quotes.last?.speaker, "Tom Baird")
        XCTAssertFalse(chosen.rules.last?.contains(.speakerPronoun) ?? true, "the rules that proposed Tom Baird")
        XCTAssertEqual(extractor.extract(model: second, antecedentModel: .rulesOnly).quotes.last?.speaker, "Ian Hart",
                       "the context model does not decide a pronoun")
        XCTAssertEqual(SpeakerModel.shippedAntecedent, SpeakerModel(parsing: LexiconData.antecedentWeights))
    }

    func testAntecedentFitting_learnsFromPronounQuotationsOnly() {
        let scalars = Array(twoPeople.unicodeScalars)
        let open = scalars.indices.first { scalars[$0] == "\"" }!
        let close = scalars.indices.last { scalars[$0] == "\"" }!
        let gold = [SpeakerFitting.GoldQuote(start: open, end: close + 1, speakerNames: ["Tom Baird"])]
        let examples = SpeakerFitting.examples(text: twoPeople, gold: gold, for: .antecedent)
        XCTAssertEqual(examples.first?.candidates.compactMap(\.name).sorted(), ["Ian Hart", "Tom Baird"])
        XCTAssertEqual(SpeakerFitting.tally(.rulesOnly, examples).right, 0)
        let fitted = SpeakerFitting.fit(examples, passes: 3, only: SpeakerModel.antecedentFeatures)
        XCTAssertEqual(SpeakerFitting.tally(fitted, examples).right, 1)
        XCTAssertEqual(fitted.weights[SpeakerEvidence.type(.person).index], 0, "evidence outside the set stays 0")
        XCTAssertTrue(SpeakerFitting.examples(text: twoPeople, gold: gold, for: .context).allSatisfy {
            $0.candidates.isEmpty }, "the context model does not decide a pronoun")
    }

    func testOneDecision_givesEachQuotationToOneModel() {
        func candidate(_ name: String?, _ rules: [RuleID], _ evidence: SpeakerEvidence...) -> SpeakerCandidate {
            SpeakerCandidate(name: name, evidence: evidence, rules: rules)
        }
        let other = candidate("Tom Baird", [.speakerNearbyName], .type(.person))
        let org = candidate("Acme", [.speakerNearbyName], .type(.org))
        let named = candidate("Ian Hart", [.speakerSentenceSubject], .rulesChoice)
        let context = SpeakerModel.decision([named, other, org])
        XCTAssertEqual(context?.choice, .context)
        XCTAssertEqual(context?.pool.compactMap(\.name), ["Ian Hart", "Tom Baird", "Acme"])
        let pronoun = SpeakerModel.decision([candidate("Ian Hart", [.speakerPronoun], .rulesChoice, .type(.person)),
                                             other, org])
        XCTAssertEqual(pronoun?.choice, .antecedent)
        XCTAssertEqual(pronoun?.pool.compactMap(\.name), ["Ian Hart", "Tom Baird"], "people only")
        // a context step first and a pronoun step after it: the context model's alone, in
        // extraction and in fitting
        let both = SpeakerModel.decision([candidate("Ian Hart", [.speakerContinuesParagraph, .speakerPronoun],
                                                    .rulesChoice, .type(.person)), other])
        XCTAssertEqual(both?.choice, .context)
        XCTAssertNil(SpeakerModel.decision([candidate("Ian Hart", [.speakerPronoun], .rulesChoice), other]),
                     "a pronoun reaching no person is left to the steps")
        XCTAssertNil(SpeakerModel.decision([candidate(nil, [], .rulesChoice), other]), "no speaker found")
    }

    func testSurnameMatch_followsTheEvaluation() {
        XCTAssertTrue(SpeakerFitting.surnameMatch("Holmes", ["Sherlock Holmes"]))
        XCTAssertTrue(SpeakerFitting.surnameMatch("the Ministry", ["Ministry"]))
        XCTAssertFalse(SpeakerFitting.surnameMatch("Watson", ["Sherlock Holmes"]))
    }

    func testExplain_listsTheCandidatesWithScores() {
        let text = explain("Tom Baird spoke. Ann Lee said: \"Nobody asked us.\"").explanation?.text ?? ""
        XCTAssertTrue(text.contains("candidate Ann Lee 1.0: rules-choice"), text)
        XCTAssertTrue(text.contains("candidate Tom Baird 0.0: by:speaker.nearby-name"), text)
    }
}
