/// The evidence the learned span typer weighs for one name candidate, as feature names: every
/// typing rule that would decide it (with its verdict), the first one (the hand-ordered choice),
/// the candidate's length and shape, gazetteer memberships of its first and last word, the
/// words around it, and whether a title came before it.
enum SpanFeatures {
    static func of(_ c: NameCandidate, first: (verdict: TypeVerdict, rule: RuleID)) -> [String] {
        var f = ["bias", "first=" + first.rule.rawValue + ":" + verdictName(first.verdict)]
        // the rules before the first that decided gave nothing: only the rest are asked again
        var rules = TypingRules.ordered[...]
        if let start = rules.firstIndex(where: { $0.id == first.rule }) {
            f.append("fires=" + first.rule.rawValue + ":" + verdictName(first.verdict))
            rules = rules[(start + 1)...]
        }
        for rule in rules {
            if let v = rule.decide(c) { f.append("fires=" + rule.id.rawValue + ":" + verdictName(v)) }
        }
        f.append("length=\(min(c.count, 4))")
        f.append("shape=" + shape(c.firstToken) + "/" + shape(c.lastToken))
        f.append("prev=" + c.prevLower)
        f.append("next=" + c.nextLower)
        if c.a >= 2 { f.append("prev2=" + c.tokens[c.a - 2].lower + " " + c.prevLower) }
        f.append("last=" + c.lastLower)
        f.append("suffix=" + String(c.lastLower.suffix(3)))
        if c.titled { f.append("titled") }
        if c.a == 0 || c.tokens[c.a - 1].sentence != c.firstToken.sentence { f.append("sentence-start") }
        if c.context.isHeadline(c.a) { f.append("headline") }
        if c.context.isSports { f.append("sports") }
        for (name, t) in [("first", c.firstToken), ("last", c.lastToken)] {
            if t.has(.givenNames) { f.append(name + "-given-name") }
            if t.has(.surnames) { f.append(name + "-surname") }
            if t.has(.commonWords) { f.append(name + "-common-word") }
            if t.has(.functionWords) { f.append(name + "-function-word") }
            if Lexicon.isPlaceName(t.text) { f.append(name + "-place") }
        }
        return f
    }

    static func verdictName(_ v: TypeVerdict) -> String {
        switch v {
        case .notAName: return "none"
        case .name(let type, let strength, _): return type.rawValue + "." + strengthName(strength)
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
}
