/// The document pass over an article's names, in order: roles from appositives; what a person
/// is "of" is their organisation; lists take a common type; one type per surface string (by
/// weighted votes); a surname before a place is two names; canonical names (`CanonicalNames`);
/// names in headlines (`HeadlineMatcher`); places that are teams in sports reports; then
/// entities (`EntityBuilder`). Each pass is a named rule recorded in the spans it changes.
struct DocumentLinker {
    let context: ArticleContext
    private let tokens: [Token]

    init(_ context: ArticleContext) { self.context = context; tokens = context.tokens }

    func link(_ spans: consuming [NameSpan], explain: Bool = false) -> EntityRecognizer.Recognized {
        takeAppositiveRoles(&spans)
        typeOrganisationsOfPeople(&spans)
        typeLists(&spans)
        voteOnTypes(&spans)
        splitSurnameBeforePlace(&spans)
        let names = CanonicalNames(context, spans)
        let canonical = names.resolve(&spans)
        var headlines = HeadlineMatcher(context).match(spans, canonical: canonical, personTokens: names.personTokens)
        if context.isSports { typeTeams(&spans, headlines: &headlines.spans) }
        let built = EntityBuilder(context).build(consume spans, canonical: canonical, headlines: headlines.spans,
                                                 headlineNames: headlines.names, explain: explain)
        return EntityRecognizer.Recognized(entities: built.entities, spans: built.spans, evidence: built.evidence)
    }

    /// "Mumtaz Zahra Baloch, the chief Foreign Office spokesperson": a title or role noun within
    /// seven words after a person and a comma is a role of theirs.
    func takeAppositiveRoles(_ spans: inout [NameSpan]) {
        for i in spans.indices where spans[i].type == .person {
            let b = spans[i].last
            var j = b + 1
            guard j < tokens.count, tokens[j].text == "," else { continue }
            j += 1
            var steps = 0
            while j < tokens.count && steps < 7 && context.sameSentence(j, b) && tokens[j].text != ","
                && tokens[j].text != "." {
                if isAppositiveRole(tokens[j].lower) {
                    var a = j
                    if j - 1 > b + 1, tokens[j - 1].kind == .word, tokens[j - 1].has(.titleWords)
                        || Lexicon.roleModifiers.contains(tokens[j - 1].lower) {
                        a = j - 1
                    }
                    spans[i].roles.append(context.text(a, j))
                    spans[i].evidence.note(.roleAppositive)
                    break
                }
                j += 1; steps += 1
            }
        }
    }

    private func isAppositiveRole(_ l: String) -> Bool {
        (Lexicon.titleWords.contains(l) || Lexicon.roleNouns.contains(l)) && !Lexicon.weakTitleWords.contains(l)
            && l != "former"
            && !Lexicon.orgNouns.contains(l) && !Lexicon.statementNouns.contains(l) && !Lexicon.sourceNouns.contains(l)
    }

    /// "Gary Fan of the Neo Democrats", "Nick Rhodes of Duran Duran": what a person is "of",
    /// unless a place, is their organisation.
    func typeOrganisationsOfPeople(_ spans: inout [NameSpan]) {
        var personEndsAt = [Bool](repeating: false, count: tokens.count)
        for i in spans.indices where spans[i].type == .person && !spans[i].isHyphenPart {
            personEndsAt[spans[i].last] = true
        }
        for i in spans.indices where spans[i].strength != .strong && !spans[i].isHyphenPart && spans[i].type != .org {
            var k = spans[i].first - 1
            if k > 0, tokens[k].lower == "the" { k -= 1 }
            guard k > 0, tokens[k].lower == "of", personEndsAt[k - 1], context.sameSentence(k, spans[i].first),
                  !Lexicon.isPlaceName(context.text(spans[i].first, spans[i].last)) else { continue }
            spans[i].retype(.org, by: .typeOfPersonIsOrganisation)
            spans[i].strengthen(to: .contextual, by: .typeOfPersonIsOrganisation)
            spans[i].weakCommon = false
        }
    }

