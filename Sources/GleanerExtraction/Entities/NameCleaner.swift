/// Turns a chunk into names: cuts words that are not part of the name (a leading "The", a
/// stance word, a sentence-initial adverb), moves titles into roles ("Prime Minister",
/// "former prime minister"), splits off a leading nationality (NORP) and a name that precedes
/// another ("U.S." in "U.S. President Donald Trump"), drops what is left only of titles, and
/// types the rest (`Typer`). Each cut, move and split is a named rule recorded in the span.
struct NameCleaner {
    let context: ArticleContext
    let typer: Typer
    private let tokens: [Token]

    init(_ context: ArticleContext) {
        self.context = context
        tokens = context.tokens
        typer = Typer(context)
    }

    /// A chunk on its way to becoming a name: the tokens still in it and what was learnt.
    struct Draft {
        /// The chunk's first token, before any cut.
        let start: Int
        var a: Int
        var b: Int
        var roles: [String] = []
        /// Roles taken from lowercase titles before the name: dropped unless it is a person.
        var lowercaseRoles = 0
        var titled = false
        /// A lone common word opening a sentence ("Consumer", "Khan"): weak evidence only.
        var sentenceCommon = false
        /// The index of the first capitalised title word, once titles are cut.
        var titleStart: Int
        var shapedBy: [RuleID]
        var isEmpty: Bool { a > b }

        init(_ chunk: Chunker.Chunk) {
            start = chunk.first; a = chunk.first; b = chunk.last; titleStart = chunk.first; shapedBy = chunk.joins
        }

        mutating func cut(_ rule: RuleID) {
            if shapedBy.last != rule { shapedBy.append(rule) }
        }
    }

    /// Appends the names in one chunk: none, one, or several (a nationality, a split-off name, the name).
    func names(in chunk: Chunker.Chunk, into out: inout [NameSpan]) {
        var d = Draft(chunk)
        cutLeadingWords(&d)
        guard !d.isEmpty else { return }
        cutSentenceInitialWords(&d)
        guard !d.isEmpty else { return }
        takeLowercaseRoles(&d)
        if let nationality = splitNationality(&d) { out.append(nationality) }
        if let left = splitInnerName(&d) { out.append(left) }
        guard takeTitles(&d), !d.isEmpty else { return }
        appendTypedName(&d, to: &out)
    }

    // MARK: cuts at the start

    /// A leading function word ("The"), unless a given name before a surname, an honorific or the
    /// initial of a line-up item ("A Craig" in "S Danielli, A Craig, H Southwell") or a title
    /// word before an organisation's head, as titles stay there ("First Bank System Inc.");
    /// a place preposition before a known place goes even when it is also a given name and the
    /// place a surname ("In London"); a stance word ("Pro-Beijing DAB").
    func cutLeadingWords(_ d: inout Draft) {
        while d.a <= d.b && tokens[d.a].has(.functionWords) && !tokens[d.a].isAllCaps
                && !(d.a < d.b && tokens[d.a].has(.givenNames) && tokens[d.a + 1].has(.surnames)
                     && !isPrepositionBeforePlace(d.a))
                && !(d.a < d.b && Lexicon.honorifics.contains(tokens[d.a].lower))
                && !(d.a + 1 == d.b && context.isLineUpItem(d.a, d.b))
                && !(d.a < d.b && tokens[d.a].has(.titleWords) && tokens[d.b].has(.orgHeads))
                && !context.isSlashedLegalForm(at: d.a) {
            d.a += 1; d.cut(.cutLeadingFunctionWord)
        }
        while d.a <= d.b, tokens[d.a].end - tokens[d.a].start > 5, Self.isStancePrefix(tokens[d.a].lower) {
            d.a += 1; d.cut(.cutStanceWord)
        }
    }

    /// "In" before "London": a place preposition followed by a known place name.
    private func isPrepositionBeforePlace(_ i: Int) -> Bool {
        i + 1 < tokens.count && Lexicon.placePrepositions.contains(tokens[i].lower)
            && Lexicon.isPlaceName(tokens[i + 1].text)
    }

