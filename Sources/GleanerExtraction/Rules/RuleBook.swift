/// One example a rule is tested on: a short article and what the rule must give there. The
/// test suite extracts each example with `ExtractionOptions(anchorDate: RuleBook.anchor,
/// explain: true)` and checks the outcome and that the rule is among the rules recorded for it.
public struct RuleExample: Sendable {
    public enum Expectation: Sendable {
        /// A name with this canonical form and type, with the rule in its evidence.
        case name(String, EntityType)
        /// No mention with this text (rules that reject a name; nothing records them).
        case noName(String)
        /// The quotation holding this text has this speaker, with the rule among its rules.
        case speaker(quote: String, speaker: String)
        /// The quotation holding this text has this speaker among the candidates the scored
        /// choice weighs, proposed by the rule.
        case candidate(quote: String, speaker: String)
        /// A date mention with this text and value, found by the rule.
        case date(String, value: String)
    }

    public let text: String
    public let expect: Expectation

    public init(_ text: String, _ expect: Expectation) { self.text = text; self.expect = expect }
}

/// A rule's definition: what it does and its examples.
public struct RuleDefinition: Sendable {
    public let id: RuleID
    public let summary: String
    public let examples: [RuleExample]
}

/// Every rule's summary and examples (nlprule style: each rule carries its own tests).
public enum RuleBook {
    /// The date examples resolve relative dates against (a Monday).
    public static let anchor = CalendarDate(year: 2023, month: 3, day: 6)

    public static let definitions: [RuleID: RuleDefinition] = {
        var all: [RuleID: RuleDefinition] = [:]
        let groups = [chunkAndCut, rolesAndSplits, typesByList, typesByHead, typesByContext, typesByShape,
                      genreRules, document, speakers, dates]
        for d in groups.joined() {
            precondition(all[d.id] == nil, "\(d.id) is defined twice")
            all[d.id] = d
        }
        return all
    }()

    static func rule(_ id: RuleID, _ summary: String, _ examples: RuleExample...) -> RuleDefinition {
        RuleDefinition(id: id, summary: summary, examples: examples)
    }

    static let chunkAndCut: [RuleDefinition] = [
        rule(.chunkOfPhrase, "\"of\", \"for\" or \"on\" after a head word joins the name after it",
             .init("Shares rose after the Bank of England cut rates.", .name("Bank of England", .org))),
        rule(.chunkSharedHead, "two runs of common words joined by \"and\" before a head they share are one name",
             .init("Officials at the Food and Drug Administration approved the drug.",
                 .name("Food and Drug Administration", .org))),
        rule(.chunkOfPhraseAnd, "\"and\" inside an \"of\" phrase joins, unless the right part has its own head",
             .init("Researchers at the National Institute of Economic and Social Research disagreed.",
                   .name("National Institute of Economic and Social Research", .org))),
        rule(.chunkListItem, "inside a long comma list of names, an \"and\" with commas on both sides joins one item",
             .init("Labour held Bolton West, Bury North, Leeds East, Holborn and St Pancras, "
                   + "Oldham East and Saddleworth, Taunton and Yeovil.",
                   .name("Holborn and St Pancras", .loc))),
        rule(.chunkParticle, "a name particle or \"&\" between capitalised words joins them",
             .init("Ruud van Nistelrooy scored twice.", .name("Ruud van Nistelrooy", .person))),
        rule(.chunkPeoples, "\"People's\" inside a name belongs to it",
             .init("The Korean People's Army fired a missile.", .name("Korean People's Army", .org))),
        rule(.cutLeadingFunctionWord, "a leading function word is not part of the name",
             .init("Officials at The Pentagon declined to comment.", .name("Pentagon", .org)),
             .init("In London, officials said the plan would go ahead.", .name("London", .loc))),
        rule(.cutNegativeContraction, "a word with a negative contraction (\"Isn't\", \"Don't\") is no part of a name",
             .init("\"Isn't that Kelvar's shirt?\" she asked.", .noName("Isn't")),
             .init("\"Don't Steven,\" she said.", .noName("Don't Steven"))),
        rule(.cutDiscourseWord,
             "an interjection, hesitation, greeting or sign-off (discourse-words.txt) is no part of a name",
             .init("Mhm. The plan was approved by Anna Kelvar.", .noName("Mhm")),
             .init("Thanks Anna Kelvar for the report.", .noName("Thanks Anna Kelvar")),
             .init("Hello Louise, the files are ready.", .noName("Hello Louise"))),
        rule(.cutStanceWord, "a hyphenated stance word (Pro-, Anti-) is not part of the name",
             .init("Voters backed the Pro-Beijing DAB in the vote.", .name("DAB", .org))),
        rule(.cutSentenceInitialAdverb, "a sentence-initial adverb or participle is not part of the name",
             .init("Reportedly Kevin Smith resigned.", .name("Kevin Smith", .person))),
        rule(.cutSentenceInitialModifier,
            "a sentence-initial common word before a nationality, title or country is cut",
             .init("Angry French farmers protested.", .name("French", .norp))),
        rule(.cutTitleOfPhrase, "a title heading an \"of\" phrase leaves only the organisation",
             .init("The Governor of the Reserve Bank spoke on Friday.", .name("Reserve Bank", .org))),
        rule(.cutTrailingTitle, "a trailing title after an organisation names a role, not a name",
             .init("The Conservative Party Co-Chairman said the vote was fair.", .name("Conservative Party", .org))),
        rule(.weakSentenceInitialCommonWord,
            "a sentence's first word, a common word, gets no strong type from the word after it",
             .init("Sensitive government documents were lost.", .noName("Sensitive"))),
    ]

