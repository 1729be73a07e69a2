/// Finds quotations in double quotes (straight or curly) and attributes them to speakers.
///
/// Spans follow the holdout convention: a curly left mark opens, a curly right mark closes; a
/// straight mark opens after whitespace/start or `( [ - —` when followed by a non-space, else
/// closes. An unclosed quote (BBC style) runs to the next opening mark or the paragraph end.
///
/// Speakers: a cue verb next to the quote ("X said", "said X", "X told reporters", "she
/// further clarified", "according to X", "X quoted Y as telling"), pronouns and role nouns
/// resolved to recent entities, and quote paragraphs that continue an earlier quote.
struct QuoteExtractor {
    let scalars: [Unicode.Scalar]
    let tokens: [Token]
    let spans: [NameSpan]
    let entities: [Entity]
    /// Span start offsets (spans are sorted by start), for binary search.
    let spanStarts: [Int]
    let typeByName: [String: EntityType]
    /// Index of the (first) span ending at each token, or -1.
    let spanEndingAt: [Int]
    /// The article's quotation spans, in text order.
    let raws: [Raw]
    /// Document-wide lookups for the speaker search (built only when there are quotes).
    let index: SpeakerIndex?

    init(scalars: [Unicode.Scalar], tokens: [Token], spans: [NameSpan], entities: [Entity]) {
        self.scalars = scalars; self.tokens = tokens; self.spans = spans; self.entities = entities
        raws = Self.rawQuotes(scalars)
        guard !raws.isEmpty else { spanStarts = []; typeByName = [:]; spanEndingAt = []; index = nil; return }
        spanStarts = spans.map { tokens[$0.first].start }
        var tn: [String: EntityType] = [:]
        for e in entities where tn[e.name] == nil { tn[e.name] = e.type }
        typeByName = tn
        var ending = [Int](repeating: -1, count: tokens.count)
        for (i, sp) in spans.enumerated() where sp.entity != nil && ending[sp.last] < 0 { ending[sp.last] = i }
        spanEndingAt = ending
        index = SpeakerIndex(spans: spans, tokens: tokens, entities: entities)
    }

    private var speakerIndex: SpeakerIndex { index! }  // only used while attributing quotes

