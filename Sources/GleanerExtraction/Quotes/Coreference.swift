/// Resolving references to a speaker: pronouns, role nouns ("the spokesperson", "a Treasury
/// spokesman", "the department"), person nouns ("the singer") and the person in focus.
extension QuoteContext {
    /// The last person mentioned before `pos`.
    func lastPerson(before pos: Int) -> String? { nearestEntity(.person, before: pos)?.name }

    /// The last organisation mentioned before `pos`.
    func lastOrganisation(before pos: Int) -> String? { nearestEntity(.org, before: pos)?.name }

    /// "said Mrs Welsh": an honorific before a capitalised word that names no person (typed a
    /// nationality, say) makes the word a surname: the person named in full with it.
    func titledSurname(nameAt k: Int) -> String? {
        guard k > 0, tokens[k].kind == .word, tokens[k].isCap, Lexicon.honorifics.contains(tokens[k - 1].lower),
              entity(at: k)?.type != .person, !inQuote[k] else { return nil }
        let suffix = " " + tokens[k].text
        return entities.first { $0.type == .person && $0.name.hasSuffix(suffix) }?.name
    }

    /// "it said", "It expects …": a body, not a person: the newest organisation opening a
    /// sentence of this paragraph ("The Ministry said … It expects"), else the current speaker
    /// if an organisation or place, else the organisation named most so far, else (no
    /// organisation named yet) the current speaker.
    func organisationInFocus(_ q: SpeakerQuery) -> String? {
        for i in spanIndicesBeforeInParagraph(q.pos) {
            let e = entities[spans[i].entity!]
            if e.type == .org && isSentenceSubject(spans[i].first, spans[i].last) { return e.name }
        }
        if let ls = q.lastSpeaker, typeByName[ls] == .org || typeByName[ls] == .loc { return ls }
        return index.busiestOrganisation(before: q.pos).map { entities[$0].name } ?? q.lastSpeaker
    }

    /// "A spokeswoman said": an unnamed spokesperson speaks for a body, so the
    /// quotation is the organisation in focus's, not the person named nearby. Not for "his
    /// spokesman" (a person's), "a Treasury spokesman" (the name before it decides) or a role
    /// some person holds ("spokesman Tom Baird … the spokesman said").
    /// "The Vodafone spokesman said … the spokesman said": `the` and the noun refer back to the
    /// spokesperson introduced with a body before (`speaker.spokesperson-antecedent`).
    func spokespersonBody(_ k: Int, _ q: SpeakerQuery) -> Speaker? {
        guard Lexicon.spokespersonNouns.contains(tokens[k].lower), personWithRole(tokens[k].lower) == nil else {
            return nil
        }
        if k > 0 && (tokens[k - 1].has(.pronounsMale) || tokens[k - 1].has(.pronounsFemale)
            || spanEndingAt[k - 1] >= 0) { return nil }
        if k > 0, tokens[k - 1].lower == "the", let body = bodyOfEarlierSpokesperson(noun: tokens[k].lower, before: k) {
            return Speaker(body, .speakerSpokespersonAntecedent)
        }
        return organisationInFocus(q).map { Speaker($0, .speakerSpokespersonBody) }
    }

    /// The body of the latest earlier mention of the spokesperson noun `noun` outside quotations:
    /// the organisation right before it ("The Vodafone spokesman") or after `for` ("A spokesman for
    /// the Information Commissioner's Office"); nil when that mention names none.
    func bodyOfEarlierSpokesperson(noun: String, before k: Int) -> String? {
        var i = k - 1
        while i > 0 && (inQuote[i] || tokens[i].lower != noun) { i -= 1 }
        guard i > 0 else { return nil }
        if spanEndingAt[i - 1] >= 0, let e = entityOf(spanEndingAt[i - 1]), e.type == .org { return e.name }
        var m = i + 1
        guard m < tokens.count, Lexicon.roleOfPrepositions.contains(tokens[m].lower) else { return nil }
        m += 1
        if m < tokens.count && tokens[m].lower == "the" { m += 1 }
        guard m < tokens.count, let e = entity(at: m), e.type == .org else { return nil }
        return e.name
    }

    /// The first place in the country a nationality names ("Pakistani officials" → Pakistan).
    func place(of nationality: Entity) -> String? {
        guard let c = nationality.country, let i = index.place(inCountry: c) else { return nil }
        return entities[i].name
    }

    /// The first person whose roles end with `noun` ("the spokesperson" → the one titled "Spokesperson").
    func personWithRole(_ noun: String) -> String? {
        assert(SpeakerIndex.roleVocabulary.contains(noun), "the role index covers role and person nouns only")
        return index.personWithRole(noun).map { entities[$0].name }
    }

    /// The person with the most mentions before `pos` (earliest first on ties).
    func mostMentionedPerson(before pos: Int) -> String? {
        index.mostMentionedPerson(before: pos).map { entities[$0].name }
    }

