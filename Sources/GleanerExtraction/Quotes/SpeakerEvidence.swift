/// One piece of evidence about a candidate speaker of a quotation (`SpeakerCandidate`): who
/// proposed it, where its nearest mention lies, how salient it is, whether a pronoun or the
/// flow of the dialogue fits it. `SpeakerModel` weighs each kind of evidence; `name` is the key
/// of its weight in `Lexicon/Data/speaker-weights.txt` and what `--explain` prints.
public enum SpeakerEvidence: Hashable, Sendable {
    /// The candidate the ordered search steps chose (the null candidate when they found none).
    case rulesChoice
    /// A rule proposed it: a search step (`speaker.cue-after-quote`) or how the step resolved
    /// its answer (`speaker.pronoun`).
    case proposedBy(RuleID)
    /// Tokens between the quotation and the candidate's nearest mention outside quotations.
    case distance(MentionDistance)
    /// Its nearest mention is in the quotation's sentence, before or after the quotation.
    case sameSentence(MentionSide)
    /// Its nearest mention opens its sentence ("Tom Baird said …").
    case sentenceSubject
    /// How often it is named before the quotation.
    case salience(Salience)
    /// The person named most so far in the article.
    case mostMentionedPerson
    /// The speaker of the previous quotation (as the ordered steps found it).
    case currentSpeaker
    /// The speaker of the quotation before the previous one, when someone else spoke in between
    /// (turns in a dialogue alternate).
    case turnBeforeLast
    /// Named inside the previous quotation ("Yes, Holmes," … — the one addressed answers next).
    case addressedInPreviousQuote
    /// Its entity type.
    case type(EntityType)
    /// A "he"/"she" next to the cue fits (or clashes with) its given name.
    case pronoun(PronounFit)
    /// An organisation named in a sentence that speaks through a statement or a spokesperson.
    case institutionWithStatement
    /// Named before "quoted"/"quoting" in the quotation's sentence: it relays someone else's words.
    case relaysAnother
    /// Evidence for the null candidate (no speaker): always `bias`, plus what the quotation lacks.
    case noSpeaker(NoSpeakerCue)
    /// Sentences between its nearest mention before the quotation and the quotation's own
    /// sentence, within the paragraph (a pronoun's antecedent is usually one or two back).
    case sentencesBack(SentenceGap)
    /// Among the people named before the quotation (its paragraph and the one before), how near
    /// its latest mention is: the nearest, the second nearest, or farther.
    case personRank(PersonRank)
    /// It spoke an earlier quotation of the article (as the ordered steps found it).
    case spokeBefore
    /// Its nearest mention before the quotation lies in the reported clause of a cue verb ("said
    /// the cuts proposed by Oliver Letwin"): what was said, not who says it.
    case inReportedClause

    public enum MentionDistance: String, CaseIterable, Sendable {
        case adjacent, near, sentence, paragraph, previousParagraph, far
    }

    public enum MentionSide: String, CaseIterable, Sendable { case before, after }

    public enum Salience: String, CaseIterable, Sendable { case once, few, several, many }

    public enum PronounFit: String, CaseIterable, Sendable { case fits, clashes }

    public enum NoSpeakerCue: String, CaseIterable, Sendable {
        case bias, noCueVerb, partial, unclosed, noNameInParagraph
    }

    public enum SentenceGap: String, CaseIterable, Sendable { case none, one, two, more }

    public enum PersonRank: String, CaseIterable, Sendable { case nearest, second, farther }

    /// The evidence's name: the key of its weight and what `--explain` prints.
    public var name: String {
        switch self {
        case .rulesChoice: return "rules-choice"
        case .proposedBy(let rule): return "by:" + rule.rawValue
        case .distance(let d): return "distance:" + d.rawValue
        case .sameSentence(let side): return "same-sentence:" + side.rawValue
        case .sentenceSubject: return "sentence-subject"
        case .salience(let s): return "salience:" + s.rawValue
        case .mostMentionedPerson: return "most-mentioned-person"
        case .currentSpeaker: return "current-speaker"
        case .turnBeforeLast: return "turn-before-last"
        case .addressedInPreviousQuote: return "addressed-in-previous-quote"
        case .type(let t): return "type:" + t.rawValue
        case .pronoun(let fit): return "pronoun:" + fit.rawValue
        case .institutionWithStatement: return "institution-with-statement"
        case .relaysAnother: return "relays-another"
        case .noSpeaker(let cue): return "no-speaker:" + cue.rawValue
        case .sentencesBack(let gap): return "sentences-back:" + gap.rawValue
        case .personRank(let rank): return "person-rank:" + rank.rawValue
        case .spokeBefore: return "spoke-before"
        case .inReportedClause: return "in-reported-clause"
        }
    }

    /// Every piece of evidence there is, in a fixed order (the order of the weights file).
    public static let all: [SpeakerEvidence] = {
        var all: [SpeakerEvidence] = [.rulesChoice]
        all += RuleID.allCases.filter { $0.rawValue.hasPrefix("speaker.") }.map { .proposedBy($0) }
        all += MentionDistance.allCases.map { .distance($0) } + MentionSide.allCases.map { .sameSentence($0) }
        all += [.sentenceSubject] + Salience.allCases.map { .salience($0) }
        all += [.mostMentionedPerson, .currentSpeaker, .turnBeforeLast, .addressedInPreviousQuote]
        all += EntityType.allCases.map { .type($0) } + PronounFit.allCases.map { .pronoun($0) }
        all += [.institutionWithStatement, .relaysAnother] + NoSpeakerCue.allCases.map { .noSpeaker($0) }
        all += SentenceGap.allCases.map { .sentencesBack($0) } + PersonRank.allCases.map { .personRank($0) }
        all += [.spokeBefore, .inReportedClause]
        return all
    }()

    /// Position of each piece of evidence in `all`.
    static let indexOf: [SpeakerEvidence: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map {
        ($1, $0) })

    /// The evidence with this name, if any.
    static let byName: [String: SpeakerEvidence] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Its position in `all` (every value is listed there).
    var index: Int { Self.indexOf[self]! }
}

extension SpeakerEvidence.MentionDistance {
    /// Tokens between the quotation's marks and the mention: 3 or fewer is adjacent ("…," Baird
    /// said), 10 near, 30 about a sentence; farther in the paragraph, the previous paragraph, far.
    init(tokens: Int, paragraphsBack: Int) {
        switch (paragraphsBack, tokens) {
        case (0, ...3): self = .adjacent
        case (0, ...10): self = .near
        case (0, ...30): self = .sentence
        case (0, _): self = .paragraph
        case (1, _): self = .previousParagraph
        default: self = .far
        }
    }
}

extension SpeakerEvidence.Salience {
    /// Mentions before the quotation: 1, 2–3, 4–9, 10 or more.
    init(mentions: Int) {
        switch mentions {
        case ...1: self = .once
        case ...3: self = .few
        case ...9: self = .several
        default: self = .many
        }
    }
}

extension SpeakerEvidence.SentenceGap {
    init(sentences: Int) {
        switch sentences {
        case ...0: self = .none
        case 1: self = .one
        case 2: self = .two
        default: self = .more
        }
    }
}

extension SpeakerEvidence.PersonRank {
    /// 0 is the nearest.
    init(rank: Int) {
        switch rank {
        case ...0: self = .nearest
        case 1: self = .second
        default: self = .farther
        }
    }
}
