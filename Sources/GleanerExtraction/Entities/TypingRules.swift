/// The typing rules, in the order they are tried (`Typer`). Each rule's examples are in
/// `RuleBook` and run as tests.
enum TypingRules {
    static let ordered: [TypingRule] = gazetteerRules + genreRules + listRules + headRules + prefixRules
        + contextRules + shapeRules

    // MARK: gazetteers and known names

    static let gazetteerRules: [TypingRule] = [
        TypingRule(.typePartyStateTag) { c in c.count == 1 && Typer.isPartyAndState(c.firstText) ? .notAName : nil },
        TypingRule(.typeTickerSymbol) { c in c.isTickerSymbol ? .notAName : nil },
        TypingRule(.typeGovernmentSeat) { c in
            if c.count > 1, c.count <= Lexicon.governmentSeatWords,
               Lexicon.governmentSeatFirstWords.contains(c.firstText),
               Lexicon.governmentSeats.contains(c.range.map { c.tokens[$0].text }.joined(separator: " ")) {
                return .strong(.loc, country: "US")
            }
            return c.count == 1 && c.isListed(in: Lexicon.governmentSeats) ? .strong(.loc) : nil
        },
        TypingRule(.typeMovement) { c in c.isListed(in: Lexicon.movements) ? .strong(.norp) : nil },
        TypingRule(.typeKnownOrganisation) { c in c.listed(in: Lexicon.knownOrgs) != nil ? .strong(.org) : nil },
        TypingRule(.typeCountry) { c in c.listed(in: Lexicon.countries).map { .strong(.loc, country: $0) } },
        TypingRule(.typeNationality) { c in
            if let code = c.listed(in: Lexicon.demonyms) { return .strong(.norp, country: code == "-" ? nil : code) }
            // "Greeks"
            if c.count == 1, c.surface.hasSuffix("s"), let code = Lexicon.demonyms[String(c.surface.dropLast())] {
                return .strong(.norp, country: code == "-" ? nil : code)
            }
            return nil
        },
        TypingRule(.typeKnownMisc) { c in c.isListed(in: Lexicon.knownMisc) ? .strong(.misc) : nil },
        TypingRule(.typeProduct) { c in
            c.anyToken { Lexicon.productWords.contains($0.text) }
                && c.listed(in: Lexicon.knownOrgs) == nil ? .strong(.misc) : nil
        },
        // "IE9", "A380": letters with digits name a model or a version
        TypingRule(.typeModelNumber) { c in
            c.count == 1 && c.firstToken.kind == .word
                && c.firstText.unicodeScalars.contains(where: CharacterClass.isDigit)
                && !c.firstText.utf8.contains(45) && c.listed(in: Lexicon.knownOrgs) == nil ? .plain(.misc) : nil
        },
        TypingRule(.typeKnownName) { c in c.listed(in: Lexicon.knownNames).map { .strong($0) } },
    ]

    // MARK: lists and their labels

    /// Before the head words: a line-up's surname may be a head word too ("C Hall").
    static let listRules: [TypingRule] = [
        // "Subs Not Used: White, McIntosh, Wood": a label of ordinary words before a list
        TypingRule(.typeListLabel) { c in c.nextLower == ":" && c.context.isListLabel(c.a, c.b) ? .notAName : nil },
        // "W L PCT GB": a line of column headings
        TypingRule(.typeTableHeader) { c in c.count >= 3 && c.context.isTableHeader(c.a, c.b) ? .notAName : nil },
        // "S Bruno, N Mas; F Pelous", "T Smith", "D Parks": an initial and a name next to another
        TypingRule(.typeLineUpInitials) { c in
            c.count == 2 && c.context.isLineUpItem(c.a, c.b) && Lexicon.countries[c.firstText] == nil
                ? .plain(.person) : nil
        },
    ]

    // MARK: head words