    /// At a sentence's (or quotation's) start a capitalised common word may be no name: an
    /// adverb or participle is cut ("Speaking", "Reportedly"), a lone one is weak, one before a
    /// nationality, title or country is cut ("Many British …"), one before a given name is a role.
    func cutSentenceInitialWords(_ d: inout Draft) {
        guard tokens[d.a].sentenceInitial || (d.a > 0
            && SentenceSplitter.isOpeningMark(tokens[d.a - 1])) else { return }
        let t = tokens[d.a]
        // looked up only when asked: both questions are about a common word
        lazy var known = Lexicon.listedNames.mayContain(t.text) && (Lexicon.countries[t.text] != nil
            || Lexicon.demonyms[t.text] != nil || Lexicon.places[t.text] != nil || Lexicon.knownOrgs[t.text] != nil)
        let nameLike = t.has(.givenNames) && d.a < d.b
        if t.has(.commonWords) && !nameLike && !known {
            if t.lower.hasSuffix("ly") || t.lower.hasSuffix("ing")
                || t.lower.hasSuffix("ed") { d.a += 1; d.cut(.cutSentenceInitialAdverb) }
            else if d.a == d.b { d.sentenceCommon = true }
        }
        guard !d.isEmpty else { return }
        let a = d.a
        if a < d.b, tokens[a].has(.commonWords), !tokens[a].has(.givenNames), !known, !tokens[a].has(.titleWords),
            tokens[a].lower != "team",
           Lexicon.demonyms[tokens[a + 1].text] != nil || tokens[a + 1].has(.titleWords)
               || Lexicon.countries[tokens[a + 1].text] != nil {
            d.a += 1; d.cut(.cutSentenceInitialModifier)
        }
        let a2 = d.a
        if a2 < d.b, a2 == d.start || tokens[a2 - 1].kind == .punct, tokens[a2].has(.commonWords),
            !tokens[a2].has(.givenNames),
           tokens[a2 + 1].has(.givenNames), !tokens[d.b].has(.orgHeads),
               !Lexicon.stormWords.contains(tokens[a2].lower) {
            d.roles.append(tokens[a2].text); d.a += 1; d.cut(.roleBeforeGivenName)
        }
    }

    /// Lowercase titles right before the name are roles ("former prime minister Tony Blair").
    func takeLowercaseRoles(_ d: inout Draft) {
        d.titled = !d.roles.isEmpty
        var r = d.a - 1
        while r >= 0 && context.sameSentence(r, d.a) && tokens[r].kind == .word && !tokens[r].isCap
            && tokens[r].has(.titleWords) { r -= 1 }
        if r + 1 < d.a { d.roles.append(context.text(r + 1, d.a - 1)); d.titled = true; d.cut(.roleLowercaseTitle) }
        d.lowercaseRoles = d.roles.count
    }

    // MARK: splits

    /// "Pakistani Foreign Minister Shah Mehmood Qureshi": a leading nationality adjective is a
    /// name of its own (NORP), unless the whole is a name ("British Red Cross", "Western Australia").
    func splitNationality(_ d: inout Draft) -> NameSpan? {
        let a = d.a, b = d.b
        guard a < b, let iso = Lexicon.demonyms[tokens[a].text] else { return nil }
        let whole = context.text(a, b)
        guard Lexicon.demonyms[whole] == nil, Lexicon.countries[whole] == nil, Lexicon.places[whole] == nil,
              !(Lexicon.compassWords.contains(tokens[a].lower) && Lexicon.isPlaceName(context.text(a + 1, b))),
              !tokens[b].has(.orgHeads), !Chunker(context).hasHeadedFor(a, b), Lexicon.knownOrgs[whole] == nil,
              Lexicon.knownOrgs[context.text(a + 1, b)] == nil else { return nil }
        d.a += 1
        return NameSpan(a, a, type: .norp, strength: .strong, country: iso == "-" ? nil : iso,
                        evidence: Evidence(shapedBy: d.shapedBy, typedBy: .splitNationality))
    }

    /// A name followed by another in one chunk is split before an inner title ("Labour leader
    /// Keir …" is "Labour" + title), after a known acronym or country in capitals ("VOA Lavrov"),
    /// or before a given name after an organisation or place ("Refugee Council Enver Solomon").
    /// The left part is a name when it types strongly or is not all common words; else a role.
    func splitInnerName(_ d: inout Draft) -> NameSpan? {
        guard d.a < d.b, let (q, rule) = innerSplitPoint(d.a, d.b) else { return nil }
        let a = d.a
        let typed = typer.classify(a, q - 1, titled: false)
        if case .name(let type, let strength, let country) = typed.verdict, strength == .strong || tokens[a].isAllCaps
            || !(a...(q - 1)).allSatisfy({ tokens[$0].has(.commonWords) || tokens[$0].has(.weakTitleWords) }) {
            d.a = q
            // the left part keeps only the typer's "strong"; weaker verdicts count as plain here
            return NameSpan(a, q - 1, type: type, strength: strength == .strong ? .strong : .plain, country: country,
                            evidence: Evidence(shapedBy: d.shapedBy + [rule], typedBy: typed.rule))
        }
        if rule != .splitAtInnerTitle {
            // the split is before the second name's first word ("Virgin Radio DJ | Pete Mitchell"),
            // which stays in the name
            d.roles.append(context.text(a, q - 1)); d.titled = true; d.a = q; d.cut(.roleLeftOfSplit)
        } else if q < d.b {
            d.roles.append(context.text(a, q)); d.titled = true; d.a = q + 1; d.cut(.roleLeftOfSplit)
        }
        return nil
    }