    /// Runs of names separated by ",", "and" or ", and" in one paragraph: the plural noun before
    /// "such as" or "including" types the weak ones ("gods, such as Zeus, Hera"); in a list of
    /// three or more, two strong names of one type (not PERSON) type the rest; two strong
    /// people make its lone unknown words people ("Heinze, Ronaldo and Vieira").
    func typeLists(_ spans: inout [NameSpan]) {
        var i0 = 0
        while i0 < spans.count {
            var i1 = i0
            while i1 + 1 < spans.count, !spans[i1 + 1].isHyphenPart, !spans[i1].isHyphenPart,
                  isListGap(spans[i1].last, spans[i1 + 1].first),
                  tokens[spans[i1 + 1].first].paragraph == tokens[spans[i1].first].paragraph { i1 += 1 }
            if let t = listNounType(before: spans[i0].first) {
                for i in i0...i1 where spans[i].strength != .strong && !(t == .person
                    && Typer.isPluralGroupNoun(tokens[spans[i].last])) {
                    spans[i].retype(t, by: .typeListNoun)
                    spans[i].strengthen(to: .contextual, by: .typeListNoun)
                    spans[i].weakCommon = false
                }
            }
            if i1 - i0 >= 2 { typeByStrongMembers(&spans, i0...i1) }
            i0 = i1 + 1
        }
    }

    private func typeByStrongMembers(_ spans: inout [NameSpan], _ list: ClosedRange<Int>) {
        var strong: [EntityType: Int] = [:]
        for i in list where spans[i].strength == .strong { strong[spans[i].type, default: 0] += 1 }
        // the most frequent type; on a tie the type whose name sorts first
        guard let top = strong.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
            top.value >= 2 else { return }
        if top.key != .person {
            for i in list where spans[i].strength != .strong || (spans[i].type == .person && top.key == .loc
                && spans[i].roles.isEmpty) {
                spans[i].retype(top.key, by: .typeListOfStrongNames)
                spans[i].strengthen(to: .strong, by: .typeListOfStrongNames)
                spans[i].weakCommon = false
            }
        } else {
            for i in list where spans[i].strength < .contextual && spans[i].first == spans[i].last
                && spans[i].type == .org {
                spans[i].retype(.person, by: .typeListOfPeople)
            }
        }
    }

    /// Whether the tokens between two names separate items of one list: ",", "and" or ", and".
    func isListGap(_ b: Int, _ a: Int) -> Bool {
        if a == b + 2 { return tokens[b + 1].text == "," || tokens[b + 1].lower == "and" }
        return a == b + 3 && tokens[b + 1].text == "," && tokens[b + 2].lower == "and"
    }

    /// The type a list takes from the plural noun that introduces it: "gods, such as", "clubs including".
    func listNounType(before a: Int) -> EntityType? {
        var k = a - 1
        if k > 0, tokens[k].lower == "the" { k -= 1 }
        guard k > 1 else { return nil }
        if tokens[k].lower == "as" && tokens[k - 1].lower == "such" { k -= 2 }
        else if tokens[k].lower == "including" { k -= 1 }
        else { return nil }
        if k >= 0, tokens[k].text == "," { k -= 1 }
        guard k >= 0, tokens[k].kind == .word, context.sameSentence(k, a) else { return nil }
        let noun = tokens[k].lower
        if Lexicon.personListNouns.contains(noun) { return .person }
        if Lexicon.placeListNouns.contains(noun) { return .loc }
        if Lexicon.organisationListNouns.contains(noun) { return .org }
        return nil
    }

    /// One type per surface string: each mention votes with the weight of its strength, and the
    /// type with most votes wins (a tie goes to the type whose name sorts first).
    func voteOnTypes(_ spans: inout [NameSpan]) {
        var votes: [String: TypeVotes] = [:]
        votes.reserveCapacity(min(spans.count, ExtractionLimits.reserveAtMost))
        let surfaces = spans.map { $0.isHyphenPart ? "" : context.text($0.first, $0.last) }
        for i in spans.indices where !spans[i].isHyphenPart {
            votes[surfaces[i], default: TypeVotes()].add(spans[i].type, spans[i].strength.weight)
        }
        for i in spans.indices where !spans[i].isHyphenPart {
            if let t = votes[surfaces[i]]?.winner, t != spans[i].type { spans[i].retype(t, by: .typeSurfaceVote) }
        }
    }

    /// "Blunkett Sheffield": a person's name ending in a place, whose other words end another
    /// person's name, is a person and a place.
    func splitSurnameBeforePlace(_ spans: inout [NameSpan]) {
        // the multi-word people, indexed on first use (before any span here is split)
        var people: WordAffixIndex? = nil
        var extra: [NameSpan] = []
        for i in spans.indices where spans[i].type == .person && spans[i].last > spans[i].first
            && !spans[i].isHyphenPart && spans[i].roles.isEmpty {
            let place = tokens[spans[i].last].text
            guard Lexicon.isPlaceName(place) else { continue }
            if people == nil { people = multiWordPeople(spans) }
            let head = context.text(spans[i].first, spans[i].last - 1)
            let whole = context.text(spans[i].first, spans[i].last)
            guard people!.hasName(endingWith: head, otherThan: whole) else { continue }
            extra.append(NameSpan(spans[i].last, spans[i].last, type: .loc, strength: .strong,
                                  country: Lexicon.countries[place],
                                      evidence: Evidence(typedBy: .splitSurnameBeforePlace)))
            spans[i].last -= 1
            spans[i].evidence.note(.splitSurnameBeforePlace)
        }
        spans.append(contentsOf: extra)
    }