    static let headRules: [TypingRule] = [
        // "Norsk Hydro A/S", "A/S Norske Shell": a legal form written with a slash
        TypingRule(.typeSlashedLegalForm) { c in
            c.count > 3 && (c.context.isSlashedLegalForm(at: c.b - 2) || c.context.isSlashedLegalForm(at: c.a))
                ? .strong(.org) : nil
        },
        // "Manchester City", "Aston Villa" (in sports reports), "Leeds United"; not "David Villa"
        TypingRule(.typeFootballClub) { c in
            c.count > 1 && Lexicon.clubNames.contains(c.lastLower) && (c.context.isSports
                || Lexicon.clubOnlyNames.contains(c.lastLower))
                && !(c.firstToken.has(.givenNames)
                    && Lexicon.givenNameClubWords.contains(c.lastLower)) ? .strong(.org) : nil
        },
        // "Bayer Leverkusen", "Viking Stavanger"
        TypingRule(.typeSportsClubWithPlace) { c in
            c.context.isSports && c.count == 2 && !c.firstToken.has(.givenNames) && !c.lastToken.has(.locHeads)
                && (Lexicon.places[c.lastToken.text] != nil || Lexicon.places[c.firstText] != nil)
                && Lexicon.countries[c.lastToken.text] == nil ? .plain(.org) : nil
        },
        // "the Orioles", "Blue Jays" in a sports report
        TypingRule(.typeTeamNickname) { c in
            c.context.isSports && c.isListed(in: Lexicon.teamNicknames) ? .strong(.org) : nil
        },
        TypingRule(.typeFacility) { c in
            c.count > 1 && Lexicon.facilityHeads.contains(c.lastLower) && !c.anyToken({ $0.lower == "of"
                || $0.lower == "for" })
                ? .strong(.loc) : nil
        },
        TypingRule(.typeNewspaper) { c in
            c.count > 1 && Lexicon.newspaperHeads.contains(c.lastLower) && Lexicon.isPlaceName(c.text(c.a,
                c.b - 1)) ? .strong(.org) : nil
        },
        TypingRule(.typeOrganisationHead) { c in
            c.lastToken.has(.orgHeads) && (c.count > 1
                || Lexicon.loneOrganisationHeads.contains(c.surface)) ? .strong(.org) : nil
        },
        // "Irving Independent School District"
        TypingRule(.typeSchoolDistrict) { c in
            c.count > 1 && c.lastLower == "district" && c.tokens[c.b - 1].has(.orgHeads) ? .strong(.org) : nil
        },
        TypingRule(.typePlaceHead) { c in
            c.count > 1 && c.lastToken.has(.locHeads) && !(c.lastLower == "state"
                && c.firstToken.lower == "islamic")
                ? .strong(.loc) : nil
        },
        // "Isle of Man", "Gulf of Mexico"
        TypingRule(.typePlaceOfPhrase) { c in
            guard let of = c.range.first(where: { c.tokens[$0].lower == "of" }), of > c.a else { return nil }
            return c.tokens[of - 1].has(.locHeads) && !c.tokens[of - 1].has(.orgHeads) ? .strong(.loc) : nil
        },
        // "National Football League": a league named after its sport is the body that runs it, not a contest
        TypingRule(.typeSportLeague) { c in
            c.count > 2 && c.lastLower == "league" && c.tokens[c.b - 1].has(.sportsWords) ? .strong(.org) : nil
        },
        TypingRule(.typeEventHead) { c in c.count > 1
            && c.lastToken.has(.miscHeads) ? .strong(.misc) : nil },
        // "Waitangi Day", not "Doris Day"
        TypingRule(.typeNamedDay) { c in c.count > 1 && c.lastLower == "day"
            && !c.firstToken.has(.givenNames) ? .strong(.misc) : nil },
        TypingRule(.typeKnownPlace) { c in c.listed(in: Lexicon.places) != nil ? .strong(.loc) : nil },
        TypingRule(.typeDistrictOfColumbia) { c in
            c.count > 1 && (c.lastToken.text == "DC" || c.lastToken.text == "D.C.") ? .strong(.loc, country: "US") : nil
        },
        // "Kosovo Albanians"
        TypingRule(.typeNationalityGroup) { c in
            c.count > 1 && Lexicon.demonyms[c.lastToken.text] != nil
                && !c.firstToken.has(.givenNames) ? .strong(.norp) : nil
        },
        // an organisation head inside the name; strong before "of"/"for" ("University of North Carolina")
        TypingRule(.typeOrganisationHeadInside) { c in
            guard c.count > 1, let h = c.range.first(where: { c.tokens[$0].has(.orgHeads)
                && c.tokens[$0].lower != "co" && c.tokens[$0].lower != "co." }) else { return nil }
            let ofPhrase = h + 1 < c.b && !c.lastToken.has(.functionWords) && (c.tokens[h + 1].lower == "of"
                || c.tokens[h + 1].lower == "for")
            return ofPhrase ? .strong(.org) : .plain(.org)
        },
        TypingRule(.typeAmpersand) { c in c.count > 1
            && c.anyToken({ $0.text.utf8.contains(38) }) ? .strong(.org) : nil },
        TypingRule(.typeKnownOrganisationFirst) { c in c.count > 1
            && Lexicon.knownOrgs[c.firstText] != nil ? .strong(.org) : nil },
    ]

