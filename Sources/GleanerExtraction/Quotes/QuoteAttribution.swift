/// One quotation in its article: its span, its tokens (`qa` the opening mark, `qb` the closing
/// mark or the first token after it) and paragraph.
struct QuoteSite {
    let span: QuoteSpan
    let qa: Int
    let qb: Int
    let paragraph: Int
    var firstToken: Int? { qa + 1 < qb ? qa + 1 : nil }
    var lastToken: Int? { qb - 1 > qa ? qb - 1 : nil }
}

/// Who said a quotation, the verb that says so, and the named rules that found them: the step
/// of the search, then how the speaker was resolved (a name, a pronoun, a role noun, …).
struct Attribution {
    var speaker: String?
    var cue: String?
    var rules: [RuleID] = []

    mutating func found(_ s: Speaker?, by step: RuleID) {
        guard let s else { return }
        speaker = s.name
        rules = [step, s.via]
    }
}

/// The search for a quotation's speaker, first match wins: a cue verb after the quotation
/// ("…," said X / X said), a cue verb before it in its sentence (X said: "…", according to X),
/// a name introducing it with a colon, then the context: reported speech ending the previous
/// paragraph, the speaker of the quotation before, the subject of its sentence, the nearest name.
extension QuoteContext {
    /// 1. After the closing mark, within the sentence: the first cue verb, before any
    /// preposition that does not follow the subject ("the Department for Transport said"); its
    /// subject, else its object ("said Ian Macfarlane"); "X quoted Y as saying": Y.
    func speakerAfterQuote(_ site: QuoteSite, _ q: SpeakerQuery, into a: inout Attribution) {
        guard site.span.closed, let v = cueAfterQuote(site) else { return }
        a.cue = tokens[v].lower
        let limit = min(tokens.count, v + 10)
        if a.cue == "quoted" || a.cue == "quoting" { a.found(object(after: v, limit: limit, q), by: .speakerQuotedAs) }
        if a.speaker == nil { a.found(subject(from: site.qb + 1, to: v, q), by: .speakerCueAfterQuote) }
        if a.speaker == nil { a.found(object(after: v, limit: limit, q), by: .speakerCueAfterQuote) }
    }

    /// The cue verb after a closed quotation, within 16 tokens (40 after a person followed by a
    /// long appositive: "…," Jeff Ravencraft, technology strategist at Intel …, said).
    private func cueAfterQuote(_ site: QuoteSite) -> Int? {
        let qb = site.qb
        var j = qb + 1
        let appositive = j + 1 < tokens.count && entity(at: j)?.type == .person
            && spans[spanAtToken[j]].last + 1 < tokens.count && tokens[spans[spanAtToken[j]].last + 1].text == ","
        let limit = min(tokens.count, qb + (appositive ? 40 : 16))
        var sawComma = false, sawSubject = false
        while j < limit && tokens[j].paragraph == site.paragraph {
            let t = tokens[j]
            if t.text == "," { sawComma = true }
            // a preposition ends the search unless it follows the subject ("David Noone from
            // Intervoice said", "a spokesman for Dell said", "director of rugby Nigel Melville told")
            if !sawComma && !sawSubject && t.kind == .word && spanAtToken[j] < 0
                && Lexicon.speakerSearchStops.contains(t.lower) { break }
            if entity(at: j)?.type == .person
                || (t.kind == .word && !t.isCap && (t.has(.roleNouns) || t.has(.titleWords))
                    && !Lexicon.orgNouns.contains(t.lower)) {
                sawSubject = true
            }
            if t.text == "\u{201C}" || (t.text == "\"" && j + 1 < tokens.count
                && tokens[j + 1].start == t.end) { break }
            if t.kind == .punct && (t.text == "." || t.text == "!" || t.text == "?") && j > qb + 1 { break }
            if t.sentence != tokens[min(qb, tokens.count - 1)].sentence && j > qb + 1 && !(tokens[qb].kind == .punct
                && j == qb + 1) { break }
            if t.has(.cueVerbs) && t.kind == .word && !Lexicon.nonAttributingCues.contains(t.lower) { return j }
            j += 1
        }
        return nil
    }

    /// 2. Before the opening mark, within its sentence (40 tokens at most): "according to X",
    /// "X quoted Y as saying", "The statement said Khan “regretted …”" (Khan), else the cue's
    /// subject or object; without a cue, a person introducing the quotation with a colon.
    func speakerBeforeQuote(_ site: QuoteSite, _ q: SpeakerQuery, into a: inout Attribution) {
        let qa = site.qa
        guard a.speaker == nil, qa > 0 else { return }
        guard let v = cueBeforeQuote(site) else {
            if tokens[qa - 1].text == ":" { colonIntroduction(site, into: &a) }
            return
        }
        let verb = tokens[v].lower
        if verb == "according", v + 1 < tokens.count, tokens[v + 1].lower == "to" {
            a.cue = "according to"
            a.found(object(after: v + 1, limit: qa, q), by: .speakerAccordingTo)
        } else if verb == "quoted" || verb == "quoting" {
            a.cue = verb
            a.found(object(after: v, limit: qa, q), by: .speakerQuotedAs)
        } else if v > 0, Lexicon.passiveAuxiliaries.contains(tokens[v - 1].lower), !verb.hasSuffix("ing") {
            // "Ann Lee was described as …": the subject is spoken about; the agent ("by X") speaks
            a.cue = verb
            a.found(passiveAgent(site, verb: v), by: .speakerPassiveAgent)
        } else if qa - 1 > v, let e = entity(at: qa - 1), e.type == .person, let f = site.firstToken, !tokens[f].isCap {
            a.cue = verb
            a.found(Speaker(e.name, .speakerName), by: .speakerNamedBeforeFragment)
        } else {
            a.cue = verb
            var s0 = v - 1
            while s0 > 0 && tokens[s0 - 1].sentence == tokens[v].sentence && !inQuote[s0 - 1] && v - s0 < 25 { s0 -= 1 }
            a.found(subject(from: s0, to: v, q, nearest: true) ?? object(after: v, limit: qa, q),
                by: .speakerCueBeforeQuote)
        }
    }

