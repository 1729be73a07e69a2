import Foundation
import XCTest
@testable import GleanerCore

final class RecordSummaryTests: XCTestCase {
    private func describe(_ s: RecordSummary?) -> String {
        guard let s else { return "nil" }
        let entities = (s.entities ?? []).map {
            "\($0.name)|\($0.type)|\($0.country ?? "-")|\($0.roles ?? [])|\($0.mentions.map(\.text))"
        }
        let quotes = (s.quotes ?? []).map { "\($0.text)|\($0.speaker ?? "-")|\($0.kind ?? "-")" }
        return [
            s.schema, s.id, s.source.path, String(s.source.bytes), s.title ?? "-", s.reason ?? "-", s.detail ?? "-",
            entities.joined(separator: ";"), quotes.joined(separator: ";"),
            (s.dates ?? []).map { $0.value ?? "-" }.joined(separator: ","),
            (s.keyphrases ?? []).map { "\($0.text)=\($0.score ?? -1)" }.joined(separator: ","),
        ].joined(separator: "\n")
    }

    func testScanner_readsTheSameFieldsAsJSONDecoder_onExtractedRecords() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("seeds")
        let texts =
            try FileManager.default.contentsOfDirectory(atPath: seeds.path).map {
                try Data(contentsOf: seeds.appendingPathComponent($0))
            }
            + [Data("Tab\there \"quoted\" \\ back\u{1}slash é 😀\n\n“Hi,” said Ann Lee.".utf8)]
        for text in texts {
            let json = ArticleProcessor().process(bytes: [UInt8](text), path: "dir/“x”.txt").jsonBytes()
            XCTAssertEqual(describe(RecordSummary.decode(json)), describe(RecordSummary.decodeWithFoundation(json)))
        }
        let failure = FailureRecord(
            id: "path-" + String(repeating: "a", count: 64), source: .init(path: "p", bytes: 3), reason: .unreadable,
            detail: "gone \"x\""
        ).jsonBytes()
        XCTAssertEqual(describe(RecordSummary.decode(failure)), describe(RecordSummary.decodeWithFoundation(failure)))
    }

    /// Reading into a spent summary's arrays gives what reading into new ones gives, whatever
    /// the spent summary held (here: each seed record read over the one before, in turn).
    func testValidated_reusingASpentSummarysArrays_readsTheSameRecord() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("seeds")
        let records = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted().map {
            ArticleProcessor().process(
                bytes: [UInt8](try Data(contentsOf: seeds.appendingPathComponent($0))), path: "seeds/\($0)"
            ).jsonBytes()
        }
        XCTAssertGreaterThanOrEqual(records.count, 2)
        var spare = RecordSummary.Buffers()
        for json in records + records.reversed() {
            let fresh = try RecordSummary.validated(json).get()
            let reused = try RecordSummary.validated(json, reusing: spare).get()
            XCTAssertEqual(describe(reused), describe(fresh))
            XCTAssertGreaterThan(reused.entities?.count ?? 0, 0)
            spare = reused.buffers()
            XCTAssertEqual(spare.entities.count + spare.mentions.count + spare.quotes.count, 0, "emptied")
        }
    }

    func testScanner_handlesEscapesWhitespaceAndUnknownFields() {
        let json =
            #" { "schema" : "gleaner.article/1", "extra": {"a": [1, 2.5e3, true, null, {"b": "\"}"}]},"#
                + #"  "id": "x\u00e9\ud83d\ude00",  "source": {"path": "a\/b\n", "bytes": 12}, "title": null } "#
        let s = RecordSummary.decode(Array(json.utf8))
        XCTAssertEqual(s?.id, "xé😀")
        XCTAssertEqual(s?.source.path, "a/b\n")
        XCTAssertEqual(s?.source.bytes, 12)
        XCTAssertNil(s?.title)
    }

    /// The reader notes a control byte in any string, raw or escaped, wherever it sits in the eight-byte words the
    /// scanner reads; whitespace between values, and bytes just past a string's end, do not count.
    func testControlBytes_inStringsAreNoted_whereverTheySit_outsideStringsNot() {
        func read(title: String, path: String = "p", space: String = "") -> Bool? {
            let json = "{\(space)\"schema\":\(space)\"gleaner.article/1\",\"id\":\"i\",\"source\":{\"path\":"
                + "\"\(path)\",\"bytes\":1},\(space)\"title\":\"\(title)\"\(space)}\(space)"
            return RecordSummary.decode(Array(json.utf8))?.stringsMayHoldControlBytes
        }
        let letters = "abcdefghijklmnopqrstu"
        for n in 0...letters.count { XCTAssertEqual(read(title: String(letters.prefix(n))), false, "\(n) letters") }
        for space in ["\t", "\n", "\r\n", " \t\n\t\t\t\t\t\t"] {
            XCTAssertEqual(read(title: "short", space: space), false, "whitespace \(Array(space.utf8))")
            XCTAssertEqual(read(title: "a title that is long", space: space), false, "whitespace \(Array(space.utf8))")
        }
        for raw in ["\t", "\n", "\r", "\u{1}", "\u{1F}"] {
            for at in 0...letters.count {
                let title = String(letters.prefix(at)) + raw + String(letters.dropFirst(at))
                XCTAssertEqual(read(title: title), true, "\(Array(raw.utf8)) at \(at)")
                XCTAssertEqual(read(title: "x", path: title), true, "\(Array(raw.utf8)) at \(at) of the path")
            }
        }
        for escape in [#"\n"#, #"\t"#, #"\r"#, #"\b"#, #"\f"#, #"\u0009"#, #"\u001f"#] {
            XCTAssertEqual(read(title: "before" + escape + "after"), true, escape)
        }
        for escape in [#"\""#, #"\\"#, #"\/"#, #"\u00e9"#, #"\u0020"#, #"\ud83d\ude00"#] {
            XCTAssertEqual(read(title: "before" + escape + "after"), false, escape)
        }
        XCTAssertEqual(read(title: "é ü 😀 \u{7F} ÿ"), false, "bytes of 0x7F and above are no control bytes here")
    }

    func testScanner_rejectsMalformedOrForeignInput() {
        for bad in [
            "", "{", "[]", "{\"schema\":\"gleaner.article/1\"}",
            "{\"schema\":\"other/1\",\"id\":\"x\",\"source\":{\"path\":\"p\",\"bytes\":1}}",
            "{\"schema\":\"gleaner.article/1\",\"id\":\"x\",\"source\":{\"path\":\"p\",\"bytes\":1}} trailing",
            "{\"schema\":\"gleaner.article/1\",\"id\":\"x\" \"source\":{}}",
            "{\"schema\":\"gleaner.article/1\",\"id\":\"unterminated",
        ] {
            XCTAssertNil(RecordSummary.decode(Array(bad.utf8)), bad)
        }
    }
}

