/// Finds quotations in double quotes (straight or curly, `QuoteMarks`) and attributes them to
/// speakers (docs/extraction.md, "Quotes"): a cue verb next to the quotation ("X said", "said
/// X", "X told reporters", "she further clarified", "according to X", "X quoted Y as telling"),
/// pronouns and role nouns resolved to recent names, and quotation paragraphs that continue
/// an earlier quotation.
struct QuoteExtractor {
    let article: ArticleContext
    let spans: [NameSpan]
    let entities: [Entity]

    init(_ article: ArticleContext, spans: [NameSpan], entities: [Entity]) {
        self.article = article; self.spans = spans; self.entities = entities
    }

    /// The quotations in text order, and for each the named rules that found its speaker and
    /// the candidates the scored choice weighed. Candidates are proposed only when `model` can
    /// overrule the ordered steps or `explain` asks for them (else each list is empty).
    func extract(model: SpeakerModel = .shipped, antecedentModel: SpeakerModel = .shippedAntecedent,
                 explain: Bool = false) -> (quotes: [Quote], rules: [[RuleID]], candidates: [[SpeakerCandidate]]) {
        let models = SpeakerModels(context: model, antecedent: antecedentModel)
        let tokens = article.tokens
        let marks = QuoteMarks.spans(in: article.scalars)
        guard !marks.isEmpty else { return ([], [], []) }
        var inQuote = [Bool](repeating: false, count: tokens.count)
        var sites: [QuoteSite?] = []
        for m in marks {
            let qa = Tokenizer.firstToken(startingAtOrAfter: m.open, in: tokens)
            guard qa < tokens.count, tokens[qa].start == m.open else { sites.append(nil); continue }
            var qb = qa + 1
            while qb < tokens.count && tokens[qb].start < m.end { inQuote[qb] = true; qb += 1 }
            sites.append(QuoteSite(span: m, qa: qa, qb: qb, paragraph: tokens[qa].paragraph))
        }
        let context = QuoteContext(article, spans: spans, entities: entities, quotedTokens: inQuote)
        var quotes: [Quote] = [], rules: [[RuleID]] = [], weighed: [[SpeakerCandidate]] = []
        var lastSpeaker: (name: String, paragraph: Int)? = nil
        var nearestSpeaker: [Int]? = nil  // built on first use
        var turns = SpeakerTurns()
        for site in sites.compactMap({ $0 }) {
            let kind = Self.kind(site, tokens)
            let q = SpeakerQuery(pos: site.span.open, lastSpeaker: lastSpeaker?.name)
            var a = Attribution()
            context.speakerAfterQuote(site, q, into: &a)
            context.speakerBeforeQuote(site, q, into: &a)
            context.speakerAtSentenceEnd(site, q, into: &a)
            if a.speaker == nil {
                fromContext(site, kind, lastSpeaker, context, &nearestSpeaker, into: &a)
            }
            // a fragment's own named subject is a one-off: the speaker before stays current
            if let sp = a.speaker, a.rules.first != .speakerFragmentNamedSubject { lastSpeaker = (sp, site.paragraph) }
            let weighs = explain || models.mayOverrule(a, context)
            let candidates = weighs ? context.speakerCandidates(site, kind: kind, rules: a, turns: turns) : []
            turns.advance(site, speaker: a.speaker)
            let chosen = weighs ? Self.choose(candidates, models: models, rules: a)
                : (speaker: a.speaker, rules: a.rules)
            let text = ScalarText.string(article.scalars, site.span.start, site.span.end)
            quotes.append(Quote(text: text, start: site.span.start, end: site.span.end, speaker: chosen.speaker,
                cue: a.cue, kind: kind))
            rules.append(chosen.rules)
            weighed.append(candidates)
        }
        return (quotes, rules, weighed)
    }

    /// The two scored choices: among every named candidate where the ordered steps answered from
    /// the context (`SpeakerModel.decides`), and among the people where they resolved a
    /// "he"/"she" (`SpeakerModel.decidesAntecedent`).
    struct SpeakerModels {
        let context: SpeakerModel
        let antecedent: SpeakerModel

        /// Whether a scored choice may overrule the ordered steps' answer `a` (only then are
        /// candidates proposed, unless explaining).
        func mayOverrule(_ a: Attribution, _ c: QuoteContext) -> Bool {
            guard let s = a.speaker else { return false }
            if context.overrulesSteps && SpeakerModel.decides(stepRules: a.rules) { return true }
            return antecedent.overrulesSteps
                && SpeakerModel.decidesAntecedent(stepRules: a.rules, chosenIsPerson: c.typeByName[s] == .person)
        }
    }

    /// The speaker and rules of the best-scored candidate; the ordered steps' rules when it is
    /// their answer, else the rules that proposed the candidate.
    static func choose(_ candidates: [SpeakerCandidate], models: SpeakerModels,
                       rules a: Attribution) -> (speaker: String?, rules: [RuleID]) {
        guard a.speaker != nil, let decided = SpeakerModel.decision(candidates) else { return (a.speaker, a.rules) }
        let model = decided.choice == .context ? models.context : models.antecedent, pool = decided.pool
        guard let best = model.best(pool), pool[best].name != a.speaker else { return (a.speaker, a.rules) }
        return (pool[best].name, pool[best].rules)
    }