    private func multiWordPeople(_ spans: [NameSpan]) -> WordAffixIndex {
        var seen = Set<String>(), names: [String] = []
        for i in spans.indices where spans[i].type == .person && spans[i].last > spans[i].first
            && !spans[i].isHyphenPart {
            let name = context.text(spans[i].first, spans[i].last)
            if seen.insert(name).inserted { names.append(name) }
        }
        return WordAffixIndex(names)
    }

    /// In a sports report, a city or county next to a score, a match verb or a player's role is a
    /// team (`isTeamContext`); so is every other mention of that name, if a known place, that no
    /// place preposition or dateline keeps a place ("Kent 108-3" makes a team of "By stumps Kent had
    /// reached …"). A town typed a person only because it is also a surname may be the team
    /// ("Bolton 3 2 1 0", `mayBeTeam`). Once the report names two teams, a county needs no cue
    /// ("Essex and Kent both face …": county cricket names its teams after counties).
    func typeTeams(_ spans: inout [NameSpan], headlines: inout [NameSpan]) {
        keepTownsInResults(&spans)
        typealias Mention = (index: Int, headline: Bool)
        func retype(_ m: Mention, by rule: RuleID) {
            if m.headline { headlines[m.index].retype(.org, by: rule) } else { spans[m.index].retype(.org, by: rule) }
        }
        var teams = Set<String>()
        var cued = [Mention]()  // teams by their own context
        var named = [Mention]()  // places and towns without a cue of their own
        for (headline, list) in [(false, spans), (true, headlines)] {
            for i in list.indices {
                if mayBeTeam(list[i]) {
                    if isTeamContext(list[i]) {
                        teams.insert(teamKey(list[i]))
                        cued.append((i, headline))
                    } else {
                        named.append((i, headline))
                    }
                } else if isPlaceTypedOrganisation(list[i]) && isTeamContext(list[i]) {
                    teams.insert(teamKey(list[i]))  // "Derbyshire beat Worcestershire": already an organisation
                }
            }
        }
        for m in cued { retype(m, by: .typeTeamInSportsReport) }
        guard !teams.isEmpty else { return }
        for m in named {
            let sp = m.headline ? headlines[m.index] : spans[m.index]
            let key = teamKey(sp)
            guard !isPlaceContext(sp) else { continue }
            if teams.contains(key) && Lexicon.isTeamPlace(key) {
                retype(m, by: .typeTeamName)
            } else if teams.count >= 2 && Lexicon.counties.contains(key) && !isVenueLabel(sp) {
                retype(m, by: .typeCountyTeam)
            }
        }
    }

    /// "Reading 2 Stoke 2", "Hull v Bury": a town whose name is also a common word, dropped as
    /// one ("Reading"), is a team next to a score or a "v".
    private func keepTownsInResults(_ spans: inout [NameSpan]) {
        for i in spans.indices where spans[i].dropped && spans[i].evidence.contains(.dropUnlinkedCommonWord)
            && Lexicon.isTeamPlace(teamKey(spans[i])) {
            let (prev, next) = neighbours(spans[i])
            let score = next.map { $0.kind == .number && !isDate($0) } ?? false
            guard score || [prev, next].contains(where: { $0.map { Lexicon.versusWords.contains($0.lower) } ?? false })
            else { continue }
            spans[i].dropped = false
            spans[i].retype(.org, by: .typeTeamInResult)
        }
    }

    /// A place, or a town or county typed a person by its shape alone ("Bolton", a surname too),
    /// that no person's full name in the article claims.
    private func mayBeTeam(_ sp: NameSpan) -> Bool {
        guard !sp.isHyphenPart, !sp.dropped else { return false }
        if sp.type == .loc { return true }
        return sp.type == .person && sp.strength < .strong && sp.roles.isEmpty
            && !sp.evidence.contains(.linkPersonByName) && Lexicon.isTeamPlace(teamKey(sp))
    }

    /// A town or county already typed an organisation ("Leicestershire", unknown to the place list).
    private func isPlaceTypedOrganisation(_ sp: NameSpan) -> Bool {
        sp.type == .org && !sp.isHyphenPart && !sp.dropped && Lexicon.isTeamPlace(teamKey(sp))
    }

