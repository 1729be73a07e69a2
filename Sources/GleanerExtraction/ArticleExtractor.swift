/// Options that change what extraction produces.
public struct ExtractionOptions: Sendable, Equatable {
    /// The date relative expressions ("on Thursday", "last August") are resolved against when
    /// the article gives no dateline. Nil: such dates get a null value.
    public var anchorDate: CalendarDate?

    public init(anchorDate: CalendarDate? = nil) { self.anchorDate = anchorDate }
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
        let context = ArticleContext(scalars: scalars, tokens: tokens)
        var (entities, spans) = EntityRecognizer(context).recognize()
        let quotes = QuoteExtractor(context, spans: spans, entities: entities).extract().quotes
        Self.retypeFirstPersonSpeakers(&entities, quotes: quotes, tokens: tokens)
        Self.annotateSentences(&entities, tokens: tokens)
        var anchor = options.anchorDate
        if let d = layout.dateline, let parsed = DateWords.datelineDate(d) { anchor = parsed }
        let dates = DateExtractor(tokens: tokens, scalars: scalars, anchor: anchor).extract().dates
        var words = 0
        var sentences = Set<Int>()
        for t in tokens where t.kind != .punct { words += 1; sentences.insert(t.sentence) }
        let counts = ArticleCounts(paragraphs: layout.paragraphs.count, sentences: sentences.count, words: words)
        return Extraction(
            title: layout.title,
            subtitle: layout.subtitle,
            byline: layout.byline,
            dateline: layout.dateline,
            counts: counts,
            entities: entities,
            quotes: quotes,
            dates: dates,
            keyphrases: Keyphrases.rank(tokens: tokens, entities: entities)
        )
    }

    /// A one-word name typed ORG only by default ("Mido") that speaks in the first person
    /// singular ("I came specially from England") is a person. Organisations say "we".
    static func retypeFirstPersonSpeakers(_ entities: inout [Entity], quotes: [Quote], tokens: [Token]) {
        var firstPerson = Set<String>()
        for q in quotes {
            guard let speaker = q.speaker, !firstPerson.contains(speaker) else { continue }
            var k = Tokenizer.firstToken(startingAtOrAfter: q.start, in: tokens)
            while k < tokens.count && tokens[k].start < q.end {
                let t = tokens[k]
                if t.text == "I" || t.lower == "my" || t.lower == "me" || ((t.text.hasPrefix("I'") || t.text.hasPrefix("I\u{2019}")) && t.kind == .word) {
                    firstPerson.insert(speaker); break
                }
                k += 1
            }
        }
        guard !firstPerson.isEmpty else { return }
        let people = Set(entities.filter { $0.type == .person }.map(\.name))
        for i in entities.indices where entities[i].type == .org && firstPerson.contains(entities[i].name) && !people.contains(entities[i].name) {
            let name = entities[i].name
            guard !name.contains(" "), Lexicon.knownOrgs[name] == nil, !name.unicodeScalars.allSatisfy({ CharacterClass.isUpper($0) }) else { continue }
            entities[i].type = .person
        }
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
