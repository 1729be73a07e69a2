/// The speaker as the subject or object of a cue verb ("Qureshi told", "said Ian Macfarlane",
/// "the spokesperson said", "said he"), each answer named by how it was found.
extension QuoteContext {
    /// The subject between `a` and the cue verb at `v` ("Qureshi told", "she further clarified").
    /// `nearest`: walk from the verb back (an appositive or "had" before it is skipped); else
    /// from `a` forward.
    func subject(from a: Int, to v: Int, _ q: SpeakerQuery, nearest: Bool = false) -> Speaker? {
        guard a < v else { return nil }
        if nearest, let p = appositivePerson(from: a, to: v) { return Speaker(p, .speakerAppositiveName) }
        let v = nearest ? verbSkippingAppositive(from: a, to: v) : v
        let range = nearest ? stride(from: v - 1, through: a, by: -1) : stride(from: a, through: v - 1, by: 1)
        // once a search for a person before an organisation finds none, every later one (over a
        // shorter stretch: the walk goes right to left) finds none either
        var noPersonFurtherLeft = false
        // the token the subject's head stands right before: the verb, or the preposition of a
        // phrase passed over ("The star of Tootsie said": "star")
        var head = v
        for j in range where !inQuote[j] {
            if nearest, let p = governingPreposition(ofNameAt: j, from: a) {
                head = p
                continue
            }
            if nearest, !noPersonFurtherLeft, let e = entity(at: j), e.type != .person {
                // "Ted Cohen of EMI said": the organisation qualifies an earlier person
                let sa = spans[spanAtToken[j]].first
                if sa > a, Lexicon.affiliationPrepositions.contains(tokens[sa - 1].lower) {
                    if let p = (a..<(sa - 1)).reversed().first(where: { entity(at: $0)?.type == .person }) {
                        return Speaker(entity(at: p)!.name, .speakerAffiliatedPerson)
                    }
                    noPersonFurtherLeft = true
                }
            }
            // an answer found past a prepositional phrase is that rule's
            let passedPhrase = head != v
            func named(_ s: Speaker) -> Speaker { passedPhrase ? Speaker(s.name, .speakerPastPrepositionalName) : s }
            if let p = titledSurname(nameAt: j) { return named(Speaker(p, .speakerTitledSurname)) }
            if let e = entity(at: j) {
                switch subjectName(e, at: j) {
                case .found(let speaker): return named(speaker)
                case .stop: return nil
                case .skip: if nearest { continue } else { return nil }
                case .pass: continue
                }
            }
            switch subjectWord(j, to: v, head: head, q) {
            case .found(let speaker): return named(speaker)
            case .stop: return nil
            case .skip, .pass: continue
            }
        }
        return nil
    }

    /// "The star of Rain Man and Tootsie said", "a challenge to Labour, saying": the preposition
    /// (subject-skip-prepositions.txt) governing the name at token `k`, with "the" and names joined
    /// by "and" or "or" between, if any after `a`. A name so governed is not the subject of the verb
    /// after it. Not "according to", not a title's of-phrase ("the Archbishop of Canterbury said"), not a
    /// person after "to" and a person or "a"/"an" and a noun ("an aide to Lyng said"), and
    /// not an organisation or place after a preposition that ties it to a person ("Ted Cohen of EMI
    /// said": `speaker.affiliated-person`). "after" and "before" are left out: they also open clauses
    /// ("the day after Peter Mandelson warned").
    func governingPreposition(ofNameAt k: Int, from a: Int) -> Int? {
        guard let e = entity(at: k) else { return nil }
        var p = spans[spanAtToken[k]].first - 1
        while p > a {
            if tokens[p].lower == "the" { p -= 1 }
            guard p > a, tokens[p].kind == .word else { return nil }
            let w = tokens[p].lower
            guard w == "and" || w == "or" else { break }
            guard spanAtToken[p - 1] >= 0 else { return nil }
            p = spans[spanAtToken[p - 1]].first - 1
        }
        guard p >= a, p > 0, tokens[p].kind == .word, Lexicon.subjectSkipPrepositions.contains(tokens[p].lower),
              !(tokens[p].lower == "to" && tokens[p - 1].lower == "according") else { return nil }
        if Lexicon.affiliationPrepositions.contains(tokens[p].lower) && (e.type == .org || e.type == .loc) {
            return nil
        }
        // "The Archbishop of Canterbury said": a title's of-phrase names its holder; "an aide to Lyng
        // said": a person speaks for the one "to" names
        if tokens[p].lower == "of", tokens[p - 1].isCap, tokens[p - 1].has(.titleWords) { return nil }
        if tokens[p].lower == "to", e.type == .person, p > 1, tokens[p - 1].kind == .word, !tokens[p - 1].isCap,
           tokens[p - 2].lower == "a" || tokens[p - 2].lower == "an"
            || Lexicon.personNouns.contains(tokens[p - 1].lower) || tokens[p - 1].has(.roleNouns)
            || tokens[p - 1].has(.titleWords) { return nil }
        return p
    }

