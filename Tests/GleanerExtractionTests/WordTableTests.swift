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