    private func cueBeforeQuote(_ site: QuoteSite) -> Int? {
        let qa = site.qa
        var j = qa - 1
        let sentence = tokens[qa].sentence
        while j >= 0 && tokens[j].paragraph == site.paragraph && (tokens[j].sentence == sentence || j == qa - 1)
            && qa - j < 40 {
            if inQuote[j] || tokens[j].text == "\u{201D}" { return nil }
            if tokens[j].kind == .word && tokens[j].has(.cueVerbs) { return j }
            j -= 1
        }
        return nil
    }

    /// "Ann Lee was described as “…” by her colleague Tom Baird": the person or organisation after
    /// "by" in the quotation's sentence, before the quotation or after it (none if no agent).
    private func passiveAgent(_ site: QuoteSite, verb v: Int) -> Speaker? {
        let sentence = tokens[v].sentence
        var k = v + 1
        while k < tokens.count, k - v < Self.passiveAgentReach, tokens[k].paragraph == site.paragraph,
              tokens[k].sentence == sentence || (k >= site.qa && k <= site.qb) {
            defer { k += 1 }
            guard tokens[k].lower == "by", !inQuote[k] else { continue }
            var m = k + 1
            while m < tokens.count, m - k <= Self.agentPhraseTokens, !inQuote[m],
                  tokens[m].kind == .word || tokens[m].text == "," {
                if let e = entity(at: m), e.type == .person || e.type == .org,
                   !isPossessive(spans[spanAtToken[m]].last + 1) { return Speaker(e.name, .speakerName) }
                m += 1
            }
            return nil
        }
        return nil
    }

    /// Tokens after a passive cue searched for its "by": the sentence and the quotation inside it.
    static let passiveAgentReach = 48
    /// Tokens after "by" in which the agent's name must start ("by her colleague, Tom Baird").
    static let agentPhraseTokens = 8

    /// 2b. ", the supermarket Tesco has warned." closing the quotation's sentence after it (beyond the reach
    /// of step 1): the subject, else the object (", said the firm."), of a cue verb in the
    /// sentence's last clause, after its last comma.
    func speakerAtSentenceEnd(_ site: QuoteSite, _ q: SpeakerQuery, into a: inout Attribution) {
        guard a.speaker == nil, site.span.closed, site.qb + 1 < tokens.count else { return }
        let sentence = tokens[site.qb].sentence
        var end = site.qb + 1
        while end < tokens.count, tokens[end].sentence == sentence, tokens[end].paragraph == site.paragraph {
            if inQuote[end] || Self.isQuoteMark(tokens[end]) { return }
            end += 1
        }
        let last = end - 1
        guard last > site.qb + 1, tokens[last].text == "." else { return }
        var comma = last - 1
        while comma > site.qb, last - comma <= Self.sentenceEndClauseTokens, tokens[comma].text != "," { comma -= 1 }
        guard comma > site.qb, tokens[comma].text == "," else { return }
        guard let v = (comma + 1..<last).first(where: { tokens[$0].kind == .word && tokens[$0].has(.cueVerbs)
            && !Lexicon.nonAttributingCues.contains(tokens[$0].lower) }) else { return }
        let found = subject(from: comma + 1, to: v, q) ?? object(after: v, limit: last, q)
        if found != nil { a.cue = tokens[v].lower }
        a.found(found, by: .speakerSentenceEndCue)
    }

    /// Tokens at most between the last comma and the full stop of ", X has warned.".
    static let sentenceEndClauseTokens = 9

    static func isQuoteMark(_ t: Token) -> Bool { t.text == "\"" || t.text == "\u{201C}" || t.text == "\u{201D}" }

    /// "Manchester City boss Kevin Keegan: “…”": the person introducing the quotation (12 tokens back at most).
    private func colonIntroduction(_ site: QuoteSite, into a: inout Attribution) {
        var k = site.qa - 2
        while k >= 0 && tokens[k].paragraph == site.paragraph && site.qa - k < 12 && !inQuote[k] {
            if let e = entity(at: k), e.type == .person { a.found(Speaker(e.name, .speakerName),
                by: .speakerColonIntroduction); return }
            k -= 1
        }
    }

    /// The subject of the last cue verb outside quotes in the previous paragraph (or sentence),
    /// if that paragraph ends in reported speech ("Mr Babinet said the phone had …").
    func reportedSpeaker(before qa: Int, _ lastSpeaker: String?) -> Speaker? {
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
                return subject(from: s0, to: j, SpeakerQuery(pos: tokens[qa].start, lastSpeaker: lastSpeaker),
                    nearest: true)
            }
            j -= 1
        }
        return nil
    }

    /// For each token, the nearest token at or before it in its paragraph, outside quotes, that
    /// belongs to a person or organisation that is not a possessor ("the club's"), or -1.
    func nearestSpeakerTokens() -> [Int] {
        var nearest = [Int](repeating: -1, count: tokens.count)
        for j in tokens.indices {
            var hit = false
            if !inQuote[j], let e = entity(at: j), e.type == .person
                || e.type == .org { hit = !isPossessive(spans[spanAtToken[j]].last + 1) }
            nearest[j] = hit ? j : (j > 0 && tokens[j - 1].paragraph == tokens[j].paragraph ? nearest[j - 1] : -1)
        }
        return nearest
    }
}