    /// The quotation's kind (`QuoteMarks.kind`); a lowercase clause right after a word that is no
    /// cue verb and no "that" is partial unless it has a finite verb ("the plan was …").
    static func kind(_ site: QuoteSite, _ tokens: [Token]) -> QuoteKind {
        var kind = QuoteMarks.kind(tokens, first: site.firstToken, last: site.lastToken)
        let qa = site.qa
        let prev = qa > 0 && tokens[qa - 1].paragraph == site.paragraph ? qa - 1 : nil
        if kind == .direct, let p = prev, tokens[p].kind == .word, !tokens[p].has(.cueVerbs), tokens[p].lower != "that",
           let f = site.firstToken, !tokens[f].isCap {
            kind = .partial
            if let l = site.lastToken,
                (f...l).contains(where: { Lexicon.finiteVerbs.contains(tokens[$0].lower) }) { kind = .direct }
        }
        return kind
    }

    /// Where the search for the subject of the sentence of token `qa` (a quotation's first token)
    /// starts: back to the sentence's first token, the end of an earlier quotation in it, or
    /// `ExtractionLimits.maxSubjectSearchTokens` tokens, whichever comes first.
    static func sentenceStretchStart(before qa: Int, _ tokens: [Token], _ context: QuoteContext) -> Int {
        var s0 = qa
        while s0 > 0 && qa - s0 < ExtractionLimits.maxSubjectSearchTokens
                && tokens[s0 - 1].sentence == tokens[qa].sentence && !context.inQuote[s0 - 1] { s0 -= 1 }
        return s0
    }

    /// A fragment's sentence subject when it is a name (not a pronoun or common noun) other than
    /// the current speaker: "Kechiche said he … . Will Smith thanked his \"hero\"" — the new
    /// subject, not the speaker before, uses the words (for this fragment only).
    static func namedSubject(of site: QuoteSite, _ tokens: [Token], _ lastSpeaker: String?,
                             _ context: QuoteContext) -> Speaker? {
        // a piece ending in a comma is a line of dialogue broken by narration, not a fragment
        guard let last = lastSpeaker, let l = site.lastToken, tokens[l].text != "," else { return nil }
        let qa = site.qa
        let s0 = Self.sentenceStretchStart(before: qa, tokens, context)
        // the whole sentence before the fragment, else no subject is known ("… “underlined”
        // Islamabad's “concern”": a stretch after another quotation starts mid-sentence)
        guard s0 == 0 || tokens[s0 - 1].sentence != tokens[qa].sentence else { return nil }
        let q = SpeakerQuery(pos: site.span.open, lastSpeaker: last)
        guard let s = context.subject(from: s0, to: qa, q), s.via == .speakerName, s.name != last else { return nil }
        return s
    }

    /// 3. The context: reported speech ending the previous paragraph; for a fragment inside a
    /// paragraph, a name other than the current speaker as its sentence's subject; the current
    /// speaker if named within two paragraphs (at a paragraph start or in the same paragraph) or four (at a
    /// paragraph start); for a fragment or a quotation inside a paragraph, the subject of its
    /// sentence (`ExtractionLimits.maxSubjectSearchTokens` back at most), else the nearest
    /// person or organisation before it in the paragraph.
    private func fromContext(_ site: QuoteSite, _ kind: QuoteKind, _ lastSpeaker: (name: String, paragraph: Int)?,
                             _ context: QuoteContext, _ nearestSpeaker: inout [Int]?, into a: inout Attribution) {
        let tokens = article.tokens
        let qa = site.qa, para = site.paragraph
        let paraStart = qa == 0 || tokens[qa - 1].paragraph != para
        if let rs = context.reportedSpeaker(before: qa, lastSpeaker?.name) {
            a.found(rs, by: .speakerReportedSpeech)
        } else if kind == .partial, !paraStart,
                  let ns = Self.namedSubject(of: site, tokens, lastSpeaker?.name, context) {
            a.found(ns, by: .speakerFragmentNamedSubject)
        } else if let ls = lastSpeaker, para - ls.paragraph <= 2, paraStart || para == ls.paragraph {
            a.found(Speaker(ls.name, .speakerName), by: .speakerContinuesParagraph)
        } else if paraStart, let ls = lastSpeaker, para - ls.paragraph <= 4 {
            a.found(Speaker(ls.name, .speakerName), by: .speakerContinuesQuotes)
        } else if kind == .partial || !paraStart {
            let s0 = Self.sentenceStretchStart(before: qa, tokens, context)
            let q = SpeakerQuery(pos: site.span.open, lastSpeaker: lastSpeaker?.name)
            a.found(context.subject(from: s0, to: qa, q), by: .speakerSentenceSubject)
        }
        if a.speaker == nil && (kind == .partial || !paraStart) {
            if nearestSpeaker == nil { nearestSpeaker = context.nearestSpeakerTokens() }
            if qa > 0, tokens[qa - 1].paragraph == para, case let j = nearestSpeaker![qa - 1], j >= 0,
                let e = context.entity(at: j) {
                a.found(Speaker(e.name, .speakerName), by: .speakerNearestName)
            }
        }
    }
}