    // MARK: first words

    static let prefixRules: [TypingRule] = [
        TypingRule(.typeSaint) { c in c.firstToken.lower == "st" || c.firstToken.lower == "st." ? .plain(.loc) : nil },
        TypingRule(.typeStorm) { c in c.count > 1
            && Lexicon.stormWords.contains(c.firstToken.lower) ? .strong(.misc) : nil },
        TypingRule(.typeShip) { c in c.count > 1 && Lexicon.shipPrefixes.contains(c.firstText) ? .strong(.misc) : nil },
        TypingRule(.typePlacePrefix) { c in
            c.count > 1 && Lexicon.placePrefixes.contains(c.firstToken.lower)
                && !c.lastToken.has(.orgHeads) ? .strong(.loc) : nil
        },
        // "Sydney West", "Kent North"
        TypingRule(.typePlaceAndCompass) { c in
            c.count > 1 && Lexicon.isPlaceName(c.firstText)
                && ((c.a + 1)...c.b).allSatisfy({ Lexicon.compassWords.contains(c.tokens[$0].lower) })
                ? .strong(.loc) : nil
        },
        // "South East Asia"
        TypingRule(.typeCompassAndPlace) { c in
            guard c.count > 1, let k = c.range.first(where: { !Lexicon.compassWords.contains(c.tokens[$0].lower) }),
                k > c.a else { return nil }
            return Lexicon.isPlaceName(c.text(k, c.b)) ? .strong(.loc) : nil
        },
        TypingRule(.typeTitledPerson) { c in c.titled ? .strong(.person) : nil },
        // "Ruud van Nistelrooy", "Osama bin Laden": a lowercase name particle between capitalised words
        TypingRule(.typeNameParticle) { c in
            c.count >= 3 && ((c.a + 1)..<c.b).contains(where: { Lexicon.nameParticles.contains(c.tokens[$0].text) })
                && !c.anyToken({ $0.has(.orgHeads) || $0.has(.locHeads) }) ? .strong(.person) : nil
        },
    ]

    // MARK: the words around the name

    static let contextRules: [TypingRule] = [
        // "the town of Yeoncheon", "next to Genova"
        TypingRule(.typePlaceAfterPlaceNoun) { c in
            c.count <= 2 && c.a >= 2 && (c.prevLower == "of" || c.prevLower == "to")
                && Lexicon.placeIntroNouns.contains(c.tokens[c.a - 2].lower) ? .strong(.loc) : nil
        },
        // "the nation's capital, Wellington"
        TypingRule(.typeCapitalAppositive) { c in
            c.count == 1 && c.a >= 2 && c.prevLower == ","
                && Lexicon.appositivePlaceNouns.contains(c.tokens[c.a - 2].lower)
                && !c.firstToken.has(.givenNames) ? .strong(.loc) : nil
        },
        // "Kanata, Ontario"
        TypingRule(.typePlaceBeforeRegion) { c in
            (c.count == 1 || (c.count == 2 && !c.firstToken.has(.givenNames)))
                && c.isFollowedByRegion ? .strong(.loc) : nil
        },
        // "the Monti government", "the Obama administration": a leader's name as an adjective
        TypingRule(.typeLeaderAdjective) { c in
            c.count <= 2 && Lexicon.leaderOfNouns.contains(c.nextLower) && c.lastToken.has(.surnames)
                && !c.lastToken.has(.commonWords)
                ? .plain(.person) : nil
        },
        TypingRule(.typeOrganisationNounAfter) { c in
            Lexicon.organisationCueNouns.contains(c.nextLower) ? .strong(.org) : nil
        },
        // "Sandoz, which …" is a thing; "Sandoz, who …" a person
        TypingRule(.typeWhichClause) { c in
            c.nextLower == "," && c.b + 2 < c.tokens.count && c.tokens[c.b + 2].lower == "which"
                && !c.firstToken.has(.givenNames)
                ? .contextual(.org) : nil
        },
        TypingRule(.typeWhoClause) { c in
            c.nextLower == "," && c.b + 2 < c.tokens.count && c.tokens[c.b + 2].lower == "who"
                && c.count <= 3 ? .contextual(.person) : nil
        },
        // "Malaysia Tourism"
        TypingRule(.typePlaceAndCommonNoun) { c in
            c.count == 2 && c.lastToken.has(.commonWords) && !c.lastToken.has(.surnames)
                && Lexicon.isPlaceName(c.firstText) ? .plain(.org) : nil
        },
        // "Environment Canada"
        TypingRule(.typeCommonNounAndCountry) { c in
            c.count == 2 && c.firstToken.has(.commonWords) && !c.firstToken.has(.givenNames)
                && Lexicon.countries[c.lastToken.text] != nil
                ? .plain(.org) : nil
        },
        // "the rock band Kaiser Chiefs", "the charity Oxfam", "education watchdog Ofsted"
        TypingRule(.typeGroupNounBefore) { c in
            c.count <= 3 && Lexicon.organisationCueNounsBefore.contains(c.prevLower)
                && !c.firstToken.has(.givenNames) ? .plain(.org) : nil
        },
        // "the company Sandoz", "the board Ofcom"
        TypingRule(.typeOrganisationNounBefore) { c in
            c.count <= 3 && (Lexicon.organisationCueNouns.contains(c.prevLower) || c.prevLower == "board")
                && !c.firstToken.has(.givenNames) ? .plain(.org) : nil
        },
    ]