    static let rolesAndSplits: [RuleDefinition] = [
        rule(.roleAppositive, "a title or role noun right after a person and a comma is their role",
             .init("Mumtaz Zahra Baloch, the chief Foreign Office spokesperson, spoke on Friday.",
                 .name("Mumtaz Zahra Baloch", .person))),
        rule(.roleBeforeGivenName, "a sentence-initial common word before a given name is a role",
             .init("Singer Tom Jones performed.", .name("Tom Jones", .person))),
        rule(.roleCapitalisedTitle, "capitalised titles before a name are roles",
             .init("Prime Minister Shah Khan arrived.", .name("Shah Khan", .person))),
        rule(.roleLeftOfSplit, "the part before an inner title, when it is no name, is a role",
             .init("The speech by Party Chairman John Smith was long.", .name("John Smith", .person))),
        rule(.roleLowercaseTitle, "lowercase titles right before a name are roles",
             .init("The speech by former prime minister Tony Blair was long.", .name("Tony Blair", .person))),
        rule(.roleOfficeBeforeGivenName, "an office with an \"of\" phrase before a given name is a role",
             .init("Chancellor of the Exchequer Gordon Brown spoke.", .name("Gordon Brown", .person))),
        rule(.splitAfterKnownAcronym, "a known acronym or country in capitals before another name is a name of its own",
             .init("In an interview with BBC Mark Thompson said little.", .name("BBC", .org))),
        rule(.splitAtInnerTitle, "a name before an inner title is a name of its own",
             .init("U.S. President Donald Trump spoke.", .name("United States", .loc))),
        rule(.splitBeforeGivenName, "an organisation or place before a given name is a name of its own",
             .init("The Refugee Council Enver Solomon said more help was needed.", .name("Refugee Council", .org))),
        rule(.splitHyphenatedPlaces, "two places joined by a hyphen are two names",
             .init("The Ukraine-Russia talks ended.", .name("Ukraine", .loc))),
        rule(.splitNationality, "a leading nationality adjective is a name of its own",
             .init("Pakistani Foreign Minister Shah Mehmood Qureshi spoke.", .name("Pakistani", .norp))),
        rule(.splitSurnameBeforePlace, "a person's surname before a place is two names",
             .init("David Blunkett spoke in London. Later Blunkett Sheffield voters cheered.", .name("Sheffield",
                 .loc))),
    ]

    static let typesByList: [RuleDefinition] = [
        rule(.typePartyStateTag, "a US legislator's party and state is no name",
             .init("Senator John Cornyn (R-Texas) objected.", .noName("R-Texas"))),
        rule(.typeTickerSymbol, "capitals between angle brackets after a company are its stock ticker, no name",
             .init("Harbour Mills Corp <HBML.N> said it would buy a rival.", .noName("HBML")),
             .init("Quarry Lane Inc <QLNE> raised its dividend.", .noName("QLNE"))),
        rule(.typeGovernmentSeat, "a seat of government stands for the government: a place",
             .init("The White House said on Monday it would not comment.", .name("White House", .loc))),
        rule(.typeMovement, "political and religious movements are groups of people (NORP)",
             .init("The Nazis invaded Poland.", .name("Nazis", .norp))),
        rule(.typeKnownOrganisation, "a well-known organisation is one",
             .init("Shares in Microsoft rose.", .name("Microsoft", .org))),
        rule(.typeCountry, "a country is a place with its ISO code",
             .init("Talks were held in France.", .name("France", .loc))),
        rule(.typeNationality, "a nationality adjective or noun (and its plural) is NORP",
             .init("Greek officials met the envoys.", .name("Greek", .norp))),
        rule(.typeKnownMisc, "religions, holidays and indices are MISC",
             .init("Shops closed for Christmas.", .name("Christmas", .misc))),
        rule(.typeProduct, "a name with a product, software or vehicle word is MISC",
             .init("Users upgraded to Windows XP.", .name("Windows XP", .misc))),
        rule(.typeModelNumber, "letters with digits name a model or a version",
             .init("The A380 landed safely.", .name("A380", .misc))),
        rule(.typeKnownName, "a film or television show from the open lists is a work (MISC)",
             .init("Critics praised Breaking Bad again.", .name("Breaking Bad", .misc))),
        rule(.typeLearnedSpanTyper,
             "with the learned typer on (its examples run with it), a name no rule types strongly gets the "
                + "perceptron's type",
             .init("In their study, Milekic and Turano found no effect.", .name("Milekic", .person))),
        rule(.typeKnownPlace, "a known place is a place",
             .init("Flights to Winnipeg resumed.", .name("Winnipeg", .loc))),
        rule(.typeKnownOrganisationFirst, "a name starting with a well-known organisation is an organisation",
             .init("Users praised Google Maps.", .name("Google Maps", .org))),
    ]

