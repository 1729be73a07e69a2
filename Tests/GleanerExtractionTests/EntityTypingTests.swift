import XCTest
@testable import GleanerExtraction

/// How the typing rules type names from their heads and context (docs/extraction.md, "Typing"),
/// with the learned span typer off (`--no-span-typer`): these are the rules' own verdicts; the
/// typer's are tested in `SpanTyperTests` and judged by `scripts/eval`.
final class EntityTypingTests: XCTestCase {
    private func entities(_ body: String) -> [Entity] {
        ArticleExtractor().extract("Headline for a test\n\n" + body + "\n", options: ExtractionOptions(spanTyper: nil))
            .entities
    }
    private func type(_ name: String, in body: String) -> EntityType? {
        entities(body).first { $0.name == name }?.type
    }
    private func mentionTexts(_ body: String) -> Set<String> {
        Set(entities(body).flatMap { $0.mentions.map(\.text) })
    }

    func testWordsTheArticleWritesInLowerCase_areNoNames_butNamesItMostlyCapitalisesStay() {
        // a coined term the text writes in lower case, and a heading over it, are common words
        let textbook = mentionTexts(
            """
            Spacetime Examples

            Maps of spacetime help, and two examples follow. Spacetime, as Kelvaro Dunmore put it, bends.
            """)
        XCTAssertFalse(textbook.contains("Spacetime Examples"), "\(textbook)")
        XCTAssertFalse(textbook.contains("Spacetime"), "\(textbook)")
        // mostly capitalised: a name, whatever one quotation's lower case says
        let church = mentionTexts(
            """
            Members of Kelvarism protested on Monday. Critics say Kelvarism is a business. "I hate the kelvarism \
            website," one wrote.
            """)
        XCTAssertTrue(church.contains("Kelvarism"), "\(church)")
        // inside a sentence, several capitalised common words stay a name even when each is written
        // in lower case apart ("interactive TV", "sport")
        let award = mentionTexts(
            "Kelvaro won with Sport Interactive on Friday. Judges liked interactive TV more than sport.")
        XCTAssertTrue(award.contains("Sport Interactive"), "\(award)")
        // a word written in lower case only inside a web address or a hashtag is still a name
        let site = mentionTexts("Kelvaro set up the kelvaro.no site. Later Kelvaro sold it. Fans wrote #kelvaro.")
        XCTAssertTrue(site.contains("Kelvaro"), "\(site)")
    }

    func testBuildingsAndStations_arePlaces_butACenterForSomething_isAnOrganisation() {
        let body =
            """
            Crowds gathered at Shandao Station and at the Metro Toronto Convention Centre on Friday. Researchers at \
            the Center for Strategic Studies disagreed.
            """
        XCTAssertEqual(type("Shandao Station", in: body), .loc)
        XCTAssertEqual(type("Metro Toronto Convention Centre", in: body), .loc)
        XCTAssertEqual(type("Center for Strategic Studies", in: body), .org)
    }

    func testAcronymOfANamedBuilding_takesItsNameAndType() {
        let x = entities("The shuttle went to the Johnson Space Center in Houston. Engineers at JSC cheered.")
        let center = x.first { $0.name == "Johnson Space Center" }
        XCTAssertEqual(center?.type, .loc)
        XCTAssertTrue(
            center?.mentions.contains { $0.text == "JSC" } ?? false, "JSC is a mention of the center: \(x.map(\.name))")
    }

    func testNewsAgencies_areOrganisations_underOneCanonicalName_withTheTyperOnOrOff() {
        let body =
            "Three people died, Agence France-Presse reported. AFP said the road was shut. "
            + "Itar-Tass and Kyodo carried the statement."
        for options in [ExtractionOptions(spanTyper: nil), ExtractionOptions()] {
            let x = ArticleExtractor().extract("Headline for a test\n\n" + body + "\n", options: options).entities
            let afp = x.first { $0.name == "AFP" }
            XCTAssertEqual(afp?.type, .org, "\(x.map { "\($0.name) \($0.type)" })")
            XCTAssertEqual(Set(afp?.mentions.map(\.text) ?? []), ["Agence France-Presse", "AFP"])
            XCTAssertEqual(x.first { $0.name == "TASS" }?.type, .org)
            XCTAssertEqual(x.first { $0.name == "Kyodo News" }?.type, .org)
        }
    }

