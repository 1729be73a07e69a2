import XCTest
@testable import GleanerExtraction

/// The learned span typer: training is deterministic, weights survive their file format, the
/// perceptron learns, and the embedded weights load.
final class SpanTyperTests: XCTestCase {
    private static let articles = [
        "Talks in Zorvania\n\nMelqart Vossberg met officials of Trelloworks in Zorvania on Monday. "
            + "Vossberg said Trelloworks would open an office in Quenby.\n",
        "Quenby council\n\nResidents of Quenby asked Trelloworks to leave. Anna Pirelli, who lives in Zorvania, "
            + "said Vossberg had promised jobs. Pirelli works for Dunmore Holdings.\n",
    ]
    private static let gold: [String: SpanTyperModel.Label] = [
        "Melqart Vossberg": .person, "Vossberg": .person, "Anna Pirelli": .person, "Pirelli": .person,
        "Trelloworks": .org, "Dunmore Holdings": .org, "Zorvania": .loc, "Quenby": .loc,
    ]

    private func examples() -> [(features: [String], label: SpanTyperModel.Label)] {
        Self.articles.flatMap { SpanTyperTraining.candidates(in: $0) }.map { ($0.features, Self.gold[$0.text]
            ?? .notAName) }
    }

    func testTwoIndependentTrainings_giveIdenticalWeights() {
        let first = AveragedPerceptron(epochs: 5, minimumCount: 1).train(examples())
        let second = AveragedPerceptron(epochs: 5, minimumCount: 1).train(examples())
        XCTAssertGreaterThan(first.featureCount, 10, "the fixture gives the perceptron something to learn")
        XCTAssertEqual(first.serialized(), second.serialized())
    }

    func testWeights_roundTripThroughTheirFileFormat() throws {
        let model = AveragedPerceptron(epochs: 3, minimumCount: 1).train(examples())
        let parsed = try SpanTyperModel(parsing: "# a header line\n" + model.serialized())
        XCTAssertEqual(parsed.serialized(), model.serialized())
        XCTAssertThrowsError(try SpanTyperModel(parsing: "bias\t1.0 2.0\n"))
    }

    func testPerceptron_learnsTheTrainingExamples() {
        let data: [(features: [String], label: SpanTyperModel.Label)] = [
            (["bias", "given-name"], .person), (["bias", "org-head"], .org), (["bias", "place"], .loc),
            (["bias", "lowercase"], .notAName), (["bias", "given-name", "surname"], .person),
        ]
        let model = AveragedPerceptron(epochs: 10, minimumCount: 1).train(data)
        for (features, label) in data { XCTAssertEqual(model.predict(features), label, "\(features)") }
    }

    func testDocumentFeatures_sayWhatTheRulesMakeOfTheSameNameElsewhere() {
        let candidates = SpanTyperTraining.candidates(in: Self.articles[0])
        let lone = candidates.filter { $0.text == "Vossberg" }
        XCTAssertFalse(lone.isEmpty, "the lone surname reaches the typer")
        for c in lone {
            XCTAssertTrue(c.features.contains("doc-in-longer=PERSON"), "\(c.features)")
        }
        let company = candidates.filter { $0.text == "Trelloworks" }
        XCTAssertEqual(company.count, 2)
        for c in company { XCTAssertTrue(c.features.contains("doc-mentions=2"), "\(c.features)") }
        let again = SpanTyperTraining.candidates(in: Self.articles[0])
        XCTAssertEqual(candidates.map(\.features), again.map(\.features),
                       "two independent recognitions give the same candidates and features")
    }

    func testEmbeddedWeights_loadWithTheirMargins() {
        XCTAssertGreaterThan(SpanTyperModel.embedded.featureCount, 100)
        XCTAssertEqual(SpanTyperModel.embedded.dropMargin, SpanTyperModel.shippedDropMargin)
        XCTAssertEqual(SpanTyperModel.embedded.retypeMargin, SpanTyperModel.shippedRetypeMargin)
    }

    func testTyperOnByDefault_andOffLeavesTheRulesVerdicts() {
        let on = ArticleExtractor().extract(Self.articles[1])
        let off = ArticleExtractor().extract(Self.articles[1], options: ExtractionOptions(spanTyper: nil))
        let embedded = ExtractionOptions(spanTyper: .embedded)
        XCTAssertEqual(on, ArticleExtractor().extract(Self.articles[1], options: embedded))
        XCTAssertNotEqual(off.entities.map { "\($0.name) \($0.type)" }, on.entities.map { "\($0.name) \($0.type)" },
                          "the embedded typer decides some of the fixture's names differently")
    }
}