    static let typesByHead: [RuleDefinition] = [
        rule(.typeFootballClub, "a club word at the end (United, Rovers; City, Villa in sports reports) makes a club",
             .init("Leeds United won again.", .name("Leeds United", .org))),
        rule(.typeSportsClubWithPlace, "in a sports report, two words with a place name make a club",
             .init("The striker scored a penalty as Bayer Leverkusen won the football match.",
                 .name("Bayer Leverkusen", .org))),
        rule(.typeFacility, "Center or Centre without an \"of\"/\"for\" phrase is a building",
             .init("The shuttle returned to the Kennedy Space Center.", .name("Kennedy Space Center", .loc))),
        rule(.typeNewspaper, "a place and a newspaper word make a newspaper",
             .init("The Toronto Star reported it first.", .name("Toronto Star", .org))),
        rule(.typeOrganisationHead, "an organisation head at the end makes an organisation",
             .init("The Refugee Council said more help was needed.", .name("Refugee Council", .org)),
             .init("Shares of First Kelvar Corp. rose.", .name("First Kelvar Corp.", .org))),
        rule(.typeSchoolDistrict, "District after an organisation head makes an organisation",
             .init("The Irving Independent School District closed its schools.",
                 .name("Irving Independent School District", .org))),
        rule(.typePlaceHead, "a place head at the end makes a place",
             .init("Crowds gathered at Shandao Station.", .name("Shandao Station", .loc))),
        rule(.typePlaceOfPhrase, "a place head before \"of\" makes a place",
             .init("Tourists visited the Valley of Kings.", .name("Valley of Kings", .loc))),
        rule(.typeSportLeague, "a league named after its sport (three words or more) is an organisation",
             .init("The Kelvar Football League fined the club.", .name("Kelvar Football League", .org))),
        rule(.typeEventHead, "an event, contest or law head at the end makes MISC",
             .init("She won the Davis Cup.", .name("Davis Cup", .misc))),
        rule(.typeNamedDay, "a name ending in Day (not after a given name) is an event",
             .init("Crowds marked Waitangi Day.", .name("Waitangi Day", .misc))),
        rule(.typeDistrictOfColumbia, "a name ending in DC is a US place",
             .init("Protests spread to Kelston DC on Friday.", .name("Kelston DC", .loc))),
        rule(.typeNationalityGroup, "a name ending in a nationality is a group of people",
             .init("Kosovo Albanians fled the town.", .name("Kosovo Albanians", .norp))),
        rule(.typeOrganisationHeadInside, "an organisation head inside the name makes an organisation",
             .init("The University of North Carolina won.", .name("University of North Carolina", .org))),
        rule(.typeAmpersand, "an ampersand makes an organisation",
             .init("Shares in Marks & Spencer fell.", .name("Marks & Spencer", .org))),
        rule(.typeSaint, "a name starting with St is a place",
             .init("They walked to St Kelvar.", .name("St Kelvar", .loc))),
        rule(.typeStorm, "a storm word starts a storm's name",
             .init("Hurricane Ivan struck the coast.", .name("Hurricane Ivan", .misc))),
        rule(.typeShip, "a ship prefix starts a ship's name",
             .init("HMS Belfast sailed.", .name("HMS Belfast", .misc))),
        rule(.typePlacePrefix, "Mount, Lake, Cape and the like start a place's name",
             .init("Climbers scaled Mount Kelvar.", .name("Mount Kelvar", .loc))),
        rule(.typePlaceAndCompass, "a place followed by compass words is a place",
             .init("Voters in Dublin West chose a new member.", .name("Dublin West", .loc))),
        rule(.typeCompassAndPlace, "compass words followed by a place make a place",
             .init("Floods hit South East Asia.", .name("South East Asia", .loc))),
    ]

