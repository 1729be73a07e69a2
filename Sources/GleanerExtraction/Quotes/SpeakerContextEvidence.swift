/// The evidence every candidate gets from the text, however it was proposed: where its nearest
/// mention lies, whether it opens its sentence, how often it was named, its type, whether a
/// pronoun next to the cue fits it, whether it is an institution issuing a statement or someone
/// relaying another's words; and what the null candidate rests on.
extension QuoteContext {
    /// Facts about one quotation's sentence that bear on every candidate.
    struct QuoteSurroundings {
        /// "he" (false) or "she" (true) within a few tokens of the quotation, outside quotes.
        var pronounFemale: Bool?
        /// A statement noun or a role noun ("statement", "spokesman") in the sentence.
        var speaksThroughStatement = false
        /// The token of "quoted"/"quoting" in the sentence before the quotation.
        var relayVerb: Int?
    }

    /// Tokens on each side of a quotation searched for a pronoun subject ("…," he said).
    static let pronounWindow = 4

    func completeEvidence(_ pool: CandidatePool, _ site: QuoteSite, kind: QuoteKind,
                          hasCue: Bool, spoken: Set<String>) -> [SpeakerCandidate] {
        var pool = pool
        let around = surroundings(site)
        let busiest = index.mostMentionedPerson(before: site.span.open)
        var namedInParagraph = false
        // people named before the quotation, latest mention first: their rank
        var latestMention: [(candidate: Int, end: Int)] = []
        for i in pool.candidates.indices {
            guard let name = pool.candidates[i].name else { continue }
            guard let e = entityIndex[name] else { continue }
            pool.add(.type(entities[e].type), to: i)
            if e == busiest { pool.add(.mostMentionedPerson, to: i) }
            if spoken.contains(name) { pool.add(.spokeBefore, to: i) }
            if entities[e].type == .person, let end = latestMentionEnd(e, before: site) {
                latestMention.append((i, end))
            }
            for evidence in mentionEvidence(e, site, around) {
                pool.add(evidence, to: i)
                if case .distance(let d) = evidence, d != .previousParagraph, d != .far { namedInParagraph = true }
            }
            if entities[e].type == .person, let female = around.pronounFemale {
                pool.add(.pronoun(index.fits(e, female: female) ? .fits : .clashes), to: i)
            }
        }
        latestMention.sort { ($0.end, -$0.candidate) > ($1.end, -$1.candidate) }
        for (rank, m) in latestMention.enumerated() { pool.add(.personRank(.init(rank: rank)), to: m.candidate) }
        if !hasCue { pool.add(.noSpeaker(.noCueVerb), to: 0) }
        if kind == .partial { pool.add(.noSpeaker(.partial), to: 0) }
        if !site.span.closed { pool.add(.noSpeaker(.unclosed), to: 0) }
        if !namedInParagraph { pool.add(.noSpeaker(.noNameInParagraph), to: 0) }
        return pool.ordered
    }

    /// The quotation's sentence (outside quotes): a pronoun next to it, a statement or
    /// spokesperson, a relaying verb before it.
    private func surroundings(_ site: QuoteSite) -> QuoteSurroundings {
        var s = QuoteSurroundings()
        let window = Array(max(0, site.qa - Self.pronounWindow)..<site.qa)
            + Array(min(tokens.count, site.qb + 1)..<min(tokens.count, site.qb + 1 + Self.pronounWindow))
        for j in window where !inQuote[j] && tokens[j].paragraph == site.paragraph && tokens[j].kind == .word {
            if tokens[j].has(.pronounsFemale) { s.pronounFemale = true; break }
            if tokens[j].has(.pronounsMale) { s.pronounFemale = false; break }
        }
        let sentence = tokens[site.qa].sentence
        var j = site.qa - 1
        while j >= 0, site.qa - j <= ExtractionLimits.maxSubjectSearchTokens, tokens[j].sentence == sentence {
            if !inQuote[j] { note(j, into: &s, beforeQuote: true) }
            j -= 1
        }
        j = site.qb
        while j < tokens.count, j - site.qb <= Self.nearbyTokensAfter, tokens[j].paragraph == site.paragraph {
            if !inQuote[j] { note(j, into: &s, beforeQuote: false) }
            if tokens[j].text == "." { break }
            j += 1
        }
        return s
    }