    func testSeatOfGovernment_isAPlaceStandingForTheGovernment() {
        XCTAssertEqual(type("White House", in: "The White House said on Monday it would not comment."), .loc)
    }

    func testPlaceFollowedByItsRegion_isAPlace_butAPersonBeforeARegionAdjective_staysAPerson() {
        XCTAssertEqual(
            type("Kanata", in: "The papers were found on a street in the suburb, Kanata, Ontario, by a passer-by."),
            .loc)
        XCTAssertEqual(
            type("Ross Walker", in: "Ross Walker, UK economist at a large bank, said he was surprised."), .person)
    }

    func testNameAfterTownOf_isAPlace() {
        XCTAssertEqual(
            type(
                "Yeoncheon",
                in: "South Korea evacuated about 80 people in the town of Yeoncheon after a shell landed."),
            .loc)
    }

    func testCapitalisedCommonWordAfterAPlacePreposition_isAPlace() {
        XCTAssertEqual(type("Mecca", in: "Pilgrims were killed in a stampede near Mecca on Thursday."), .loc)
    }

    func testPluralNationality_isANationalityGroup() {
        XCTAssertEqual(type("Greeks", in: "Today about 100,000 Greeks still worship the ancient gods."), .norp)
    }

    func testNewspaperNamedAfterACity_isAnOrganisation() {
        XCTAssertEqual(type("Toronto Star", in: "The report was first published by the Toronto Star on Tuesday."), .org)
    }

    func testHolidayEndingInDay_isMisc() {
        XCTAssertEqual(type("Waitangi Day", in: "The new flag could be raised on Waitangi Day next year."), .misc)
    }

    func testCaptionLabelsPostNominalsAndShoutedFunctionWords_areNotNames() {
        let texts = mentionTexts(
            """
            Belle Image: Nick Moreau.\n\nThe prosecutor, Mark Tedeschi, QC, said the case was clear. UNLESS the US \
            acts, nothing will change.
            """
        )
        XCTAssertFalse(texts.contains("Belle Image"), "\(texts)")
        XCTAssertFalse(texts.contains("QC"))
        XCTAssertFalse(texts.contains("UNLESS"))
        XCTAssertTrue(texts.contains("US"), "an all-caps country is still a name")
        XCTAssertTrue(texts.contains("Mark Tedeschi"))
    }

    func testSubjectThatALaterItsRefersTo_isAnOrganisation_butNotPastAnObjectOrANewSubject() {
        XCTAssertEqual(type("Dunvar Kelsto", in: "Dunvar Kelsto has been expanding its output."), .org)
        XCTAssertEqual(type("Dunvar Kelsto", in: "Dunvar Kelsto held the ball by its lace."), .person)
        XCTAssertEqual(type("Dunvar Kelsto", in: "Dunvar Kelsto thinks they lost its papers."), .person)
        XCTAssertEqual(type("Dunvar Kelsto", in: "Dunvar Kelsto has been expanding. Its output rose."), .person)
    }

    func testCountryFollowedByACommonNoun_isAnOrganisation() {
        XCTAssertEqual(
            type("Environment Canada", in: "A sensitive Environment Canada document was found on a street."), .org)
    }

    func testProductsAndVehicles_areMisc() {
        let body =
            "Users of Windows XP and Mozilla Firefox were warned. IE9 was released. Space Shuttle Atlantis landed."
        XCTAssertEqual(type("Windows XP", in: body), .misc)
        XCTAssertEqual(type("Mozilla Firefox", in: body), .misc)
        XCTAssertEqual(type("IE9", in: body), .misc)
        XCTAssertEqual(type("Space Shuttle Atlantis", in: body), .misc)
    }

    func testNationalityBeforeAKnownOrganisation_staysInItsName() {
        XCTAssertEqual(type("British Red Cross", in: "A scheme backed by the British Red Cross was rejected."), .org)
        XCTAssertEqual(
            type(
                "U.S. Department of Agriculture", in: "The U.S. Department of Agriculture notes that ozone harms crops."
            ), .org)
    }