    static let typesByContext: [RuleDefinition] = [
        rule(.typeTitledPerson, "a name after a title is a person",
             .init("President Kelvar Dunn arrived.", .name("Kelvar Dunn", .person))),
        rule(.typeNameParticle, "a lowercase name particle inside three words makes a person",
             .init("Osama bin Laden was killed.", .name("Osama bin Laden", .person))),
        rule(.typePlaceAfterPlaceNoun, "\"the town of X\", \"next to X\" make X a place",
             .init("South Korea evacuated the town of Yeoncheon.", .name("Yeoncheon", .loc))),
        rule(.typeCapitalAppositive, "\"the capital, X\" makes X a place",
             .init("They flew to the capital, Kelvarra.", .name("Kelvarra", .loc))),
        rule(.typePlaceBeforeRegion, "a name before a comma and a region is a place",
             .init("The papers were found in Dunvarton, Ontario, by a passer-by.", .name("Dunvarton", .loc))),
        rule(.typeLeaderAdjective, "a surname before government or administration is a person",
             .init("The Monti government resigned.", .name("Monti", .person))),
        rule(.typeOrganisationNounAfter, "an organisation noun after a name makes it an organisation",
             .init("The Kelvar group said profits fell.", .name("Kelvar", .org))),
        rule(.typeWhichClause, "\"X, which\" makes X a thing: an organisation",
             .init("Sandoz, which makes drugs, said profits fell.", .name("Sandoz", .org))),
        rule(.typeWhoClause, "\"X, who\" makes X a person",
             .init("Caprice, who left early, said nothing.", .name("Caprice", .person))),
        rule(.typePlaceAndCommonNoun, "a place and a common noun make an organisation",
             .init("Malaysia Tourism said visitors rose.", .name("Malaysia Tourism", .org))),
        rule(.typeCommonNounAndCountry, "a common noun and a country make an organisation",
             .init("A warning from Environment Canada came late.", .name("Environment Canada", .org))),
        rule(.typeOrganisationNounBefore, "an organisation noun before a name makes it an organisation",
             .init("Shares in the company Kelvarex rose.", .name("Kelvarex", .org))),
        rule(.typePersonCueAfter, "a verb of speech or \"who\" after a name makes a person",
             .init("Mido said he was happy.", .name("Mido", .person))),
        rule(.typeBasedIn, "\"X-based Y\" makes Y an organisation",
             .init("Investors bought Ireland-based Elan.", .name("Elan", .org))),
        rule(.typePlacePreposition, "a place preposition before a lone name makes it a place",
             .init("They met near Arbil.", .name("Arbil", .loc))),
    ]

    static let typesByShape: [RuleDefinition] = [
        rule(.typeTitleCaseWork, "a name with a capitalised grammatical word inside is a work's title",
             .init("She starred in Meet The Kelvars last year.", .name("Meet The Kelvars", .misc))),
        rule(.typeCodeTail, "a name that goes on a model code with no space before it is a product",
             .init("Critics praised the KX-T300/P Korvel laptop.", .name("P Korvel", .misc))),
        rule(.typeShoutedCommonWord,
             "a common word of four letters or more in capitals inside ordinary text is no name",
             .init("I will VISIT the museum on Sunday with Anna Kelvar.", .noName("VISIT")),
             .init("They offer the BEST prices in Kelvarton, said Anna Kelvar.", .noName("BEST"))),
        rule(.typeAcronym, "a short word in capitals is an organisation",
             .init("The KLF said it would return.", .name("KLF", .org))),
        rule(.typePluralGroup, "a name ending in a plural common noun is a group",
             .init("The Hells Angels rode in.", .name("Hells Angels", .org))),
        rule(.typeLineUpInitials, "an initial and a name next to another initial and name in a list make a person",
             .init("Scotland: C Paterson; S Danielli, T Smith, H Southwell.", .name("T Smith", .person)),
             .init("France: S Marconnet, S Bruno, D Parks (capt), J Thion.", .name("D Parks", .person)),
             .init("Scotland: C Paterson; S Danielli, A Craig, H Southwell.", .name("A Craig", .person)),
             .init("Sussex 363 (W. Athey 111, V. Drakes 52; I. Kelvar 4-37).", .name("I. Kelvar", .person))),
        rule(.typeTableHeader, "a line of three or more short column headings in capitals is no name",
             .init("The standings after Sunday.\n\nW L PCT GB\n\nKELVARTON 74 59 .556 -", .noName("W L PCT GB"))),
        rule(.typeListLabel, "a label of ordinary words before a colon and a list is no name",
             .init("The hosts held on. Subs Not Used: White, McIntosh, Wood, Lloyd.", .noName("Subs Not Used"))),
        rule(.typeInitialsAndName, "initials before a name make a person",
             .init("K.C. Maurer spoke.", .name("K.C. Maurer", .person)),
             .init("Fans cheered as J Bonnaire scored.", .name("J Bonnaire", .person))),
        rule(.typeGivenNameFirst, "a known given name first makes a person",
             .init("Gary Fan spoke.", .name("Gary Fan", .person))),
        rule(.typeCapitalsLast, "a last word in capitals makes an organisation",
             .init("Shares in Kelvar TDP fell.", .name("Kelvar TDP", .org))),
        rule(.typeCapitalsFirst, "a first word in capitals makes an organisation",
             .init("TDP Kelvar announced a deal.", .name("TDP Kelvar", .org))),
        rule(.typeCommonWordInside, "three or more words with a common word make an organisation",
             .init("Fans of Dunvar Cheap Tickets complained.", .name("Dunvar Cheap Tickets", .org))),
        rule(.typeSurnameLast, "a known surname last makes a person",
             .init("Kelvar Szymanski spoke.", .name("Kelvar Szymanski", .person))),
        rule(.typeLoneGivenNameOrSurname, "a lone given name or surname is a person",
             .init("Later, Jones spoke.", .name("Jones", .person))),
        rule(.typeNationalityEnding, "a lone word ending like a nationality before a lowercase noun is NORP",
             .init("Dunvarian troops arrived.", .name("Dunvarian", .norp))),
        rule(.typeFunctionWordInside, "a name with an inner function word is a work",
             .init("Fans watched Kelvar Tonight on television.", .name("Kelvar Tonight", .misc))),
        rule(.typeShortNameWithCommonWord, "two or three words with a common word are an organisation",
             .init("Fans of Happy Dunvar cheered.", .name("Happy Dunvar", .org))),
        rule(.typeShortUnknownName, "two or three unknown words are a person",
             .init("Fans of Dunvar Kelsto cheered.", .name("Dunvar Kelsto", .person))),
        rule(.typeLoneUnknownWord, "a lone unknown word is an organisation, by guess",
             .init("Fans of Dunvar cheered.", .name("Dunvar", .org))),
        rule(.typeAllCapsLoneWordIsOrganisation,
            "a lone word in capitals typed a person only weakly is an organisation",
             .init("The winner, KELVARSON, who is 20, said nothing.", .name("KELVARSON", .org))),
    ]