    /// Where a chunk splits into two names, and why.
    func innerSplitPoint(_ a: Int, _ b: Int) -> (Int, RuleID)? {
        for p in (a + 1)...b {
            let l = Self.withoutFullStop(tokens[p].lower)
            if Lexicon.titleWords.contains(l) && !Lexicon.weakTitleWords.contains(l) && p < b
                && !tokens[b].has(.orgHeads)
                && tokens[p + 1].lower != "of" && tokens[p + 1].lower != "for" && !tokens[p - 1].has(.titleWords) {
                var q = p
                while q > a + 1 && tokens[q - 1].has(.weakTitleWords) { q -= 1 }
                return (q, .splitAtInnerTitle)
            }
            if tokens[p - 1].isAllCaps, !tokens[p].isAllCaps,
               Lexicon.knownOrgs[context.text(a, p - 1)] != nil || Lexicon.countries[context.text(a, p - 1)] != nil,
               !(p...b).contains(where: { tokens[$0].has(.orgHeads) }), !tokens[p].has(.titleWords),
               !isKnownWhole(a, b) {
                return (p, .splitAfterKnownAcronym)
            }
            if p < b, splitsBeforeGivenName(a, p, b) { return (p, .splitBeforeGivenName) }
        }
        return nil
    }

    /// Whether the whole chunk is a known organisation or MISC name ("BBC Sport", "US Open"), which
    /// no split after its acronym or country takes apart.
    private func isKnownWhole(_ a: Int, _ b: Int) -> Bool {
        let whole = context.text(a, b)
        return Lexicon.knownOrgs[whole] != nil || Lexicon.knownMisc.contains(whole)
    }

    /// "Refugee Council Enver Solomon", "Tory Liam Fox": a given name (or a final given name or
    /// surname after an organisation head) after an organisation, a place, capitals or a known
    /// organisation, in a chunk that does not end in a head.
    private func splitsBeforeGivenName(_ a: Int, _ p: Int, _ b: Int) -> Bool {
        let left = { context.text(a, p - 1) }
        let personStarts = tokens[p].has(.givenNames)
            || (p + 1 == b && (tokens[b].has(.surnames) || tokens[b].has(.givenNames)) && tokens[p - 1].has(.orgHeads)
                && !tokens[p].has(.commonWords) && !tokens[b].has(.commonWords))
        guard personStarts, !tokens[p - 1].has(.givenNames) || Lexicon.knownOrgs[left()] != nil,
            !tokens[p - 1].has(.titleWords)
        else { return false }
        return (tokens[p - 1].has(.orgHeads) || Lexicon.isPlaceName(left()) || tokens[p - 1].isAllCaps
            || Lexicon.knownOrgs[left()] != nil)
            && !tokens[b].has(.orgHeads) && !tokens[b].has(.locHeads)
    }

    // MARK: titles