final class RecordReaderNamesTests: XCTestCase {
    /// The reader's key constants are literals: each must be the words of its name.
    func testKeyConstants_areTheWordsOfTheirNames() {
        let names: [(JSONScanner.Name, String)] = [
            (RecordReader.Names.bytes, "bytes"), (RecordReader.Names.country, "country"),
            (RecordReader.Names.cue, "cue"), (RecordReader.Names.dates, "dates"),
            (RecordReader.Names.detail, "detail"), (RecordReader.Names.end, "end"),
            (RecordReader.Names.entities, "entities"),
            (RecordReader.Names.id, "id"), (RecordReader.Names.keyphrases, "keyphrases"),
            (RecordReader.Names.kind, "kind"),
            (RecordReader.Names.mentions, "mentions"), (RecordReader.Names.name, "name"),
            (RecordReader.Names.path, "path"),
            (RecordReader.Names.quotes, "quotes"), (RecordReader.Names.reason, "reason"),
            (RecordReader.Names.roles, "roles"),
            (RecordReader.Names.schema, "schema"), (RecordReader.Names.score, "score"),
            (RecordReader.Names.sentence, "sentence"),
            (RecordReader.Names.source, "source"), (RecordReader.Names.speaker, "speaker"),
            (RecordReader.Names.start, "start"),
            (RecordReader.Names.text, "text"), (RecordReader.Names.title, "title"), (RecordReader.Names.type, "type"),
            (RecordReader.Names.value, "value"), (RecordReader.Names.extractor, "extractor"),
            (RecordReader.Names.version, "version"),
        ]
        for (constant, name) in names { XCTAssertEqual(constant, JSONScanner.Name(name), name) }
    }

    func testIsBytes_ofRawBuffers_isEqualityOfLengthAndEveryByte() {
        let cases: [([UInt8], [UInt8], Bool)] = [
            ([], [], true), (Array("Blair".utf8), Array("Blair".utf8), true),
            (Array("Blair".utf8), Array("Blai".utf8), false), (Array("Blair".utf8), Array("blair".utf8), false),
            (Array("Tony Blair".utf8), Array("Tony Blaiz".utf8), false), ([], Array("a".utf8), false),
        ]
        for (a, b, equal) in cases {
            a.withUnsafeBytes { x in
                b.withUnsafeBytes { y in
                    XCTAssertEqual(x.isBytes(of: y), equal, "\(a) \(b)")
                    XCTAssertEqual(y.isBytes(of: x), equal, "\(b) \(a)")
                }
            }
        }
    }
}