    func testNamesInAPhotoCaption_areFound_thoughTheCaptionIsTitleCase() {
        let x = ArticleExtractor().extract(
            """
            Asylum claims rise\n\nThe Border Force Vessel On The Solent On February 8. Image: Brian Burnell.\n\nThe \
            Home Office said on Monday that claims rose.\n
            """
        ).entities
        XCTAssertEqual(x.first { $0.name == "Brian Burnell" }?.type, .person, "\(x.map(\.name))")
    }

    func testNameAfterCapitalComma_isAPlace() {
        XCTAssertEqual(
            type(
                "Wellington",
                in: "The monument will be built in the nation's capital, Wellington. The vote was close."),
            .loc)
    }

    func testNameParticle_makesAPerson_andUnknownWordsAmongPeople_arePeople() {
        let body = "Ruud van Nistelrooy was banned. Arsenal fouled Gabriel Heinze, Edu and Patrick Vieira repeatedly."
        XCTAssertEqual(type("Ruud van Nistelrooy", in: body), .person)
        XCTAssertEqual(type("Edu", in: body), .person)
    }

    func testContractionsAndWeekdays_areNotNames_unlessAWeekdayIsASurname() {
        let texts = mentionTexts("We've seen it before. They'd rather wait, said coach Mike Friday on Monday.")
        XCTAssertFalse(texts.contains("We've"))
        XCTAssertFalse(texts.contains("They'd"))
        XCTAssertFalse(texts.contains("Monday"))
        XCTAssertTrue(texts.contains("Mike Friday"), "\(texts)")
    }

    func testNegativeContractionsAndSpeechWords_areNotNames_butTheNameAfterThemIs() {
        let texts = mentionTexts("\"Isn't that the plan?\" he asked. \"Don't Steven,\" she said. Mhm. Hmm? "
            + "Thanks Anna Kelvar for the report. Hi Vladi, do you have the file? Regards Swetha Rao")
        for word in ["Isn't", "Don't Steven", "Don't", "Mhm", "Hmm", "Thanks Anna Kelvar", "Hi Vladi",
                     "Regards Swetha Rao"] {
            XCTAssertFalse(texts.contains(word), "\(word) in \(texts)")
        }
        for name in ["Steven", "Anna Kelvar", "Vladi", "Swetha Rao"] {
            XCTAssertTrue(texts.contains(name), "\(name) not in \(texts)")
        }
    }

    func testNegativeContractionInsideATitleCaseTitle_staysInTheTitle() {
        let texts = mentionTexts("The band closed with Boys Don't Cry at the Kelvarton Arena.")
        XCTAssertTrue(texts.contains("Boys Don't Cry"), "\(texts)")
        XCTAssertFalse(texts.contains("Boys"), "\(texts)")
    }

    func testNameEndingInAPluralNoun_isAGroup_butAPersonWithAPluralSurname_staysAPerson() {
        let body =
            """
            Gary Fan of the Neo Democrats lost his seat. Analysts at Lehman Brothers and the English Democrats \
            agreed. Britney Spears did not comment.
            """
        XCTAssertEqual(type("Neo Democrats", in: body), .org)
        XCTAssertEqual(type("Lehman Brothers", in: body), .org)
        XCTAssertEqual(type("English Democrats", in: body), .org)
        XCTAssertEqual(type("Britney Spears", in: body), .person)
    }

    func testInitialsBeforeASurname_areAPerson() {
        XCTAssertEqual(
            type("K.C. Maurer", in: "K.C. Maurer, chief financial officer at the foundation, said it was fine."),
            .person)
        XCTAssertEqual(type("J Thomas", in: "Replacements: J Thomas, M Owen."), .person)
        // a letter that ends a product code is no initial
        XCTAssertNotEqual(type("P Vaio", in: "Critics picked Sony's PCG-X505/P Vaio laptop."), .person)
    }

