/// Types a name candidate: the first of `TypingRules.ordered` that decides gives the type,
/// its strength and, for countries and nationalities, the ISO code. Gazetteers and head words
/// come first, then titles and context, then shape; the last rule always decides (a lone
/// unknown word is an organisation, by guess).
struct Typer {
    let context: ArticleContext

    init(_ context: ArticleContext) { self.context = context }

    func classify(_ a: Int, _ b: Int, titled: Bool) -> (verdict: TypeVerdict, rule: RuleID) {
        if let ruled = context.firstPassVerdict(a, b, titled: titled) {
            guard isLeftToTyper(ruled.verdict), context.documentEvidence != nil else { return ruled }
            return learned(NameCandidate(context, a, b, titled: titled), ruled: ruled)
        }
        let candidate = NameCandidate(context, a, b, titled: titled)
        for rule in TypingRules.ordered {
            if let verdict = rule.decide(candidate) {
                context.rememberVerdict(a, b, titled: titled, (verdict, rule.id))
                return learned(candidate, ruled: (verdict, rule.id))
            }
        }
        preconditionFailure("the last typing rule always decides")
    }

    /// Whether the learned typer decides a verdict: a name the rules type without strong evidence.
    private func isLeftToTyper(_ v: TypeVerdict) -> Bool {
        guard case .name(_, let strength, _) = v else { return false }
        return strength != .strong
    }

    /// The learned typer's decision for a candidate the rules type without a strong verdict,
    /// keeping the rule's strength for the document vote; else (or in the first, rules-only
    /// pass, before the document's evidence is known) the rules' verdict.
    private func learned(_ c: NameCandidate, ruled: (verdict: TypeVerdict, rule: RuleID))
        -> (verdict: TypeVerdict, rule: RuleID) {
        guard case .name(let type, let strength, _) = ruled.verdict, strength != .strong,
              let evidence = context.documentEvidence else { return ruled }
        if context.recordsCandidates {
            var names = SpanFeatures.Names()
            emitFeatures(c, ruled, evidence, into: &names)
            context.record(c.a, c.b, features: names.features)
        }
        guard let model = context.spanTyper, !Self.isOutsideTyperTraining(ruled.rule),
              model.knowsFirstRule(ruled.rule, ruled.verdict) else { return ruled }
        var scorer = SpanTyperModel.Scorer(model)
        emitFeatures(c, ruled, evidence, into: &scorer)
        let label = model.decide(scorer.scores, ruled: type)
        guard let decided = label.entityType else {
            // a results table of a sports report: the training sets have none, so "not a name"
            // there is the typer guessing ("Glamorgan 4 1 2 1 23", "Puchon 2 Chonan 1")
            if context.isSports && context.isNumberTableLine(c.a) { return ruled }
            return (.notAName, .typeLearnedSpanTyper)
        }
        if label == SpanTyperModel.Label(type) { return ruled }
        return (.name(decided, strength, country: nil), .typeLearnedSpanTyper)
    }

    /// Whether the rules' verdict comes from a construction the typer's training sets hardly hold,
    /// so the typer leaves it alone: an initial and a surname, as in news team line-ups ("J
    /// Bonnaire, C Dominici, …"; `type.line-up-initials` too), which the typer dropped or typed as
    /// organisations. (A rule the weights have never seen decide first,
    /// `SpanTyperModel.knowsFirstRule`, is left alone too.)
    private static func isOutsideTyperTraining(_ rule: RuleID) -> Bool {
        rule == .typeInitialsAndName || rule == .typeLineUpInitials
    }

    /// A candidate's features: its own (`SpanFeatures`), then the document's (`DocumentEvidence`).
    private func emitFeatures(_ c: NameCandidate, _ ruled: (verdict: TypeVerdict, rule: RuleID),
                              _ evidence: DocumentEvidence, into sink: inout some SpanFeatureSink) {
        SpanFeatures.emit(c, first: ruled, into: &sink)
        evidence.features(context, c.a, c.b, into: &sink)
    }