    /// Capitalised titles before the name become roles ("Prime Minister", "Governor of the
    /// Reserve Bank" keeps only the organisation). False when nothing of a name is left.
    func takeTitles(_ d: inout Draft) -> Bool {
        // "Governor of the Reserve Bank": a title heading an "of" phrase
        if d.a + 2 <= d.b, tokens[d.a].has(.titleWords), !tokens[d.a].has(.weakTitleWords),
           tokens[d.a + 1].lower == "of" || tokens[d.a + 1].lower == "for" {
            d.a += 2
            if d.a <= d.b && tokens[d.a].lower == "the" { d.a += 1 }
            d.cut(.cutTitleOfPhrase)
            if d.isEmpty { return false }
            // "Chancellor of the Exchequer Gordon Brown": the office is a role, the rest a name
            if let g = (d.a...d.b).first(where: { $0 > d.a && tokens[$0].has(.givenNames) }),
                !tokens[d.b].has(.orgHeads) {
                d.roles.append(context.text(d.start,
                    g - 1)); d.titled = true; d.a = g; d.cut(.roleOfficeBeforeGivenName)
            }
        }
        d.titleStart = d.a
        while d.a < d.b && Lexicon.titleWords.contains(Self.withoutFullStop(tokens[d.a].lower)) {
            if tokens[d.a].has(.weakTitleWords) && (tokens[d.b].has(.orgHeads) || tokens[d.b].has(.miscHeads)) { break }
            if tokens[d.b].has(.orgHeads) { break }
            d.a += 1
        }
        if d.a > d.titleStart {
            let roleText = context.text(d.titleStart, d.a - 1)
            d.roles.append(roleText.hasSuffix(".") ? String(roleText.dropLast()) : roleText)
            d.titled = !["former", "deputy"].contains(roleText.lowercased()) || d.titled
            d.cut(.roleCapitalisedTitle)
            if d.a <= d.b, tokens[d.a].lower == "of" || tokens[d.a].lower == "for" { return false }
        }
        if d.isEmpty { return false }
        // "The Conservative Party Co-Chairman said": a trailing title names a role, not a name
        while d.b > d.a, tokens[d.b].has(.titleWords), !tokens[d.b].has(.weakTitleWords), !tokens[d.b].has(.orgHeads),
              tokens[d.b - 1].has(.orgHeads) || Lexicon.knownOrgs[context.text(d.a, d.b - 1)] != nil
                || Lexicon.countries[context.text(d.a, d.b - 1)] != nil {
            d.b -= 1; d.cut(.cutTrailingTitle)
        }
        return !isOnlyTitle(d)
    }

    /// A lone title word left over ("President", "Chief Executive") is no name (but "Mr Dean"
    /// is), nor a portfolio before a lowercase title ("as Foreign Affairs minister").
    private func isOnlyTitle(_ d: Draft) -> Bool {
        let a = d.a, b = d.b
        if a == b && tokens[a].has(.titleWords) && (!tokens[a].has(.weakTitleWords) || a > d.titleStart),
           !(a > 0 && Lexicon.honorifics.contains(tokens[a - 1].lower)) { return true }
        return a == b && a > d.titleStart && b + 1 < tokens.count && tokens[b + 1].has(.titleWords)
            && !tokens[b + 1].isCap
            && tokens[a].has(.commonWords) && !tokens[a].has(.givenNames) && !tokens[a].has(.surnames)
                && !tokens[a].has(.orgHeads)
            && !Lexicon.isPlaceName(tokens[a].text)
    }

    // MARK: typing what is left

    /// Appends the name left in the draft, typed; hyphenated places become two names ("Ukraine-Russia").
    func appendTypedName(_ d: inout Draft, to out: inout [NameSpan]) {
        let a = d.a, b = d.b
        let typed = typer.classify(a, b, titled: d.titled && !d.roles.isEmpty)
        guard case .name(var type, var strength, let country) = typed.verdict else { return }
        var changedBy: [RuleID] = []
        // "Sensitive government document …": a sentence's first word, if a common word, gets no
        // strong type from what follows it
        if d.sentenceCommon && a == b && strength == .strong && country == nil && !d.titled && !tokens[a].has(.orgHeads)
            && !tokens[a].has(.miscHeads) && !Lexicon.knownMisc.contains(tokens[a].text) {
            strength = .plain; changedBy.append(.weakSentenceInitialCommonWord)
        }
        if a == b, tokens[a].text.utf8.contains(45), strength != .strong {
            switch hyphenated(a, d.shapedBy) {
            case .places(let parts): out.append(contentsOf: parts); return
            case .notAName: return
            case .keep: break
            }
        }
        if type != .person && d.lowercaseRoles > 0 { d.roles.removeFirst(d.lowercaseRoles) }
        var weakCommon = isWeakCommonWord(d, type: type, strength: strength)
        if !weakCommon && isCommonInArticle(d, type: type, strength: strength) {
            weakCommon = true; changedBy.append(.weakWordsLowercaseInArticle)
        }
        if type == .person && !d.titled && d.roles.isEmpty && strength != .strong && a == b && tokens[a].isAllCaps {
            type = .org; changedBy.append(.typeAllCapsLoneWordIsOrganisation)
        }
        var span = NameSpan(a, b, type: type, strength: strength, country: country, roles: d.roles,
                            evidence: Evidence(shapedBy: d.shapedBy, typedBy: typed.rule))
        for rule in changedBy { span.evidence.note(rule) }
        span.weakCommon = weakCommon
        out.append(span)
    }

