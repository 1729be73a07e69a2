/// Rule- and gazetteer-based named entity recognition with in-document alias resolution.
///
/// 1. Chunking: runs of capitalised tokens, joined over "of"/"for" after an organisation or
///    place head ("Bank of England") and over name particles ("van", "bin").
/// 2. Cleanup: leading function words ("The"), sentence-initial common words, titles
///    ("Prime Minister", recorded as roles) and leading nationality adjectives are split off.
/// 3. Typing: gazetteers (countries, places, nationalities, known organisations), name heads
///    ("Bank", "River", "Cup"), given names and surnames, shape and context.
/// 4. Document pass: one type per surface string, surnames/given names and shortened
///    organisation names linked to their full form, headline (title-case or all-caps) tokens
///    matched against names seen in the body.
struct EntityRecognizer {
    struct Span {
        var a: Int  // first token
        var b: Int  // last token (inclusive)
        var type: EntityType
        var strong: Bool
        var iso: String?
        var roles: [String] = []
        var entity: Int = -1
        /// A lone capitalised common word ("Government"): kept only if it links to a fuller name.
        var weakCommon: Bool = false
        var dropped: Bool = false
        /// Typed from its context ("in Arbil", "Mido said"), stronger than a default guess.
        var contextual: Bool = false
        /// Typed by the last-resort default (a lone unknown word is ORG): any other evidence wins.
        var guess: Bool = false
    }

    let tokens: [Token]
    let scalars: [Unicode.Scalar]
    /// Paragraph indices whose capitalisation carries no information (title case, all caps).
    let headlineParagraphs: Set<Int>


    /// Sports report ("SOCCER - ...", "CRICKET - ..."): place names mostly stand for teams.
    let isSports: Bool
    private let candidates: [Bool]

    init(tokens: [Token], scalars: [Unicode.Scalar]) {
        self.tokens = tokens
        self.scalars = scalars
        var byPara = [(words: Int, caps: Int, allCaps: Int)](repeating: (0, 0, 0), count: (tokens.last?.paragraph ?? 0) + 1)
        var endsWithPeriod = [Bool](repeating: false, count: byPara.count)
        for (k, t) in tokens.enumerated() where k + 1 == tokens.count || tokens[k + 1].paragraph != t.paragraph { endsWithPeriod[t.paragraph] = t.text == "." }
        for t in tokens where t.kind == .word {
            byPara[t.paragraph].words += 1
            if t.isCap { byPara[t.paragraph].caps += 1 }
            if t.isAllCaps && t.end - t.start > 1 { byPara[t.paragraph].allCaps += 1 }
        }
        var h = Set<Int>()
        for (p, e) in byPara.enumerated() where e.words >= 1 {
            if Double(e.allCaps) >= 0.75 * Double(e.words) && (e.words >= 2 || e.allCaps == 1) { h.insert(p) }
            // title case near the top is a headline; a caption full of names ends with a period
            else if p <= 3 && e.words >= 3 && e.words <= 30 && Double(e.caps) >= 0.75 * Double(e.words) && !endsWithPeriod[p] { h.insert(p) }
        }
        headlineParagraphs = h
        var sports = 0
        for t in tokens.prefix(400) where t.kind == .word && Lexicon.sportsWords.contains(t.lower) { sports += 1 }
        let firstWord = tokens.first(where: { $0.kind == .word })?.lower ?? ""
        isSports = Lexicon.sportsWords.contains(firstWord) || sports >= 3
        candidates = tokens.indices.map { Self.isCandidate($0, in: tokens) }
    }

    /// Whether token k can be part of a name (computed once per token in `init`).
    func isCandidate(_ k: Int) -> Bool { candidates[k] }

    static func isCandidate(_ k: Int, in tokens: [Token]) -> Bool {
        let t = tokens[k]
        guard t.kind == .word, t.isCap else { return false }
        if t.lower == "i" || t.lower.hasPrefix("i'") || t.lower.hasPrefix("i\u{2019}") { return false }
        if Lexicon.nonNames.contains(t.text) { return false }
        if t.isAllCaps, t.has(.functionWords) || Self.isRomanNumeral(t.text), Lexicon.countries[t.text] == nil, Lexicon.knownOrgs[t.text] == nil { return false }  // "UNLESS", "XVII", not "US"
        if k + 1 < tokens.count, tokens[k + 1].text == ":", Lexicon.captionLabels.contains(t.lower) { return false }
        // plural abbreviations are common nouns: MPs, WMDs, NGOs
        if t.end - t.start >= 3, t.text.hasSuffix("s"), t.text.unicodeScalars.dropLast().allSatisfy({ CharacterClass.isUpper($0) }) { return false }
        if t.text.utf8.contains(45), let lastPart = t.text.split(separator: "-").last, let f = lastPart.unicodeScalars.first, !CharacterClass.isUpper(f), !CharacterClass.isDigit(f),
           lastPart.unicodeScalars.count >= 3, Lexicon.commonWords.contains(String(lastPart)) { return false }
        if t.end - t.start == 1 && !(k + 1 < tokens.count && tokens[k + 1].isCap && tokens[k + 1].kind == .word) { return false }
        if Lexicon.weekdays[t.lower] != nil, !(k > 0 && tokens[k - 1].has(.givenNames) && tokens[k - 1].isCap && tokens[k - 1].end + 1 == t.start) { return false }  // not "Mike Friday"
        if let apostrophe = t.text.unicodeScalars.firstIndex(where: CharacterClass.isApostrophe),
           Lexicon.functionWords.contains(ScalarText.lowercased(String(t.text.unicodeScalars[..<apostrophe]))) { return false }  // "We've", "They'd"
        if let _ = Lexicon.months[t.lower.hasSuffix(".") ? String(t.lower.dropLast()) : t.lower], t.lower != "may" || (k + 1 < tokens.count && tokens[k + 1].kind == .number) { return false }
        return true
    }

    static func isRomanNumeral(_ s: String) -> Bool {
        s.utf8.count >= 2 && s.utf8.allSatisfy { [73, 86, 88, 76, 67].contains($0) } && s != "CC" && s != "CLI"
    }

    static func spanText(_ tokens: [Token], _ a: Int, _ b: Int) -> String {
        if a == b { return tokens[a].text }
        var s = tokens[a].text
        for j in (a + 1)...b {
            if tokens[j].start > tokens[j - 1].end { s += " " }
            s += tokens[j].text
        }
        return s
    }
    func text(_ a: Int, _ b: Int) -> String { Self.spanText(tokens, a, b) }

    // MARK: chunking

