import XCTest
@testable import GleanerExtraction

/// Behaviour of the extraction engine on short, hand-written articles.
final class ExtractionTests: XCTestCase {
    private func extract(_ s: String, anchor: CalendarDate? = nil) -> Extraction {
        ArticleExtractor().extract(s, options: ExtractionOptions(anchorDate: anchor))
    }
    private func entity(_ x: Extraction, _ name: String) -> Entity? { x.entities.first { $0.name == name } }
    private func slice(_ s: String, _ m: Mention) -> String {
        let sc = Array(s.unicodeScalars)
        return String(String.UnicodeScalarView(sc[m.start..<m.end]))
    }

    // MARK: sentences

    func testMentions_carryTheIndexOfTheirSentence() {
        let text =
            """
            Talks resume\n\nSergey Lavrov met Shah Mehmood Qureshi in Moscow on Friday. The U.S. embassy in Kyiv said \
            nothing. Lavrov left.\n
            """
        let x = extract(text)
        let sentences = { (name: String) in self.entity(x, name)?.mentions.compactMap(\.sentence) ?? [] }
        XCTAssertEqual(sentences("Sergey Lavrov").count, 2)
        XCTAssertEqual(Set(sentences("Sergey Lavrov")).count, 2, "two different sentences")
        XCTAssertEqual(sentences("Shah Mehmood Qureshi").first, sentences("Sergey Lavrov").first)
        XCTAssertEqual(sentences("Kyiv"), [sentences("Sergey Lavrov")[0] + 1], "U.S. does not end the sentence")
    }

    // MARK: layout

    func testTitle_whenPageStartsWithBoilerplate_skipsToHeadline() {
        let text =
            """
            Accessibility links\n\nBreaking News\n\nMinisters Agree Budget Deal in Late Session\n\nA caption about \
            the photo.\nA caption about the photo.\n\nThe finance ministers of three countries agreed a deal on \
            Monday, officials said.\n
            """
        let x = extract(text)
        XCTAssertEqual(x.title, "Ministers Agree Budget Deal in Late Session")
        XCTAssertNil(x.subtitle, "a repeated image caption is not a subtitle")
    }

    func testSubtitle_whenDekFollowsHeadline_isKept() {
        let text =
            """
            Port strike ends after talks\n\nUnion says members will vote on 'a fair offer' next week\n\nDock workers \
            in Rotterdam returned to work on Friday after a four-day strike.\n
            """
        let x = extract(text)
        XCTAssertEqual(x.title, "Port strike ends after talks")
        XCTAssertEqual(x.subtitle, "Union says members will vote on 'a fair offer' next week")
    }

    func testSubtitle_whenSecondLineIsBodySentence_isNil() {
        let x = extract(
            "Rates rise again\n\nThe central bank raised its main rate to 4% on Tuesday.\n\nMore text follows here.\n")
        XCTAssertNil(x.subtitle)
    }

    func testBylineAndDateline_whenPresent_areExtracted() {
        let x = extract(
            """
            Floods hit the north\n\nBy Jane Harper\n\nMarch 6, 2023\n\nHeavy rain flooded dozens of villages on \
            Sunday, officials said.\n
            """
        )
        XCTAssertEqual(x.byline, "Jane Harper")
        XCTAssertEqual(x.dateline, "March 6, 2023")
        XCTAssertEqual(x.dates.first { $0.text == "Sunday" }?.value, "2023-03-05")
    }

    // MARK: tokenizer and sentences

    func testSentenceSplit_whenAbbreviationsAppear_doesNotBreakAfterMrOrInitialisms() {
        let toks = Tokenizer.tokenize(
            Array("Mr. Smith met U.S. officials at the U.N. in Feb. last year. He left.".unicodeScalars))
        let sentences = Set(toks.map(\.sentence))
        XCTAssertEqual(sentences.count, 2)
        XCTAssertTrue(toks.contains { $0.text == "U.S." })
        XCTAssertTrue(toks.contains { $0.text == "U.N." })
        XCTAssertTrue(toks.contains { $0.text == "Mr." })
    }

    func testTokenizer_whenPossessive_splitsApostropheS() {
        let toks = Tokenizer.tokenize(Array("Pakistan’s envoy and Britain's minister".unicodeScalars))
        XCTAssertEqual(toks.map(\.text), ["Pakistan", "’s", "envoy", "and", "Britain", "'s", "minister"])
    }

