/// The article as the speaker search sees it: tokens, names and entities, which tokens belong
/// to which name and which lie inside quotations, and the document-wide lookups of
/// `SpeakerIndex`. Built once per article that has quotations.
struct QuoteContext {
    let article: ArticleContext
    let spans: [NameSpan]
    let entities: [Entity]
    /// Span start offsets (spans are sorted by start), for binary search.
    let spanStarts: [Int]
    /// Index of the (first) span covering each token, or -1.
    let spanAtToken: [Int]
    /// Index of the (first) span ending at each token, or -1.
    let spanEndingAt: [Int]
    /// Whether each token lies inside a quotation (between its marks).
    let inQuote: [Bool]
    let typeByName: [String: EntityType]
    /// The first entity with each name.
    let entityIndex: [String: Int]
    let index: SpeakerIndex
    let tokens: [Token]

    init(_ article: ArticleContext, spans: [NameSpan], entities: [Entity], quotedTokens: [Bool]) {
        self.article = article; self.spans = spans; self.entities = entities; inQuote = quotedTokens
        let tokens = article.tokens
        self.tokens = tokens
        spanStarts = spans.map { tokens[$0.first].start }
        var at = [Int](repeating: -1, count: tokens.count), ending = at
        for i in spans.indices where spans[i].entity != nil {
            for k in spans[i].tokenRange where at[k] == -1 { at[k] = i }
            if ending[spans[i].last] < 0 { ending[spans[i].last] = i }
        }
        spanAtToken = at; spanEndingAt = ending
        var byName: [String: EntityType] = [:], indexByName: [String: Int] = [:]
        for (i, e) in entities.enumerated() where byName[e.name] == nil {
            byName[e.name] = e.type
            indexByName[e.name] = i
        }
        typeByName = byName; entityIndex = indexByName
        index = SpeakerIndex(spans: spans, tokens: tokens, entities: entities)
    }

    /// The entity of the span covering token k, if any.
    func entity(at k: Int) -> Entity? {
        spanAtToken[k] >= 0 ? entityOf(spanAtToken[k]) : nil
    }

    func entityOf(_ spanIndex: Int) -> Entity? {
        guard let e = spans[spanIndex].entity, e < entities.count else { return nil }
        return entities[e]
    }

    /// Whether token k is a possessive "'s" / "’s".
    func isPossessive(_ k: Int) -> Bool {
        k < tokens.count && (tokens[k].lower == "'s" || tokens[k].lower == "\u{2019}s")
    }

    /// Index of the first element of a sorted array that is >= x.
    static func lowerBound(_ a: [Int], _ x: Int) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] < x { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// Indices of the spans that end at or before `pos`, nearest first, in `pos`'s paragraph and
    /// no more than `ExtractionLimits.maxSpeakerCandidatesInParagraph` of them.
    func spanIndicesBeforeInParagraph(_ pos: Int) -> [Int] {
        let ti = Tokenizer.firstToken(startingAtOrAfter: pos, in: tokens)
        let para = ti < tokens.count ? tokens[ti].paragraph : -1
        var out: [Int] = []
        var i = Self.lowerBound(spanStarts, pos) - 1
        while i >= 0 && out.count < ExtractionLimits.maxSpeakerCandidatesInParagraph {
            defer { i -= 1 }
            guard spans[i].entity != nil && tokens[spans[i].last].end <= pos else { continue }
            if tokens[spans[i].first].paragraph != para { break }
            out.append(i)
        }
        return out
    }

    /// The entity of the nearest span of `kind` ending at or before `pos`.
    func nearestEntity(_ kind: SpeakerIndex.Kind, before pos: Int) -> Entity? {
        let last = Self.lowerBound(spanStarts, pos) - 1
        guard let i = index.nearestSpan(kind, lastSpanStartingBefore: last, ending: pos, spans: spans,
            tokens: tokens) else { return nil }
        return entities[spans[i].entity!]
    }
}

/// A speaker found for a quotation and how: a name itself, or a pronoun, role noun, person noun
/// or other reference resolved to one.
struct Speaker: Equatable {
    let name: String
    let via: RuleID

    init(_ name: String, _ via: RuleID) { self.name = name; self.via = via }
}

/// Where a speaker search stands: the quotation's opening offset (everything named before it
/// counts) and the current speaker, if any.
struct SpeakerQuery {
    let pos: Int
    let lastSpeaker: String?
}