    func chunks() -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var k = 0
        let n = tokens.count
        while k < n {
            guard isCandidate(k), !headlineParagraphs.contains(tokens[k].paragraph) else { k += 1; continue }
            let a = k
            var b = k
            var j = k + 1
            // a join adds at most three tokens ("of the X"): stop early enough to stay in bounds
            while j < n && j - a <= ExtractionLimits.maxNameTokens - 3 && tokens[j].sentence == tokens[a].sentence {
                if isCandidate(j) && tokens[j].start - tokens[j - 1].end <= 1 { b = j; j += 1; continue }
                let l = tokens[j].lower
                if (l == "of" || l == "for" || l == "on") && b == j - 1 && (Lexicon.ofPhraseHeads.contains(tokens[b].lower) || (l == "of" && hasHeadedFor(a, b))) {
                    var m = j + 1
                    if m < n && tokens[m].lower == "the" && tokens[m].sentence == tokens[a].sentence { m += 1 }
                    // not "Kennedy Space Center on STS-1": a code is not part of the name
                    if m < n && isCandidate(m) && tokens[m].sentence == tokens[a].sentence && !tokens[m].text.unicodeScalars.contains(where: CharacterClass.isDigit) {
                        b = m; j = m + 1; continue
                    }
                }
                // "National Air and Space Museum", "Food and Drug Administration": common words joined
                // by "and" before the head they share
                // (after "the": "Fiat and General Motors" are two names)
                let a1 = tokens[a].has(.functionWords) ? a + 1 : a  // "The National Air …"
                if l == "and" && b == j - 1 && a1 <= b && b - a1 <= 1 && (a1 > a || (a > 0 && tokens[a - 1].lower == "the"))
                    && (a1...b).allSatisfy(isDescriptiveWord) && j + 1 < n && isCandidate(j + 1) && tokens[j + 1].sentence == tokens[a].sentence
                    && isDescriptiveWord(j + 1) && rightRunEndsInHead(from: j + 1) {
                    b = j + 1; j += 2; continue
                }
                if l == "and" && b == j - 1 && (a..<b).contains(where: { tokens[$0].lower == "of" || tokens[$0].lower == "for" }) && j + 1 < n && isCandidate(j + 1) && tokens[j + 1].sentence == tokens[a].sentence && !tokens[j + 1].has(.functionWords)
                    && !rightRunHasHead(from: j + 1) {
                    b = j + 1; j += 2; continue
                }
                // "…, Holborn and St Pancras, Oldham East and Saddleworth, …": inside a long list of
                // names, an "and" with a comma on both sides joins one item, not two
                if l == "and" && b == j - 1 && isInnerListItem(a, and: j) { b = j + 1; j += 2; continue }
                if (Lexicon.nameParticles.contains(l) || l == "&") && b == j - 1 && j + 1 < n && isCandidate(j + 1) && tokens[j + 1].sentence == tokens[a].sentence {
                    b = j + 1; j += 2; continue
                }
                // "Korean People's Army", "New People's Party": the possessive belongs to the name
                if (l == "'s" || l == "\u{2019}s") && b == j - 1 && tokens[b].lower == "people" && j + 1 < n && isCandidate(j + 1) && tokens[j + 1].sentence == tokens[a].sentence {
                    b = j + 1; j += 2; continue
                }
                break
            }
            out.append((a, b))
            k = b + 1
        }
        return out
    }

    /// A capitalised common word that is no name, place or head: "Food", "Public", "Air".
    func isDescriptiveWord(_ k: Int) -> Bool {
        let t = tokens[k]
        return t.has(.commonWords) && !t.isAllCaps && !t.has(.functionWords) && !t.has(.givenNames) && !t.has(.surnames)
            && !t.has(.orgHeads) && !t.has(.locHeads) && !Lexicon.isPlaceName(t.text) && Lexicon.demonyms[t.text] == nil
    }

    /// Whether the capitalised run from k ends in an organisation or place head and is not
    /// itself a known organisation ("Drug Administration", not "General Motors").
    func rightRunEndsInHead(from k: Int) -> Bool {
        var j = k
        while j + 1 < tokens.count && j - k <= 3 && isCandidate(j + 1) && tokens[j + 1].sentence == tokens[k].sentence && tokens[j + 1].start - tokens[j].end <= 1 { j += 1 }
        return j > k && j - k <= 3 && (tokens[j].has(.orgHeads) || tokens[j].has(.locHeads)) && Lexicon.knownOrgs[text(k, j)] == nil
    }

    /// Whether `a … and … ` sits between commas in a list of at least five capitalised items,
    /// with another capitalised item after it (so this "and" is not the list's last one).
    func isInnerListItem(_ a: Int, and j: Int) -> Bool {
        guard a > 0, tokens[a - 1].text == ",", j + 1 < tokens.count, isCandidate(j + 1) else { return false }
        var e = j + 1
        while e + 1 < tokens.count && isCandidate(e + 1) && tokens[e + 1].sentence == tokens[a].sentence && e - j < 4 { e += 1 }
        guard e + 2 < tokens.count, tokens[e + 1].text == ",", isCandidate(e + 2), tokens[e + 2].sentence == tokens[a].sentence else { return false }
        var commas = 0, k = a - 1
        while k >= 0 && commas < 3 && tokens[k].sentence == tokens[a].sentence {
            if tokens[k].text == "," { commas += 1 } else if !isCandidate(k) && tokens[k].lower != "and" && tokens[k].lower != "of" && tokens[k].text != "-" { break }
            k -= 1
        }
        return commas >= 3
    }

    /// "Centre for Control", "Council for the Welfare": an organisation head then "for", so a
    /// further "of" phrase still belongs to the name.
    func hasHeadedFor(_ a: Int, _ b: Int) -> Bool {
        guard b > a + 1 else { return false }
        return (a + 1..<b).contains { tokens[$0].lower == "for" && tokens[$0 - 1].has(.orgHeads) }
    }

    /// Whether the capitalised run starting at k contains its own organisation or place head
    /// ("... and Colorado State University"), so an "and" before it separates two names.
    func rightRunHasHead(from k: Int) -> Bool {
        var j = k
        while j < tokens.count && j - k < ExtractionLimits.maxNameTokens && isCandidate(j) && tokens[j].sentence == tokens[k].sentence {
            if tokens[j].has(.orgHeads) || tokens[j].has(.locHeads) { return true }
            j += 1
        }
        return false
    }

    // MARK: typing

    func classify(_ a: Int, _ b: Int, titled: Bool) -> (EntityType, Bool, String?)? {
        var s = text(a, b)
        if a == b, Self.isPartyAndState(tokens[a].text) { return nil }  // "(R-Texas)"
        if (a...b).allSatisfy({ tokens[$0].isAllCaps }) {
            let tc = (a...b).map { ScalarText.titleCased(tokens[$0]) }.joined(separator: " ")
            if Lexicon.countries[s] == nil && Lexicon.knownOrgs[s] == nil && (Lexicon.countries[tc] != nil || Lexicon.places[tc] != nil || Lexicon.demonyms[tc] != nil || Lexicon.knownOrgs[tc] != nil) { s = tc }
        }
        if b > a, Lexicon.governmentSeats.contains((a...b).map { tokens[$0].text }.joined(separator: " ")) { return (.loc, true, "US") }
        if a == b, Lexicon.governmentSeats.contains(s) { return (.loc, true, nil) }
        if Lexicon.movements.contains(s) { return (.norp, true, nil) }
        if let _ = Lexicon.knownOrgs[s] { return (.org, true, nil) }
        if let iso = Lexicon.countries[s] { return (.loc, true, iso) }
        if Lexicon.demonyms[s] != nil { let c = Lexicon.demonyms[s]!; return (.norp, true, c == "-" ? nil : c) }
        if a == b, s.hasSuffix("s"), let c = Lexicon.demonyms[String(s.dropLast())] { return (.norp, true, c == "-" ? nil : c) }  // "Greeks"
        if Lexicon.knownMisc.contains(s) { return (.misc, true, nil) }
        let last = tokens[b].lower
        let count = b - a + 1
        if (a...b).contains(where: { Lexicon.productWords.contains(tokens[$0].text) }), Lexicon.knownOrgs[s] == nil { return (.misc, true, nil) }
        // "IE9", "A380": letters with digits name a model or a version
        if count == 1, tokens[a].kind == .word, tokens[a].text.unicodeScalars.contains(where: CharacterClass.isDigit), !tokens[a].text.utf8.contains(45),
           Lexicon.knownOrgs[s] == nil { return (.misc, false, nil) }
        // football clubs: "Manchester City", "Man Utd", "Aston Villa" (in sports reports), "Leeds United"
        if count > 1, Lexicon.clubNames.contains(last), isSports || Lexicon.clubOnlyNames.contains(last),
           !(tokens[a].has(.givenNames) && Lexicon.givenNameClubWords.contains(last)) { return (.org, true, nil) }  // not "David Villa"
        if isSports, count == 2, !tokens[a].has(.givenNames), !tokens[b].has(.locHeads), Lexicon.places[tokens[b].text] != nil || Lexicon.places[tokens[a].text] != nil,
           Lexicon.countries[tokens[b].text] == nil { return (.org, false, nil) }  // "Bayer Leverkusen", "Viking Stavanger"
        if count > 1 && Lexicon.facilityHeads.contains(last) && !(a...b).contains(where: { tokens[$0].lower == "of" || tokens[$0].lower == "for" }) { return (.loc, true, nil) }
        if count > 1 && Lexicon.newspaperHeads.contains(last) && Lexicon.isPlaceName(text(a, b - 1)) { return (.org, true, nil) }
        if Lexicon.orgHeads.contains(last) && (count > 1 || Lexicon.loneOrganisationHeads.contains(s)) { return (.org, true, nil) }
        if count > 1 && last == "district" && tokens[b - 1].has(.orgHeads) { return (.org, true, nil) }  // "Irving Independent School District"
        if count > 1 && Lexicon.locHeads.contains(last) && !(last == "state" && tokens[a].lower == "islamic") { return (.loc, true, nil) }
        if let of = (a...b).first(where: { tokens[$0].lower == "of" }), of > a, tokens[of - 1].has(.locHeads), !tokens[of - 1].has(.orgHeads) { return (.loc, true, nil) }
        if count > 1 && Lexicon.miscHeads.contains(last) { return (.misc, true, nil) }
        if count > 1 && last == "day" && !tokens[a].has(.givenNames) { return (.misc, true, nil) }  // "Waitangi Day", not "Doris Day"
        if let iso = Lexicon.places[s] { return (.loc, true, iso == "-" ? nil : nil) }
        if count > 1 && (tokens[b].text == "DC" || tokens[b].text == "D.C.") { return (.loc, true, "US") }
        if count > 1, Lexicon.demonyms[tokens[b].text] != nil, !tokens[a].has(.givenNames) {
            return (.norp, true, nil)
        }
        if count > 1, let h = (a...b).first(where: { tokens[$0].has(.orgHeads) && tokens[$0].lower != "co" }) {
            return (.org, h + 1 < b && !tokens[b].has(.functionWords) && (tokens[h + 1].lower == "of" || tokens[h + 1].lower == "for"), nil)  // "University of North Carolina"
        }
        let first = tokens[a].text
        if (a...b).contains(where: { tokens[$0].text.utf8.contains(38) }) && count > 1 { return (.org, true, nil) }
        if count > 1 && Lexicon.knownOrgs[first] != nil { return (.org, true, nil) }
        if tokens[a].lower == "st" || tokens[a].lower == "st." { return (.loc, false, nil) }
        if count > 1, Lexicon.stormWords.contains(tokens[a].lower) { return (.misc, true, nil) }
        if count > 1, Lexicon.shipPrefixes.contains(tokens[a].text) { return (.misc, true, nil) }  // "HMS Belfast"
        if count > 1, tokens[a].lower == "team" { return (.org, true, nil) }  // "Team Estonia", "Team GB"  // "Hurricane Ivan"
        if count > 1, Lexicon.placePrefixes.contains(tokens[a].lower), !tokens[b].has(.orgHeads) { return (.loc, true, nil) }
        if count > 1, Lexicon.isPlaceName(first),
           ((a + 1)...b).allSatisfy({ Lexicon.compassWords.contains(tokens[$0].lower) }) { return (.loc, true, nil) }
        if count > 1, let k = (a...b).first(where: { !Lexicon.compassWords.contains(tokens[$0].lower) }), k > a,
           Lexicon.isPlaceName(text(k, b)) { return (.loc, true, nil) }  // "South East Asia"
        if titled { return (.person, true, nil) }
        // "Ruud van Nistelrooy", "Osama bin Laden": a lowercase name particle between capitalised words
        if count >= 3, ((a + 1)..<b).contains(where: { Lexicon.nameParticles.contains(tokens[$0].text) }), !(a...b).contains(where: { tokens[$0].has(.orgHeads) || tokens[$0].has(.locHeads) }) {
            return (.person, true, nil)
        }
        let prevLower = a > 0 && tokens[a - 1].sentence == tokens[a].sentence ? tokens[a - 1].lower : ""
        // "the town of Yeoncheon", "next to Genova", "the nation's capital, Wellington"
        if count <= 2, a >= 2, prevLower == "of" || prevLower == "to", Lexicon.placeIntroNouns.contains(tokens[a - 2].lower) { return (.loc, true, nil) }
        if count == 1, a >= 2, prevLower == ",", Lexicon.appositivePlaceNouns.contains(tokens[a - 2].lower), !tokens[a].has(.givenNames) { return (.loc, true, nil) }
        if count == 1 || (count == 2 && !tokens[a].has(.givenNames)), isFollowedByRegion(b) { return (.loc, true, nil) }  // "Kanata, Ontario"
        let nextLower = b + 1 < tokens.count && tokens[b + 1].sentence == tokens[b].sentence ? tokens[b + 1].lower : ""
        // "the Monti government", "the Obama administration": a leader's name as an adjective
        if count <= 2, Lexicon.leaderOfNouns.contains(nextLower), tokens[b].has(.surnames), !tokens[b].has(.commonWords) { return (.person, false, nil) }
        if Lexicon.organisationCueNouns.contains(nextLower) { return (.org, true, nil) }
        // "Sandoz, which …" is a thing; "Sandoz, who …" a person
        if nextLower == ",", b + 2 < tokens.count, tokens[b + 2].lower == "which", !tokens[a].has(.givenNames) { return (.org, false, "ctx") }
        if nextLower == ",", b + 2 < tokens.count, tokens[b + 2].lower == "who", count <= 3 { return (.person, false, "ctx") }
        if count == 2, tokens[b].has(.commonWords), !tokens[b].has(.surnames), Lexicon.isPlaceName(tokens[a].text) {
            return (.org, false, nil)  // "Malaysia Tourism"
        }
        if count == 2, tokens[a].has(.commonWords), !tokens[a].has(.givenNames), Lexicon.countries[tokens[b].text] != nil { return (.org, false, nil) }  // "Environment Canada"
        let prevWord = a > 0 && tokens[a - 1].sentence == tokens[a].sentence ? tokens[a - 1].lower : ""
        if count <= 3, Lexicon.organisationCueNouns.contains(prevWord) || prevWord == "board", !Lexicon.givenNames.contains(first) { return (.org, false, nil) }
        if count == 1 && tokens[a].isAllCaps && tokens[a].text.unicodeScalars.count <= 6 { return (.org, false, nil) }
        // "Neo Democrats", "Ontario Ghostbusters": a name ending in a plural noun names a group
        // (not "Keanu Reeves": an unknown first word may be a given name)
        if count >= 2, !tokens[a].has(.givenNames), isPluralGroupNoun(tokens[b]),
           tokens[a].has(.commonWords) || tokens[a].isAllCaps || Lexicon.isPlaceName(first) || Lexicon.demonyms[first] != nil
            || (tokens[a].lower.hasSuffix("s") && Lexicon.commonWords.contains(String(tokens[a].lower.dropLast()))) { return (.org, false, nil) }  // "Hells Angels"
        // "K.C. Maurer", "J Thomas": initials before a name
        if count == 2, Self.isInitials(first) || (first.utf8.count == 1 && (tokens[b].has(.surnames) || tokens[b].has(.givenNames))),
           !tokens[b].isAllCaps, !tokens[b].has(.functionWords), Lexicon.countries[first] == nil, Lexicon.knownOrgs[first] == nil,
           !Lexicon.isPlaceName(tokens[b].text) { return (.person, false, nil) }
        if count >= 2 && Lexicon.givenNames.contains(first) && !tokens[b].isAllCaps { return (.person, true, nil) }
        if count >= 2 && tokens[b].isAllCaps && !Lexicon.nameSuffixes.contains(tokens[b].text) { return (.org, false, nil) }
        if count >= 2 && tokens[a].isAllCaps && tokens[a].end - tokens[a].start >= 3 && !tokens[a].has(.givenNames) { return (.org, false, nil) }
        if count >= 3 && (a...b).contains(where: { tokens[$0].has(.commonWords) && !tokens[$0].has(.givenNames) && !tokens[$0].has(.surnames) }) { return (.org, false, nil) }
        if count >= 2 && count <= 4 && tokens[b].has(.surnames) { return (.person, false, nil) }
        if count == 1 && (Lexicon.givenNames.contains(first) || Lexicon.surnames.contains(first)) { return (.person, false, nil) }
        if Lexicon.personCueWords.contains(nextLower) && count <= 3 && !tokens[a].isAllCaps { return (.person, false, nil) }  // "Mido said"
        if prevLower.hasSuffix("-based"), !tokens[a].has(.givenNames) { return (.org, false, "ctx") }  // "Ireland-based Elan"
        // "in Arbil" is a place, "shares in Elan" a company
        if count == 1 && Lexicon.placePrepositions.contains(prevLower),
           !(a >= 2 && Lexicon.holdingNouns.contains(tokens[a - 2].lower)) { return (.loc, false, "ctx") }
        if count == 1, !Lexicon.surnames.contains(first), Lexicon.nationalityEndings.contains(where: { tokens[a].lower.hasSuffix($0) && tokens[a].lower.count > 5 }),
           nextLower.unicodeScalars.first.map({ !CharacterClass.isUpper($0) && CharacterClass.isLetter($0) }) ?? false, tokens[a].lower.hasSuffix("an") || tokens[a].lower.hasSuffix("ese") || tokens[a].lower.hasSuffix("ish") {
            return (.norp, false, nil)
        }
        if count >= 2 && (a...b).contains(where: { tokens[$0].has(.functionWords) && !tokens[$0].isAllCaps }) { return (.misc, false, nil) }
        if count >= 2 && count <= 3 {
            if (a...(count == 2 ? a : b)).contains(where: { tokens[$0].has(.commonWords) && !tokens[$0].has(.givenNames) && !tokens[$0].has(.surnames) }) { return (.org, false, nil) }
            return (.person, false, nil)
        }
        return (.org, false, "guess")  // a lone unknown word: the weakest vote in the document pass
    }

    /// Whether the tokens between two names separate items of one list: ",", "and", ", and".
    func isListGap(_ b: Int, _ a: Int) -> Bool {
        if a == b + 2 { return tokens[b + 1].text == "," || tokens[b + 1].lower == "and" }
        return a == b + 3 && tokens[b + 1].text == "," && tokens[b + 2].lower == "and"
    }


    /// The type a list takes from the plural noun that introduces it: "gods, such as", "clubs including".
    func listNounType(before a: Int) -> EntityType? {
        var k = a - 1
        if k > 0, tokens[k].lower == "the" { k -= 1 }
        guard k > 1 else { return nil }
        if tokens[k].lower == "as" && tokens[k - 1].lower == "such" { k -= 2 } else if tokens[k].lower == "including" { k -= 1 } else { return nil }
        if k >= 0, tokens[k].text == "," { k -= 1 }
        guard k >= 0, tokens[k].kind == .word, tokens[k].sentence == tokens[a].sentence else { return nil }
        let noun = tokens[k].lower
        if Lexicon.personListNouns.contains(noun) { return .person }
        if Lexicon.placeListNouns.contains(noun) { return .loc }
        if Lexicon.organisationListNouns.contains(noun) { return .org }
        return nil
    }

    /// A capitalised plural of a common noun that is nobody's name ("Democrats", "Ghostbusters",
    /// but not "Williams" or "Jones").
    func isPluralGroupNoun(_ t: Token) -> Bool {
        let l = t.lower
        guard t.kind == .word, !t.isAllCaps, l.utf8.count >= 5, l.hasSuffix("s"), !l.hasSuffix("ss"), !l.hasSuffix("us"), !l.hasSuffix("is"),
              !t.has(.surnames), !t.has(.givenNames) else { return false }
        let stem = String(l.dropLast())
        return Lexicon.commonWords.contains(stem) || (l.hasSuffix("ers") && Lexicon.commonWords.contains(String(l.dropLast(3))))
            || l.hasSuffix("ists") || l.hasSuffix("ians")
    }

    /// "R-Texas", "D-Calif.": a US legislator's party and state.
    static func isPartyAndState(_ s: String) -> Bool {
        var u = s.utf8.makeIterator()
        guard let p = u.next(), p == 82 || p == 68 || p == 73, u.next() == 45, let c = u.next(), c >= 65 && c <= 90 else { return false }
        return u.next() != nil
    }

    /// "Pro-Beijing", "anti-Western": a hyphenated stance word.
    static func isStancePrefix(_ lower: String) -> Bool {
        lower.utf8.starts(with: "pro-".utf8) || lower.utf8.starts(with: "anti-".utf8)
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

    /// "Aceh, Indonesia", "Irving, Texas": a comma, then a country or a known place that ends the phrase.
    func isFollowedByRegion(_ b: Int) -> Bool {
        guard b + 2 < tokens.count, tokens[b + 1].text == ",", tokens[b + 2].isCap, tokens[b + 2].sentence == tokens[b].sentence else { return false }
        var e = b + 2
        if e + 1 < tokens.count, tokens[e + 1].isCap, tokens[e + 1].kind == .word, tokens[e + 1].start == tokens[e].end + 1 { e += 1 }
        let region = text(b + 2, e)
        guard Lexicon.isPlaceName(region) else { return false }
        guard e + 1 < tokens.count else { return true }
        let after = tokens[e + 1]
        // "Paris, London and Rome" is a list, not a place and its region
        if after.lower == "and" || (after.text == "," && e + 2 < tokens.count && tokens[e + 2].isCap) { return false }
        // "Ross Walker, UK economist": the region is an adjective of what follows
        return after.kind == .punct || after.has(.functionWords)
    }

    // MARK: main

    func recognize() -> (entities: [Entity], spans: [Span]) {
        var spans: [Span] = []
        let n = tokens.count
        for (a0, b0) in chunks() {
            var a = a0
            var b = b0
            // leading function words
            while a <= b && tokens[a].has(.functionWords) && !tokens[a].isAllCaps && !(a < b && tokens[a].has(.givenNames) && tokens[a + 1].has(.surnames))
                    && !(a < b && Lexicon.honorifics.contains(tokens[a].lower)) { a += 1 }
            // "Pro-Beijing DAB", "Anti-Kremlin": a stance adjective, not part of a name
            while a <= b, tokens[a].end - tokens[a].start > 5, Self.isStancePrefix(tokens[a].lower) { a += 1 }
            if a > b { continue }
            var roles: [String] = []
            var sentenceCommon = false
            // sentence-initial common word
            if tokens[a].sentenceInitial || (a > 0 && SentenceSplitter.isOpeningMark(tokens[a - 1])) {
                let t = tokens[a]
                let known = Lexicon.countries[t.text] != nil || Lexicon.demonyms[t.text] != nil || Lexicon.places[t.text] != nil || Lexicon.knownOrgs[t.text] != nil
                let nameLike = t.has(.givenNames) && a < b
                if !known && !nameLike && t.has(.commonWords) {
                    if t.lower.hasSuffix("ly") || t.lower.hasSuffix("ing") || t.lower.hasSuffix("ed") { a += 1 }
                    // a lone common word ("Khan", "Consumer") survives only as part of a fuller name
                    else if a == b { sentenceCommon = true }
                }
                if a > b { continue }
                if a < b, tokens[a].has(.commonWords), !tokens[a].has(.givenNames), !known,
                   !tokens[a].has(.titleWords), tokens[a].lower != "team",
                   Lexicon.demonyms[tokens[a + 1].text] != nil || tokens[a + 1].has(.titleWords) || Lexicon.countries[tokens[a + 1].text] != nil {
                    a += 1
                }
                if a < b, a == a0 || tokens[a - 1].kind == .punct, tokens[a].has(.commonWords), !tokens[a].has(.givenNames),
                   tokens[a + 1].has(.givenNames), !tokens[b].has(.orgHeads), !Lexicon.stormWords.contains(tokens[a].lower) {
                    roles.append(tokens[a].text); a += 1
                }
            }
            // roles: lowercase or capitalised titles immediately before the name
            var titled = !roles.isEmpty
            var r = a - 1
            while r >= 0 && tokens[r].sentence == tokens[a].sentence && tokens[r].kind == .word && !tokens[r].isCap && tokens[r].has(.titleWords) { r -= 1 }
            if r + 1 < a { roles.append(text(r + 1, a - 1)); titled = true }
            let lowerRoles = roles.count
            // leading nationality adjective: "Pakistani Foreign Minister Shah Mehmood Qureshi"
            if a < b, Lexicon.demonyms[tokens[a].text] != nil, Lexicon.demonyms[text(a, b)] == nil, Lexicon.countries[text(a, b)] == nil, Lexicon.places[text(a, b)] == nil,
               !(Lexicon.compassWords.contains(tokens[a].lower) && Lexicon.isPlaceName(text(a + 1, b))),  // "Western Australia"
               !tokens[b].has(.orgHeads), !hasHeadedFor(a, b), Lexicon.knownOrgs[text(a, b)] == nil, Lexicon.knownOrgs[text(a + 1, b)] == nil {
                // kept whole: "British Red Cross", "Iraqi National Congress" (an organisation's own name)
                let iso = Lexicon.demonyms[tokens[a].text]!
                spans.append(Span(a: a, b: a, type: .norp, strong: true, iso: iso == "-" ? nil : iso))
                a += 1
            }
            // inner title or inner given name: split off the left part as its own name
            if a < b {
                var split: Int? = nil
                var p = a + 1
                while p <= b {
                    let l = tokens[p].lower.hasSuffix(".") ? String(tokens[p].lower.dropLast()) : tokens[p].lower
                    if Lexicon.titleWords.contains(l) && !Lexicon.weakTitleWords.contains(l) && p < b && !tokens[b].has(.orgHeads)
                        && !["of", "for"].contains(tokens[p + 1].lower) && !tokens[p - 1].has(.titleWords) {
                        var q = p
                        while q > a + 1 && tokens[q - 1].has(.weakTitleWords) { q -= 1 }
                        split = q; break
                    }
                    if tokens[p - 1].isAllCaps, !tokens[p].isAllCaps, Lexicon.knownOrgs[text(a, p - 1)] != nil || Lexicon.countries[text(a, p - 1)] != nil,
                       !(p...b).contains(where: { tokens[$0].has(.orgHeads) }), !tokens[p].has(.titleWords) {
                        split = p; break
                    }
                    if p < b, tokens[p].has(.givenNames) || (p + 1 == b && (tokens[b].has(.surnames) || tokens[b].has(.givenNames)) && tokens[p - 1].has(.orgHeads) && !tokens[p].has(.commonWords) && !tokens[b].has(.commonWords)),
                       !tokens[p - 1].has(.givenNames) || Lexicon.knownOrgs[text(a, p - 1)] != nil, !tokens[p - 1].has(.titleWords),  // "Tory Liam Fox"
                       (tokens[p - 1].has(.orgHeads) || Lexicon.isPlaceName(text(a, p - 1)) || tokens[p - 1].isAllCaps || Lexicon.knownOrgs[text(a, p - 1)] != nil),
                       !tokens[b].has(.orgHeads), !tokens[b].has(.locHeads) {
                        split = p; break
                    }
                    p += 1
                }
                if let q = split {
                    if let c = classify(a, q - 1, titled: false), c.1 || tokens[a].isAllCaps || !(a...(q - 1)).allSatisfy({ tokens[$0].has(.commonWords) || tokens[$0].has(.weakTitleWords) }) {
                        spans.append(Span(a: a, b: q - 1, type: c.0, strong: c.1, iso: c.2 == "ctx" || c.2 == "guess" ? nil : c.2))
                        a = q
                    } else if q < b {
                        roles.append(text(a, q))
                        titled = true
                        a = q + 1
                    }
                }
            }
            // "Governor of the Reserve Bank": a title heading an "of" phrase
            if a + 2 <= b, tokens[a].has(.titleWords), !tokens[a].has(.weakTitleWords), tokens[a + 1].lower == "of" || tokens[a + 1].lower == "for" {
                a += 2
                if a <= b && tokens[a].lower == "the" { a += 1 }
                if a > b { continue }
                // "Chancellor of the Exchequer Gordon Brown": the office is a role, the rest a name
                if let g = (a...b).first(where: { $0 > a && tokens[$0].has(.givenNames) }), !tokens[b].has(.orgHeads) {
                    roles.append(text(a0, g - 1)); titled = true; a = g
                }
            }
            // capitalised titles
            let t0 = a
            while a < b && Lexicon.titleWords.contains(tokens[a].lower.hasSuffix(".") ? String(tokens[a].lower.dropLast()) : tokens[a].lower) {
                if tokens[a].has(.weakTitleWords) && (tokens[b].has(.orgHeads) || tokens[b].has(.miscHeads)) { break }
                if tokens[b].has(.orgHeads) { break }
                a += 1
            }
            if a > t0 {
                let roleText = text(t0, a - 1)
                roles.append(roleText.hasSuffix(".") ? String(roleText.dropLast()) : roleText)
                titled = !["former", "deputy"].contains(roleText.lowercased()) || titled
                if a <= b, tokens[a].lower == "of" || tokens[a].lower == "for" { continue }
            }
            if a > b { continue }
            // "The Conservative Party Co-Chairman said": a trailing title names a role, not a name
            while b > a, tokens[b].has(.titleWords), !tokens[b].has(.weakTitleWords), !tokens[b].has(.orgHeads),
                  tokens[b - 1].has(.orgHeads) || Lexicon.knownOrgs[text(a, b - 1)] != nil || Lexicon.countries[text(a, b - 1)] != nil { b -= 1 }
            // a lone title word left over ("President", "Minister") is not a name
            // (but "Mr Dean" is a name)
            if a == b && tokens[a].has(.titleWords) && (!tokens[a].has(.weakTitleWords) || a > t0),
               !(a > 0 && Lexicon.honorifics.contains(tokens[a - 1].lower)) { continue }  // also "Chief Executive"
            // "as Foreign Affairs minister": a portfolio before a lowercase title is no name
            if a == b, a > t0, b + 1 < n, tokens[b + 1].has(.titleWords), !tokens[b + 1].isCap, tokens[a].has(.commonWords),
               !tokens[a].has(.givenNames), !tokens[a].has(.surnames), !tokens[a].has(.orgHeads), !Lexicon.isPlaceName(tokens[a].text) { continue }
            guard var c = classify(a, b, titled: titled && !roles.isEmpty) else { continue }
            // "Sensitive government document …": a sentence's first word, if a common word, gets
            // no strong type from what follows it
            if sentenceCommon && a == b && c.2 == nil && !titled && !tokens[a].has(.orgHeads) && !tokens[a].has(.miscHeads)
                && !Lexicon.knownMisc.contains(tokens[a].text) { c.1 = false }
            // hyphenated pair of places "Ukraine-Russia"
            if a == b, tokens[a].text.utf8.contains(45), c.1 == false {
                let parts = tokens[a].text.split(separator: "-").map(String.init)
                if parts.count == 2, parts.allSatisfy(Lexicon.isPlaceName) {
                    var off = tokens[a].start
                    for p in parts {
                        let len = p.unicodeScalars.count
                        spans.append(Span(a: a, b: a, type: .loc, strong: true, iso: Lexicon.countries[p], roles: [], entity: -2 - off))
                        _ = len
                        off += len + 1
                    }
                    continue
                }
                if parts.count >= 2, !parts.allSatisfy({ $0.first?.isUppercase ?? false }) { continue }
                if parts.count == 2, parts.allSatisfy({ Lexicon.commonWords.contains($0.lowercased()) == false && Lexicon.knownOrgs[$0] == nil }), c.0 != .person || true {
                    if !tokens[a].isAllCaps && parts.allSatisfy({ p in p.unicodeScalars.dropFirst().contains(where: { CharacterClass.isLetter($0) && !CharacterClass.isUpper($0) }) }) && !Lexicon.givenNames.contains(parts[0]) { continue }
                }
            }
            if c.0 != .person && lowerRoles > 0 { roles.removeFirst(lowerRoles) }
            let nextL = b + 1 < tokens.count ? tokens[b + 1].lower : ""
            // "near Mecca": a capitalised common word after a place preposition, mid-sentence, is a name
            let placeAfterPreposition = c.2 == "ctx" && c.0 == .loc && !sentenceCommon && !tokens[a].sentenceInitial
            let personByContext = c.0 == .person && c.2 == "ctx" && !isPluralGroupNoun(tokens[b])  // "Caprice, who left …", not "Rovers, who"
            let weakCommon = !personByContext && (((a == b && !c.1 && tokens[a].has(.commonWords) && !tokens[a].isAllCaps) && !Lexicon.personCueWords.contains(nextL) && !titled && !placeAfterPreposition)
                || (sentenceCommon && a == b && !c.1))
            if c.0 == .person && !titled && roles.isEmpty && c.1 == false && a == b && tokens[a].isAllCaps { c.0 = .org }
            let ctx = c.2 == "ctx", guess = c.2 == "guess"
            spans.append(Span(a: a, b: b, type: c.0, strong: c.1, iso: ctx || guess ? nil : c.2, roles: roles, weakCommon: weakCommon, contextual: ctx, guess: guess))
        }
        _ = n
        return resolve(spans)
    }

    // MARK: document resolution

    func resolve(_ input: [Span]) -> (entities: [Entity], spans: [Span]) {
        var spans = input
        // appositive roles: "Mumtaz Zahra Baloch, the chief Foreign Office spokesperson"
        for i in spans.indices where spans[i].type == .person {
            var j = spans[i].b + 1
            guard j < tokens.count, tokens[j].text == "," else { continue }
            j += 1
            var steps = 0
            while j < tokens.count && steps < 7 && tokens[j].sentence == tokens[spans[i].b].sentence && tokens[j].text != "," && tokens[j].text != "." {
                let l = tokens[j].lower
                if (Lexicon.titleWords.contains(l) || Lexicon.roleNouns.contains(l)) && !Lexicon.weakTitleWords.contains(l) && l != "former" && !Lexicon.orgNouns.contains(l) && !Lexicon.statementNouns.contains(l) && !Lexicon.sourceNouns.contains(l) {
                    var a = j
                    if j - 1 > spans[i].b + 1, tokens[j - 1].kind == .word, tokens[j - 1].has(.titleWords) || Lexicon.roleModifiers.contains(tokens[j - 1].lower) { a = j - 1 }
                    spans[i].roles.append(text(a, j))
                    break
                }
                j += 1; steps += 1
            }
        }
        // "Gary Fan of the Neo Democrats", "Nick Rhodes of Duran Duran": what a person is "of",
        // unless a place, is their organisation
        var personEndsAt = [Bool](repeating: false, count: tokens.count)
        for sp in spans where sp.type == .person && sp.entity > -2 { personEndsAt[sp.b] = true }
        for i in spans.indices where !spans[i].strong && spans[i].entity > -2 && spans[i].type != .org {
            var k = spans[i].a - 1
            if k > 0, tokens[k].lower == "the" { k -= 1 }
            guard k > 0, tokens[k].lower == "of", personEndsAt[k - 1], tokens[k].sentence == tokens[spans[i].a].sentence,
                  !Lexicon.isPlaceName(text(spans[i].a, spans[i].b)) else { continue }
            spans[i].type = .org; spans[i].contextual = true; spans[i].weakCommon = false
        }
        // coordination: weak items of a list ("Taunton, Wells and Oxford East") take the list's type
        var i0 = 0
        while i0 < spans.count {
            var i1 = i0
            while i1 + 1 < spans.count, spans[i1 + 1].entity > -2, spans[i1].entity > -2, isListGap(spans[i1].b, spans[i1 + 1].a),
                  tokens[spans[i1 + 1].a].paragraph == tokens[spans[i1].a].paragraph { i1 += 1 }
            // "the ancient gods, such as Zeus, Hera and Athena": the noun before "such as" types the list
            if let t = listNounType(before: spans[i0].a) {
                for i in i0...i1 where !spans[i].strong && !(t == .person && isPluralGroupNoun(tokens[spans[i].b])) { spans[i].type = t; spans[i].contextual = true; spans[i].weakCommon = false }
            }
            if i1 - i0 >= 2 {
                var strong: [EntityType: Int] = [:]
                for i in i0...i1 where spans[i].strong { strong[spans[i].type, default: 0] += 1 }
                if let top = strong.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }), top.value >= 2, top.key != .person {
                    for i in i0...i1 where !spans[i].strong || (spans[i].type == .person && top.key == .loc && spans[i].roles.isEmpty) {
                        spans[i].type = top.key; spans[i].strong = true; spans[i].weakCommon = false
                    }
                } else if let top = strong.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }), top.value >= 2, top.key == .person {
                    // "Heinze, Ronaldo and Vieira": a lone unknown word among people is a person
                    for i in i0...i1 where !spans[i].strong && !spans[i].contextual && spans[i].a == spans[i].b && spans[i].type == .org { spans[i].type = .person }
                }
            }
            i0 = i1 + 1
        }
        // one type per surface string: strong evidence wins, then majority
        var votes: [String: TypeVotes] = [:]
        votes.reserveCapacity(spans.count)
        let surfaces = spans.map { $0.entity > -2 ? text($0.a, $0.b) : "" }
        for (i, s) in spans.enumerated() where s.entity > -2 {
            votes[surfaces[i], default: TypeVotes()].add(s.type, s.strong ? 20 : s.contextual ? 6 : s.guess ? 1 : 2)
        }
        for i in spans.indices where spans[i].entity > -2 {
            if let t = votes[surfaces[i]]?.winner { spans[i].type = t }
        }
        // "Blunkett Sheffield": a known surname followed by a place is two names
        var multiPersonSet = Set<String>()
        var multiPersonNames: [String] = []
        for sp in spans where sp.type == .person && sp.b > sp.a && sp.entity > -2 {
            let name = text(sp.a, sp.b)
            if multiPersonSet.insert(name).inserted { multiPersonNames.append(name) }
        }
        let multiPersons = WordAffixIndex(multiPersonNames)
        var extra: [Span] = []
        for i in spans.indices where spans[i].type == .person && spans[i].b > spans[i].a && spans[i].entity > -2 && spans[i].roles.isEmpty {
            let lastTok = tokens[spans[i].b].text
            guard Lexicon.isPlaceName(lastTok) else { continue }
            let head = text(spans[i].a, spans[i].b - 1)
            if multiPersons.hasName(endingWith: head, otherThan: text(spans[i].a, spans[i].b)) {
                extra.append(Span(a: spans[i].b, b: spans[i].b, type: .loc, strong: true, iso: Lexicon.countries[lastTok]))
                spans[i].b -= 1
            }
        }
        spans.append(contentsOf: extra)
        // persons known by full names
        var personTokens: [String: String] = [:]  // single token -> full name
        var fullNames: [String] = []
        var fullNameSet = Set<String>()
        for s in spans where s.type == .person && s.b > s.a && s.entity > -2 {
            let full = text(s.a, s.b)
            if fullNameSet.insert(full).inserted { fullNames.append(full) }
        }
        // names that start with a known given name first
        let startsWithGivenName = fullNames.map { n in
            Lexicon.givenNames.contains(String(n[..<(n.firstIndex(of: " ") ?? n.endIndex)]))
        }
        fullNames = fullNames.indices.filter { startsWithGivenName[$0] }.map { fullNames[$0] }
            + fullNames.indices.filter { !startsWithGivenName[$0] }.map { fullNames[$0] }
        // the first full person name that a key ends ("Qureshi", "Mehmood Qureshi") or, unless
        // suffixOnly, begins ("Shah") as whole words
        let fullNameIndex = WordAffixIndex(fullNames)
        func fullName(endingOrBeginningWith key: String, suffixOnly: Bool) -> String? {
            fullNameIndex.firstName(endingOrBeginningWith: key, suffixOnly: suffixOnly)
        }
        // longest first (in scalars), then alphabetical
        let scalarCounts = fullNames.map(\.unicodeScalars.count)
        let longestFirst = fullNames.indices.sorted { a, b in
            scalarCounts[a] > scalarCounts[b] || (scalarCounts[a] == scalarCounts[b] && fullNames[a] < fullNames[b])
        }
        for full in longestFirst.map({ fullNames[$0] }) {
            let parts = full.split(separator: " ").map(String.init)
            if let l = parts.last, personTokens[l] == nil { personTokens[l] = full }
            if let f = parts.first, personTokens[f] == nil, f.unicodeScalars.count > 2, !f.unicodeScalars.allSatisfy({ CharacterClass.isUpper($0) }) { personTokens[f] = full }
            // suffixes: "Mehmood Qureshi"
            if parts.count > 2 { let suf = parts.suffix(2).joined(separator: " "); if personTokens[suf] == nil { personTokens[suf] = full } }
        }
        var orgNames: [String] = []
        var orgNameSet = Set<String>()
        for s in spans where s.type == .org && s.b > s.a { let t = text(s.a, s.b); if orgNameSet.insert(t).inserted { orgNames.append(t) } }

        // named buildings, for their acronyms ("JSC" → "Johnson Space Center")
        var acronymSourceNames: [String] = []
        // and of named events ("CES" → "Consumer Electronics Show")
        var namedThings: [String: EntityType] = [:]
        for s in spans where s.b > s.a + 1 && (s.type == .loc && Lexicon.facilityHeads.contains(tokens[s.b].lower) || s.type == .misc) {
            let name = text(s.a, s.b)
            if namedThings[name] == nil { namedThings[name] = s.type; acronymSourceNames.append(name) }
        }
        let acronymSources = OrgExpansionIndex(acronymSourceNames)

        let orgTable = OrgExpansionIndex(orgNames)
        func expand(_ key: String) -> String? { orgTable.expansion(of: key) }
        // canonical names
        var canonical = [String?](repeating: nil, count: spans.count)
        for i in spans.indices where spans[i].entity > -2 {
            let key = text(spans[i].a, spans[i].b)
            let prevL = spans[i].a > 0 ? tokens[spans[i].a - 1].lower : ""
            if let full = personTokens[key], full != key, !(spans[i].a == spans[i].b && Lexicon.orgHeads.contains(tokens[spans[i].a].lower)) {
                let placeName = Lexicon.isPlaceName(key)
                if placeName, !(full.split(separator: " ").first.map { Lexicon.givenNames.contains(String($0)) } ?? false) {
                    canonical[i] = Lexicon.countryAliases[key] ?? key
                    continue
                }
                if Lexicon.knownOrgs[key] == nil && Lexicon.countries[key] == nil && Lexicon.demonyms[key] == nil && !(placeName && Lexicon.placeLinkPrepositions.contains(prevL)) && spans[i].type != .norp {
                    spans[i].type = .person
                    canonical[i] = full
                    continue
                }
            }
            if spans[i].a == spans[i].b && Lexicon.orgHeads.contains(tokens[spans[i].a].lower) {
                spans[i].type = .org
                if let full = expand(key) { canonical[i] = full; continue }
            }
            if spans[i].type == .person, let full = fullName(endingOrBeginningWith: key, suffixOnly: false), full != key {
                canonical[i] = full; continue
            }
            if spans[i].a == spans[i].b, tokens[spans[i].a].isAllCaps, !spans[i].strong, !acronymSources.isEmpty,
               let full = acronymSources.expansion(of: key), !full.hasPrefix(key + " ") {
                spans[i].type = namedThings[full] ?? .loc; canonical[i] = full; continue
            }
            if spans[i].type == .org || (spans[i].type != .person && spans[i].a == spans[i].b && !spans[i].strong) {
                if let full = expand(key) { spans[i].type = .org; canonical[i] = full; continue }
                if let known = Lexicon.knownOrgs[key] { canonical[i] = known; continue }
            }
            if spans[i].type == .loc, let c = Lexicon.countryAliases[key] { canonical[i] = c; continue }
            canonical[i] = key
            if spans[i].weakCommon && fullName(endingOrBeginningWith: key, suffixOnly: true) == nil { spans[i].dropped = true }
        }
        // headline paragraphs: match tokens against names seen in the body or in gazetteers
        var surfaceType: [String: (EntityType, String, String?)] = [:]
        surfaceType.reserveCapacity(spans.count)
        var surfaceStarts = Set<String>()  // first words of the multi-word surfaces
        for i in spans.indices where spans[i].entity > -2 && !spans[i].dropped {
            let key = text(spans[i].a, spans[i].b)
            if surfaceType[key] == nil {
                surfaceType[key] = (spans[i].type, canonical[i] ?? key, spans[i].iso)
                if let space = key.firstIndex(of: " ") { surfaceStarts.insert(String(key[..<space])) }
            }
        }
        func startsMultiWordName(_ word: String) -> Bool { Lexicon.multiWordStarts.contains(word) || surfaceStarts.contains(word) }
        var headlineSpans: [Span] = []
        var headCanon: [String] = []
        // each headline token's title-cased form, computed once
        var titled = [String?](repeating: nil, count: headlineParagraphs.isEmpty ? 0 : tokens.count)
        func titleCasedToken(_ j: Int) -> String {
            if let t = titled[j] { return t }
            let t = ScalarText.titleCased(tokens[j]); titled[j] = t; return t
        }
        var k = 0
        while k < tokens.count {
            guard headlineParagraphs.contains(tokens[k].paragraph), tokens[k].kind == .word, tokens[k].isCap else { k += 1; continue }
            // candidate names are runs of up to four words (or "&") within the paragraph
            var run = 0
            while run < 4 && k + run < tokens.count && tokens[k + run].paragraph == tokens[k].paragraph
                    && (tokens[k + run].kind == .word || tokens[k + run].text == "&") { run += 1 }
            var matched = false
            for len in stride(from: run, through: 1, by: -1) {
                let b = k + len - 1
                let orig = text(k, b)
                let origIsKey = surfaceType[orig] != nil || Lexicon.countries[orig] != nil || Lexicon.knownOrgs[orig] != nil
                // several words title-cased make a name only if their first word begins one:
                // most runs are ruled out by one lookup
                if len > 1 && !origIsKey && !startsMultiWordName(titleCasedToken(k)) { continue }
                let key = origIsKey ? orig : (k...b).map(titleCasedToken).joined(separator: " ")
                var hit: (EntityType, String, String?)? = surfaceType[key]
                if hit == nil {
                    if let o = Lexicon.knownOrgs[key] ?? Lexicon.knownOrgs[orig] { hit = (.org, o, nil) }
                    else if let iso = Lexicon.countries[key] ?? Lexicon.countries[orig] { hit = (.loc, Lexicon.countryAliases[key] ?? key, iso) }
                    else if let d = Lexicon.demonyms[key] { hit = (.norp, key, d == "-" ? nil : d) }
                    else if len == 1, let p = personTokens[key] { hit = (.person, p, nil) }
                    else if len >= 1, let p = Lexicon.places[key], !Lexicon.commonWords.contains(ScalarText.lowercased(key)) { hit = (.loc, key, p == "-" ? nil : p) }
                }
                if let h = hit {
                    headlineSpans.append(Span(a: k, b: b, type: h.0, strong: true, iso: h.2))
                    headCanon.append(h.1)
                    k = b + 1; matched = true; break
                }
            }
            if !matched { k += 1 }
        }

        // build entities keyed by (type, canonical)
        struct EntityKey: Hashable { let type: EntityType; let name: String }
        /// A mention is its entity and offsets: the text follows from them.
        struct MentionKey: Hashable { let entity: Int; let start: Int; let end: Int }
        var index: [EntityKey: Int] = [:]
        index.reserveCapacity(spans.count + headlineSpans.count)
        var entities: [Entity] = []
        var seenMentions = Set<MentionKey>(minimumCapacity: spans.count + headlineSpans.count)
        var seenRoles: [Set<String>] = []  // each entity's roles, for a constant-time duplicate check
        var firstPos: [Int] = []
        func add(_ span: inout Span, _ canon: String, start: Int, end: Int) {
            let key = EntityKey(type: span.type, name: canon)
            if let e = index[key] {
                if entities[e].mentions.count < ExtractionLimits.maxMentionsPerEntity,
                   seenMentions.insert(MentionKey(entity: e, start: start, end: end)).inserted {
                    entities[e].mentions.append(Mention(start: start, end: end, text: ScalarText.string(scalars, start, end)))
                }
                for r in span.roles where seenRoles[e].insert(r).inserted { entities[e].roles.append(r) }
                if entities[e].country == nil { entities[e].country = span.iso }
                span.entity = e
            } else {
                index[key] = entities.count
                span.entity = entities.count
                var country = span.iso
                if country == nil, span.type == .loc { country = Lexicon.countries[canon] }
                if country == nil, span.type == .norp, let d = Lexicon.demonyms[canon], d != "-" { country = d }
                entities.append(Entity(name: canon, type: span.type, mentions: [Mention(start: start, end: end, text: ScalarText.string(scalars, start, end))], roles: span.roles, country: country))
                seenMentions.insert(MentionKey(entity: entities.count - 1, start: start, end: end))
                seenRoles.append(Set(span.roles))
                firstPos.append(start)
            }
        }
        if isSports {
            for i in spans.indices where spans[i].entity > -2 && !spans[i].dropped && spans[i].type == .loc && isTeamContext(spans[i]) { spans[i].type = .org }
            for i in headlineSpans.indices where headlineSpans[i].type == .loc && isTeamContext(headlineSpans[i]) { headlineSpans[i].type = .org }
        }
        for i in spans.indices where !spans[i].dropped {
            if spans[i].entity <= -2 {
                // hyphen part: entity field carries -2 - offset
                let off = -2 - spans[i].entity
                let tok = tokens[spans[i].a]
                let rel = off - tok.start
                let parts = tok.text.split(separator: "-").map(String.init)
                var acc = 0
                var name = parts[0]
                for p in parts { if acc == rel { name = p }; acc += p.unicodeScalars.count + 1 }
                var sp = spans[i]
                add(&sp, Lexicon.countryAliases[name] ?? name, start: off, end: off + name.unicodeScalars.count)
                spans[i].entity = sp.entity
                continue
            }
            let canon = canonical[i] ?? text(spans[i].a, spans[i].b)
            add(&spans[i], canon, start: tokens[spans[i].a].start, end: tokens[spans[i].b].end)
        }
        for i in headlineSpans.indices {
            add(&headlineSpans[i], headCanon[i], start: tokens[headlineSpans[i].a].start, end: tokens[headlineSpans[i].b].end)
        }
        for e in entities.indices { entities[e].mentions.sort { $0.start < $1.start } }
        let order = entities.indices.sorted { entities[$0].mentions[0].start < entities[$1].mentions[0].start }
        var remap = [Int](repeating: 0, count: entities.count)
        for (newI, oldI) in order.enumerated() { remap[oldI] = newI }
        let sorted = order.map { entities[$0] }
        var all = spans.filter { !$0.dropped } + headlineSpans
        for i in all.indices where all[i].entity >= 0 { all[i].entity = remap[all[i].entity] }
        all.sort { tokens[$0.a].start < tokens[$1.a].start }
        _ = firstPos
        return (sorted, all)
    }


    /// In a sports report, a city or county next to a score or a match verb is a team.
    func isTeamContext(_ sp: Span) -> Bool {
        let key = text(sp.a, sp.b)
        let tc = (sp.a...sp.b).map { ScalarText.titleCased(tokens[$0]) }.joined(separator: " ")
        if Lexicon.countries[key] != nil || Lexicon.countries[tc] != nil || Lexicon.places[key] == "-" || Lexicon.places[tc] == "-" { return false }
        if tokens[sp.b].has(.locHeads) { return false }
        let prev = sp.a > 0 && tokens[sp.a - 1].paragraph == tokens[sp.a].paragraph ? tokens[sp.a - 1] : nil
        let next = sp.b + 1 < tokens.count && tokens[sp.b + 1].paragraph == tokens[sp.b].paragraph ? tokens[sp.b + 1] : nil
        if let nx = next, nx.kind == .number, DateExtractor.parseISO(nx.text) != nil { return false }  // dateline
        if let p = prev, Lexicon.teamPlacePrepositions.contains(p.lower) { return false }
        if let nx = next, nx.kind == .number { return true }
        if let p = prev, p.kind == .number || Lexicon.teamVerbs.contains(p.lower) { return true }
        if let nx = next, Lexicon.teamVerbs.contains(nx.lower) && nx.lower != "at" { return true }
        if tokens[sp.a].isAllCaps && headlineParagraphs.contains(tokens[sp.a].paragraph) && prev == nil { return true }
        if let p = prev, p.text == "," || p.lower == "and", let nx = next, nx.text == "," || nx.lower == "and" { return true }
        return false
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

}
