import XCTest
@testable import GleanerExtraction

/// The lexicon's byte-keyed hash table must answer exactly like the dictionary it is built from.
final class WordTableTests: XCTestCase {
    func testLookup_matchesTheSourceDictionary_forShortLongAndNonASCIIKeys() {
        let source: [String: Int] = [
            "the": 1, "a": 2, "": 3, "Zürich": 4, "São Paulo": 5, "北京": 6,
            "internationalisation": 7, "internationalisations": 8,  // share their first 16 bytes
            "exactly16bytes!!": 9, "exactly16bytes!?": 10,
        ]
        let table = WordTable(source)
        for (key, value) in source { XCTAssertEqual(table[key], value, key) }
    }

    func testLookup_returnsNil_forAbsentKeysAndNearMisses() {
        let table = WordTable(["internationalisation": 1, "the": 2, "Zürich": 3])
        for absent in [
            "internationalisatioN", "internationalisations", "internationalisatio", "The", "th", "thee", "Zurich", "",
            "x",
        ] {
            XCTAssertNil(table[absent], absent)
        }
    }

    func testLookup_survivesManyKeysWithCollidingSlots() {
        var source: [String: Int] = [:]
        for k in 0..<20_000 { source["w\(k)"] = k }
        let table = WordTable(source)
        XCTAssertEqual(table["w0"], 0)
        XCTAssertEqual(table["w19999"], 19_999)
        XCTAssertNil(table["w20000"])
        let found = (0..<20_000).filter { (k: Int) -> Bool in
            let key = "w" + String(k); return table[key] == k
        }
        XCTAssertEqual(found.count, 20_000)
    }
}

/// Batched lookups and keys made from scalars must answer exactly like one lookup of the word.
final class WordTableBatchTests: XCTestCase {
    func testBatchLookup_matchesOneLookupEach_forPresentAbsentAndCollidingKeys() {
        var source: [String: Int] = [:]
        for k in 0..<5_000 { source["w\(k)"] = k }
        let table = WordTable(source)
        let words = (0..<6_000).map { "w\($0)" } + ["", "x", "exactly16bytes!!"]
        let batch = table.values(ofKeys: words.map { WordKey($0) })
        XCTAssertEqual(batch, words.map { table[$0] })
        XCTAssertEqual(batch.compactMap { $0 }.count, 5_000, "every present key is found")
    }

    func testKeysFromScalars_equalKeysFromTheWordsUTF8() {
        for word in ["a", "Obama", "WASHINGTON", "state-of-the", "sixteen-letters!", "x1Y2z3"] {
            let scalars = Array(word.unicodeScalars)
            guard let keys = FlagLookups.asciiKeys(scalars, 0, scalars.count) else { return XCTFail(word) }
            let lower = WordKey(ScalarText.encode(scalars, 0, scalars.count, lowercaseASCII: true))
            let exact = WordKey(word)
            XCTAssertEqual([keys.exact.head, keys.exact.tail, keys.exact.hash], [exact.head, exact.tail, exact.hash])
            XCTAssertEqual([keys.lower.head, keys.lower.tail, keys.lower.hash], [lower.head, lower.tail, lower.hash])
        }
        XCTAssertNil(FlagLookups.asciiKeys(Array("Zürich".unicodeScalars), 0, 6), "not ASCII")
        XCTAssertNil(FlagLookups.asciiKeys(Array("seventeen-letters".unicodeScalars), 0, 17), "past 16 bytes")
    }

    func testTokenFlags_areTheListsMemberships_forShortLongAndNonASCIIWords() {
        let text = "Said the Minister of Internationalisations, Zoë Müller, in Paris on Monday."
        for t in Tokenizer.tokenize(Array(text.unicodeScalars)) where t.kind == .word {
            var expected = Lexicon.lowerFlags[t.lower] ?? []
            if t.isCap { expected.formUnion(Lexicon.exactFlags[t.text] ?? []) }
            XCTAssertEqual(t.flags, expected, t.text)
        }
    }
}

/// Rules ask a token's flags instead of looking its text up in these lists; that gives the same
/// answer only because a token whose text (or lowercase form) is an entry is always a word token
/// whose flags were looked up: these invariants of the data files keep it so.
final class LexiconFlagInvariantTests: XCTestCase {
    func testNameListEntries_startWithACapitalLetter_soTheirTokensGetExactCaseFlags() {
        for entry in Lexicon.entries(LexiconData.givenNames) + Lexicon.entries(LexiconData.surnames) {
            let first = entry.unicodeScalars.first!
            XCTAssertTrue(CharacterClass.isUpper(first) && CharacterClass.isLetter(first), String(entry))
        }
    }

    func testFlaggedListEntries_startWithALetter_soTheirTokensAreWords() {
        let lists = [Lexicon.orgHeads, Lexicon.locHeads, Lexicon.miscHeads, Lexicon.functionWords, Lexicon.sportsWords]
        for list in lists {
            for entry in list { XCTAssertTrue(CharacterClass.isLetter(entry.unicodeScalars.first!), entry) }
        }
    }

    func testFlaggedWords_answerLikeTheirLists() {
        let given = Lexicon.entries(LexiconData.givenNames).map(String.init)
        let common = Lexicon.entries(LexiconData.commonWords).map(String.init)
        XCTAssertTrue(given.allSatisfy(Lexicon.givenNames.contains))
        XCTAssertTrue(common.prefix(2_000).allSatisfy(Lexicon.commonWords.contains))
        XCTAssertFalse(Lexicon.givenNames.contains("the"), "a common word is no given name")
        XCTAssertFalse(Lexicon.commonWords.contains("xqzt"))
    }
}

/// The filter in front of the lists of whole names must never turn a member away: a skipped
/// lookup would change a name's type.
final class WordFilterTests: XCTestCase {
    func testFilter_neverRejectsAWordPutIn_andRejectsMostOthers() {
        let members = (0..<30_000).map { "place \($0)" } + ["Zürich", "São Paulo", "internationalisations", ""]
        let filter = WordFilter(linesOf: [members.joined(separator: "\n"), "key\tvalue\nother key\t\tvalue"])
        for key in ["key", "other key", "key\tvalue"] { XCTAssertTrue(filter.mayContain(key), key) }
        XCTAssertEqual(members.filter { !filter.mayContain($0) }, [], "a member was turned away")
        let absent = (0..<10_000).map { "nowhere \($0)" }
        let passed = absent.filter { filter.mayContain($0) }.count
        XCTAssertLessThan(passed, absent.count / 10, "the filter lets most absent words through")
    }

    func testListedNames_holdEveryKeyTheTypingRulesLookUp() {
        // every key of each table the rules reach through NameCandidate.listed(in:) / isListed(in:)
        for data in [LexiconData.countries, LexiconData.demonyms, LexiconData.places, LexiconData.knownOrganisations,
                     LexiconData.openOrganisations, LexiconData.openWorks, LexiconData.movements,
                     LexiconData.knownMisc, LexiconData.governmentSeats, LexiconData.teamNicknames] {
            for line in Lexicon.entries(data) {
                let key = String(line[..<(line.firstIndex(of: "\t") ?? line.endIndex)])
                XCTAssertTrue(Lexicon.listedNames.mayContain(key), key)
            }
        }
        XCTAssertTrue(Lexicon.isPlaceName("New Zealand"))
        XCTAssertEqual(Lexicon.countries["New Zealand"], "NZ")
    }
}