    /// A lone capitalised common word typed weakly ("Government"), not a person by context
    /// ("Caprice, who"), not before a person cue ("Mido said"), not after a place preposition
    /// mid-sentence ("near Mecca"): kept only if it links to a fuller name.
    private func isWeakCommonWord(_ d: Draft, type: EntityType, strength: TypeStrength) -> Bool {
        let a = d.a, b = d.b
        let next = b + 1 < tokens.count ? tokens[b + 1].lower : ""
        let placeAfterPreposition = strength == .contextual && type == .loc && !d.sentenceCommon
            && !tokens[a].sentenceInitial
        let personByContext = type == .person && strength == .contextual && !Typer.isPluralGroupNoun(tokens[b])
        if personByContext { return false }
        let loneCommon = a == b && strength != .strong && tokens[a].has(.commonWords) && !tokens[a].isAllCaps
            && !Lexicon.personCueWords.contains(next) && !d.titled && !placeAfterPreposition
        return loneCommon || (d.sentenceCommon && a == b && strength != .strong)
    }

    /// "Ethnocentrism" in a text that speaks of "ethnocentrism"; "Spacetime Examples" as a heading
    /// on its own line over a text about "spacetime" and "examples"; "Magic Tricks" where the text
    /// says "magic tricks": a weakly typed word the article writes in lower case at least as often
    /// as capitalised, or several such words alone on a line or written in lower case in a row
    /// elsewhere, are common words in title case, kept only if they link to a fuller name. A word
    /// the article mostly capitalises ("Scientology" beside one "scientology website") stays a
    /// name; inside a sentence a name of several words may be made of common words ("Civil Service
    /// Pension Scheme", "Sport Interactive"), so each word seen alone is not enough there. Given
    /// names and places stay out (informal text writes "chris" and "auckland"), and so do head
    /// words and titles.
    private func isCommonInArticle(_ d: Draft, type: EntityType, strength: TypeStrength) -> Bool {
        guard strength != .strong, !d.titled, d.roles.isEmpty,
              !(type == .person && strength == .contextual) else { return false }
        for k in d.a...d.b {
            let t = tokens[k]
            guard t.kind == .word, t.isCap, !t.isAllCaps, !t.has(.givenNames), !t.has(.orgHeads), !t.has(.locHeads),
                  !t.has(.titleWords), !Lexicon.isPlaceName(t.text),
                  context.writesMostlyLowercase(t.lower) else { return false }
        }
        return d.a == d.b || context.isWholeLine(d.a, d.b) || context.writesLowercase(d.a, d.b)
    }

    enum Hyphenated { case places([NameSpan]), notAName, keep }

    /// "Ukraine-Russia" is two places; "Anti-war", "Labour-run" and mixed-case pairs of unknown
    /// words ("Hewlett-packard") are no names.
    func hyphenated(_ a: Int, _ shapedBy: [RuleID]) -> Hyphenated {
        let parts = tokens[a].text.split(separator: "-").map(String.init)
        if parts.count == 2, parts.allSatisfy(Lexicon.isPlaceName) {
            var offset = tokens[a].start
            var spans: [NameSpan] = []
            for p in parts {
                let length = p.unicodeScalars.count
                var span = NameSpan(a, a, type: .loc, strength: .strong, country: Lexicon.countries[p],
                                    evidence: Evidence(shapedBy: shapedBy, typedBy: .splitHyphenatedPlaces))
                span.part = offset..<(offset + length)
                spans.append(span)
                offset += length + 1
            }
            return .places(spans)
        }
        if parts.count >= 2, !parts.allSatisfy({ $0.first?.isUppercase ?? false }) { return .notAName }
        if parts.count == 2, parts.allSatisfy({ !Lexicon.commonWords.contains($0.lowercased())
            && Lexicon.knownOrgs[$0] == nil }),
           !tokens[a].isAllCaps,
           parts.allSatisfy({ p in p.unicodeScalars.dropFirst().contains(where: { CharacterClass.isLetter($0)
               && !CharacterClass.isUpper($0) }) }),
           !Lexicon.givenNames.contains(parts[0]) { return .notAName }
        return .keep
    }

    /// "dr." → "dr".
    static func withoutFullStop(_ lower: String) -> String { lower.hasSuffix(".") ? String(lower.dropLast()) : lower }

    /// "Pro-Beijing", "anti-Western": a hyphenated stance word.
    static func isStancePrefix(_ lower: String) -> Bool {
        lower.utf8.starts(with: "pro-".utf8) || lower.utf8.starts(with: "anti-".utf8)
    }
}