/// Extraction scores a candidate's features without spelling them out (`SpanTyperModel.Scorer`);
/// the scores must be exactly those of the named features training sees.
final class SpanTyperScorerTests: XCTestCase {
    /// Sends each feature to both sinks.
    private struct Both: SpanFeatureSink {
        var names = SpanFeatures.Names()
        var scorer: SpanTyperModel.Scorer
        mutating func add(_ family: SpanFeatures.Family, _ value: String) {
            names.add(family, value); scorer.add(family, value)
        }
        mutating func add(_ family: SpanFeatures.Family, rule: Int, _ verdict: TypeVerdict) {
            names.add(family, rule: rule, verdict); scorer.add(family, rule: rule, verdict)
        }
    }

    func testScorer_givesTheScoresOfTheFeatureNames_onRealCandidates() {
        let text = "Talks in Zorvania\n\nMelqart Vossberg met officials of Trelloworks in Zorvania on Monday. "
            + "Vossberg said Trelloworks would open an office in Quenby. Anna Pirelli, who lives in Kent, agreed.\n"
        let scalars = Array(text.unicodeScalars)
        let context = ArticleContext(scalars: scalars, tokens: Tokenizer.tokenize(scalars), recordsCandidates: true)
        _ = EntityRecognizer(context).recognize()
        XCTAssertGreaterThan(context.recordedCandidates.count, 3, "the fixture has candidates for the typer")
        let model = SpanTyperModel.embedded
        for (a, b, recorded) in context.recordedCandidates {
            let candidate = NameCandidate(context, a, b, titled: false)
            let first = TypingRules.ordered.lazy.compactMap { rule in rule.decide(candidate).map { ($0, rule.id) } }
                .first!
            var both = Both(scorer: SpanTyperModel.Scorer(model))
            SpanFeatures.emit(candidate, first: first, into: &both)
            XCTAssertEqual(both.scorer.scores, model.scores(both.names.features), "\(both.names.features)")
            XCTAssertEqual(Array(recorded.prefix(both.names.features.count)), both.names.features)
        }
    }

    func testFeatureNames_splitIntoTheirFamilyAndValue() {
        XCTAssertEqual(SpanFeatures.Family.split("prev==").map { "\($0.0) \($0.1)" }, "prev =")
        XCTAssertEqual(SpanFeatures.Family.split("prev2=a b").map { "\($0.0) \($0.1)" }, "prev2 a b")
        XCTAssertEqual(SpanFeatures.Family.split("bias").map { "\($0.0) \($0.1)" }, "plain bias")
        XCTAssertNil(SpanFeatures.Family.split("margin:x=1"))
    }
}

/// Where the typer stays out (extractor version 4): constructions its training sets hardly hold,
/// on which it guessed wrong on news. Each fixture is one the version 3 typer got wrong.
final class SpanTyperOutsideItsTrainingTests: XCTestCase {
    private func types(_ text: String) -> [String: EntityType] {
        var out: [String: EntityType] = [:]
        for e in ArticleExtractor().extract(text).entities { out[e.name] = e.type }
        return out
    }

    func testTeamLineUp_keepsEveryInitialAndSurname_asAPerson() {
        let text = "Rugby: France name side for Wales clash\n\n"
            + "France coach Bernard Laporte has named his side for Saturday's match against Wales in Paris.\n\n"
            + "France: D Traille; A Rougerie, B Liebenberg, Y Jauzion, C Dominici; F Michalak, D Yachvili; "
            + "S Marconnet, W Servat, N Mas, F Pelous, J Thion, S Betsen, J Bonnaire, I Harinordoquy.\n\n"
            + "Replacements: S Bruno, O Milloud, G Lamboley, T Lievremont, P Mignoni, Y Delaigue, P Elhorga.\n"
        let found = types(text)
        for name in ["D Traille", "Y Jauzion", "F Michalak", "S Marconnet", "J Thion", "J Bonnaire", "G Lamboley"] {
            XCTAssertEqual(found[name], .person, name)
        }
    }

    func testResultsTableOfASportsReport_keepsItsTeams() {
        let text = "SOCCER - KOREAN LEAGUE RESULTS\n\nResults of Korean league soccer matches played on Saturday:\n\n"
            + "Puchon 2 Chonan 1\n\nSuwan 0 Chonnam 0\n\nPusan 3 Anyang 2\n\n"
            + "Chonan 10 6 2 2 18 10 20\n\nPuchon 10 5 3 2 15 9 18\n"
        let found = types(text)
        XCTAssertEqual(found["Pusan"], .org, "\(found)")
        XCTAssertEqual(found["Puchon"], .org, "\(found)")
    }

