/// Options that change what extraction produces.
public struct ExtractionOptions: Sendable, Equatable {
    /// The date relative expressions ("on Thursday", "last August") are resolved against when
    /// the article gives no dateline. Nil: such dates get a null value.
    public var anchorDate: CalendarDate?
    /// Also record why: the named rules behind each name, speaker and date (`Extraction.explanation`).
    public var explain: Bool
    /// The learned span typer (`SpanTyperModel`) for names no rule types strongly: by default the
    /// embedded weights (docs/span-typer.md); nil keeps the rules' hand-weighted votes alone.
    public var spanTyper: SpanTyperModel?

    public init(anchorDate: CalendarDate? = nil, explain: Bool = false,
                spanTyper: SpanTyperModel? = .embedded) {
        self.anchorDate = anchorDate; self.explain = explain; self.spanTyper = spanTyper
    }
}

/// What extraction finds in one article's text; GleanerCore's `ArticleProcessor` wraps it into
/// a record.
public struct Extraction: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    public var byline: String?
    public var dateline: String?
    public var counts: ArticleCounts
    public var entities: [Entity]
    public var quotes: [Quote]
    public var dates: [DateMention]
    public var keyphrases: [Keyphrase]
    /// The rules behind the entities, quotes and dates, when `ExtractionOptions.explain` is set.
    public var explanation: Explanation?

    public init(title: String, subtitle: String? = nil, byline: String? = nil, dateline: String? = nil,
                counts: ArticleCounts = .init(), entities: [Entity] = [], quotes: [Quote] = [],
                dates: [DateMention] = [], keyphrases: [Keyphrase] = []) {
        self.title = title; self.subtitle = subtitle; self.byline = byline; self.dateline = dateline
        self.counts = counts; self.entities = entities; self.quotes = quotes; self.dates = dates
        self.keyphrases = keyphrases
    }
}

/// Extracts title, entities, quotes and dates from article text. Pure and deterministic:
/// the same text and options always give the same `Extraction`. Safe to share across threads.
///
/// Pipeline (see docs/extraction.md): layout (title, subtitle, byline, dateline) → tokens and
/// sentences → entities (gazetteers, rules, in-document aliases) → quotes and speakers →
/// dates resolved against the dateline or `options.anchorDate` → keyphrases.
public struct ArticleExtractor: Sendable {
    public init() {}

    /// Loads the gazetteers and word lists now (about 0.1 s) instead of during the first article.
    public static func preload() { Lexicon.preload() }

    /// Extracts from an article's text given as Unicode scalars (every offset counts them).
    public func extract(scalars: [Unicode.Scalar], options: ExtractionOptions = .init()) -> Extraction {
        let layout = ArticleLayout(scalars)
        let tokens = Tokenizer.tokenize(scalars)
        let context = ArticleContext(scalars: scalars, tokens: tokens, spanTyper: options.spanTyper)
        var recognized = EntityRecognizer(context).recognize(explain: options.explain)
        let (quotes, speakerRules, candidates) = QuoteExtractor(context, spans: recognized.spans,
            entities: recognized.entities).extract(explain: options.explain)
        let retyped = FirstPersonSpeakers.retype(&recognized.entities, quotes: quotes, tokens: tokens)
        Self.annotateSentences(&recognized.entities, tokens: tokens)
        var anchor = options.anchorDate
        if let d = layout.dateline, let parsed = DateWords.datelineDate(d) { anchor = parsed }
        let (dates, dateRules) = DateExtractor(tokens: tokens, scalars: scalars, anchor: anchor).extract()
        var words = 0
        // sentences with a word or number (an array by sentence index: no hashing, no token copies)
        var hasWord = [Bool](repeating: false, count: (tokens.lazy.map(\.sentence).max() ?? -1) + 1)
        for k in tokens.indices where tokens[k].kind != .punct { words += 1; hasWord[tokens[k].sentence] = true }
        let sentences = hasWord.lazy.filter { $0 }
        var x = Extraction(
            title: layout.title, subtitle: layout.subtitle, byline: layout.byline, dateline: layout.dateline,
            counts: ArticleCounts(paragraphs: layout.paragraphs.count, sentences: sentences.count, words: words),
            entities: recognized.entities, quotes: quotes, dates: dates,
            keyphrases: Keyphrases.rank(tokens: tokens, entities: recognized.entities))
        if options.explain {
            x.explanation = Self.explanation(of: x, recognized.evidence, retyped: retyped, speakerRules: speakerRules,
                candidates: candidates, dateRules: dateRules)
        }
        return x
    }

    static func explanation(of x: Extraction, _ evidence: [EntityBuilder.MentionKey: Evidence], retyped: [Int],
                            speakerRules: [[RuleID]], candidates: [[SpeakerCandidate]],
                            dateRules: [RuleID]) -> Explanation {
        var explanation = Explanation()
        for (e, entity) in x.entities.enumerated() {
            let mentions = entity.mentions.map { m in
                Explanation.MentionRules(text: m.text, start: m.start,
                                         rules: evidence[EntityBuilder.MentionKey(entity: e, start: m.start,
                                             end: m.end)]?.rules ?? [])
            }
            let entityRules: [RuleID] = retyped.contains(e) ? [.typeFirstPersonSpeaker] : []
            explanation.names.append(Explanation.Name(name: entity.name, type: entity.type, mentions: mentions,
                                                      entityRules: entityRules))
        }
        explanation.quotes = x.quotes.indices.map { i in
            Explanation.QuoteRules(text: x.quotes[i].text, start: x.quotes[i].start, speaker: x.quotes[i].speaker,
                rules: speakerRules[i], candidates: candidates[i].map {
                    Explanation.ScoredCandidate(candidate: $0, score: SpeakerModel.shipped.score($0)) })
        }
        explanation.dates = zip(x.dates, dateRules).map { Explanation.DateRules(text: $0.text, start: $0.start,
            value: $0.value, rule: $1) }
        return explanation
    }

    /// Sets each mention's sentence index: the sentence of the token it starts in or after.
    static func annotateSentences(_ entities: inout [Entity], tokens: [Token]) {
        guard !tokens.isEmpty else { return }
        for e in entities.indices {
            for m in entities[e].mentions.indices {
                // the last token starting at or before the mention start
                let after = Tokenizer.firstToken(startingAtOrAfter: entities[e].mentions[m].start + 1, in: tokens)
                entities[e].mentions[m].sentence = tokens[max(0, after - 1)].sentence
            }
        }
    }
}

extension ArticleExtractor {
    /// Extracts from a string (its Unicode scalars).
    public func extract(_ text: String, options: ExtractionOptions = .init()) -> Extraction {
        extract(scalars: Array(text.unicodeScalars), options: options)
    }
}