    func testDamsReservoirsAndCemeteries_arePlaces() {
        let body = "Work began on the Xiluodu Dam near the Wexbury Reservoir and Montparnasse Cemetery."
        XCTAssertEqual(type("Xiluodu Dam", in: body), .loc)
        XCTAssertEqual(type("Wexbury Reservoir", in: body), .loc)
        XCTAssertEqual(type("Montparnasse Cemetery", in: body), .loc)
    }

    func testWhatAPersonIsOf_isTheirOrganisation_unlessAPlace() {
        let body =
            "The exhibit includes Polaroids of musician Nick Rhodes of Duran Duran and of Catherine Wood of Manchester."
        XCTAssertEqual(type("Duran Duran", in: body), .org)
        XCTAssertEqual(type("Manchester", in: body), .loc)
    }

    func testNounBeforeSuchAs_typesTheListAfterIt() {
        let body =
            """
            Today many Greeks worship the ancient gods, such as Zeus, Hera, Poseidon, and Athena. Shoppers turned to \
            retailers such as Argos and Dixons.
            """
        XCTAssertEqual(type("Zeus", in: body), .person)
        XCTAssertEqual(type("Poseidon", in: body), .person)
        XCTAssertEqual(type("Dixons", in: body), .org)
    }

    func testStanceAdjective_isNotPartOfTheName() {
        let names = mentionTexts("Pro-Beijing DAB's candidates won two seats in Kowloon West.")
        XCTAssertTrue(names.contains("DAB"), "\(names)")
        XCTAssertFalse(names.contains { $0.hasPrefix("Pro-") }, "\(names)")
    }

    func testArenaInASportsReport_andAStormName_keepTheirKind() {
        let body =
            """
            Belgium beat Panama 3-0 at the Fisht Stadium. England play Tunisia at the Volgograd Arena on Monday. \
            Hurricane Ivan hit Grenada.
            """
        XCTAssertEqual(type("Volgograd Arena", in: body), .loc)
        XCTAssertEqual(type("Hurricane Ivan", in: body), .misc)
    }

    func testCommonWordsJoinedByAndBeforeASharedHead_areOneName_butTwoCompaniesStayTwo() {
        let names = mentionTexts(
            """
            The shuttle goes to the National Air and Space Museum, the Food and Drug Administration said. Fiat and \
            General Motors did not comment.
            """
        )
        XCTAssertTrue(names.contains("National Air and Space Museum"), "\(names)")
        XCTAssertTrue(names.contains("Food and Drug Administration"), "\(names)")
        XCTAssertTrue(names.contains("Fiat") && names.contains("General Motors"), "\(names)")
    }

    func testOfPhraseAfterAnOrganisationForSomething_belongsToTheName() {
        let x = entities(
            """
            Refugees wrote to the Joint Council for the Welfare of Immigrants and the Australian Centre for Control \
            of Iodine Deficiency Disorders.
            """
        )
        XCTAssertEqual(
            x.first { $0.name == "Joint Council for the Welfare of Immigrants" }?.type, .org, "\(x.map(\.name))")
        XCTAssertEqual(
            x.first { $0.name == "Australian Centre for Control of Iodine Deficiency Disorders" }?.type, .org,
            "\(x.map(\.name))")
    }

    func testShipsTeamsAndPartyStateTags() {
        let body =
            """
            The vessel HMC Searcher sailed. Team Estonia won the prize. Senator John Cornyn (R-Texas) spoke at the \
            Kennedy Space Center on STS-1 day.
            """
        XCTAssertEqual(type("HMC Searcher", in: body), .misc)
        XCTAssertEqual(type("Team Estonia", in: body), .org)
        let names = mentionTexts(body)
        XCTAssertFalse(names.contains("R-Texas"), "\(names)")
        XCTAssertTrue(names.contains("Kennedy Space Center"), "\(names)")
    }

    func testStockTickersInAngleBrackets_areNoNames_butACompanyNameInBrackets_staysOne() {
        let body =
            """
            Harbour Mills Corp <HBML.N> said it would buy <Quarry Lane Pty Ltd> from Ferncastle Holdings \
            <FERN.L>. Quarry Lane Pty Ltd makes tiles. Tidewell Group <TDW> was not involved.
            """
        let names = mentionTexts(body)
        for ticker in ["HBML", "FERN", "TDW", "N", "L"] {
            XCTAssertFalse(names.contains(ticker), "\(ticker) in \(names)")
        }
        XCTAssertTrue(names.contains("Harbour Mills Corp"), "\(names)")
        XCTAssertTrue(names.contains("Quarry Lane Pty Ltd"), "\(names)")
        XCTAssertTrue(names.contains("Tidewell Group"), "\(names)")
    }

