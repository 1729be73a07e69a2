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
    /// Each paragraph's first token and the people it names (`narrativeParagraphPerson`).
    let paragraphs: ParagraphPeople

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
        paragraphs = ParagraphPeople(tokens: tokens, spans: spans, entities: entities, spanAtToken: at,
                                     inQuote: quotedTokens)
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
    func isPossessive(_ k: Int) -> Bool { Self.isPossessive(k, in: tokens) }

    static func isPossessive(_ k: Int, in tokens: [Token]) -> Bool {
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

/// By paragraph: its first token, and whom it names outside quotations, found in one pass so that
/// a pronoun's search of the paragraph before its quotation costs a lookup. (A walk through the
/// paragraph for each quotation took time quadratic in the paragraph's length: a megabyte of
/// `Mary Jones met Sarah Lee. "No," he said.` took 8 s.)
struct ParagraphPeople {
    /// The people a paragraph names as the one it is about: possessors ("Mel Gibson's film") aside.
    enum Named: Equatable {
        case nobody
        case one(entity: Int)
        case several
        /// The paragraph holds a quotation or a quote mark, so it narrates nothing.
        case quoting
    }

    /// By paragraph number: the index of its first token (`Int.max` for a number no token has).
    private(set) var firstToken: [Int]
    /// By paragraph number.
    private(set) var named: [Named]

    init(tokens: [Token], spans: [NameSpan], entities: [Entity], spanAtToken: [Int], inQuote: [Bool]) {
        let count = (tokens.last?.paragraph ?? -1) + 1
        firstToken = Array(repeating: Int.max, count: count)
        named = Array(repeating: .nobody, count: count)
        for k in tokens.indices {
            let p = tokens[k].paragraph
            firstToken[p] = min(firstToken[p], k)
            if inQuote[k] || QuoteContext.isQuoteMark(tokens[k]) { named[p] = .quoting; continue }
            let si = spanAtToken[k]
            guard si >= 0, spans[si].first == k, let e = spans[si].entity, entities[e].type == .person,
                  !QuoteContext.isPossessive(spans[si].last + 1, in: tokens) else { continue }
            switch named[p] {
            case .nobody: named[p] = .one(entity: e)
            case .one(let other) where other != e: named[p] = .several
            default: break
            }
        }
    }

    /// The paragraph right before the one holding token `k`, if any.
    func paragraph(before k: Int, in tokens: [Token]) -> Int? {
        let start = firstToken[tokens[k].paragraph]
        return start > 0 ? tokens[start - 1].paragraph : nil
    }
}
