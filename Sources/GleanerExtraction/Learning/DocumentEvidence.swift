/// What the typing rules alone say about one article's names, for the learned span typer's
/// document-level features: how each surface string is typed and how often it occurs, and how
/// the words of longer names are typed. It is built from a first pass of the chunker and cleaner
/// with the typer off, so training (which never runs the typer) and extraction see the same
/// evidence.
struct DocumentEvidence {
    /// One surface string's mentions: all votes, the strong ones alone, and their number.
    private struct Surface {
        var votes = TypeVotes()
        var strong = TypeVotes()
        var mentions = 0

        /// Counts one more mention, typed `type` with `strength`.
        mutating func add(_ type: EntityType, _ strength: TypeStrength) {
            votes.add(type, strength.weight)
            if strength == .strong { self.strong.add(type, 1) }
            mentions += 1
        }
    }

    private var surfaces: [String: Surface] = [:]
    /// The first and last words of names of two or more words, with those names' types.
    private var nameWords: [String: TypeVotes] = [:]

    /// Mentions of one surface from which the `doc-mentions=` feature stops counting (its top bucket).
    static let frequentMentions = 4

    init(_ context: ArticleContext, spans: [NameSpan]) {
        let tokens = context.tokens
        surfaces.reserveCapacity(min(spans.count, ExtractionLimits.reserveAtMost))
        for s in spans where !s.isHyphenPart {
            let text = context.text(s.first, s.last)
            surfaces[text, default: Surface()].add(s.type, s.strength)
            if s.last > s.first {
                nameWords[tokens[s.first].text, default: TypeVotes()].add(s.type, s.strength.weight)
                nameWords[tokens[s.last].text, default: TypeVotes()].add(s.type, s.strength.weight)
            }
        }
    }

    /// Sends the document-level features of candidate `a...b` to `sink`: the rules' strong and
    /// voted types for its surface elsewhere, how often it occurs, the types of longer names that
    /// share its word (a lone word) or of its last word alone (a longer name).
    func features(_ context: ArticleContext, _ a: Int, _ b: Int, into sink: inout some SpanFeatureSink) {
        let tokens = context.tokens
        let surface = surfaces[context.text(a, b)]
        sink.add(.docMentions, String(min(surface?.mentions ?? 0, Self.frequentMentions)))
        if let t = surface?.strong.winner { sink.add(.docStrong, t.rawValue) }
        if let t = surface?.votes.winner { sink.add(.docVote, t.rawValue) }
        if a == b {
            if let t = nameWords[tokens[a].text]?.winner { sink.add(.docInLonger, t.rawValue) }
        } else if let t = surfaces[tokens[b].text]?.votes.winner {
            sink.add(.docLastAlone, t.rawValue)
        }
    }
}