    func testQuotationsFirstCommonWord_isNotANameFromWhatFollows() {
        let names = mentionTexts(
            """
            The report was cited. \"Sensitive government document found on rainy Ottawa street,\" it said. Record \
            labels and Cable firms agreed.
            """
        )
        XCTAssertFalse(names.contains("Sensitive"), "\(names)")
        XCTAssertFalse(names.contains("Record"), "\(names)")
        XCTAssertTrue(names.contains("Ottawa"), "\(names)")
    }

    func testPortfolioBeforeALowercaseTitle_isNoName_butAPartyBeforeLeader_is() {
        let body =
            """
            Maxime Bernier resigned as Foreign Affairs minister. She had ties to the Hells Angels biker gang. \
            Conservative leader Michael Howard spoke.
            """
        let names = mentionTexts(body)
        XCTAssertFalse(names.contains("Affairs"), "\(names)")
        XCTAssertTrue(names.contains("Conservative"), "\(names)")
        XCTAssertEqual(type("Hells Angels", in: body), .org)
    }

    func testAndInsideALongListOfNames_joinsOneItem_butTheListsLastAndSeparates() {
        let names = mentionTexts(
            """
            The seats are: Bristol West, Cardiff Central, Cambridge, Holborn and St Pancras, Oldham East and \
            Saddleworth, Taunton, Wells and Canterbury.
            """
        )
        XCTAssertTrue(names.contains("Holborn and St Pancras"), "\(names)")
        XCTAssertTrue(names.contains("Oldham East and Saddleworth"), "\(names)")
        XCTAssertTrue(names.contains("Wells") && names.contains("Canterbury"), "\(names)")
    }
}

/// Who a quote is attributed to when the cue names no one directly.
final class SpeakerAttributionTests: XCTestCase {
    private func speakers(_ body: String) -> [String?] {
        ArticleExtractor().extract("Headline for a test\n\n" + body + "\n").quotes.map(\.speaker)
    }

    func testPronoun_resolvesToTheLatestSentenceSubject_notToAPossessorOrObject() {
        let body =
            """
            Alex Ferguson believes Thierry Henry deliberately caught Gabriel Heinze. The United boss said it was \
            worse than Ruud van Nistelrooy's foul on Ashley Cole. \"We shall present it to the FA,\" he said.
            """
        XCTAssertEqual(speakers(body), ["Alex Ferguson"])
    }

    func testCueVerbBeforeATeamAndARole_attributesToThePersonNamedAfterTheRole() {
        let body =
            """
            England beat Samoa last month. \"England have the ability to win this World Cup,\" said England sevens \
            coach Mike Friday.
            """
        XCTAssertEqual(speakers(body), ["Mike Friday"])
    }

    func testPartyLeaderRoleNoun_resolvesToThePersonTheArticleIsAbout_notToTheParty() {
        let body =
            """
            Michael Howard has denied a split over ID cards. Michael Howard met the Conservatives on Monday. The Tory \
            leader said his team had reached a \"collective view\" on the plans.
            """
        XCTAssertEqual(speakers(body), ["Michael Howard"])
    }

    func testSaidFollowedByAClause_isReportedSpeech_notAnInvertedSpeaker() {
        let body =
            """
            Michael Howard spoke on Monday. He acknowledged there were \"good libertarian arguments\" against the \
            cards, but said the shadow Cabinet had weighed them.
            """
        XCTAssertEqual(speakers(body), ["Michael Howard"])
    }

    func testOneWordNameSpeakingInTheFirstPersonSingular_isAPerson() {
        let x = ArticleExtractor().extract(
            """
            Headline for a test\n\nMido was dropped in July. Mido said: \"There isn't much I have to say today.\" \
            Mido was axed by the coach.\n
            """
        )
        XCTAssertEqual(x.entities.first { $0.name == "Mido" }?.type, .person)
        XCTAssertEqual(x.quotes.first?.speaker, "Mido")
    }