    // MARK: shape

    static let shapeRules: [TypingRule] = shapeRulesOfGroups + shapeRulesOfPeople + lastResortRules

    static let shapeRulesOfGroups: [TypingRule] = [
        // a work's title in Title Case: "Lost In Translation", "Meet The Parents", "Oh My God"
        TypingRule(.typeTitleCaseWork) { c in
            c.count >= 2 && !c.context.isHeadline(c.a)
                && c.tokens[(c.a + 1)...c.b].contains(where: TypingRules.isCapitalisedWorkWord) ? .plain(.misc) : nil
        },
        // "PCG-X505/P Vaio": the rest of a model code written on without a space is a product, not a
        // company or a person (a code holds a digit; "Coca-Cola" and "AC/DC" hold none)
        TypingRule(.typeCodeTail) { c in c.count >= 2 && c.isGluedToCode ? .plain(.misc) : nil },
        // "I HATE the noise", "the BEST deal": a common word in capitals inside ordinary text is
        // emphasis, not an acronym (no list above knew it as a place, organisation or person)
        TypingRule(.typeShoutedCommonWord) { c in c.count == 1 && c.isShoutedCommonWord ? .notAName : nil },
        TypingRule(.typeAcronym) { c in
            c.count == 1 && c.firstToken.isAllCaps && c.firstText.unicodeScalars.count <= 6 ? .plain(.org) : nil
        },
        // "Neo Democrats", "Ontario Ghostbusters", "Hells Angels" (not "Keanu Reeves": an unknown
        // first word may be a given name)
        TypingRule(.typePluralGroup) { c in
            let first = c.firstToken
            guard c.count >= 2, !first.has(.givenNames), Typer.isPluralGroupNoun(c.lastToken) else { return nil }
            let groupWord = first.has(.commonWords) || first.isAllCaps || Lexicon.isPlaceName(first.text)
                || Lexicon.demonyms[first.text] != nil
                || (first.lower.hasSuffix("s") && Lexicon.commonWords.contains(String(first.lower.dropLast())))
            return groupWord ? .plain(.org) : nil
        },
    ]