final class JSONScannerGuessTests: XCTestCase {
    /// Every key of every object in `json`, depth first, with the scanner's offset after each:
    /// read with `nextKey()`, or with `nextKey(expecting:)` guessing `guess`.
    private func keys(_ json: String, guess: JSONScanner.Name?) -> [String] {
        var out: [String] = []
        func object(_ s: inout JSONScanner) throws(JSONScanner.Malformed) {
            try s.beginObject()
            while true {
                let next: JSONScanner.Key?
                if let guess { next = try s.nextKey(expecting: guess) } else { next = try s.nextKey() }
                guard let key = next else { break }
                out.append("\(key.head),\(key.count)@\(s.offset)")
                if s.isObjectNext() { try object(&s) } else { try s.skipValue() }
            }
        }
        do {
            try JSONScanner.scan(Array(json.utf8)) { (s: inout JSONScanner) throws(JSONScanner.Malformed) in
                try object(&s)
            }
        } catch {
            out.append("malformed at \(error.offset)")
        }
        return out
    }

    /// Guessing right or wrong, `nextKey(expecting:)` reads what `nextKey()` reads.
    func testNextKeyExpecting_readsTheSameKeysAsNextKey_whateverTheGuess() {
        let inputs = [
            #"{"start":0,"end":6,"text":"Hewitt","sentence":0}"#,
            #"{ "start" : 0 , "end":6}"#,
            #"{"starts":1,"star":2,"start":3}"#,
            #"{"st\u0061rt":1,"start":{"start":2}}"#,
            #"{"start":1,,"end":2}"#,
            #"{,"start":1}"#,
            #"{"start":1"end":2}"#,
            #"{"start":1}"#,
            #"{"start""#,
            #"{"start"#,
            #"{"a_key_longer_than_sixteen":1,"start":2}"#,
        ]
        for input in inputs {
            let reference = keys(input, guess: nil)
            for guess in [RecordReader.Names.start, RecordReader.Names.end, RecordReader.Names.sentence] {
                XCTAssertEqual(keys(input, guess: guess), reference, input)
            }
        }
    }

    /// `number()` reads plain decimals without `Double(_:)`: it must give the same bits, and
    /// the same refusals, as `Double(_:)` does (the reference here) for every form of number.
    func testNumber_readsTheSameDoubleAsDoubleFromText() {
        var generator = SystemRandomNumberGenerator()
        var inputs = [
            "0", "-0", "0.1", "0.30000000000000004", "1", "12.5", "-3.25", "0.123456", "123456789012345",
            "1234567890123456", "999999999999999.9", "0.000000000000001", "1e5", "1.5E-3", "-2e+2", "1.", ".5",
            "1.2.3", "9007199254740993", "0.1000000000000000055511151231257827", "00.5", "-", "+1", "1-2",
        ]
        for _ in 0..<2_000 {  // random decimals of 1 to 17 digits, with 0 to 16 after the point
            let digits = (0..<Int.random(in: 1...17, using: &generator)).map { _ in
                String(Int.random(in: 0...9, using: &generator))
            }.joined()
            let point = Int.random(in: 0...digits.count - 1, using: &generator)
            let number = point == 0 ? digits : String(digits.dropLast(point)) + "." + String(digits.suffix(point))
            inputs.append(Bool.random(using: &generator) ? "-" + number : number)
        }
        for input in inputs {
            let scanned = try? JSONScanner.scan(Array((input + "]").utf8)) { s throws(JSONScanner.Malformed) in
                try s.number()
            }
            let expected = Double(input)
            XCTAssertEqual(scanned?.bitPattern, expected?.bitPattern, input)
        }
    }
}

final class RecordValidationTests: XCTestCase {
    private let id = String(repeating: "ab", count: 32)