    /// A capitalised plural of a common noun that is nobody's name ("Democrats", "Ghostbusters",
    /// but not "Williams" or "Jones").
    static func isPluralGroupNoun(_ t: Token) -> Bool {
        let l = t.lower
        guard t.kind == .word, !t.isAllCaps, l.utf8.count >= 5, l.hasSuffix("s"), !l.hasSuffix("ss"),
            !l.hasSuffix("us"),
              !l.hasSuffix("is"), !t.has(.surnames), !t.has(.givenNames) else { return false }
        return Lexicon.commonWords.contains(String(l.dropLast()))
            || (l.hasSuffix("ers") && Lexicon.commonWords.contains(String(l.dropLast(3))))
            || l.hasSuffix("ists") || l.hasSuffix("ians")
    }

    /// "R-Texas", "D-Calif.": a US legislator's party and state.
    static func isPartyAndState(_ s: String) -> Bool {
        var u = s.utf8.makeIterator()
        guard let p = u.next(), p == 82 || p == 68 || p == 73, u.next() == 45, let c = u.next(), c >= 65
            && c <= 90 else { return false }
        return u.next() != nil
    }

    /// "K.C.", "J.R.": one to three capital letters, each followed by a full stop.
    static func isInitials(_ s: String) -> Bool {
        var n = 0
        var u = s.utf8.makeIterator()
        while let letter = u.next() {
            guard letter >= 65 && letter <= 90, u.next() == 46, n < 3 else { return false }
            n += 1
        }
        return n > 0
    }
}

/// A run of tokens being typed, with what the typing rules ask about it computed once.
struct NameCandidate {
    let context: ArticleContext
    let a: Int
    let b: Int
    /// A title or role came right before the name ("President", "former minister").
    let titled: Bool
    /// The name as written; in title case when it is all capitals and a gazetteer knows that
    /// form ("SOUTH AFRICA" → "South Africa").
    let surface: String
    let prevLower: String
    let nextLower: String
    /// False when no list of whole names holds `surface` (`Lexicon.listedNames`): most candidates.
    let surfaceMayBeListed: Bool

    /// The value `table`, one of the lists of whole names in `Lexicon.listedNames`, holds for the
    /// surface; nil without a lookup when the filter rules the surface out.
    func listed<Value>(in table: WordTable<Value>) -> Value? { surfaceMayBeListed ? table[surface] : nil }

    /// Whether `list`, one of the lists of whole names in `Lexicon.listedNames`, holds the surface.
    func isListed(in list: WordSet) -> Bool { surfaceMayBeListed && list.contains(surface) }

    init(_ context: ArticleContext, _ a: Int, _ b: Int, titled: Bool) {
        self.context = context; self.a = a; self.b = b; self.titled = titled
        let tokens = context.tokens
        self.tokens = tokens
        var s = context.text(a, b)
        if (a...b).allSatisfy({ tokens[$0].isAllCaps }) {
            let tc = (a...b).map { ScalarText.titleCased(tokens[$0]) }.joined(separator: " ")
            if Lexicon.countries[s] == nil && Lexicon.knownOrgs[s] == nil
                && (Lexicon.countries[tc] != nil || Lexicon.places[tc] != nil || Lexicon.demonyms[tc] != nil
                    || Lexicon.knownOrgs[tc] != nil) {
                s = tc
            }
        }
        surface = s
        surfaceMayBeListed = Lexicon.listedNames.mayContain(s)
        prevLower = context.lowerBefore(a)
        nextLower = context.lowerAfter(b)
    }

    let tokens: [Token]
    /// Letters a word in capitals needs before it is read as a shouted common word, not an initialism.
    static let shoutedWordMinimumLetters = 4
    var count: Int { b - a + 1 }
    var firstToken: Token { tokens[a] }
    var lastToken: Token { tokens[b] }
    var firstText: String { tokens[a].text }
    var lastLower: String { tokens[b].lower }
    var range: ClosedRange<Int> { a...b }
    func text(_ x: Int, _ y: Int) -> String { context.text(x, y) }
    func anyToken(_ test: (Token) -> Bool) -> Bool { range.contains { test(tokens[$0]) } }