    /// What one step of a search concludes.
    enum Step { case found(Speaker), stop, skip, pass }

    /// "Tesco's chief executive, Tom Baird, said": an appositive that is a person's whole
    /// name, set off by commas right before the verb, names the speaker its head describes.
    private func appositivePerson(from a: Int, to v: Int) -> String? {
        guard v - 2 > a, tokens[v - 1].text == ",", spanAtToken[v - 2] >= 0 else { return nil }
        let span = spans[spanAtToken[v - 2]]
        guard span.last == v - 2, span.first - 1 > a, tokens[span.first - 1].text == ",", !inQuote[span.first],
              let e = entityOf(spanAtToken[v - 2]), e.type == .person else { return nil }
        return e.name
    }

    /// "David Rose, Chief Executive of the Trust, had said": the search starts before the
    /// auxiliary and before an appositive or relative clause set off by commas.
    private func verbSkippingAppositive(from a: Int, to v: Int) -> Int {
        var v = v
        if v - 2 > a && Lexicon.auxiliaries.contains(tokens[v - 1].lower) && tokens[v - 2].text == "," { v -= 1 }
        if v - 1 > a && tokens[v - 1].text == "," {
            var c = v - 2
            while c > a && tokens[c].text != "," && tokens[c].text != "(" { c -= 1 }
            if c > a { v = c }
        }
        return v
    }

    /// A name in subject position: the speaker, unless it is a possessor ("Michael Jackson's
    /// mother said": skip in a backward walk, else stop), a place modifying a common noun ("A US
    /// airline attendant … says"), or a nationality (its country, if no name follows).
    private func subjectName(_ e: Entity, at j: Int) -> Step {
        let sb = spans[spanAtToken[j]].last
        if sb + 2 < tokens.count, tokens[sb + 1].kind == .punct, isPossessive(sb + 1), tokens[sb + 2].kind == .word,
           !tokens[sb + 2].isCap, !Lexicon.institutionalNouns.contains(tokens[sb + 2].lower),
               !tokens[sb + 2].has(.roleNouns) {
            return .skip
        }
        if e.type == .loc, sb + 1 < tokens.count, isModifiedNoun(tokens[sb + 1]) { return .pass }
        if article.isSports, e.type != .person, isRoleBeforePerson(after: sb) { return .pass }
        if e.type == .norp {
            let nextIsName = j + 1 < tokens.count && (tokens[j + 1].isCap || tokens[j + 1].has(.titleWords))
            if !nextIsName, let loc = place(of: e) { return .found(Speaker(loc, .speakerNationalityPlace)) }
            return .pass
        }
        return .found(Speaker(e.name, .speakerName))
    }

    /// "Northampton coach Budge Pountney", "Wolves chief executive Jez Moxey": in a sports report,
    /// lowercase role or title words after a team, then a person, who is the subject. (Outside
    /// sports an organisation's own statement is as likely: "Comerica chief economist …" is left
    /// to the organisation.)
    private func isRoleBeforePerson(after sb: Int) -> Bool {
        var k = sb + 1
        while k < tokens.count, tokens[k].kind == .word, !tokens[k].isCap,
              tokens[k].has(.roleNouns) || tokens[k].has(.titleWords) || tokens[k].has(.weakTitleWords) { k += 1 }
        return k > sb + 1 && k < tokens.count && entity(at: k)?.type == .person
    }

    /// "a US airline attendant" (not "US officials", "US government", "US said"): a lowercase
    /// noun after a place that makes the place a modifier.
    private func isModifiedNoun(_ t: Token) -> Bool {
        t.kind == .word && !t.isCap && !t.has(.cueVerbs) && !t.has(.functionWords)
            && (!t.has(.roleNouns) || (Lexicon.orgNouns.contains(t.lower) && t.lower != "government"))
            && !Lexicon.institutionalNouns.contains(t.lower) && !Lexicon.auxiliaries.contains(t.lower)
    }