    private func article(_ body: String) -> [UInt8] {
        Array(#"{"schema":"gleaner.article/1","id":"\#(id)","source":{"path":"p","bytes":3},\#(body)}"#.utf8)
    }

    private let entity =
        #"{"name":"Ann Lee","type":"PERSON","mentions":[{"start":0,"end":7,"text":"Ann Lee","sentence":0}]}"#

    func testValidRecord_isAccepted_withItsFields() throws {
        let json = article(
            #""title":"T","entities":[\#(entity)],"quotes":[{"text":"Hi","start":1,"end":3,"speaker":"Ann Lee","#
                + #""kind":"direct"}],"dates":[{"text":"May","start":0,"end":3,"value":"2005-05"}]"#
        )
        let s = try RecordSummary.validated(json).get()
        XCTAssertEqual(s.entities?.first?.name, "Ann Lee")
        XCTAssertEqual(s.quotes?.first?.speaker, "Ann Lee")
        XCTAssertEqual(s.dates?.first?.value, "2005-05")
    }

    func testEscapedKeys_readAsTheirNames() throws {
        let json = article(#""t\u0069tle":"T","entities":[],"quotes":[],"dates":[]"#)
        XCTAssertEqual(try RecordSummary.validated(json).get().title, "T")
    }

    func testExtractorVersion_isRead_andAbsentReadsAsZero() throws {
        let body = #""title":"T","entities":[],"quotes":[],"dates":[]"#
        XCTAssertEqual(try RecordSummary.validated(article(body)).get().extractorVersion, 0)
        let versioned = article(body + #","extractor":{"name":"gleaner","version":7}"#)
        XCTAssertEqual(try RecordSummary.validated(versioned).get().extractorVersion, 7)
        XCTAssertEqual(RecordSummary.decode(versioned)?.extractorVersion, 7)
        let failure = FailureRecord(
            id: id, source: .init(path: "p", bytes: 0), reason: .empty, detail: "d",
            extractorVersion: 3)
        XCTAssertEqual(try RecordSummary.validated(failure.jsonBytes()).get().extractorVersion, 3)
    }

    func testExtractorVersion_outOfBoundsOrMistyped_isRefused() {
        let body = #""title":"T","entities":[],"quotes":[],"dates":[],"extractor":"#
        let cases: [(String, String)] = [
            (#"{"name":"gleaner","version":-1}"#, "extractor.version"),
            (#"{"name":"gleaner","version":1000001}"#, "extractor.version"),
            (#"{"name":"gleaner","version":"2"}"#, "extractor.version"),
            (#"{"name":3,"version":2}"#, "extractor.name"),
            (#"5"#, "extractor"),
        ]
        for (extractor, field) in cases {
            guard case .failure(let violation) = RecordSummary.validated(article(body + extractor)) else {
                XCTFail("accepted: \(extractor)"); continue
            }
            XCTAssertEqual(violation.field, field, extractor)
        }
    }

    func testEachBrokenRule_isRefusedNamingTheField() {
        let cases: [(String, String)] = [
            (#""entities":[],"quotes":[],"dates":[]"#, "title"),
            (#""title":"T","entities":null,"quotes":[],"dates":[]"#, "entities"),
            (
                #""title":"T","entities":[{"name":"","type":"PERSON","mentions":[]}],"quotes":[],"dates":[]"#,
                "entities.name"
            ),
            (
                #""title":"T","entities":[{"name":"X","type":"ALIEN","mentions":[]}],"quotes":[],"dates":[]"#,
                "entities.type"
            ),
            (
                #""title":"T","entities":[{"name":"X","type":"ORG","mentions":[{"start":5,"end":2,"text":"X"}]}],"#
                    + #""quotes":[],"dates":[]"#,
                "entities.mentions"
            ),
            (
                #""title":"T","entities":[],"quotes":[{"text":"q","start":0,"end":1,"speaker":null,"kind":"shout"}],"#
                    + #""dates":[]"#,
                "quotes.kind"
            ),
            (
                #""title":"T","entities":[],"quotes":[{"text":"q","start":0,"end":1,"speaker":7,"kind":"direct"}],"#
                    + #""dates":[]"#,
                "quotes.speaker"
            ),
            (#""title":7,"entities":[],"quotes":[],"dates":[]"#, "title"),
        ]
        for (body, field) in cases {
            guard case .failure(let violation) = RecordSummary.validated(article(body)) else {
                XCTFail("accepted: \(body)"); continue
            }
            XCTAssertEqual(violation.field, field, body)
        }
        let badID = Array(
            (#"{"schema":"gleaner.article/1","id":"xyz","source":{"path":"p","bytes":3},"title":null,"entities":[],"#
                + #""quotes":[],"dates":[]}"#).utf8)
        XCTAssertEqual(try? RecordSummary.validated(badID).get().id, nil)
        let failure = Array(
            (#"{"schema":"gleaner.failure/1","id":"\#(id)","source":{"path":"p","bytes":0},"reason":"bored","#
                + #""detail":""}"#).utf8)
        guard case .failure(let v) = RecordSummary.validated(failure) else { return XCTFail("unknown reason accepted") }
        XCTAssertEqual(v.field, "reason")
        let deep =
            Array(article(#""title":"T","entities":[],"quotes":[],"dates":[],"x":"#).dropLast())
            + Array(repeating: UInt8(ascii: "["), count: 100_000)
        XCTAssertThrowsError(try RecordSummary.validated(deep).get(), "deep nesting is refused, not a crash")
    }
}