    /// "he", "she": in this paragraph, sentence by sentence, newest first, a subject that fits
    /// ("Ferguson believes Henry caught Heinze … 'We shall present it,' he said" → Ferguson),
    /// else the current speaker if that sentence names them ("In Belfast, Mr Blair said: … He
    /// admitted" → Blair); then the latest person that fits, then the current speaker, then the
    /// nearest fitting person anywhere before. A person named inside reported speech ("the
    /// chancellor said the cuts proposed by Oliver Letwin were …") is what was said, not who
    /// says it: passed over for the current speaker (`speaker.pronoun-past-reported-name`). With
    /// no fitting person in the paragraph before it, the one person a narrative paragraph right
    /// before names outranks the current speaker (`speaker.pronoun-narrative-paragraph`).
    /// "they", "we", "it": the current speaker, else the last organisation.
    func resolvePronoun(_ t: Token, _ q: SpeakerQuery) -> Speaker? {
        guard t.has(.pronounsMale) || t.has(.pronounsFemale) else {
            guard t.lower == "they" || t.lower == "we" || t.lower == "it" else { return nil }
            return (q.lastSpeaker ?? lastOrganisation(before: q.pos)).map { Speaker($0, .speakerPronoun) }
        }
        let female = t.has(.pronounsFemale)
        var latest: String? = nil
        var speakerNamedIn: Int? = nil  // the sentence that names the current speaker
        var passedReported = false
        for i in spanIndicesBeforeInParagraph(q.pos) {
            let first = spans[i].first, e = spans[i].entity!
            if let s = speakerNamedIn, tokens[first].sentence != s, let ls = q.lastSpeaker {
                return Speaker(ls, .speakerPronoun)
            }
            // a name the search already took as the speaker is a person, whatever its type says
            guard (entities[e].type == .person || (entities[e].type == .misc && entities[e].name == q.lastSpeaker))
                && index.fits(e, female: female) else { continue }
            if isSentenceSubject(first, spans[i].last) { return Speaker(entities[e].name, .speakerPronoun) }
            if entities[e].name == q.lastSpeaker && speakerNamedIn == nil { speakerNamedIn = tokens[first].sentence }
            if entities[e].name != q.lastSpeaker, isInReportedClause(first) { passedReported = true; continue }
            if latest == nil { latest = entities[e].name }
        }
        let via: RuleID = passedReported ? .speakerPronounPastReportedName : .speakerPronoun
        if speakerNamedIn != nil, let ls = q.lastSpeaker { return Speaker(ls, via) }
        if let l = latest { return Speaker(l, via) }
        if let p = narrativeParagraphPerson(before: q.pos, female: female), p != q.lastSpeaker {
            return Speaker(p, .speakerPronounNarrativeParagraph)
        }
        if let ls = q.lastSpeaker, typeByName[ls] == .person, SpeakerIndex.genderFits(ls, female: female) {
            return Speaker(ls, via)
        }
        return (nearestEntity(.personFitting(female: female), before: q.pos)?.name ?? q.lastSpeaker).map {
            Speaker($0, .speakerPronoun) }
    }

    /// Tokens back from a name searched for the cue verb whose reported clause holds it.
    static let reportedClauseReach = 30

    /// Whether the name starting at token `first` lies in the reported clause of a cue verb before
    /// it in its sentence ("said the cuts proposed by Oliver Letwin"), not right after the verb
    /// as its object ("said shadow chancellor Oliver Letwin": only titles and roles between).
    func isInReportedClause(_ first: Int) -> Bool {
        let sentence = tokens[first].sentence
        var k = first - 1, sawClauseWord = false
        while k >= 0, first - k <= Self.reportedClauseReach, tokens[k].sentence == sentence {
            let t = tokens[k]
            if inQuote[k] || Self.isQuoteMark(t) { return false }
            if t.kind == .word && t.has(.cueVerbs) && !Lexicon.nonAttributingCues.contains(t.lower) {
                return sawClauseWord
            }
            if t.kind == .word, !t.isCap, spanAtToken[k] < 0, !t.has(.functionWords), !t.has(.titleWords),
               !t.has(.weakTitleWords), !t.has(.roleNouns), !Lexicon.personNouns.contains(t.lower),
               !Lexicon.roleModifiers.contains(t.lower) { sawClauseWord = true }
            k -= 1
        }
        return false
    }

    /// The one person that fits, named in the paragraph right before `pos`'s when that paragraph
    /// has no quotation ("With both services on offer, Mr Tveter is confident …" then "“We
    /// offer the best,” he said."); none if it names no one or more than one (possessors aside).
    func narrativeParagraphPerson(before pos: Int, female: Bool) -> String? {
        let ti = Tokenizer.firstToken(startingAtOrAfter: pos, in: tokens)
        guard ti < tokens.count, let previous = paragraphs.paragraph(before: ti, in: tokens),
              case .one(let e) = paragraphs.named[previous], index.fits(e, female: female) else { return nil }
        return entities[e].name
    }