    func testTokenizer_whenTextHasEmojiAndAccents_offsetsCountScalars() {
        let s = "🙂 José Álvarez said"
        let toks = Tokenizer.tokenize(Array(s.unicodeScalars))
        XCTAssertEqual(toks[0].start, 0)
        XCTAssertEqual(toks[1].text, "José")
        XCTAssertEqual(toks[1].start, 2)
    }

    // MARK: entities

    func testEntities_whenTitleBeforeName_excludesTitleAndRecordsRole() {
        let s =
            """
            Talks resume\n\nPrime Minister Imran Khan met the envoy. Khan said the talks were useful, and Imran later \
            left.\n
            """
        let x = extract(s)
        let e = entity(x, "Imran Khan")
        XCTAssertEqual(e?.type, .person)
        XCTAssertEqual(e?.mentions.map { slice(s, $0) }, ["Imran Khan", "Khan", "Imran"])
        XCTAssertEqual(e?.roles, ["Prime Minister"])
    }

    func testEntities_whenNationalityPrecedesTitle_splitsNorpWithCountryCode() {
        let s = "Visit\n\nPakistani Foreign Minister Shah Mehmood Qureshi arrived in Moscow on Monday.\n"
        let x = extract(s)
        XCTAssertEqual(entity(x, "Pakistani")?.type, .norp)
        XCTAssertEqual(entity(x, "Pakistani")?.country, "PK")
        XCTAssertEqual(entity(x, "Shah Mehmood Qureshi")?.roles, ["Foreign Minister"])
        XCTAssertEqual(entity(x, "Moscow")?.type, .loc)
    }

    func testEntities_whenPossessiveAndLeadingThe_mentionTextExcludesThem() {
        let s =
            """
            Report\n\nThe economy of the United States grew. The United States' partners and Germany's exporters \
            agreed.\n
            """
        let x = extract(s)
        let us = entity(x, "United States")
        XCTAssertEqual(us?.country, "US")
        XCTAssertTrue(us?.mentions.allSatisfy { slice(s, $0) == "United States" } ?? false)
        XCTAssertEqual(entity(x, "Germany")?.mentions.map { slice(s, $0) }, ["Germany"])
    }

    func testEntities_whenShortFormsAppear_linkToFullOrganisationName() {
        let s =
            """
            Rates\n\nThe Reserve Bank of Australia raised rates. The Bank said inflation was high, and the Reserve \
            Bank will meet again.\n
            """
        let x = extract(s)
        let e = entity(x, "Reserve Bank of Australia")
        XCTAssertEqual(e?.type, .org)
        XCTAssertEqual(
            Set(e?.mentions.map { slice(s, $0) } ?? []), ["Reserve Bank of Australia", "Bank", "Reserve Bank"])
    }

    func testEntities_whenAcronymMatchesInitials_linksToFullName() {
        let s =
            """
            Forecast\n\nThe National Institute of Economic and Social Research (NIESR) said growth would slow. NIESR \
            added that risks remained.\n
            """
        let x = extract(s)
        let e = entity(x, "National Institute of Economic and Social Research")
        XCTAssertEqual(e?.type, .org)
        XCTAssertEqual(e?.mentions.count, 3)
    }

    func testEntities_whenHeadlineIsAllCaps_findsNamesSeenInBody() {
        let s =
            """
            CRICKET - SURREY CRUSH KENT AT THE OVAL\n\nLONDON 1996-08-30\n\nSurrey beat Kent by an innings on Friday. \
            Kent captain Matthew Walker made 40.\n
            """
        let x = extract(s)
        let kentMentions = x.entities.filter { $0.name == "Kent" }.flatMap(\.mentions).map { slice(s, $0) }
        XCTAssertTrue(kentMentions.contains("KENT"))
        XCTAssertTrue(x.entities.contains { $0.mentions.contains { slice(s, $0) == "LONDON" } && $0.type == .loc })
        XCTAssertEqual(entity(x, "Matthew Walker")?.type, .person)
    }

    func testEntities_whenHyphenatedNameAndHyphenatedPlaces_handlesBoth() {
        let s = "Talks\n\nJean-Pierre Dupont spoke about the Ukraine-Russia conflict in Paris.\n"
        let x = extract(s)
        XCTAssertEqual(entity(x, "Jean-Pierre Dupont")?.type, .person)
        XCTAssertEqual(entity(x, "Ukraine")?.mentions.map { slice(s, $0) }, ["Ukraine"])
        XCTAssertEqual(entity(x, "Russia")?.country, "RU")
    }