    private func note(_ j: Int, into s: inout QuoteSurroundings, beforeQuote: Bool) {
        let t = tokens[j]
        guard t.kind == .word else { return }
        if Lexicon.statementNouns.contains(t.lower) || t.lower.hasPrefix("spokes") { s.speaksThroughStatement = true }
        if beforeQuote, s.relayVerb == nil, t.lower == "quoted" || t.lower == "quoting" { s.relayVerb = j }
    }

    /// Evidence from entity `e`'s mention nearest the quotation (outside quotations): distance,
    /// side and sentence, sentence subject, salience, statement, relaying.
    private func mentionEvidence(_ e: Int, _ site: QuoteSite, _ around: QuoteSurroundings) -> [SpeakerEvidence] {
        let mentions = entities[e].mentions
        var before = 0, high = mentions.count  // mentions starting before the quotation
        while before < high {
            let mid = (before + high) / 2
            if mentions[mid].start < site.span.open { before = mid + 1 } else { high = mid }
        }
        var out: [SpeakerEvidence] = [.salience(.init(mentions: before))]
        guard let m = nearestMention(mentions, before: before, site) else {
            return out + [.distance(.far)]
        }
        let (a, b) = (m.first, m.last)
        let isBefore = b < site.qa
        let gap = isBefore ? site.qa - b : a - site.qb
        let paragraphsBack = site.paragraph - tokens[a].paragraph
        out.append(.distance(.init(tokens: gap, paragraphsBack: paragraphsBack)))
        let quoteSentence = isBefore ? tokens[site.qa].sentence : tokens[min(site.qb, tokens.count - 1)].sentence
        let sameSentence = tokens[isBefore ? b : a].sentence == quoteSentence && paragraphsBack == 0
        if sameSentence { out.append(.sameSentence(isBefore ? .before : .after)) }
        if isSentenceSubject(a, b) { out.append(.sentenceSubject) }
        if isBefore, paragraphsBack == 0 {
            out.append(.sentencesBack(.init(sentences: tokens[site.qa].sentence - tokens[b].sentence)))
            if isInReportedClause(a) { out.append(.inReportedClause) }
        }
        if sameSentence, entities[e].type == .org, around.speaksThroughStatement {
            out.append(.institutionWithStatement)
        }
        if sameSentence, isBefore, let v = around.relayVerb, b < v { out.append(.relaysAnother) }
        return out
    }

    /// The last token of entity `e`'s latest mention before the quotation outside quotations, in its
    /// paragraph or the one before.
    private func latestMentionEnd(_ e: Int, before site: QuoteSite) -> Int? {
        let mentions = entities[e].mentions
        var before = 0, high = mentions.count
        while before < high {
            let mid = (before + high) / 2
            if mentions[mid].start < site.span.open { before = mid + 1 } else { high = mid }
        }
        guard let m = nearestMention(mentions, before: before, site), m.last < site.qa,
              site.paragraph - tokens[m.first].paragraph <= 1 else { return nil }
        return m.last
    }

    /// The token range of the mention of `mentions` nearest the quotation outside quotations:
    /// the last before it (`before` mentions start before it), or the first after it in its paragraph.
    private func nearestMention(_ mentions: [Mention], before: Int,
                                _ site: QuoteSite) -> (first: Int, last: Int)? {
        func tokenRange(_ m: Mention) -> (first: Int, last: Int) {
            let a = Tokenizer.firstToken(startingAtOrAfter: m.start, in: tokens)
            return (a, max(a, Tokenizer.firstToken(startingAtOrAfter: m.end, in: tokens) - 1))
        }
        var k = before - 1
        while k >= 0, before - k <= 3 {
            let r = tokenRange(mentions[k])
            if r.first < tokens.count, !inQuote[r.first], r.last < site.qa { return r }
            k -= 1
        }
        if before < mentions.count {
            let r = tokenRange(mentions[before])
            if r.first < tokens.count, r.first > site.qa, tokens[r.first].paragraph == site.paragraph,
               !inQuote[r.first] { return r }
        }
        return nil
    }
}