    static let document: [RuleDefinition] = [
        rule(.typeOfPersonIsOrganisation, "what a person is \"of\" is their organisation",
             .init("Nick Rhodes of Duran Duran spoke.", .name("Duran Duran", .org))),
        rule(.typeListNoun, "the plural noun before \"such as\" or \"including\" types the list",
             .init("Ancient gods, such as Zeus, Hera and Athena, were honoured.", .name("Zeus", .person))),
        rule(.typeListOfStrongNames, "two strong names of one type type a list",
             .init("Labour won Bolton, Leeds, Kelvarton and Sheffield.", .name("Kelvarton", .loc))),
        rule(.typeListOfPeople, "two strong people make a list's lone unknown words people",
             .init("Gary Neville, Wayne Rooney and Heinze scored.", .name("Heinze", .person))),
        rule(.typeSurfaceVote, "one type per surface string: the weighted majority",
             .init("Fans met Kelvar. Kelvar said he was happy.", .name("Kelvar", .person))),
        rule(.typeTeamInSportsReport,
             "in a sports report, a place next to a score, match verb or player's role is a team",
             .init("The striker scored a penalty and Leeds beat Kelvarton 2-1 in the football.", .name("Leeds", .org)),
             .init("The football season opened. Norwich striker Keith Kelvar scored twice.", .name("Norwich", .org)),
             .init("The striker scored a penalty in the football. Kelvar scored twice for Leeds.",
                   .name("Leeds", .org)),
             .init("The striker scored a penalty in the football. Bolton 3 Kelvarton 1.", .name("Bolton", .org)),
             .init("In cricket sport the coach saw Leicestershire beat Kelvarton. "
                   + "Nottinghamshire, who trail by 137, bat next.",
                   .name("Nottinghamshire", .org))),
        rule(.typeTeamInTable,
             "in a sports report, the capitals opening a line of a table before its numbers name a team",
             .init("The baseball standings after the games: football and hockey next week.\n\n"
                   + "KELVARTON 80 53 .602 -\n\nNEW YORK 74 59 .556 6", .name("Kelvarton", .org))),
        rule(.typeCountyTeam,
             "in a sports report naming two teams, a county or province with no place cue is a team",
             .init("In cricket sport the coach saw Derbyshire beat Worcestershire and Surrey beat Kelvarton. "
                   + "Essex need another 148 to win.", .name("Essex", .org))),
        rule(.typeTeamNickname, "in a sports report, a team's name without its place is the team",
             .init("In baseball sport the coach saw the Orioles beat Kelvarton 5-2.", .name("Orioles", .org))),
        rule(.typeTeamInResult,
             "in a sports report, a town dropped as a common word is a team next to a score or a v",
             .init("The striker scored a penalty in the football. Kelvarton 1 Reading 2.", .name("Reading", .org))),
        rule(.typeTeamName,
             "in a sports report, a known place that is a team elsewhere is a team, unless after a place preposition",
             .init("The striker scored a penalty in the football. Leeds 2 Kelvarton 1. "
                   + "By half-time Leeds had the lead.", .name("Leeds", .org))),
        rule(.typeGroupNounBefore, "a band, charity, label or watchdog noun right before a name makes an organisation",
             .init("Fans cheered the rock band Kelvar Chiefs on Friday.", .name("Kelvar Chiefs", .org)),
             .init("The survey was done for education watchdog Kelvsted.", .name("Kelvsted", .org))),
        rule(.typeFirstPersonSpeaker, "a one-word organisation by guess that says \"I\" is a person",
             .init("Mido was dropped in July. Mido said: \"There isn't much I have to say today.\" Mido was axed.",
                 .name("Mido", .person))),
        rule(.linkPersonByName, "a word or the end of a person's full name is that person",
             .init("Imran Khan spoke. Later Khan left.", .name("Imran Khan", .person))),
        rule(.linkPartOfFullName, "a person named by the start or end of a longer name is that person",
             .init("Shah Mehmood Qureshi arrived. Later, Shah Mehmood spoke.", .name("Shah Mehmood Qureshi", .person))),
        rule(.keepPlaceNotPerson,
            "a place that is also the surname of a person without a known given name stays a place",
             .init("Dunvar Lincoln spoke. Rain fell in Lincoln.", .name("Lincoln", .loc))),
        rule(.linkOrganisationHeadAlone, "a head word alone is the organisation with that head",
             .init("The Reserve Bank of Australia met. The Bank said rates would hold.",
                 .name("Reserve Bank of Australia", .org))),
        rule(.linkOrganisationShortForm, "the start of an organisation's name, or its initials, is the organisation",
             .init("The Reserve Bank of Australia met. The Reserve Bank said rates would hold.",
                 .name("Reserve Bank of Australia", .org))),
        rule(.linkAcronymOfNamedThing, "the initials of a named building or event are it",
             .init("The shuttle went to the Johnson Space Center. Engineers at JSC cheered.",
                 .name("Johnson Space Center", .loc))),
        rule(.linkKnownOrganisation, "a known organisation takes its canonical name",
             .init("The Tories won the seat.", .name("Conservative Party", .org))),
        rule(.linkCountryAlias, "a country's short name takes its canonical name",
             .init("Talks in the US ended.", .name("United States", .loc))),
        rule(.dropUnlinkedCommonWord, "a lone capitalised common word that links to no fuller name is dropped",
             .init("Government sources said nothing.", .noName("Government"))),
        rule(.headlineMatch, "words in a headline match names in the body and the gazetteers",
             .init("KHAN WINS IN LAHORE\n\nImran Khan won the vote in Lahore.", .name("Imran Khan", .person)),
             // a title in title case with lowercase function words is a headline too
             .init("How to Get Rid of Mice in London\n\nMice came to London in May.", .noName("Get Rid")),
             .init("How to Get Rid of Mice in London\n\nMice came to London in May.", .name("London", .loc))),
    ]