    /// A word in subject position: a pronoun, an age ("the 28-year-old"), a person noun right
    /// before the verb ("The prop said"), a role noun ("the spokesperson", "a spokesman for X").
    /// `head`: the verb, or the preposition of a phrase passed over before it ("The star of Tootsie said":
    /// the person noun then stands for someone named before it).
    private func subjectWord(_ j: Int, to v: Int, head: Int, _ q: SpeakerQuery) -> Step {
        let t = tokens[j]
        if t.kind == .word && t.lower == "it" && isOrganisationSubject(j) {
            return organisationInFocus(q).map { .found(Speaker($0, .speakerOrganisationPronoun)) } ?? .stop
        }
        if t.kind == .word && (t.has(.pronounsMale) || t.has(.pronounsFemale) || t.lower == "they"
            || t.lower == "we") {
            return resolvePronoun(t, q).map { .found($0) } ?? .stop
        }
        if Self.isAgeNoun(t) { return (lastPerson(before: q.pos) ?? q.lastSpeaker).map { .found(Speaker($0,
            .speakerAgeNoun)) } ?? .stop }
        if t.kind == .word && !t.isCap && Lexicon.personNouns.contains(t.lower) && j + 1 == head {
            let named = head == v ? q : SpeakerQuery(pos: t.start, lastSpeaker: q.lastSpeaker)
            return personInFocus(noun: t.lower, named).map { .found(Speaker($0, .speakerPersonNoun)) } ?? .stop
        }
        if isDefiniteTitleSubject(j, verb: v) {
            return titleHolder(t.lower, q).map { .found(Speaker($0, .speakerTitleSubject)) } ?? .stop
        }
        guard t.kind == .word && !t.isCap && t.has(.roleNouns) else { return .pass }
        // "Mutu hit out at the club's decision, saying": a possessor is not the subject
        if isPossessive(j + 1) { return .pass }
        // "an airline attendant": an organisation noun modifying another noun is not the subject
        if Lexicon.orgNouns.contains(t.lower), j + 1 < v, tokens[j + 1].kind == .word, !tokens[j + 1].isCap,
           !tokens[j + 1].has(.cueVerbs), !tokens[j + 1].has(.functionWords),
               !Lexicon.auxiliaries.contains(tokens[j + 1].lower),
           !tokens[j + 1].has(.roleNouns) { return .pass }
        // "a spokesman for the World Summit"
        var m = j + 1
        if m < v, Lexicon.roleOfPrepositions.contains(tokens[m].lower) {
            m += 1
            if m < v && tokens[m].lower == "the" { m += 1 }
            if m < v, let e = entity(at: m), e.type != .norp { return .found(Speaker(e.name, .speakerSpokesmanFor)) }
        }
        if let body = spokespersonBody(j, q) { return .found(body) }
        return resolveRole(j, q).map { .found(Speaker($0, .speakerRoleNoun)) } ?? .stop
    }

    /// "the chancellor said", "the minister told": "the" and a lowercase title that is no role or
    /// person noun (those have their own rules), no modifier ("the first") and no relation to
    /// another person ("the agent"), right before the cue verb.
    private func isDefiniteTitleSubject(_ j: Int, verb v: Int) -> Bool {
        let t = tokens[j]
        return j + 1 == v && j > 0 && tokens[j - 1].lower == "the" && t.kind == .word && !t.isCap
            && t.has(.titleWords) && !t.has(.roleNouns) && !Lexicon.personNouns.contains(t.lower)
            && !Lexicon.roleModifiers.contains(t.lower) && !Lexicon.relationalTitles.contains(t.lower)
            && tokens[v].kind == .word && tokens[v].has(.cueVerbs)
    }

    /// "it said", "It expects a hard winter": "it" before a cue verb, or opening its sentence
    /// before a lowercase word that is no auxiliary ("It is …") and no impersonal verb ("It
    /// seems …"), stands for a body.
    private func isOrganisationSubject(_ j: Int) -> Bool {
        guard j + 1 < tokens.count, tokens[j + 1].kind == .word else { return false }
        let next = tokens[j + 1]
        if next.has(.cueVerbs) { return true }
        return tokens[j].sentenceInitial && !next.isCap && !Lexicon.auxiliaries.contains(next.lower)
            && !Lexicon.impersonalItVerbs.contains(next.lower) && !Lexicon.passiveAuxiliaries.contains(next.lower)
    }