    func testNameBeforeAColonIntroducingAQuote_isTheSpeaker() {
        let body =
            """
            City lost the derby on Sunday.\n\n- Manchester City boss Kevin Keegan: \"We had a great chance to take \
            the lead.\"
            """
        XCTAssertEqual(speakers(body), ["Kevin Keegan"])
    }

    func testOrganisationNoun_speaksForTheOrganisationWithThatHead() {
        let body =
            """
            Manchester United rejected the bid. The Department for Transport was asked about Crossrail. \"We have \
            always said we will introduce a Bill,\" the department said on Sunday.
            """
        XCTAssertEqual(speakers(body), ["Department for Transport"])
        XCTAssertEqual(
            speakers(
                """
                Manchester United rejected the bid. \"Any board must consider a bona fide offer,\" the club said in \
                its statement.
                """
            ), ["Manchester United"])
    }

    func testRoleNounsBeforeAName_andAHonorificBeforeATitleWord_giveThePerson() {
        let body =
            """
            Valencia sacked its coach. \"We understand, and he understands,\" said club president Juan Bautista. \
            \"Our data rates are high,\" says Mr Dean.
            """
        XCTAssertEqual(speakers(body), ["Juan Bautista", "Dean"])
    }

    func testPersonNoun_givesThePersonInFocus_andAPossessorIsNoSubject() {
        let body =
            """
            Adam Jones says the Wales forwards are ready. The prop said: \"If we get stuffed in the front five our \
            backs have had it.\" Chelsea sacked Adrian Mutu. But Mutu has hit out at the club's decision, saying: \
            \"Chelsea have destroyed me.\"
            """
        XCTAssertEqual(speakers(body), ["Adam Jones", "Adrian Mutu"])
    }

    func testSubjectWithAPrepositionOrALongAppositiveAfterTheQuote_isTheSpeaker() {
        let body =
            """
            \"We're a nation of lazy so-and-sos,\" David Noone from Intervoice said. \"Consumer electronics companies \
            want UWB to replace cables,\" Jeff Ravencraft, technology strategist at Intel and chairman of the \
            Wireless USB Promoter Group, told the BBC.
            """
        XCTAssertEqual(speakers(body), ["David Noone", "Jeff Ravencraft"])
    }

    func testPersonNounAfterSaid_isTheSentenceSubjectBefore_andWhoMakesAName() {
        let body =
            """
            Radcliffe must decide by Tuesday. British team member Hayley Yelling said the team would understand if \
            Radcliffe opted out. \"It would be fantastic to have Paula in the team,\" said the European cross-country \
            champion.\n\nCaprice, who left in the fourth eviction, afterwards said: \"I am so happy.\"
            """
        XCTAssertEqual(speakers(body), ["Hayley Yelling", "Caprice"])
    }
}

extension EntityTypingTests {
    func testFootballClubs_inASportsReport_areOrganisations_andCitiesElsewhere_arePlaces() {
        let sports =
            """
            Manchester City lost 2-0 to Leeds United. The striker scored twice and the goalkeeper saved a penalty \
            before the midfielder scored.
            """
        XCTAssertEqual(type("Manchester City", in: sports), .org)
        XCTAssertEqual(type("Leeds United", in: sports), .org)
        XCTAssertEqual(type("Mexico City", in: "Talks will be held in Mexico City next year."), .loc)
    }
}

extension EntityTypingTests {
    func testPossessivePeoplesInsideAName_andCompassAdjectiveBeforeAPlace_stayInTheName() {
        let body =
            "The Korean People's Army fired shells. Iodine levels fell in Western Australia, The Guardian reported."
        XCTAssertEqual(type("Korean People's Army", in: body), .org)
        XCTAssertEqual(type("Western Australia", in: body), .loc)
        XCTAssertEqual(type("The Guardian", in: body), .org)
    }
}