    /// "the chancellor said", "the judge acknowledged": the current speaker if named with that
    /// title ("Judge Letitia Clark"), else the person named most so far (news calls its
    /// protagonist by title; a title recorded with another name may be a former one: "former
    /// chancellor Ken Clarke"), else the current speaker.
    func titleHolder(_ title: String, _ q: SpeakerQuery) -> String? {
        if let ls = q.lastSpeaker, let e = entityIndex[ls], entities[e].type == .person,
           entities[e].roles.contains(where: { role in
               let lower = ScalarText.lowercased(role)
               return lower == title || lower.hasSuffix(" " + title) }) { return ls }
        return mostMentionedPerson(before: q.pos) ?? q.lastSpeaker
    }

    /// A role noun at token k ("the spokesperson", "the department", "the report").
    func resolveRole(_ k: Int, _ q: SpeakerQuery) -> String? {
        let noun = tokens[k].lower
        // "a Treasury spokesperson": the organisation right before the role noun
        if k > 0, case let si = spanEndingAt[k - 1], si >= 0 {
            let e = entities[spans[si].entity!]
            // "the Tory leader said", "the United boss said": a person leads it, usually the
            // person the article is about
            if e.type == .org || e.type == .loc, Lexicon.leaderNouns.contains(noun) {
                if let p = personWithRole(noun) { return p }
                if let p = mostMentionedPerson(before: q.pos) { return p }
            }
            if e.type == .org || e.type == .loc { return e.name }
            if e.type == .norp, let loc = place(of: e) { return loc }
        }
        if let p = personWithRole(noun) { return p }
        if Lexicon.orgNouns.contains(noun) || Lexicon.statementNouns.contains(noun) {
            // "the department said": the organisation named with that head ("Department for Transport")
            if noun.utf8.count > 4, let o = index.organisation(withWord: noun,
                before: q.pos) { return entities[o].name }
            if let ls = q.lastSpeaker, typeByName[ls] == .org { return ls }
            // the organisation the article is mostly about, among those named so far
            return index.busiestOrganisation(before: q.pos).map { entities[$0].name } ?? q.lastSpeaker
        }
        return q.lastSpeaker ?? lastPerson(before: q.pos)
    }

    /// "the singer", "the national team coach": the person with that role, else the person in focus
    /// ("Hayley Yelling said … "…," said the European cross-country champion" → the latest
    /// sentence subject in the paragraph, then the current speaker).
    func personInFocus(noun: String, _ q: SpeakerQuery) -> String? {
        if let p = personWithRole(noun) { return p }
        for i in spanIndicesBeforeInParagraph(q.pos) {
            let e = spans[i].entity!
            if entities[e].type == .person && isSentenceSubject(spans[i].first, spans[i].last) {
                return entities[e].name
            }
        }
        if let ls = q.lastSpeaker, typeByName[ls] == .person { return ls }
        return lastPerson(before: q.pos)
    }

    /// "28-year-old", "the 71-year-old": news refers to the person in focus by age.
    static func isAgeNoun(_ t: Token) -> Bool {
        t.kind == .word && t.lower.hasSuffix("-year-old")
            && t.lower.unicodeScalars.first.map(CharacterClass.isDigit) == true
    }

    /// A name (tokens `a...b`) that opens its sentence (after nothing but opening marks) and is
    /// not a possessor.
    func isSentenceSubject(_ a: Int, _ b: Int) -> Bool {
        // "Mr Williams had said …", "Wolves chief executive Jez Moxey defended …", "British team
        // member Hayley Yelling said": titles, capitalised words and person nouns before the name
        var first = a
        while first > 0, a - first < 5, tokens[first - 1].sentence == tokens[a].sentence,
              canPrecedeSubject(tokens[first - 1]) { first -= 1 }
        guard tokens[first].sentenceInitial else { return false }
        // a name opening a quotation is the speaker's words, not the narrative's subject
        if first > 0, tokens[first - 1].kind == .punct, tokens[first - 1].end == tokens[first].start,
           ["\"", "\u{201C}", "'", "\u{2018}"].contains(tokens[first - 1].text) { return false }
        guard b + 1 < tokens.count, tokens[b + 1].kind == .punct else { return true }
        let next = tokens[b + 1].text
        return !(next.hasPrefix("'") || next.hasPrefix("\u{2019}"))
    }

    private func canPrecedeSubject(_ t: Token) -> Bool {
        t.has(.titleWords) || t.text == "." || (t.isCap && t.kind == .word) || Lexicon.personNouns.contains(t.lower)
            || Lexicon.subjectNounModifiers.contains(t.lower)
    }
}