    /// Whether the candidate's first token continues the token before it, with no space between:
    /// after a word, a number, a slash or a hyphen ("P" in "PCG-X505/P"; not after "(" or a quote).
    var isGluedToPreviousToken: Bool { context.isGluedToPreviousToken(a) }

    /// Whether the candidate is one common word of four letters or more in capitals inside ordinary
    /// text, that no list of names knows ("I HATE mornings", "the BEST price"; not "NICE" in a
    /// headline in capitals, not "HOWARD", a given name, nor "NATO", which a list holds). Shorter
    /// capitals are initialisms whose letters may spell a word ("FA", "HP", "SEC", "GNU").
    var isShoutedCommonWord: Bool {
        let t = firstToken
        guard t.isAllCaps, t.text.unicodeScalars.count >= Self.shoutedWordMinimumLetters, t.has(.commonWords),
              !t.has(.givenNames), !t.has(.surnames), !context.isHeadline(a) else { return false }
        return Lexicon.countries[t.text] == nil && Lexicon.knownOrgs[t.text] == nil && !Lexicon.isPlaceName(surface)
    }

    /// Scalars a stock ticker between angle brackets may hold at most ("<HBML.N>", "<QLNE.PA>").
    static let tickerMaximumScalars = 12

    /// Whether the candidate lies inside angle brackets holding only capitals, digits and full
    /// stops: a newswire's stock ticker after a company's name ("Harbour Mills Corp <HBML.N>", "<QLNE>";
    /// not "<Quarry Lane Pty Ltd>", a company's name in brackets).
    var isTickerSymbol: Bool {
        let s = context.scalars
        func isTickerScalar(_ x: Unicode.Scalar) -> Bool {
            CharacterClass.isUpper(x) || CharacterClass.isDigit(x) || x == "."
        }
        var open = tokens[a].start - 1
        while open >= 0, isTickerScalar(s[open]) { open -= 1 }
        guard open >= 0, s[open] == "<" else { return false }
        var close = tokens[a].start
        while close < s.count, isTickerScalar(s[close]) { close += 1 }
        return close >= tokens[b].end && close < s.count && s[close] == ">"
            && close - open - 1 <= Self.tickerMaximumScalars
    }

    /// Whether the candidate continues, with no space, a run of tokens that holds a digit: the tail
    /// of a model code ("PCG-X505/P Vaio"; not "Coca-Cola", whose run holds no digit).
    var isGluedToCode: Bool {
        guard isGluedToPreviousToken else { return false }
        var k = a - 1
        while true {
            if tokens[k].text.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) { return true }
            guard k > 0, tokens[k - 1].end == tokens[k].start else { return false }
            k -= 1
        }
    }

    /// "Aceh, Indonesia", "Irving, Texas": a comma, then a country or a known place that ends
    /// the phrase (not "Paris, London and Rome", not "Ross Walker, UK economist").
    var isFollowedByRegion: Bool {
        let tokens = context.tokens
        guard b + 2 < tokens.count, tokens[b + 1].text == ",", tokens[b + 2].isCap, context.sameSentence(b + 2,
            b) else { return false }
        var e = b + 2
        if e + 1 < tokens.count, tokens[e + 1].isCap, tokens[e + 1].kind == .word,
            tokens[e + 1].start == tokens[e].end + 1 { e += 1 }
        guard Lexicon.isPlaceName(context.text(b + 2, e)) else { return false }
        guard e + 1 < tokens.count else { return true }
        let after = tokens[e + 1]
        if after.lower == "and" || (after.text == "," && e + 2 < tokens.count && tokens[e + 2].isCap) { return false }
        return after.kind == .punct || after.has(.functionWords)
    }
}

/// One typing rule: its name and the test that gives a verdict, or nil to pass.
struct TypingRule: Sendable {
    let id: RuleID
    let decide: @Sendable (NameCandidate) -> TypeVerdict?

    init(_ id: RuleID, _ decide: @escaping @Sendable (NameCandidate) -> TypeVerdict?) {
        self.id = id; self.decide = decide
    }
}