    /// Index of the first element of a sorted array that is >= x.
    static func lowerBound(_ a: [Int], _ x: Int) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] < x { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// Spans that end at or before `pos`, nearest first, in `pos`'s paragraph and no more than
    /// `ExtractionLimits.maxSpeakerCandidatesInParagraph` of them.
    func spansBeforeInParagraph(_ pos: Int) -> some Sequence<NameSpan> {
        let i = Self.lowerBound(spanStarts, pos)
        let ti = Tokenizer.firstToken(startingAtOrAfter: pos, in: tokens)
        let para = ti < tokens.count ? tokens[ti].paragraph : -1
        return spans[..<i].reversed().lazy.filter { $0.entity != nil && self.tokens[$0.last].end <= pos }
            .prefix { self.tokens[$0.first].paragraph == para }
            .prefix(ExtractionLimits.maxSpeakerCandidatesInParagraph)
    }

    /// The entity of the nearest span of `kind` ending at or before `pos`.
    func nearestEntity(_ kind: SpeakerIndex.Kind, before pos: Int) -> Entity? {
        let last = Self.lowerBound(spanStarts, pos) - 1
        guard let i = speakerIndex.nearestSpan(kind, lastSpanStartingBefore: last, ending: pos, spans: spans, tokens: tokens)
        else { return nil }
        return entities[spans[i].entity!]
    }

    struct Raw { var open: Int; var start: Int; var end: Int; var closed: Bool }

    static func rawQuotes(_ s: [Unicode.Scalar]) -> [Raw] {
        var marks: [(Int, Bool)] = []  // (position, isOpen)
        let n = s.count
        for i in 0..<n {
            let c = s[i]
            if c == "\u{201C}" { marks.append((i, true)) }
            else if c == "\u{201D}" { marks.append((i, false)) }
            else if c == "\"" {
                let before: Unicode.Scalar = i > 0 ? s[i - 1] : "\n"
                let after: Unicode.Scalar = i + 1 < n ? s[i + 1] : "\n"
                let opens = (CharacterClass.isSpace(before) || before == "(" || before == "[" || before == "-" || before == "\u{2014}") && !CharacterClass.isSpace(after)
                marks.append((i, opens))
            }
        }
        var out: [Raw] = []
        var paraEnd = 0  // the first newline at or after the current mark (marks are in order)
        for (k, m) in marks.enumerated() where m.1 {
            if out.count == ExtractionLimits.maxQuotesPerArticle { break }
            if paraEnd < m.0 { paraEnd = m.0 }
            while paraEnd < n && s[paraEnd] != "\n" { paraEnd += 1 }
            var stop = paraEnd
            if k + 1 < marks.count, marks[k + 1].0 <= paraEnd {
                if !marks[k + 1].1 { out.append(Raw(open: m.0, start: m.0 + 1, end: marks[k + 1].0, closed: true)); continue }
                stop = marks[k + 1].0
            }
            var e = stop
            while e > m.0 + 1 && CharacterClass.isSpace(s[e - 1]) { e -= 1 }
            out.append(Raw(open: m.0, start: m.0 + 1, end: e, closed: false))
        }
        return out
    }


    func kind(_ r: Raw, firstTok: Int?, lastTok: Int?) -> QuoteKind {
        guard let f = firstTok, let l = lastTok, f <= l else { return .partial }
        let words = (f...l).filter { tokens[$0].kind != .punct }
        guard words.count >= 3 else { return .partial }
        let first = tokens[words[0]]
        if Lexicon.clauseSubjects.contains(first.lower) && words.count >= 3 { return .direct }
        var hasVerb = false
        for w in words.dropFirst() where Lexicon.finiteVerbs.contains(tokens[w].lower) || tokens[w].lower == "'s" { hasVerb = true; break }
        if first.isCap {
            // a capitalised start after "said:" or at the sentence start is a full clause
            return (hasVerb || words.count >= 6) ? .direct : .partial
        }
        if Lexicon.finiteVerbs.contains(first.lower) || (first.lower.hasSuffix("ed") && first.lower.count > 4) || first.lower.hasSuffix("ing") { return .partial }
        return hasVerb && words.count >= 4 ? .direct : .partial
    }

    func extract(resolvedRoles: [String: Int] = [:]) -> [Quote] {
        guard !raws.isEmpty else { return [] }
        // token index by start offset
        var spanAtToken = [Int](repeating: -1, count: tokens.count)
        for (i, s) in spans.enumerated() where s.entity != nil { for k in s.first...s.last where spanAtToken[k] == -1 { spanAtToken[k] = i } }
        var inQuote = [Bool](repeating: false, count: tokens.count)
        var ranges: [(Int, Int)] = []
        for r in raws {
            let qa = Tokenizer.firstToken(startingAtOrAfter: r.open, in: tokens)
            guard qa < tokens.count, tokens[qa].start == r.open else { ranges.append((-1, -1)); continue }
            var qb = qa + 1
            while qb < tokens.count && tokens[qb].start < r.end { inQuote[qb] = true; qb += 1 }
            ranges.append((qa, qb))  // qb: the closing mark (if closed) or first token after
        }

        var quotes: [Quote] = []
        var lastSpeaker: (name: String, paragraph: Int)? = nil
        var nearestSpeaker: [Int]? = nil  // built on first use
        for (qi, r) in raws.enumerated() {
            let text = ScalarText.string(scalars, r.start, r.end)
            let (qa, qb) = ranges[qi]
            guard qa >= 0 else { continue }
            let firstTok = qa + 1 < qb ? qa + 1 : nil
            let lastTok = qb - 1 > qa ? qb - 1 : nil
            var k = kind(r, firstTok: firstTok, lastTok: lastTok)
            var speaker: String? = nil
            var cue: String? = nil
            let para = tokens[qa].paragraph
            // context before the opening mark, within the sentence
            let prevTok = qa > 0 && tokens[qa - 1].paragraph == para ? qa - 1 : nil
            if k == .direct, let p = prevTok, tokens[p].kind == .word, !tokens[p].has(.cueVerbs), tokens[p].lower != "that",
               let f = firstTok, !tokens[f].isCap {
                k = .partial
                if let l = lastTok, (f...l).contains(where: { Lexicon.finiteVerbs.contains(tokens[$0].lower) }) { k = .direct }
            }
            // 1. after the quote
            if r.closed {
                var j = qb + 1
                // "…," Jeff Ravencraft, technology strategist at Intel and chairman of …, said: a long appositive
                let appositive = j + 1 < tokens.count && spanAtToken[j] >= 0 && entityOf(spanAtToken[j])?.type == .person
                    && spans[spanAtToken[j]].last + 1 < tokens.count && tokens[spans[spanAtToken[j]].last + 1].text == ","
                let limit = min(tokens.count, qb + (appositive ? 40 : 16))
                var v: Int? = nil
                var sawComma = false, sawSubject = false
                while j < limit && tokens[j].paragraph == para {
                    let t = tokens[j]
                    if t.text == "," { sawComma = true }
                    // a preposition ends the search unless it follows the subject ("David Noone from
                    // Intervoice said", "a spokesman for Dell said", "director of rugby Nigel Melville told")
                    if !sawComma && !sawSubject && t.kind == .word && spanAtToken[j] < 0 && Lexicon.speakerSearchStops.contains(t.lower) { break }
                    if (spanAtToken[j] >= 0 && entityOf(spanAtToken[j])?.type == .person) || (t.kind == .word && !t.isCap && (t.has(.roleNouns) || t.has(.titleWords)) && !Lexicon.orgNouns.contains(t.lower)) { sawSubject = true }
                    if t.text == "\u{201C}" || (t.text == "\"" && j + 1 < tokens.count && tokens[j + 1].start == t.end) { break }
                    if t.kind == .punct && (t.text == "." || t.text == "!" || t.text == "?") && j > qb + 1 { break }
                    if t.sentence != tokens[min(qb, tokens.count - 1)].sentence && j > qb + 1 && !(tokens[qb].kind == .punct && j == qb + 1) { break }
                    if t.has(.cueVerbs) && t.kind == .word && !Lexicon.nonAttributingCues.contains(t.lower) { v = j; break }
                    j += 1
                }
                if let v {
                    cue = tokens[v].lower
                    if cue == "quoted" || cue == "quoting" {
                        speaker = object(after: v, limit: min(tokens.count, v + 10), spanAtToken: spanAtToken, before: r.open, lastSpeaker: lastSpeaker?.name)
                    }
                    speaker = speaker ?? subject(between: qb + 1, and: v, spanAtToken: spanAtToken, inQuote: inQuote, before: r.open, lastSpeaker: lastSpeaker?.name)
                        ?? object(after: v, limit: min(tokens.count, v + 10), spanAtToken: spanAtToken, before: r.open, lastSpeaker: lastSpeaker?.name)
                }
            }
            // 2. before the quote, within its sentence
            if speaker == nil, qa > 0 {
                var j = qa - 1
                let sentence = tokens[qa].sentence
                var v: Int? = nil
                while j >= 0 && tokens[j].paragraph == para && (tokens[j].sentence == sentence || j == qa - 1) && qa - j < 40 {
                    if inQuote[j] || tokens[j].text == "\u{201D}" { break }
                    if tokens[j].kind == .word && tokens[j].has(.cueVerbs) { v = j; break }
                    j -= 1
                }
                if let v {
                    let vl = tokens[v].lower
                    if vl == "according", v + 1 < tokens.count, tokens[v + 1].lower == "to" {
                        cue = "according to"
                        speaker = object(after: v + 1, limit: qa, spanAtToken: spanAtToken, before: r.open, lastSpeaker: lastSpeaker?.name)
                    } else if vl == "quoted" || vl == "quoting" {
                        cue = vl
                        speaker = object(after: v, limit: qa, spanAtToken: spanAtToken, before: r.open, lastSpeaker: lastSpeaker?.name)
                    } else if qa - 1 > v, spanAtToken[qa - 1] >= 0, let e = entityOf(spanAtToken[qa - 1]), e.type == .person,
                              let f = firstTok, !tokens[f].isCap {
                        // "The statement said Khan “regretted ...”": the quoted words are Khan's
                        cue = vl
                        speaker = e.name
                    } else {
                        cue = vl
                        var s0 = v - 1
                        while s0 > 0 && tokens[s0 - 1].sentence == tokens[v].sentence && !inQuote[s0 - 1] && v - s0 < 25 { s0 -= 1 }
                        speaker = subject(between: s0, and: v, spanAtToken: spanAtToken, inQuote: inQuote, before: r.open, lastSpeaker: lastSpeaker?.name, nearest: true)
                            ?? object(after: v, limit: qa, spanAtToken: spanAtToken, before: r.open, lastSpeaker: lastSpeaker?.name)
                    }
                } else if tokens[qa - 1].text == ":" {
                    // "Manchester City boss Kevin Keegan: “…”": the person introducing the quote
                    var k = qa - 2
                    while k >= 0 && tokens[k].paragraph == para && qa - k < 12 && !inQuote[k] {
                        if spanAtToken[k] >= 0, let e = entityOf(spanAtToken[k]), e.type == .person { speaker = e.name; break }
                        k -= 1
                    }
                }
            }
            // 3. context: a paragraph that continues an earlier quote, or follows "He said"
            if speaker == nil {
                let paraStart = qa == 0 || tokens[qa - 1].paragraph != para
                if let rs = reportedSpeaker(before: qa, inQuote: inQuote, spanAtToken: spanAtToken, lastSpeaker: lastSpeaker?.name) {
                    speaker = rs
                } else if let ls = lastSpeaker, para - ls.paragraph <= 2, paraStart || para == ls.paragraph {
                    speaker = ls.name
                } else if paraStart, let ls = lastSpeaker, para - ls.paragraph <= 4 {
                    speaker = ls.name
                } else if k == .partial || !paraStart {
                    var s0 = qa
                    while s0 > 0 && qa - s0 < ExtractionLimits.maxSubjectSearchTokens
                            && tokens[s0 - 1].sentence == tokens[qa].sentence && !inQuote[s0 - 1] { s0 -= 1 }
                    speaker = subject(between: s0, and: qa, spanAtToken: spanAtToken, inQuote: inQuote, before: r.open, lastSpeaker: lastSpeaker?.name)
                }
                if speaker == nil && (k == .partial || !paraStart) {
                    // nearest person before the quote in the same paragraph
                    if nearestSpeaker == nil { nearestSpeaker = nearestSpeakerTokens(inQuote: inQuote, spanAtToken: spanAtToken) }
                    if qa > 0, tokens[qa - 1].paragraph == para, case let j = nearestSpeaker![qa - 1], j >= 0 {
                        speaker = entityOf(spanAtToken[j])?.name
                    }
                }
            }
            if let sp = speaker { lastSpeaker = (sp, para) }
            quotes.append(Quote(text: text, start: r.start, end: r.end, speaker: speaker, cue: cue, kind: k))
        }
        return quotes
    }

    /// For each token, the nearest token at or before it in its paragraph, outside quotes, that
    /// belongs to a person or organisation that is not a possessor ("the club's"), or -1.
    func nearestSpeakerTokens(inQuote: [Bool], spanAtToken: [Int]) -> [Int] {
        var nearest = [Int](repeating: -1, count: tokens.count)
        for j in tokens.indices {
            var hit = false
            if !inQuote[j], spanAtToken[j] >= 0, let e = entityOf(spanAtToken[j]), e.type == .person || e.type == .org {
                hit = !isPossessive(spans[spanAtToken[j]].last + 1)
            }
            nearest[j] = hit ? j : (j > 0 && tokens[j - 1].paragraph == tokens[j].paragraph ? nearest[j - 1] : -1)
        }
        return nearest
    }

    /// The subject of the last cue verb outside quotes in the previous paragraph, if that
    /// paragraph ends in reported speech ("Mr Babinet said the phone had ...").
    func reportedSpeaker(before qa: Int, inQuote: [Bool], spanAtToken: [Int], lastSpeaker: String?) -> String? {
        guard qa > 0 else { return nil }
        let prevPara = tokens[qa - 1].paragraph
        if tokens[qa].sentence == tokens[qa - 1].sentence && tokens[qa].paragraph == prevPara { return nil }
        let lastSentence = tokens[qa - 1].sentence
        var j = qa - 1
        while j >= 0 && tokens[j].paragraph == prevPara && tokens[j].sentence == lastSentence {
            if inQuote[j] || tokens[j].text == "\u{201D}" { return nil }
            if tokens[j].kind == .word && Lexicon.reportedSpeechVerbs.contains(tokens[j].lower) {
                var s0 = j
                while s0 > 0 && tokens[s0 - 1].sentence == lastSentence { s0 -= 1 }
                return subject(between: s0, and: j, spanAtToken: spanAtToken, inQuote: inQuote, before: tokens[qa].start, lastSpeaker: lastSpeaker, nearest: true)
            }
            j -= 1
        }
        return nil
    }

    func genderFits(_ name: String, female: Bool) -> Bool { SpeakerIndex.genderFits(name, female: female) }

    func entityOf(_ spanIndex: Int) -> Entity? {
        guard let e = spans[spanIndex].entity, e < entities.count else { return nil }
        return entities[e]
    }

    /// The last person mentioned before `pos`.
    func lastPerson(before pos: Int) -> String? { nearestEntity(.person, before: pos)?.name }

    /// The last organisation mentioned before `pos`.
    func lastOrganisation(before pos: Int) -> String? { nearestEntity(.org, before: pos)?.name }

    /// The first place in the country a nationality names ("Pakistani officials" → Pakistan).
    func place(of nationality: Entity) -> String? {
        guard let c = nationality.country, let i = speakerIndex.place(inCountry: c) else { return nil }
        return entities[i].name
    }

    func resolveRole(_ k: Int, before pos: Int, lastSpeaker: String?) -> String? {
        let noun = tokens[k].lower
        // "a Treasury spokesperson": the organisation right before the role noun
        if k > 0, case let si = spanEndingAt[k - 1], si >= 0 {
            let e = entities[spans[si].entity!]
            // "the Tory leader said", "the United boss said": a person leads it, usually the
            // person the article is about
            if e.type == .org || e.type == .loc, Lexicon.leaderNouns.contains(noun) {
                if let p = personWithRole(noun) { return p }
                if let p = mostMentionedPerson(before: pos) { return p }
            }
            if e.type == .org || e.type == .loc { return e.name }
            if e.type == .norp, let loc = place(of: e) { return loc }
        }
        if let p = personWithRole(noun) { return p }
        if Lexicon.orgNouns.contains(noun) || Lexicon.statementNouns.contains(noun) {
            // "the department said": the organisation named with that head ("Department for Transport")
            if noun.utf8.count > 4, let o = speakerIndex.organisation(withWord: noun, before: pos) { return entities[o].name }
            if let ls = lastSpeaker, typeByName[ls] == .org { return ls }
            // the organisation the article is mostly about, among those named so far
            return speakerIndex.busiestOrganisation(before: pos).map { entities[$0].name } ?? lastSpeaker
        }
        return lastSpeaker ?? lastPerson(before: pos)
    }

    /// "28-year-old", "the 71-year-old": news refers to the person in focus by age.
    static func isAgeNoun(_ t: Token) -> Bool {
        t.kind == .word && t.lower.hasSuffix("-year-old") && t.lower.unicodeScalars.first.map(CharacterClass.isDigit) == true
    }


    /// The first person whose roles end with `noun` ("the spokesperson" → the one titled "Spokesperson").
    func personWithRole(_ noun: String) -> String? {
        assert(SpeakerIndex.roleVocabulary.contains(noun), "the role index covers role and person nouns only")
        return speakerIndex.personWithRole(noun).map { entities[$0].name }
    }

    /// Whether token k is a possessive "'s" / "’s".
    func isPossessive(_ k: Int) -> Bool {
        k < tokens.count && (tokens[k].lower == "'s" || tokens[k].lower == "\u{2019}s")
    }

    /// "the singer", "the national team coach": the person with that role, else the person in focus
    /// ("Hayley Yelling said … "…," said the European cross-country champion" → the latest
    /// sentence subject in the paragraph, then the current speaker).
    func personInFocus(noun: String, before pos: Int, lastSpeaker: String?) -> String? {
        if let p = personWithRole(noun) { return p }
        for sp in spansBeforeInParagraph(pos) {
            if entities[sp.entity!].type == .person && isSentenceSubject(sp) { return entities[sp.entity!].name }
        }
        if let ls = lastSpeaker, typeByName[ls] == .person { return ls }
        return lastPerson(before: pos)
    }

    /// The person with the most mentions before `pos` (earliest first on ties).
    func mostMentionedPerson(before pos: Int) -> String? {
        speakerIndex.mostMentionedPerson(before: pos).map { entities[$0].name }
    }

    func resolvePronoun(_ t: Token, before pos: Int, lastSpeaker: String?) -> String? {
        if t.has(.pronounsMale) || t.has(.pronounsFemale) {
            let female = t.has(.pronounsFemale)
            // In this paragraph, sentence by sentence, newest first: a subject that fits
            // ("Ferguson believes Henry caught Heinze … 'We shall present it,' he said" → Ferguson),
            // else the current speaker if that sentence names them ("In Belfast, Mr Blair said: …
            // He admitted" → Blair); then the latest person that fits, then the current speaker.
            var latest: String? = nil
            var speakerNamedIn: Int? = nil  // sentence that names the current speaker
            for sp in spansBeforeInParagraph(pos) {
                if let s = speakerNamedIn, tokens[sp.first].sentence != s, let ls = lastSpeaker { return ls }
                let e = entities[sp.entity!]
                guard e.type == .person && speakerIndex.fits(sp.entity!, female: female) else { continue }
                if isSentenceSubject(sp) { return e.name }
                if e.name == lastSpeaker && speakerNamedIn == nil { speakerNamedIn = tokens[sp.first].sentence }
                if latest == nil { latest = e.name }
            }
            if speakerNamedIn != nil, let ls = lastSpeaker { return ls }
            if let l = latest { return l }
            if let ls = lastSpeaker, typeByName[ls] == .person, genderFits(ls, female: female) { return ls }
            return nearestEntity(.personFitting(female: female), before: pos)?.name ?? lastSpeaker
        }
        if t.lower == "they" || t.lower == "we" || t.lower == "it" {
            return lastSpeaker ?? lastOrganisation(before: pos)
        }
        return nil
    }

    /// A name that opens its sentence (after nothing but opening marks) and is not a possessor.
    func isSentenceSubject(_ sp: NameSpan) -> Bool {
        // "Mr Williams had said …", "Wolves chief executive Jez Moxey defended …": titles and an
        // organisation before the name
        var first = sp.first
        // ("British team member Hayley Yelling said": lowercase person nouns too)
        while first > 0, sp.first - first < 5, tokens[first - 1].sentence == tokens[sp.first].sentence,
              tokens[first - 1].has(.titleWords) || tokens[first - 1].text == "." || (tokens[first - 1].isCap && tokens[first - 1].kind == .word)
                || Lexicon.personNouns.contains(tokens[first - 1].lower) || Lexicon.subjectNounModifiers.contains(tokens[first - 1].lower) { first -= 1 }
        guard tokens[first].sentenceInitial else { return false }
        // a name opening a quotation is the speaker's words, not the narrative's subject
        if first > 0, tokens[first - 1].kind == .punct, tokens[first - 1].end == tokens[first].start,
           ["\"", "\u{201C}", "'", "\u{2018}"].contains(tokens[first - 1].text) { return false }
        guard sp.last + 1 < tokens.count, tokens[sp.last + 1].kind == .punct else { return true }
        let next = tokens[sp.last + 1].text
        return !(next.hasPrefix("'") || next.hasPrefix("\u{2019}"))
    }

    /// Speaker between the quote and the cue verb ("Qureshi told", "she further clarified").
    func subject(between a: Int, and v: Int, spanAtToken: [Int], inQuote: [Bool], before pos: Int, lastSpeaker: String?, nearest: Bool = false) -> String? {
        guard a < v else { return nil }
        var v = v
        // "David Rose, Chief Executive of the Trust, had said": look past the auxiliary
        if nearest && v - 2 > a && Lexicon.auxiliaries.contains(tokens[v - 1].lower) && tokens[v - 2].text == "," { v -= 1 }
        if nearest && v - 1 > a && tokens[v - 1].text == "," {
            // skip an appositive or relative clause: "Gilles Babinet, chief executive of Musiwave, said"
            var c = v - 2
            while c > a && tokens[c].text != "," && tokens[c].text != "(" { c -= 1 }
            if c > a { v = c }
        }
        let range = nearest ? stride(from: v - 1, through: a, by: -1) : stride(from: a, through: v - 1, by: 1)
        // once a search for a person before an organisation finds none, every later one (over a
        // shorter stretch: the walk goes right to left) finds none either
        var noPersonFurtherLeft = false
        for j in range where !inQuote[j] {
            if nearest, !noPersonFurtherLeft, spanAtToken[j] >= 0, let e = entityOf(spanAtToken[j]), e.type != .person {
                // "Ted Cohen of EMI said": the organisation qualifies an earlier person
                let sa = spans[spanAtToken[j]].first
                if sa > a, Lexicon.affiliationPrepositions.contains(tokens[sa - 1].lower) {
                    if let p = (a..<(sa - 1)).reversed().first(where: { spanAtToken[$0] >= 0 && entityOf(spanAtToken[$0])?.type == .person }) {
                        return entityOf(spanAtToken[p])!.name
                    }
                    noPersonFurtherLeft = true
                }
            }
            if spanAtToken[j] >= 0, let e = entityOf(spanAtToken[j]) {
                // a possessor: "Michael Jackson's mother said" is not Michael Jackson speaking
                let sb = spans[spanAtToken[j]].last
                if sb + 2 < tokens.count, tokens[sb + 1].kind == .punct, isPossessive(sb + 1),
                   tokens[sb + 2].kind == .word, !tokens[sb + 2].isCap, !Lexicon.institutionalNouns.contains(tokens[sb + 2].lower), !tokens[sb + 2].has(.roleNouns) {
                    if nearest { continue }
                    return nil
                }
                // "A US airline attendant … says": a place as a modifier of a common noun is not the subject
                if e.type == .loc, sb + 1 < tokens.count, tokens[sb + 1].kind == .word, !tokens[sb + 1].isCap,
                   !tokens[sb + 1].has(.cueVerbs), !tokens[sb + 1].has(.functionWords),
                   !tokens[sb + 1].has(.roleNouns) || (Lexicon.orgNouns.contains(tokens[sb + 1].lower) && tokens[sb + 1].lower != "government"),  // "a US airline attendant", not "US officials"
                   !Lexicon.institutionalNouns.contains(tokens[sb + 1].lower), !Lexicon.auxiliaries.contains(tokens[sb + 1].lower) {
                    continue
                }
                if e.type == .norp {
                    let nextIsName = j + 1 < tokens.count && (tokens[j + 1].isCap || tokens[j + 1].has(.titleWords))
                    if !nextIsName, let loc = place(of: e) { return loc }
                    continue
                }
                return e.name
            }
            let t = tokens[j]
            if t.kind == .word && (t.has(.pronounsMale) || t.has(.pronounsFemale) || t.lower == "they" || t.lower == "we"
                || (t.lower == "it" && j + 1 < tokens.count && tokens[j + 1].has(.cueVerbs))) {
                return resolvePronoun(t, before: pos, lastSpeaker: lastSpeaker)
            }
            if Self.isAgeNoun(t) { return lastPerson(before: pos) ?? lastSpeaker }  // "the 28-year-old said"
            // "The prop said", "the singer said": the person in focus
            if t.kind == .word && !t.isCap && Lexicon.personNouns.contains(t.lower) && j + 1 == v {
                return personInFocus(noun: t.lower, before: pos, lastSpeaker: lastSpeaker)
            }
            if t.kind == .word && !t.isCap && t.has(.roleNouns) {
                // "Mutu hit out at the club's decision, saying": a possessor is not the subject
                if isPossessive(j + 1) { continue }
                // "an airline attendant": an organisation noun modifying another noun is not the subject
                if Lexicon.orgNouns.contains(t.lower), j + 1 < v, tokens[j + 1].kind == .word, !tokens[j + 1].isCap, !tokens[j + 1].has(.cueVerbs),
                   !tokens[j + 1].has(.functionWords), !Lexicon.auxiliaries.contains(tokens[j + 1].lower), !tokens[j + 1].has(.roleNouns) { continue }
                // "a spokesman for the World Summit"
                var m = j + 1
                if m < v, Lexicon.roleOfPrepositions.contains(tokens[m].lower) {
                    m += 1
                    if m < v && tokens[m].lower == "the" { m += 1 }
                    if m < v, spanAtToken[m] >= 0, let e = entityOf(spanAtToken[m]), e.type != .norp { return e.name }
                }
                return resolveRole(j, before: pos, lastSpeaker: lastSpeaker)
            }
        }
        return nil
    }

    /// Skips lowercase words from `k` (up to `end`) and returns the person named right after them,
    /// and whether a role word ("coach", "agent") was among the skipped words.
    func personAfterLowercaseWords(from k: Int, before end: Int, spanAtToken: [Int]) -> (person: String?, sawRole: Bool) {
        var k = k, sawRole = false
        while k < end, k < tokens.count, tokens[k].kind == .word, !tokens[k].isCap {
            if Lexicon.personNouns.contains(tokens[k].lower) || tokens[k].has(.titleWords) { sawRole = true }
            k += 1
        }
        guard k < tokens.count, spanAtToken[k] >= 0, let p = entityOf(spanAtToken[k]), p.type == .person else { return (nil, sawRole) }
        return (p.name, sawRole)
    }

    /// Speaker after the cue verb ("said Ian Macfarlane", "said the spokesperson", "said he").
    func object(after v: Int, limit: Int, spanAtToken: [Int], before pos: Int, lastSpeaker: String?) -> String? {
        var j = v + 1
        while j < limit && j < tokens.count {
            let t = tokens[j]
            if t.kind == .punct && t.text != "," && t.text != "'s" && t.text != "." { break }
            if spanAtToken[j] >= 0, let e = entityOf(spanAtToken[j]), e.type == .person || e.type == .org || e.type == .loc {
                let sb = spans[spanAtToken[j]].last
                // "said ABN Amro's Eddie Wong", "said Aguilera's agent Meghan Prophet": the possessed person
                if sb + 2 < tokens.count, tokens[sb + 1].kind == .punct, isPossessive(sb + 1),
                   let p = personAfterLowercaseWords(from: sb + 2, before: min(limit, sb + 6), spanAtToken: spanAtToken).person { return p }
                // "but said the shadow Cabinet had weighed …", "said Hereford hospital was …":
                // reported speech, X is not the speaker
                var after = sb + 1
                while after < min(tokens.count, sb + 4), tokens[after].kind == .word, !tokens[after].isCap, !Lexicon.auxiliaries.contains(tokens[after].lower) { after += 1 }
                if after < tokens.count, Lexicon.auxiliaries.contains(tokens[after].lower) { return nil }
                if e.type != .person {
                    // "said England sevens coach Mike Friday": a role after the modifier leads to the person
                    let after = personAfterLowercaseWords(from: sb + 1, before: min(limit, sb + 6), spanAtToken: spanAtToken)
                    if after.sawRole, let p = after.person { return p }
                    // "said the East Kilbride athlete": a place or team modifying a person noun
                    if sb + 1 < tokens.count, tokens[sb + 1].kind == .word, !tokens[sb + 1].isCap, Lexicon.personNouns.contains(tokens[sb + 1].lower) {
                        return lastPerson(before: pos) ?? lastSpeaker
                    }
                }
                return e.name
            }
            if t.kind == .word && (t.has(.pronounsMale) || t.has(.pronounsFemale) || t.lower == "they" || t.lower == "we") {
                return resolvePronoun(t, before: pos, lastSpeaker: lastSpeaker)
            }
            if t.kind == .word && !t.isCap && (t.has(.roleNouns) || Lexicon.personNouns.contains(t.lower)) {
                // "said club president Juan Bautista", "said union official Ulf Carlsson": the person named after the roles
                if let p = personAfterLowercaseWords(from: j + 1, before: min(limit, j + 5), spanAtToken: spanAtToken).person { return p }
                if !t.has(.roleNouns) { return personInFocus(noun: t.lower, before: pos, lastSpeaker: lastSpeaker) }  // "said the national team coach"
                return resolveRole(j, before: pos, lastSpeaker: lastSpeaker)
            }
            if Self.isAgeNoun(t) { return lastPerson(before: pos) ?? lastSpeaker }  // "said the 28-year-old"
            if t.kind == .word && Lexicon.objectSearchStops.contains(t.lower) { break }
            j += 1
        }
        return nil
    }
}