    func testEntities_whenCommonWordStartsSentence_isNotAnEntity() {
        let x = extract("Markets\n\nConsumer spending remains strong. However, exports fell in Canada.\n")
        XCTAssertFalse(x.entities.contains { $0.name == "Consumer" || $0.name == "However" })
        XCTAssertEqual(entity(x, "Canada")?.type, .loc)
    }

    // MARK: quotes

    func testQuoteSpeaker_whenNameFollowsSaid_resolvesToThatPerson() {
        let x = extract("Rates\n\n\"The economy has been strong,\" said Treasurer Peter Costello.\n")
        XCTAssertEqual(x.quotes.count, 1)
        XCTAssertEqual(x.quotes[0].text, "The economy has been strong,")
        XCTAssertEqual(x.quotes[0].speaker, "Peter Costello")
        XCTAssertEqual(x.quotes[0].cue, "said")
        XCTAssertEqual(x.quotes[0].kind, .direct)
    }

    func testQuoteSpeaker_whenPronounFollowsQuote_resolvesToLastPerson() {
        let s =
            """
            Briefing\n\nMumtaz Zahra Baloch, the chief spokesperson, spoke to reporters on Thursday.\n\n“We believe \
            the visits will help,” she further clarified.\n
            """
        let x = extract(s)
        XCTAssertEqual(x.quotes.first?.speaker, "Mumtaz Zahra Baloch")
        XCTAssertEqual(x.quotes.first?.cue, "clarified")
    }

    func testQuoteSpeaker_whenRoleNounIsSubject_resolvesToPersonWithThatRole() {
        let s =
            """
            Briefing\n\nMumtaz Zahra Baloch, the Foreign Office spokesperson, held a briefing.\n\nAsked about the \
            report, the spokesperson said it was an “old story.”\n
            """
        let x = extract(s)
        XCTAssertEqual(x.quotes.first?.text, "old story.")
        XCTAssertEqual(x.quotes.first?.speaker, "Mumtaz Zahra Baloch")
        XCTAssertEqual(x.quotes.first?.kind, .partial)
    }

    func testQuoteSpeaker_whenReportedSpeechQuotesAnother_resolvesToOriginalSpeaker() {
        let s =
            """
            Talks\n\nSergey Lavrov spoke to Shah Mehmood Qureshi by phone.\n\n“We are ready for the third round of \
            talks,” Qureshi quoted Lavrov as telling him.\n
            """
        let x = extract(s)
        XCTAssertEqual(x.quotes.first?.speaker, "Sergey Lavrov")
    }

    func testQuotes_whenBBCStyleQuoteRunsOverParagraphs_eachSpanGoesToSameSpeaker() {
        let s =
            """
            Music\n\nTed Cohen of EMI said: \"The market is changing fast.\n\n\"We want music to be a \
            continuum.\"\n\nAnalysts agreed.\n
            """
        let x = extract(s)
        XCTAssertEqual(x.quotes.count, 2)
        XCTAssertEqual(x.quotes[0].text, "The market is changing fast.")
        XCTAssertEqual(x.quotes[0].speaker, "Ted Cohen")
        XCTAssertEqual(x.quotes[1].text, "We want music to be a continuum.")
        XCTAssertEqual(x.quotes[1].speaker, "Ted Cohen")
    }

    func testQuotes_whenQuoteSplitAcrossSentences_offsetsPointInsideMarks() {
        let s = "Deal\n\n“It is done,” Anna Berg told reporters. “Now we wait.”\n"
        let x = extract(s)
        XCTAssertEqual(x.quotes.map(\.text), ["It is done,", "Now we wait."])
        for q in x.quotes {
            XCTAssertEqual(String(String.UnicodeScalarView(Array(s.unicodeScalars)[q.start..<q.end])), q.text)
        }
        XCTAssertEqual(x.quotes.map(\.speaker), ["Anna Berg", "Anna Berg"])
    }

    func testQuoteKind_whenFragmentInsideSentence_isPartial() {
        let x = extract("Policy\n\nThe minister said the plan was “deeply flawed” and would be reviewed.\n")
        XCTAssertEqual(x.quotes.first?.kind, .partial)
    }

    // MARK: dates

