/// A linear scorer of speaker candidates: each kind of evidence (`SpeakerEvidence`) has a
/// weight; a candidate's score is the sum of its evidence's weights and the quotation goes to
/// the candidate with the highest score (the earliest proposed on ties, so the ordered steps'
/// answer wins a tie). The shipped weights are `Lexicon/Data/speaker-weights.txt`, fitted by
/// `gleaner train-speakers` (docs/extraction.md, "Speaker choice").
public struct SpeakerModel: Sendable, Equatable {
    /// One weight per entry of `SpeakerEvidence.all`, in that order.
    public var weights: [Double]

    /// All weights zero but `rules-choice` at 1: the scored choice then always agrees with the
    /// ordered steps (where fitting starts from).
    public static var rulesOnly: SpeakerModel { SpeakerModel(weights: rulesOnlyWeights) }

    private static let rulesOnlyWeights: [Double] = SpeakerEvidence.all.map { $0 == .rulesChoice ? 1 : 0 }

    /// Whether the weights can ever choose other than the ordered steps (they are not
    /// `rulesOnly`'s); when not, extraction proposes no candidates unless explaining.
    public var overrulesSteps: Bool { weights != Self.rulesOnlyWeights }

    public init(weights: [Double]) {
        precondition(weights.count == SpeakerEvidence.all.count, "one weight per kind of evidence")
        self.weights = weights
    }

    /// Weights from `name<TAB>weight` lines; a kind of evidence the text does not name weighs 0,
    /// a name no evidence has is ignored (an older weights file still loads).
    public init(parsing text: String) {
        var w = [Double](repeating: 0, count: SpeakerEvidence.all.count)
        for (name, value) in Lexicon.table(text) {
            if let e = SpeakerEvidence.byName[name], let v = Double(value) { w[e.index] = v }
        }
        self.init(weights: w)
    }

    /// The steps whose answers the scored choice may overrule: those that find the speaker from
    /// the context, with no cue verb tying a name to the quotation. A cue verb's subject or
    /// object ("…," said X; X said: "…"; according to X) stands.
    public static let contextSteps: Set<RuleID> = [.speakerReportedSpeech, .speakerFragmentNamedSubject,
                                                   .speakerContinuesParagraph,
                                                   .speakerContinuesQuotes, .speakerSentenceSubject,
                                                   .speakerNearestName]

    /// Whether the scored choice decides a quotation whose ordered steps gave `rules`.
    public static func decides(stepRules rules: [RuleID]) -> Bool {
        guard let step = rules.first else { return false }
        return contextSteps.contains(step)
    }

    /// The steps that resolve a "he"/"she" by an ordered search among the people named before
    /// (`QuoteContext.resolvePronoun`); the antecedent model may choose another person there.
    public static let pronounSteps: Set<RuleID> = [.speakerPronoun, .speakerPronounPastReportedName,
                                                   .speakerPronounNarrativeParagraph]

    /// Whether the antecedent model decides a quotation whose ordered steps gave `rules` (a
    /// pronoun resolved to a person; "it"/"they" reaching an organisation are left to the steps).
    public static func decidesAntecedent(stepRules rules: [RuleID], chosenIsPerson: Bool) -> Bool {
        chosenIsPerson && rules.contains(where: pronounSteps.contains)
    }

    /// Which scored choice decides a quotation, and the candidates it weighs, from the candidates
    /// proposed for it (the ordered steps' answer among them, marked `rules-choice`): the context
    /// model weighs every named candidate where a context step answered (`decides`); otherwise the
    /// antecedent model weighs the people where a pronoun step reached a person
    /// (`decidesAntecedent`); nil when the steps found no speaker or neither model decides.
    /// Extraction and fitting both ask this, so a model is fitted on the quotations it decides.
    public static func decision(_ candidates: [SpeakerCandidate])
        -> (choice: SpeakerFitting.Choice, pool: [SpeakerCandidate])? {
        guard let chosen = candidates.first(where: { $0.evidence.contains(.rulesChoice) }), chosen.name != nil else {
            return nil
        }
        if decides(stepRules: chosen.rules) { return (.context, candidates.filter { $0.name != nil }) }
        let isPerson: (SpeakerCandidate) -> Bool = { $0.name != nil && $0.evidence.contains(.type(.person)) }
        guard decidesAntecedent(stepRules: chosen.rules, chosenIsPerson: isPerson(chosen)) else { return nil }
        return (.antecedent, candidates.filter(isPerson))
    }

    /// The evidence the antecedent model weighs (fitting leaves every other weight at 0): the
    /// ordered steps' answer, and mention-ranking features of each person: distance in tokens,
    /// sentences and people named between, gender agreement with the pronoun, whether the
    /// mention opens its sentence or lies in a reported clause, whether the person is the
    /// current speaker or spoke before, and salience.
    public static let antecedentFeatures: Set<SpeakerEvidence> = {
        var s: Set<SpeakerEvidence> = [.rulesChoice, .sentenceSubject, .currentSpeaker, .spokeBefore,
                                       .inReportedClause, .mostMentionedPerson]
        s.formUnion(SpeakerEvidence.MentionDistance.allCases.map { .distance($0) })
        s.formUnion(SpeakerEvidence.SentenceGap.allCases.map { .sentencesBack($0) })
        s.formUnion(SpeakerEvidence.PersonRank.allCases.map { .personRank($0) })
        s.formUnion(SpeakerEvidence.PronounFit.allCases.map { .pronoun($0) })
        s.formUnion(SpeakerEvidence.Salience.allCases.map { .salience($0) })
        return s
    }()

    /// The weights shipped in the binary.
    static let shipped = SpeakerModel(parsing: LexiconData.speakerWeights)

    /// The antecedent model's weights shipped in the binary: the scored choice among the people a
    /// "he"/"she" next to the quotation may refer to (`Lexicon/Data/antecedent-weights.txt`).
    static let shippedAntecedent = SpeakerModel(parsing: LexiconData.antecedentWeights)

    /// The weights as `name<TAB>weight` lines, in the order of `SpeakerEvidence.all`, with four
    /// decimals (what `init(parsing:)` reads back).
    public var lines: [String] {
        zip(SpeakerEvidence.all, weights).map { e, w in
            let rounded = (w * 10_000).rounded() / 10_000
            return e.name + "\t" + String(rounded == 0 ? 0 : rounded)
        }
    }

    public func score(_ candidate: SpeakerCandidate) -> Double {
        candidate.evidence.reduce(0) { $0 + weights[$1.index] }
    }

    /// The index of the best candidate (the first on ties), or nil when there are none.
    public func best(_ candidates: [SpeakerCandidate]) -> Int? {
        var best: (index: Int, score: Double)? = nil
        for (i, c) in candidates.enumerated() {
            let s = score(c)
            if best == nil || s > best!.score { best = (i, s) }
        }
        return best?.index
    }
}