    static let speakers: [RuleDefinition] = speakerSteps + speakerResolutions + speakerBodies + speakerReferences
        + speakerProposals

    static let speakerSteps: [RuleDefinition] = [
        rule(.speakerCueAfterQuote, "a cue verb after the quotation: its subject or object",
             .init("Shah Mehmood Qureshi arrived. \"We have waited a long time,\" Qureshi told reporters.",
                   .speaker(quote: "We have waited", speaker: "Shah Mehmood Qureshi"))),
        rule(.speakerQuotedAs, "\"X quoted Y as saying\": Y",
             .init("\"Nobody asked us,\" the agency quoted Tom Baird as saying.", .speaker(quote: "Nobody asked us",
                 speaker: "Tom Baird"))),
        rule(.speakerAccordingTo, "\"according to X\": X",
             .init("According to the Department for Transport, the link is \"already committed\".",
                   .speaker(quote: "already committed", speaker: "Department for Transport"))),
        rule(.speakerCueBeforeQuote, "a cue verb before the quotation in its sentence: its subject or object",
             .init("Tom Baird said: \"Nobody asked the fishermen.\"", .speaker(quote: "Nobody asked",
                 speaker: "Tom Baird"))),
        rule(.speakerNamedBeforeFragment, "a person right before a lowercase quotation after a cue verb",
             .init("Imran Khan spoke. The statement said Khan \"regretted the decision\".",
                 .speaker(quote: "regretted", speaker: "Imran Khan"))),
        rule(.speakerColonIntroduction, "a person introducing the quotation with a colon",
             .init("Manchester City boss Kevin Keegan: \"We were unlucky.\"", .speaker(quote: "We were unlucky",
                 speaker: "Kevin Keegan"))),
        rule(.speakerPassiveAgent, "a passive cue (\"was described as\"): the agent after \"by\", not the subject",
             .init("Ann Lee was described as \"a true original\" by her colleague Tom Baird.",
                   .speaker(quote: "a true original", speaker: "Tom Baird"))),
        rule(.speakerSentenceEndCue, "\", X has warned.\" closing the quotation's sentence: X",
             .init("Sales of \"premium\" bread will fall sharply in the spring as prices rise, the supermarket Tesco "
                   + "has warned.", .speaker(quote: "premium", speaker: "Tesco"))),
        rule(.speakerReportedSpeech, "the subject of reported speech ending the previous paragraph",
             .init("Mr Babinet said the phone had changed music.\n\n\"Getting music on a phone is easy.\"",
                   .speaker(quote: "Getting music", speaker: "Babinet"))),
        rule(.speakerContinuesParagraph, "the current speaker, named within two paragraphs",
             .init("\"We were unlucky,\" said Kevin Keegan. \"We will win next time.\"",
                 .speaker(quote: "We will win", speaker: "Kevin Keegan"))),
        rule(.speakerContinuesQuotes, "at a paragraph start, the current speaker named within four paragraphs",
             .init("Kevin Keegan said: \"We were unlucky.\"\n\nFans left.\n\nThe team trained.\n\n"
                   + "\"We will win next time.\"",
                   .speaker(quote: "We will win", speaker: "Kevin Keegan"))),
        rule(.speakerSentenceSubject, "for a fragment, the subject of its sentence",
             .init("Tom Baird branded the plan \"a disaster\".", .speaker(quote: "a disaster", speaker: "Tom Baird"))),
        rule(.speakerNearestName, "for a fragment, the nearest person or organisation before it in the paragraph",
             .init("Tom Baird spoke at length. Then the plan was branded \"a disaster\".",
                 .speaker(quote: "a disaster", speaker: "Tom Baird"))),
    ]