    func testDates_whenAnchorKnown_resolvesRelativeExpressions() {
        // 2023-03-02 is a Thursday
        let x = extract(
            """
            Story\n\nOn Thursday officials said prices had risen since last August, a year ago, and in February 2022.\n
            """,
            anchor: CalendarDate(year: 2023, month: 3, day: 2))
        let v = Dictionary(x.dates.map { ($0.text, $0.value) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(v["Thursday"], "2023-03-02")
        XCTAssertEqual(v["last August"], "2022-08")
        XCTAssertEqual(v["a year ago"], "2022-03")
        XCTAssertEqual(v["February 2022"], "2022-02")
    }

    func testDates_whenNoAnchor_relativeValuesAreNilButAbsoluteKept() {
        let x = extract("Story\n\nOn Thursday the deal signed on July 21, 2017 was cancelled.\n")
        XCTAssertEqual(x.dates.first { $0.text == "Thursday" }?.value, .some(nil))
        XCTAssertEqual(x.dates.first { $0.text == "July 21, 2017" }?.value, "2017-07-21")
    }

    func testQuoteSpeaker_whenPossessorPrecedesSpeakerNoun_isNotThePossessor() {
        let x = extract("Trial\n\nMichael Jackson's mother has said she is \"100% certain\" he is innocent.\n")
        XCTAssertNotEqual(x.quotes.first?.speaker, "Michael Jackson")
    }

    func testQuoteSpeaker_whenPlaceModifiesPersonNoun_resolvesToPerson() {
        let s =
            """
            Athletics\n\nChris Baillie finished fourth in Madrid. \"It was a learning curve,\" said the East Kilbride \
            athlete.\n
            """
        XCTAssertEqual(extract(s).quotes.first?.speaker, "Chris Baillie")
    }

    func testQuoteSpeaker_whenAppositiveSeparatesNameAndVerb_skipsTheAppositive() {
        let s = "Music\n\nGilles Babinet, chief executive of mobile firm Musiwave, said: \"Downloads will grow.\"\n"
        XCTAssertEqual(extract(s).quotes.first?.speaker, "Gilles Babinet")
    }

    func testEntities_whenPluralAbbreviationOrOfficeTitle_areNotNames() {
        let s = "Budget\n\nMPs backed Chancellor of the Exchequer Gordon Brown after the DEC appeal.\n"
        let x = extract(s)
        XCTAssertNil(entity(x, "MPs"))
        XCTAssertEqual(entity(x, "Gordon Brown")?.type, .person)
        XCTAssertFalse(x.dates.contains { $0.text == "DEC" })
    }

    func testTitle_whenHeadlineIsTitleCase_onlyKnownNamesBecomeEntities() {
        let s =
            """
            Pakistan Vows Neutrality in Ukraine Crisis, Insists Ties with US on Track\n\nPakistan said on Sunday it \
            would stay neutral.\n
            """
        let x = extract(s)
        XCTAssertNil(entity(x, "Vows Neutrality"))
        XCTAssertNil(entity(x, "Insists Ties"))
        XCTAssertEqual(entity(x, "United States")?.mentions.first.map { slice(s, $0) }, "US")
        XCTAssertEqual(entity(x, "Ukraine")?.type, .loc)
    }

    func testOffsets_forEveryMentionQuoteAndDate_sliceToTheirText() {
        let s =
            """
            Héllo wörld: Köln talks\n\n“Ça va,” said José  Álvarez in Zürich on Monday, March\n\n2000 was \
            long ago. \
            The U.S. and Mr. Smith agreed.\n
            """
        let x = extract(s, anchor: CalendarDate(year: 2023, month: 3, day: 6))
        for e in x.entities { for m in e.mentions { XCTAssertEqual(slice(s, m), m.text) } }
        for q in x.quotes { XCTAssertEqual(slice(s, Mention(start: q.start, end: q.end, text: "")), q.text) }
        for d in x.dates { XCTAssertEqual(slice(s, Mention(start: d.start, end: d.end, text: "")), d.text) }
        XCTAssertFalse(x.dates.contains { $0.text.contains("\n") }, "a date never spans paragraphs")
    }

    // MARK: determinism and robustness

    func testExtract_whenRunTwice_givesIdenticalOutput() {
        let s =
            """
            Pakistan denies arms supply\n\nPakistan on Thursday denied it was supplying arms to Ukraine. “The \
            reporting is not accurate,” the spokesperson told reporters in Islamabad.\n
            """
        XCTAssertEqual(extract(s), extract(s))
    }

    func testExtract_whenTextIsEmptyOrOddlyFormed_doesNotCrash() {
        for s in [
            "", "\n\n", "\"", "“unclosed", "A", "...", "\u{FFFD}\u{FFFD}", String(repeating: "Word ", count: 3000),
        ] {
            _ = extract(s)
        }
    }
}
