/// A quotation's span: the opening mark, the text inside (start ..< end, in scalars) and
/// whether a closing mark ends it.
struct QuoteSpan {
    var open: Int
    var start: Int
    var end: Int
    var closed: Bool
}

/// Pairs quotation marks, following the convention of the annotated news the extractor is
/// scored on: a curly left mark opens and a curly right mark closes; a straight mark opens after
/// white space, the start, "(", "[", "-" or "—" when a non-space follows, else closes. An
/// unclosed quotation (BBC style) runs to the next opening mark or the end of its paragraph.
/// At most `ExtractionLimits.maxQuotesPerArticle` quotations, the first ones.
enum QuoteMarks {
    static func spans(in s: [Unicode.Scalar]) -> [QuoteSpan] {
        let marks = self.marks(in: s)
        var out: [QuoteSpan] = []
        var paragraphEnd = 0  // the first newline at or after the current mark (marks are in order)
        for (k, m) in marks.enumerated() where m.opens {
            if out.count == ExtractionLimits.maxQuotesPerArticle { break }
            if paragraphEnd < m.at { paragraphEnd = m.at }
            while paragraphEnd < s.count && s[paragraphEnd] != "\n" { paragraphEnd += 1 }
            var stop = paragraphEnd
            if k + 1 < marks.count, marks[k + 1].at <= paragraphEnd {
                if !marks[k + 1].opens { out.append(QuoteSpan(open: m.at, start: m.at + 1, end: marks[k + 1].at,
                    closed: true)); continue }
                stop = marks[k + 1].at
            }
            var e = stop
            while e > m.at + 1 && CharacterClass.isSpace(s[e - 1]) { e -= 1 }
            out.append(QuoteSpan(open: m.at, start: m.at + 1, end: e, closed: false))
        }
        return out
    }

    /// Every double quotation mark, and whether it opens.
    static func marks(in s: [Unicode.Scalar]) -> [(at: Int, opens: Bool)] {
        var marks: [(at: Int, opens: Bool)] = []
        for i in s.indices {
            let c = s[i]
            if c == "\u{201C}" { marks.append((i, true)) }
            else if c == "\u{201D}" { marks.append((i, false)) }
            else if c == "\"" {
                let before: Unicode.Scalar = i > 0 ? s[i - 1] : "\n"
                let after: Unicode.Scalar = i + 1 < s.count ? s[i + 1] : "\n"
                let opensAfter = CharacterClass.isSpace(before) || before == "(" || before == "[" || before == "-"
                    || before == "\u{2014}"
                marks.append((i, opensAfter && !CharacterClass.isSpace(after)))
            }
        }
        return marks
    }

    /// A clause ("We have waited a long time") is direct speech; a fragment ("a good day") is
    /// partial. A clause starts with a subject pronoun, or has a finite verb after its first word
    /// (capitalised: or six words or more), and has three words or more.
    static func kind(_ tokens: [Token], first f: Int?, last l: Int?) -> QuoteKind {
        guard let f, let l, f <= l else { return .partial }
        let words = (f...l).filter { tokens[$0].kind != .punct }
        guard words.count >= 3 else { return .partial }
        let first = tokens[words[0]]
        if Lexicon.clauseSubjects.contains(first.lower) { return .direct }
        // looked up only when asked: a long quotation with a capital needs no verb
        lazy var hasVerb = words.dropFirst().contains { Lexicon.finiteVerbs.contains(tokens[$0].lower)
            || tokens[$0].lower == "'s" }
        // a capitalised start after "said:" or at the sentence start is a full clause
        if first.isCap { return words.count >= 6 || hasVerb ? .direct : .partial }
        if Lexicon.finiteVerbs.contains(first.lower) || (first.lower.hasSuffix("ed") && first.lower.count > 4)
            || first.lower.hasSuffix("ing") {
            return .partial
        }
        return hasVerb && words.count >= 4 ? .direct : .partial
    }
}