    /// "Chester-le-Street: Glamorgan 259": a name opening a line before a colon is where the match is played.
    private func isVenueLabel(_ sp: NameSpan) -> Bool {
        sp.last + 1 < tokens.count && tokens[sp.last + 1].text == ":"
    }

    /// "Preston, Victoria, Australia": a comma and a country after the name make it part of an address.
    private func isAddressBeforeCountry(_ last: Int) -> Bool {
        last + 2 < tokens.count && tokens[last + 1].text == "," && Lexicon.countries[tokens[last + 2].text] != nil
    }

    /// A mention's words in title case, so a headline's "KENT" finds the body's "Kent".
    private func teamKey(_ sp: NameSpan) -> String {
        sp.tokenRange.map { ScalarText.titleCased(tokens[$0]) }.joined(separator: " ")
    }

    /// "Nottinghamshire, who will enter the final day 137 ahead": "who" right after the name or its comma.
    private func isWhoClause(after last: Int) -> Bool {
        var k = last + 1
        if k < tokens.count, tokens[k].text == "," { k += 1 }
        return k < tokens.count && tokens[k].lower == "who" && tokens[k].paragraph == tokens[last].paragraph
    }

    /// A place preposition before the name ("in Leeds") or a date after it (a dateline) keeps it a place.
    private func isPlaceContext(_ sp: NameSpan) -> Bool {
        let (prev, next) = neighbours(sp)
        if let p = prev, Lexicon.teamPlacePrepositions.contains(p.lower) { return true }
        return next.map(isDate) ?? false
    }

    /// A number that is a date ("2004-11-30"), as a dateline's.
    private func isDate(_ t: Token) -> Bool { t.kind == .number && CalendarArithmetic.parseISO(t.text) != nil }

    /// The tokens just before and just after the span, when in its paragraph.
    private func neighbours(_ sp: NameSpan) -> (prev: Token?, next: Token?) {
        let prev = sp.first > 0
            && tokens[sp.first - 1].paragraph == tokens[sp.first].paragraph ? tokens[sp.first - 1] : nil
        let next = sp.last + 1 < tokens.count
            && tokens[sp.last + 1].paragraph == tokens[sp.last].paragraph ? tokens[sp.last + 1] : nil
        return (prev, next)
    }

    /// In a sports report, a city or county next to a score, a match verb or a player's role
    /// ("Norwich striker Keith O'Neill") is a team.
    func isTeamContext(_ sp: NameSpan) -> Bool {
        if Lexicon.countries[context.text(sp.first, sp.last)] != nil || Lexicon.countries[teamKey(sp)] != nil {
            return false
        }
        if tokens[sp.last].has(.locHeads) { return false }
        if isPlaceContext(sp) { return false }
        let (prev, next) = neighbours(sp)
        if let nx = next, nx.kind == .number || Lexicon.teamRoleNouns.contains(nx.lower) { return true }
        if let p = prev, p.kind == .number || Lexicon.teamVerbs.contains(p.lower)
            || Lexicon.teamPrepositions.contains(p.lower) { return true }
        if let nx = next, Lexicon.teamVerbs.contains(nx.lower) && nx.lower != "at" { return true }
        if tokens[sp.first].isAllCaps && context.isHeadline(sp.first) && prev == nil { return true }
        if isWhoClause(after: sp.last) { return true }  // a place does not take "who"; a team does
        // a list of surnames is a line-up of players, a list of places a list of teams
        if sp.type == .loc, let p = prev, p.text == "," || p.lower == "and", let nx = next, nx.text == ","
            || nx.lower == "and", !isAddressBeforeCountry(sp.last) { return true }
        return false
    }
}

/// Weighted votes for the type of one surface string.
struct TypeVotes {
    private var loc = 0, misc = 0, norp = 0, org = 0, person = 0

    mutating func add(_ type: EntityType, _ weight: Int) {
        switch type {
        case .loc: loc += weight
        case .misc: misc += weight
        case .norp: norp += weight
        case .org: org += weight
        case .person: person += weight
        }
    }

    /// The type with the most votes; a tie goes to the type whose name sorts first.
    var winner: EntityType? {
        var best: EntityType? = nil, top = 0
        if loc > top { best = .loc; top = loc }
        if misc > top { best = .misc; top = misc }
        if norp > top { best = .norp; top = norp }
        if org > top { best = .org; top = org }
        if person > top { best = .person; top = person }
        return best
    }
}