    static let speakerResolutions: [RuleDefinition] = [
        rule(.speakerName, "a name itself",
             .init("Tom Baird said on Monday: \"No, never again.\"", .speaker(quote: "never again",
                 speaker: "Tom Baird"))),
        rule(.speakerPronoun,
            "a pronoun: the sentence subject that fits, the current speaker, the latest person that fits",
             .init("Tom Baird spoke. \"It is too much,\" he added.", .speaker(quote: "It is too much",
                 speaker: "Tom Baird"))),
        rule(.speakerAgeNoun, "\"the 54-year-old\": the last person named",
             .init("Tom Baird, 54, spoke. \"It is too much,\" the 54-year-old said.",
                 .speaker(quote: "It is too much", speaker: "Tom Baird"))),
        rule(.speakerPersonNoun, "\"the champion\": the person with that role, else the person in focus",
             .init("Hayley Yelling won. \"I am delighted,\" said the champion.", .speaker(quote: "I am delighted",
                 speaker: "Hayley Yelling"))),
        rule(.speakerRoleNoun, "\"a Treasury spokesman\": the organisation before the role noun, or the role's holder",
             .init("A Treasury spokesman said: \"We will not comment.\"", .speaker(quote: "We will not comment",
                 speaker: "HM Treasury"))),
        rule(.speakerSpokesmanFor, "\"a spokesman for X\": X",
             .init("\"Talks continue,\" a spokesman for the World Summit said.", .speaker(quote: "Talks continue",
                 speaker: "World Summit"))),
        rule(.speakerAffiliatedPerson, "\"X of Org said\": X",
             .init("Ted Cohen of EMI said: \"Sales fell.\"", .speaker(quote: "Sales fell", speaker: "Ted Cohen"))),
        rule(.speakerNationalityPlace, "a nationality as the subject: its country",
             .init("Talks were held in Pakistan. \"Talks failed,\" the Pakistani side said.",
                 .speaker(quote: "Talks failed", speaker: "Pakistan"))),
        rule(.speakerPossessedPerson, "\"said X's Y\": Y",
             .init("Talks ended. \"We are pleased,\" said ABN Amro's Eddie Wong.", .speaker(quote: "We are pleased",
                 speaker: "Eddie Wong"))),
        rule(.speakerRoleBeforePerson, "\"said club president X\": X",
             .init("\"We won,\" said club president Juan Bautista.", .speaker(quote: "We won",
                 speaker: "Juan Bautista"))),
        rule(.speakerAppositiveName, "\"the firm's chief, X, said\": the person named in the appositive",
             .init("Tesco's chief executive, Tom Baird, said: \"We are pleased.\"", .speaker(quote: "We are pleased",
                 speaker: "Tom Baird"))),
        rule(.speakerPlaceModifierPerson, "\"said the East Kilbride athlete\": the person in focus",
             .init("Hayley Yelling won. \"I am delighted,\" said the East Kilbride athlete.",
                   .speaker(quote: "I am delighted", speaker: "Hayley Yelling"))),
    ]