    /// Skips lowercase words from `k` (up to `end`) and returns the person named right after them,
    /// and whether a role word ("coach", "agent") was among the skipped words.
    func personAfterLowercaseWords(from k: Int, before end: Int) -> (person: String?, sawRole: Bool) {
        var k = k, sawRole = false
        while k < end, k < tokens.count, tokens[k].kind == .word, !tokens[k].isCap {
            if Lexicon.personNouns.contains(tokens[k].lower) || tokens[k].has(.titleWords) { sawRole = true }
            k += 1
        }
        guard k < tokens.count, let p = entity(at: k), p.type == .person else { return (nil, sawRole) }
        return (p.name, sawRole)
    }

    /// The speaker after the cue verb at `v`, before `limit` ("said Ian Macfarlane", "said the
    /// spokesperson", "said he").
    func object(after v: Int, limit: Int, _ q: SpeakerQuery) -> Speaker? {
        var j = v + 1
        while j < limit && j < tokens.count {
            let t = tokens[j]
            if t.kind == .punct && t.text != "," && t.text != "'s" && t.text != "." { break }
            if let p = titledSurname(nameAt: j) { return Speaker(p, .speakerTitledSurname) }
            if let e = entity(at: j), e.type == .person || e.type == .org || e.type == .loc {
                return objectName(e, at: j, limit: limit, q)
            }
            if t.kind == .word && (t.has(.pronounsMale) || t.has(.pronounsFemale) || t.lower == "they"
                || t.lower == "we") {
                return resolvePronoun(t, q)
            }
            if t.kind == .word && !t.isCap && (t.has(.roleNouns) || Lexicon.personNouns.contains(t.lower)) {
                // "said club president Juan Bautista", "said union official Ulf Carlsson": the person named after the
                // roles
                if let p = personAfterLowercaseWords(from: j + 1, before: min(limit,
                    j + 5)).person { return Speaker(p, .speakerRoleBeforePerson) }
                // "said the national team coach"
                if !t.has(.roleNouns) { return personInFocus(noun: t.lower, q).map { Speaker($0, .speakerPersonNoun) } }
                if let body = spokespersonBody(j, q) { return body }
                return resolveRole(j, q).map { Speaker($0, .speakerRoleNoun) }
            }
            if Self.isAgeNoun(t) { return (lastPerson(before: q.pos) ?? q.lastSpeaker).map { Speaker($0,
                .speakerAgeNoun) } }
            if t.kind == .word && Lexicon.objectSearchStops.contains(t.lower) { break }
            j += 1
        }
        return nil
    }

    /// A name after the cue verb: the person it possesses ("said ABN Amro's Eddie Wong"), none
    /// in reported speech ("said the shadow Cabinet had weighed …"), the person after a role
    /// ("said England sevens coach Mike Friday"), the person in focus after a place modifying a
    /// person noun ("said the East Kilbride athlete"), else the name.
    private func objectName(_ e: Entity, at j: Int, limit: Int, _ q: SpeakerQuery) -> Speaker? {
        let sb = spans[spanAtToken[j]].last
        if sb + 2 < tokens.count, tokens[sb + 1].kind == .punct, isPossessive(sb + 1),
           let p = personAfterLowercaseWords(from: sb + 2, before: min(limit, sb + 6)).person { return Speaker(p,
               .speakerPossessedPerson) }
        var after = sb + 1
        while after < min(tokens.count, sb + 4), tokens[after].kind == .word, !tokens[after].isCap,
              !Lexicon.auxiliaries.contains(tokens[after].lower) { after += 1 }
        if after < tokens.count, Lexicon.auxiliaries.contains(tokens[after].lower) { return nil }
        if e.type != .person {
            let following = personAfterLowercaseWords(from: sb + 1, before: min(limit, sb + 6))
            if following.sawRole, let p = following.person { return Speaker(p, .speakerRoleBeforePerson) }
            if sb + 1 < tokens.count, tokens[sb + 1].kind == .word, !tokens[sb + 1].isCap,
                Lexicon.personNouns.contains(tokens[sb + 1].lower) {
                return (lastPerson(before: q.pos) ?? q.lastSpeaker).map { Speaker($0, .speakerPlaceModifierPerson) }
            }
        }
        return Speaker(e.name, .speakerName)
    }
}