    func testNumberTableLine_isALineOfNumbersAndFewWords() {
        let text = "Puchon 10 5 3 2 15 9 18\nPuchon beat Chonan 2-1 on Saturday in front of 20,000 fans.\n"
        let scalars = Array(text.unicodeScalars)
        let context = ArticleContext(scalars: scalars, tokens: Tokenizer.tokenize(scalars))
        let second = context.tokens.firstIndex { $0.paragraph == 1 }!
        XCTAssertTrue(context.isNumberTableLine(0))
        XCTAssertFalse(context.isNumberTableLine(second))
    }
}

/// What the name cleaner keeps when the typer says the left part of a split chunk is no name
/// (extractor version 5).
final class SpanTyperSplitTests: XCTestCase {
    /// A model that knows one thing: a candidate ending in "DJ" is not a name. (It also holds the rule
    /// that types "Kelvar Radio DJ", with no weight: the typer leaves alone rules its weights never saw.)
    private func djIsNoName() throws -> SpanTyperModel {
        try SpanTyperModel(parsing: "last=dj\t0 0 0 0 100\nmargin:drop\t15 0 0 0 0\nmargin:retype\t8 0 0 0 0\n"
            + "first=type.organisation-head-inside:ORG.plain\t0 0 0 0 0\n"
            + "first=type.organisation-head-inside:ORG.contextual\t0 0 0 0 0\n")
    }

    func testLeftPartDroppedBeforeAGivenName_becomesARole_andTheGivenNameStaysInTheName() throws {
        let text = "Radio awards announced\n\nKelvar Radio DJ Pete Mitchell said the show would return in May.\n"
        let entities = ArticleExtractor().extract(text, options: ExtractionOptions(spanTyper: try djIsNoName()))
            .entities
        let person = entities.first { $0.type == .person }
        XCTAssertEqual(person?.name, "Pete Mitchell", "\(entities.map(\.name))")
        XCTAssertEqual(person?.roles, ["Kelvar Radio DJ"])
        XCTAssertFalse(entities.contains { $0.name.hasSuffix("DJ") }, "\(entities.map(\.name))")
    }
}

/// Works written in Title Case are MISC, with the shipped typer on (extractor version 5).
final class TitleCaseWorkTests: XCTestCase {
    func testTitleCaseWorks_areMisc_butOrganisationsWithALowercaseOf_andInitials_areNot() {
        let text = "Film awards announced\n\n"
            + "The comedy Meet The Kelvars beat Lost In Dunvar at the box office, said Charles A Blixt.\n\n"
            + "Doctors Without Borders and the Bank of Kelvar gave money to the producers.\n"
        var types: [String: EntityType] = [:]
        for e in ArticleExtractor().extract(text).entities { types[e.name] = e.type }
        XCTAssertEqual(types["Lost In Dunvar"], .misc, "\(types)")
        XCTAssertNotEqual(types["Charles A Blixt"], .misc, "\(types)")
        XCTAssertNotEqual(types["Doctors Without Borders"], .misc, "\(types)")
        XCTAssertNotEqual(types["Bank of Kelvar"], .misc, "\(types)")
    }
}

/// The typer leaves alone a verdict whose rule its weights never saw decide first (extractor version 6).
final class SpanTyperUnknownRuleTests: XCTestCase {
    /// A model that calls everything "not a name" and knows only the rule of two unknown words.
    private func dropsEverything() throws -> SpanTyperModel {
        try SpanTyperModel(parsing: "bias\t0 0 0 0 100\nfirst=type.short-unknown-name:PERSON.plain\t0 0 0 0 1\n"
            + "margin:drop\t15 0 0 0 0\nmargin:retype\t8 0 0 0 0\n")
    }

    func testAVerdictOfARuleTheModelNeverSaw_isKept_whileOneItKnows_isDropped() throws {
        let text = "Film awards announced\n\nThe comedy Lost In Dunvar starred Kelvo Marsk, critics said on Monday.\n"
        let options = ExtractionOptions(spanTyper: try dropsEverything())
        let names = ArticleExtractor().extract(text, options: options).entities.map(\.name)
        XCTAssertTrue(names.contains("Lost In Dunvar"), "\(names)")
        XCTAssertFalse(names.contains("Kelvo Marsk"), "\(names)")
        let rulesOnly = ArticleExtractor().extract(text).entities.map(\.name)
        XCTAssertTrue(rulesOnly.contains("Kelvo Marsk"), "the shipped typer keeps it: \(rulesOnly)")
    }
}
