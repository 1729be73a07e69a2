/// What the typing rules alone say about one article's names, for the learned span typer's
/// document-level features: how each surface string is typed and how often it occurs, how the
/// words of longer names are typed, and the layout of each paragraph. It is built from a first
/// pass of the chunker and cleaner with the typer off, so training (which never runs the typer)
/// and extraction see the same evidence.
struct DocumentEvidence {
    /// One surface string's mentions: all votes, the strong ones alone, and their number.
    private struct Surface {
        var votes = TypeVotes()
        var strong = TypeVotes()
        var mentions = 0
    }

    /// One paragraph's word, comma, number and lowercase-word counts.
    private struct Layout {
        var words = 0, commas = 0, numbers = 0, lowercase = 0, allCaps = 0
    }

    private var surfaces: [String: Surface] = [:]
    /// The first and last words of names of two or more words, with those names' types.
    private var nameWords: [String: TypeVotes] = [:]
    private var layouts: [Layout]

    /// Mentions beyond which a surface counts as frequent (the `doc-mentions=` feature's top bucket).
    static let frequentMentions = 4

    init(_ context: ArticleContext, spans: [NameSpan]) {
        let tokens = context.tokens
        surfaces.reserveCapacity(min(spans.count, ExtractionLimits.reserveAtMost))
        for s in spans where !s.isHyphenPart {
            let text = context.text(s.first, s.last)
            surfaces[text, default: Surface()].votes.add(s.type, s.strength.weight)
            if s.strength == .strong { surfaces[text, default: Surface()].strong.add(s.type, 1) }
            surfaces[text, default: Surface()].mentions += 1
            if s.last > s.first {
                nameWords[tokens[s.first].text, default: TypeVotes()].add(s.type, s.strength.weight)
                nameWords[tokens[s.last].text, default: TypeVotes()].add(s.type, s.strength.weight)
            }
        }
        layouts = [Layout](repeating: Layout(), count: (tokens.last?.paragraph ?? 0) + 1)
        for t in tokens {
            if t.text == "," { layouts[t.paragraph].commas += 1 }
            if t.kind == .number { layouts[t.paragraph].numbers += 1 }
            guard t.kind == .word else { continue }
            layouts[t.paragraph].words += 1
            if !t.isCap { layouts[t.paragraph].lowercase += 1 }
            if t.isAllCaps { layouts[t.paragraph].allCaps += 1 }
        }
    }

    /// Appends the document-level features of candidate `a...b`: the rules' strong and voted
    /// types for its surface elsewhere, how often it occurs, the types of longer names that
    /// share its word (a lone word) or of its last word alone (a longer name), and whether its
    /// paragraph reads as a list or a table.
    func features(_ context: ArticleContext, _ a: Int, _ b: Int, into f: inout [String]) {
        let tokens = context.tokens
        let surface = surfaces[context.text(a, b)]
        f.append("doc-mentions=\(min(surface?.mentions ?? 0, Self.frequentMentions))")
        if let t = surface?.strong.winner { f.append("doc-strong=" + t.rawValue) }
        if let t = surface?.votes.winner { f.append("doc-vote=" + t.rawValue) }
        if a == b {
            if let t = nameWords[tokens[a].text]?.winner { f.append("doc-in-longer=" + t.rawValue) }
        } else if let t = surfaces[tokens[b].text]?.votes.winner {
            f.append("doc-last-alone=" + t.rawValue)
        }
        let p = layouts[tokens[a].paragraph]
        if p.commas >= 3 && p.lowercase <= p.commas { f.append("line=list") }
        if p.numbers >= 2 && p.numbers * 3 >= p.words { f.append("line=numbers") }
        if p.words <= 6 { f.append("line=short") }
        if p.allCaps * 2 > p.words { f.append("line=caps") }
    }
}