    static let speakerBodies: [RuleDefinition] = [
        rule(.speakerTitledSurname, "\"said Mrs Welsh\": an honorific makes the next word a surname",
             .init("Ann Welsh runs the shop. \"Trade is slow,\" said Mrs Welsh.", .speaker(quote: "Trade is slow",
                 speaker: "Ann Welsh"))),
        rule(.speakerOrganisationPronoun,
             "\"it said\", \"It expects\": the newest organisation opening a sentence, the current one, the busiest",
             .init("Tesco hired Tom Baird. It expects \"a hard winter\" for shops.", .speaker(quote: "a hard winter",
                 speaker: "Tesco")),
             .init("Unilever sold a brand. Barclays cut jobs. It expects \"a hard winter\".",
                   .speaker(quote: "a hard winter", speaker: "Barclays"))),
        rule(.speakerSpokespersonBody, "an unnamed spokesperson: the organisation in focus, not a person nearby",
             .init("Tesco opened a store, Tom Baird said. A spokeswoman said: \"We are pleased.\"",
                   .speaker(quote: "We are pleased", speaker: "Tesco"))),
    ]

    static let speakerReferences: [RuleDefinition] = [
        rule(.speakerPronounPastReportedName,
             "\"he\"/\"she\": a person named inside reported speech is passed over for the current speaker",
             .init("Tom Baird said: \"We will win.\"\n\nThe coach said the plan drawn up by Ian Lee was wrong. "
                   + "Later he said: \"It cannot work.\"", .speaker(quote: "It cannot work", speaker: "Tom Baird"))),
        rule(.speakerPronounNarrativeParagraph,
             "\"he\"/\"she\" opening a paragraph: the one person a narrative paragraph right before names",
             .init("\"Sales fell,\" said Ian Lee.\n\nWith the deal done, Tom Baird is confident of growth.\n\n"
                   + "\"We offer the best,\" he said.", .speaker(quote: "We offer the best", speaker: "Tom Baird"))),
        rule(.speakerTitleSubject,
             "\"the chancellor said\": the current speaker if named with the title, else the person named most",
             .init("Tom Baird spoke in Leeds. Mr Baird won praise. Ann Lee listened. The chancellor said the vote "
                   + "would give a \"clear choice\".", .speaker(quote: "clear choice", speaker: "Tom Baird")),
             .init("Tom Baird sued. Mr Baird lost. Judge Ann Lee said: \"No.\" The judge said the case was "
                   + "\"without merit\".", .speaker(quote: "without merit", speaker: "Ann Lee"))),
    ]

    static let speakerProposals: [RuleDefinition] = [
        rule(.speakerTurnTaking, "in a dialogue, the speaker before the current one (turns alternate)",
             .init("\"We lost,\" said Tom Baird.\n\n\"Why?\" said Ann Lee.\n\n\"Nobody asked us.\"",
                   .candidate(quote: "Nobody asked us", speaker: "Tom Baird"))),
        rule(.speakerAddressee, "a person named inside the previous quotation (the one addressed answers)",
             .init("Tom Baird arrived. \"Why, Baird?\" said Ann Lee.\n\n\"Nobody asked us.\"",
                   .candidate(quote: "Nobody asked us", speaker: "Tom Baird"))),
        rule(.speakerNearbyName, "people and organisations named near the quotation, outside quotations",
             .init("Tom Baird spoke. Ann Lee said: \"Nobody asked us.\"",
                   .candidate(quote: "Nobody asked us", speaker: "Tom Baird"))),
    ]

    static let dates: [RuleDefinition] = [
        rule(.dateISO, "an ISO date", .init("The report dated 2023-02-01 was late.", .date("2023-02-01",
            value: "2023-02-01"))),
        rule(.dateMonth, "a month with a day, a year or a relative word",
             .init("Sales fell in February 2022.", .date("February 2022", value: "2022-02"))),
        rule(.dateWeekday, "a weekday: the latest one on or before the anchor",
             .init("Talks resumed on Thursday.", .date("Thursday", value: "2023-03-02"))),
        rule(.dateRelativeDay, "yesterday, today, tomorrow, tonight", .init("Yesterday the talks ended.",
            .date("Yesterday", value: "2023-03-05"))),
        rule(.dateRelativePeriod, "last, next or this week, month or year", .init("Prices rose last week.",
            .date("last week", value: "2023-W09"))),
        rule(.dateAgo, "a number of days, weeks, months or years ago",
             .init("The plant closed three weeks ago.", .date("three weeks ago", value: "2023-02-13"))),
        rule(.dateYear, "a year after in, since, by and the like", .init("The firm was founded in 2004.",
            .date("2004", value: "2004"))),
    ]
}
