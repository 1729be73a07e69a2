import XCTest
@testable import GleanerCore

final class StoredIDsTests: XCTestCase {
    /// Keys whose hashes collide in groups of 7 (a hostile peer's best case), added from an
    /// empty table so that it grows many times: every key is found after each growth, keys
    /// never added are not, and ordinals come out dense in order.
    func testOrdinalTable_collidingHashes_findEveryKeyAcrossGrowth() {
        var keys: [UInt64] = []
        var table = OrdinalTable()
        func hash(_ key: UInt64) -> UInt64 { key / 7 }
        func find(_ key: UInt64) -> UInt32? { table.find(hash: hash(key)) { keys[Int($0)] == key } }
        for n in 0..<5_000 {
            let key = UInt64(n) * 3 + 1
            XCTAssertNil(find(key))
            keys.append(key)
            let ordinal = table.append(hash: hash(key)) { hash(keys[Int($0)]) }
            XCTAssertEqual(ordinal, UInt32(n))
            if n.nonzeroBitCount == 1 {  // after some of the growths, look everything up again
                for (m, old) in keys.enumerated() { XCTAssertEqual(find(old), UInt32(m), "key \(old) after \(n)") }
            }
        }
        XCTAssertEqual(table.count, 5_000)
        for (m, key) in keys.enumerated() {
            XCTAssertEqual(find(key), UInt32(m))
            XCTAssertNil(find(key + 1), "a key never added")
        }
    }

    func testOrdinalTable_reserve_keepsEveryKey() {
        var keys: [UInt64] = (0..<100).map { $0 * 11 }
        var table = OrdinalTable(capacity: 4)
        for key in keys { table.append(hash: key) { keys[Int($0)] } }
        table.reserve(100_000) { keys[Int($0)] }
        keys.append(5)
        table.append(hash: 5) { keys[Int($0)] }
        for (m, key) in keys.enumerated() { XCTAssertEqual(table.find(hash: key) { keys[Int($0)] == key }, UInt32(m)) }
    }

    /// Every byte value at every place of an id: a hex digit of either case parses to its value there, and any
    /// other byte refuses the id.
    func testRecordKeyFromUTF8_readsEveryHexDigitOfEitherCase_andRefusesEveryOtherByte() {
        let id = Array(String(repeating: "0123456789abcdef", count: 4).utf8)
        let hex = Array("0123456789abcdef".utf8)
        for place in 0..<64 {
            for byte in 0...255 {
                var text = id
                text[place] = UInt8(byte)
                let lower = UInt8(byte) | (UInt8(byte) >= 0x41 && UInt8(byte) <= 0x46 ? 0x20 : 0)
                guard hex.contains(lower) else {
                    XCTAssertNil(RecordKey(utf8: text[...]), "byte \(byte) at \(place)")
                    continue
                }
                text[place] = lower
                // The reference: the words as the standard library reads hex.
                let words = (0..<4).map {
                    UInt64(String(decoding: text[$0 * 16..<$0 * 16 + 16], as: UTF8.self), radix: 16)!
                }
                let expected = RecordKey(words: (words[0], words[1], words[2], words[3]), pathBased: false)
                text[place] = UInt8(byte)
                XCTAssertEqual(RecordKey(utf8: text[...]), expected, "byte \(byte) at \(place)")
            }
        }
    }

    /// The collector makes keys straight from a task id's words (lookups, id checks): they must
    /// be the keys the store makes from the record id's text, content and path-based alike,
    /// and differ for another id.
    func testRecordKey_fromTaskIDWords_equalsKeyParsedFromRecordID() throws {
        let id = try TaskID(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        let other = try TaskID(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 12) })
        XCTAssertEqual(RecordKey(words: id.words, pathBased: false), RecordKey(id.hex))
        XCTAssertEqual(RecordKey(words: id.words, pathBased: true), RecordKey("path-" + id.hex))
        XCTAssertNotEqual(RecordKey(words: id.words, pathBased: false), RecordKey("path-" + id.hex))
        XCTAssertNotEqual(RecordKey(words: other.words, pathBased: false), RecordKey(id.hex))
        let text = Array(("path-" + id.hex).utf8)
        XCTAssertTrue(try XCTUnwrap(RecordKey(utf8: text[...])).words == id.words)
        XCTAssertEqual(RecordKey(utf8: text[...]), RecordKey(words: id.words, pathBased: true))
        XCTAssertEqual(RecordKey(utf8: Array(id.hex.uppercased().utf8)[...]), RecordKey(id.hex), "either case")
        XCTAssertEqual(RecordKey(utf8: text[5...]), RecordKey(id.hex), "a slice not starting at 0")
        var bad = Array(id.hex.utf8)
        bad[40] = UInt8(ascii: "g")
        XCTAssertNil(RecordKey(utf8: bad[...]))
        XCTAssertNil(RecordKey(utf8: Array(id.hex.utf8)[1...]), "63 digits")
        XCTAssertNil(RecordKey(utf8: Array(("PATH-" + id.hex).utf8)[...]), "the prefix is lower case")
    }

    private static func key(_ n: Int, pathBased: Bool = false) -> RecordKey {
        let hex = String(repeating: "0", count: 48) + String(format: "%016llx", UInt64(n) &* 0x9E37_79B9)
        return RecordKey((pathBased ? "path-" : "") + hex)!
    }

    /// The idempotency map: newest version per id whether or not the id has an ordinal yet,
    /// versions carried from journaled to indexed, lookups after the table grew.
    func testStoredIDs_versionsBeforeAndAfterIndexing() {
        var stored = StoredIDs()
        for n in 0..<3_000 {
            let key = Self.key(n)
            stored.journaled(key, version: 1)
            if n % 3 == 0 { stored.journaled(key, version: 3) }  // a newer version before indexing
            if n % 5 == 0 { stored.journaled(key, version: 0) }  // an older one changes nothing
            XCTAssertEqual(stored.index(key, version: 1), UInt32(n))
        }
        for n in 0..<1_000 { stored.journaled(Self.key(n), version: n % 2 == 0 ? 2 : 0) }
        stored.journaled(Self.key(5_000), version: 7)  // journaled, not indexed
        XCTAssertEqual(stored.indexedCount, 3_000)
        for n in 0..<3_000 {
            let expected: UInt32 = n % 3 == 0 ? 3 : (n < 1_000 && n % 2 == 0 ? 2 : 1)
            XCTAssertEqual(stored.version(of: Self.key(n)), expected, "id \(n)")
            XCTAssertEqual(stored.ids[n], Self.key(n))
            XCTAssertNil(stored.version(of: Self.key(n, pathBased: true)), "a path- id is another id")
        }
        XCTAssertEqual(stored.version(of: Self.key(5_000)), 7)
        XCTAssertNil(stored.version(of: Self.key(4_000)))
        XCTAssertEqual(stored.index(Self.key(5_000), version: 1), 3_000)
        XCTAssertEqual(stored.version(of: Self.key(5_000)), 7, "indexing keeps the newest journaled version")
    }

    func testStoredIDs_reservedFromALoadedCount_findsEveryID() {
        var stored = StoredIDs()
        stored.reserve(2_000)
        for n in 0..<2_000 { _ = stored.index(Self.key(n), version: UInt32(n % 4)) }
        for n in 0..<2_000 { XCTAssertEqual(stored.version(of: Self.key(n)), UInt32(n % 4)) }
        XCTAssertNil(stored.version(of: Self.key(2_000)))
    }
}