extension EntityTypingTests {
    func testCompanyAfterSharesInOrABasedPrefix_isAnOrganisation_notAPlace() {
        XCTAssertEqual(
            type("Elan", in: "On the stock exchange, shares in Ireland-based Elan lost 70% of their value."), .org)
        XCTAssertEqual(type("Phytopharm", in: "Investors sold their shares in Phytopharm on Monday."), .org)
    }

    func testClubNamedAfterItsCity_inASportsReport_isAnOrganisation() {
        let body =
            """
            Blackburn face Bayer Leverkusen next. The striker scored twice, the goalkeeper saved a penalty and the \
            midfielder scored.
            """
        XCTAssertEqual(type("Bayer Leverkusen", in: body), .org)
    }
}

extension SpeakerAttributionTests {
    func testAppositiveRoleBeforeHadSaid_isSkipped_andTheRoleIsNotAName() {
        let x = ArticleExtractor().extract(
            """
            Headline for a test\n\nEarlier, David Rose, Chief Executive of Hereford Hospitals NHS Trust, had said: \
            \"It is with real regret that we have taken this step.\"\n
            """
        )
        XCTAssertEqual(x.quotes.map(\.speaker), ["David Rose"])
        XCTAssertFalse(x.entities.contains { $0.name == "Executive" }, "\(x.entities.map(\.name))")
    }

    func testSaidFollowedByANameAndANounThenAVerb_isReportedSpeech() {
        let body =
            """
            Mr Andy Williams spoke on Monday. Mr Williams said Hereford hospital was \"struggling financially\" this \
            year.
            """
        XCTAssertEqual(speakers(body), ["Andy Williams"])
    }
}

extension SpeakerAttributionTests {
    func testAgeNounAfterSaid_isThePersonInFocus() {
        let body =
            """
            James McIlroy ran a personal best in Erfurt. \"I'm qualified now and that's what matters most,\" said the \
            28-year-old.
            """
        XCTAssertEqual(speakers(body), ["James McIlroy"])
    }

    func testPlaceModifyingACommonNoun_isNotTheSpeakerOfAScareQuote() {
        let body = "A US airline attendant suspended over \"inappropriate images\" on her blog says she has been fired."
        XCTAssertNotEqual(speakers(body).first ?? nil, "United States")
    }
}

extension SpeakerAttributionTests {
    func testPronoun_goesToTheNewSentenceSubject_notToTheEarlierSpeakerNamedAsItsObject() {
        let body =
            """
            \"I'm delighted to be here,\" said Glenn Hoddle. Wolves chief executive Jez Moxey defended the decision \
            to give Hoddle a short contract. \"We hope it will work out for both parties,\" he said.
            """
        XCTAssertEqual(speakers(body), ["Glenn Hoddle", "Jez Moxey"])
    }

    func testPronoun_staysWithTheCurrentSpeakerNamedInTheLatestSentence() {
        let body =
            """
            Robert Peston wrote a book about the rift. In Belfast, Mr Tony Blair said: \"All sorts of people make \
            claims.\" He admitted to a \"sense of frustration\" about it.
            """
        XCTAssertEqual(speakers(body), ["Tony Blair", "Tony Blair"])
    }
}

extension EntityTypingTests {
    func testPartyBeforeAGivenName_isSplitOff_andATrailingRoleAfterAnOrganisation_isNotAName() {
        let x = entities(
            """
            But Tory Liam Fox said his party offered a clear choice. The Conservative Party Co-Chairman said more. \
            Mervyn King spoke too.
            """
        )
        let names = Set(x.map(\.name))
        XCTAssertTrue(names.contains("Liam Fox"), "\(names)")
        XCTAssertFalse(names.contains("Tory Liam Fox"))
        XCTAssertFalse(names.contains("Conservative Party Co-Chairman"))
        XCTAssertTrue(names.contains("Mervyn King"), "a surname that is also a title stays")
    }
}

extension SpeakerAttributionTests {
    func testSaidFollowedByAPossessorAndAPerson_attributesToThePerson() {
        let body =
            """
            \"No wedding plans have been set yet,\" said Christina Aguilera's agent Meghan Prophet. \"Obviously it \
            will take time,\" said ABN Amro's Eddie Wong.
            """
        XCTAssertEqual(speakers(body), ["Meghan Prophet", "Eddie Wong"])
    }
}
