/// The evidence the learned span typer weighs for one name candidate, as features: every
/// typing rule that would decide it (with its verdict), the first one (the hand-ordered choice),
/// the candidate's length and shape, gazetteer memberships of its first and last word, the
/// words around it, and whether a title came before it.
///
/// A feature's name is its family's prefix and a value ("prev=" + "said"). The features go to a
/// `SpanFeatureSink` in a fixed order: `Names` spells them out (training, `SpanTyperTraining`);
/// `SpanTyperModel.Scorer` adds up their weights without building the names (extraction).
enum SpanFeatures {
    /// A feature family: its name is the prefix and a value. `plain` has no prefix: the value is
    /// the whole name ("bias", "titled").
    enum Family: Int, CaseIterable, Sendable {
        case plain, first, fires, length, shape, prev, next, prev2, last, suffix
        case docMentions, docStrong, docVote, docInLonger, docLastAlone

        var prefix: String {
            switch self {
            case .plain: return ""
            case .first: return "first="
            case .fires: return "fires="
            case .length: return "length="
            case .shape: return "shape="
            case .prev: return "prev="
            case .next: return "next="
            case .prev2: return "prev2="
            case .last: return "last="
            case .suffix: return "suffix="
            case .docMentions: return "doc-mentions="
            case .docStrong: return "doc-strong="
            case .docVote: return "doc-vote="
            case .docInLonger: return "doc-in-longer="
            case .docLastAlone: return "doc-last-alone="
            }
        }

        /// The family and value of a feature name: the prefix runs to the first "=" (values may
        /// hold one: "prev=="); a name without "=" is `plain`. Nil for an unknown prefix.
        static func split(_ name: String) -> (Family, Substring)? {
            guard let equals = name.firstIndex(of: "=") else { return (.plain, name[...]) }
            let prefix = name[...equals]
            guard let family = allCases.first(where: { $0 != .plain && $0.prefix == prefix }) else { return nil }
            return (family, name[name.index(after: equals)...])
        }
    }

    /// Sends candidate `c`'s features to `sink`, `first` being the first typing rule's verdict.
    static func emit(_ c: NameCandidate, first: (verdict: TypeVerdict, rule: RuleID),
                     into sink: inout some SpanFeatureSink) {
        sink.add(.plain, "bias")
        // the rules before the first that decided gave nothing: only the rest are asked again
        let rules = TypingRules.ordered
        var next = 0
        if let start = rules.firstIndex(where: { $0.id == first.rule }) {
            sink.add(.first, rule: start, first.verdict)
            sink.add(.fires, rule: start, first.verdict)
            next = start + 1
        } else {
            sink.add(.first, ruleValue(first.rule, first.verdict))
        }
        for k in next..<rules.count {
            if let v = rules[k].decide(c) { sink.add(.fires, rule: k, v) }
        }
        sink.add(.length, String(min(c.count, 4)))
        sink.add(.shape, shape(c.firstToken) + "/" + shape(c.lastToken))
        sink.add(.prev, c.prevLower)
        sink.add(.next, c.nextLower)
        if c.a >= 2 { sink.add(.prev2, c.tokens[c.a - 2].lower + " " + c.prevLower) }
        sink.add(.last, c.lastLower)
        sink.add(.suffix, String(c.lastLower.suffix(3)))
        if c.titled { sink.add(.plain, "titled") }
        if c.a == 0 || c.tokens[c.a - 1].sentence != c.firstToken.sentence { sink.add(.plain, "sentence-start") }
        if c.context.isHeadline(c.a) { sink.add(.plain, "headline") }
        if c.context.isSports { sink.add(.plain, "sports") }
        emitMemberships(c.firstToken, firstMemberships, into: &sink)
        emitMemberships(c.lastToken, lastMemberships, into: &sink)
    }

    private static let firstMemberships = ["first-given-name", "first-surname", "first-common-word",
                                           "first-function-word", "first-place"]
    private static let lastMemberships = ["last-given-name", "last-surname", "last-common-word", "last-function-word",
                                          "last-place"]

    /// A word's gazetteer memberships, named (in this order) given name, surname, common word,
    /// function word, place.
    private static func emitMemberships(_ t: Token, _ names: [String], into sink: inout some SpanFeatureSink) {
        if t.has(.givenNames) { sink.add(.plain, names[0]) }
        if t.has(.surnames) { sink.add(.plain, names[1]) }
        if t.has(.commonWords) { sink.add(.plain, names[2]) }
        if t.has(.functionWords) { sink.add(.plain, names[3]) }
        if Lexicon.isPlaceName(t.text) { sink.add(.plain, names[4]) }
    }

    /// The value of a rule feature: the rule's name and its verdict ("type.acronym:ORG.plain").
    static func ruleValue(_ rule: RuleID, _ v: TypeVerdict) -> String { rule.rawValue + ":" + verdictName(v) }

    static func verdictName(_ v: TypeVerdict) -> String {
        switch v {
        case .notAName: return "none"
        case .name(let type, let strength, _): return type.rawValue + "." + strengthName(strength)
        }
    }

    /// How many verdicts `verdictCode` tells apart: "not a name", and each type with each strength.
    static let verdictCodes = 1 + 5 * 4

    /// A verdict as a number below `verdictCodes`: two verdicts have the same code exactly when
    /// they have the same `verdictName`.
    static func verdictCode(_ v: TypeVerdict) -> Int {
        switch v {
        case .notAName: return 0
        case .name(let type, let strength, _): return 1 + typeIndex(type) * 4 + strength.rawValue
        }
    }

    private static func typeIndex(_ type: EntityType) -> Int {
        switch type {
        case .person: return 0
        case .org: return 1
        case .loc: return 2
        case .norp: return 3
        case .misc: return 4
        }
    }

    /// The strength's case name, as the weights file spells it (a switch: `String(describing:)`
    /// goes through reflection, which cost the typer a fifth of extraction time).
    static func strengthName(_ s: TypeStrength) -> String {
        switch s {
        case .guess: return "guess"
        case .plain: return "plain"
        case .contextual: return "contextual"
        case .strong: return "strong"
        }
    }

    /// "Xx", "X", "XX", "x", "9" or "other" for a token's form.
    static func shape(_ t: Token) -> String {
        if t.kind == .number { return "9" }
        if t.isAllCaps { return "XX" }
        if t.isCap { return t.end - t.start == 1 ? "X" : "Xx" }
        return t.kind == .word ? "x" : "other"
    }

    /// The features by name, in order.
    struct Names: SpanFeatureSink {
        var features: [String] = []

        mutating func add(_ family: Family, _ value: String) { features.append(family.prefix + value) }
        mutating func add(_ family: Family, rule: Int, _ verdict: TypeVerdict) {
            add(family, ruleValue(TypingRules.ordered[rule].id, verdict))
        }
    }
}

/// Receives a candidate's features from `SpanFeatures.emit`, in order.
protocol SpanFeatureSink {
    /// The feature named `family.prefix + value`.
    mutating func add(_ family: SpanFeatures.Family, _ value: String)
    /// The feature naming `TypingRules.ordered[rule]` and its verdict (`SpanFeatures.ruleValue`).
    mutating func add(_ family: SpanFeatures.Family, rule: Int, _ verdict: TypeVerdict)
}