    static let shapeRulesOfPeople: [TypingRule] = [
        // "K.C. Maurer", "J Thomas", "C Dominici": initials before a name; a lone capital letter
        // before a known name or an unknown word (not a common one: "X Factor", "E Street"), and
        // not the end of a code ("PCG-X505/P Vaio")
        TypingRule(.typeInitialsAndName) { c in
            let first = c.firstText, last = c.lastToken
            let nameAfterLetter = last.has(.surnames) || last.has(.givenNames) || !last.has(.commonWords)
            guard c.count == 2, Typer.isInitials(first) || (first.utf8.count == 1 && c.firstToken.isCap
                && !c.firstToken.has(.functionWords) && nameAfterLetter && !c.isGluedToPreviousToken)
            else { return nil }
            return !last.isAllCaps && !last.has(.functionWords) && Lexicon.countries[first] == nil
                && Lexicon.knownOrgs[first] == nil
                && !Lexicon.isPlaceName(last.text) ? .plain(.person) : nil
        },
        TypingRule(.typeGivenNameFirst) { c in
            c.count >= 2 && c.firstToken.has(.givenNames) && !c.lastToken.isAllCaps ? .strong(.person) : nil
        },
        TypingRule(.typeCapitalsLast) { c in
            c.count >= 2 && c.lastToken.isAllCaps
                && !Lexicon.nameSuffixes.contains(c.lastToken.text) ? .plain(.org) : nil
        },
        TypingRule(.typeCapitalsFirst) { c in
            c.count >= 2 && c.firstToken.isAllCaps && c.firstToken.end - c.firstToken.start >= 3
                && !c.firstToken.has(.givenNames)
                ? .plain(.org) : nil
        },
        TypingRule(.typeCommonWordInside) { c in
            c.count >= 3 && c.anyToken({ $0.has(.commonWords) && !$0.has(.givenNames)
                && !$0.has(.surnames) }) ? .plain(.org) : nil
        },
        TypingRule(.typeSurnameLast) { c in c.count >= 2 && c.count <= 4
            && c.lastToken.has(.surnames) ? .plain(.person) : nil },
        TypingRule(.typeLoneGivenNameOrSurname) { c in
            c.count == 1 && (c.firstToken.has(.givenNames) || c.firstToken.has(.surnames)) ? .plain(.person) : nil
        },
        // "Citicorp has estimated its profits", "Yangtze Electric has been expanding its output": the
        // name is the subject an "its" later in its clause refers back to (before "Mido said": "X said its")
        TypingRule(.typeItsAfterName) { c in
            c.count <= 3 && c.context.isSubjectOfLaterIts(after: c.b) ? .contextual(.org) : nil
        },
        // "Mido said"
        TypingRule(.typePersonCueAfter) { c in
            Lexicon.personCueWords.contains(c.nextLower) && c.count <= 3
                && !c.firstToken.isAllCaps ? .plain(.person) : nil
        },
    ]

    static let lastResortRules: [TypingRule] = [
        // "Ireland-based Elan"
        TypingRule(.typeBasedIn) { c in c.prevLower.hasSuffix("-based")
            && !c.firstToken.has(.givenNames) ? .contextual(.org) : nil },
        // "in Arbil" is a place, "shares in Elan" a company
        TypingRule(.typePlacePreposition) { c in
            c.count == 1 && Lexicon.placePrepositions.contains(c.prevLower)
                && !(c.a >= 2 && Lexicon.holdingNouns.contains(c.tokens[c.a - 2].lower)) ? .contextual(.loc) : nil
        },
        // "Kosovan refugees", "Burmese troops"
        TypingRule(.typeNationalityEnding) { c in
            let lower = c.firstToken.lower
            guard c.count == 1, lower.utf8.count > 5, !c.firstToken.has(.surnames),
                  Lexicon.nationalityEndings.contains(where: { lower.hasSuffix($0) && lower.count > 5 }),
                  c.nextLower.unicodeScalars.first.map({ !CharacterClass.isUpper($0) && CharacterClass.isLetter($0) })
                      ?? false else { return nil }
            return lower.hasSuffix("an") || lower.hasSuffix("ese") || lower.hasSuffix("ish") ? .plain(.norp) : nil
        },
        // works with inner function words: "Carry On Matron", "Gone with the Wind"
        TypingRule(.typeFunctionWordInside) { c in
            c.count >= 2 && c.anyToken({ $0.has(.functionWords) && !$0.isAllCaps }) ? .plain(.misc) : nil
        },
        TypingRule(.typeShortNameWithCommonWord) { c in
            guard c.count >= 2 && c.count <= 3 else { return nil }
            let checked = c.a...(c.count == 2 ? c.a : c.b)
            return checked.contains(where: { c.tokens[$0].has(.commonWords) && !c.tokens[$0].has(.givenNames)
                && !c.tokens[$0].has(.surnames) })
                ? .plain(.org) : nil
        },
        TypingRule(.typeShortUnknownName) { c in c.count >= 2 && c.count <= 3 ? .plain(.person) : nil },
        // a lone unknown word: the weakest vote in the document pass
        TypingRule(.typeLoneUnknownWord) { _ in .guess(.org) },
    ]

    /// A grammatical word written with a capital inside a name ("In" in "Lost In Translation"; not
    /// a lone letter, which may be an initial: "Charles A Blixt").
    static func isCapitalisedWorkWord(_ t: Token) -> Bool {
        t.kind == .word && t.isCap && !t.isAllCaps && t.end - t.start > 1 && Lexicon.workTitleWords.contains(t.lower)
    }
}
