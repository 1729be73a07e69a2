import Foundation
import GleanerExtraction
import XCTest
@testable import GleanerCore

/// The record reader's compact readers (`RecordReader.Reader.compactEntity` and the others) read objects written as
/// Gleaner writes them in place and leave anything else to the general path: whatever the bytes, the summary, or
/// the violation, must be what the general path alone gives.
final class CompactRecordReadingTests: XCTestCase {
    /// Everything a read gives: every field of the summary (ranges, numbers, arrays) or the violation.
    private func outcome(_ json: [UInt8], strict: Bool, compact: Bool) -> String {
        String(describing: RecordReader.read(json, strict: strict, compact: compact))
    }

    private func assertSameAsGeneralPath(_ json: [UInt8], _ label: @autoclosure () -> String) {
        for strict in [true, false] {
            XCTAssertEqual(
                outcome(json, strict: strict, compact: true), outcome(json, strict: strict, compact: false),
                "strict \(strict): \(label())")
        }
    }

    private func seedRecords() throws -> [[UInt8]] {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds")
        return try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted().map {
            ArticleProcessor().process(
                bytes: [UInt8](try Data(contentsOf: seeds.appendingPathComponent($0))), path: "seeds/\($0)"
            ).jsonBytes()
        }
    }

    private let id = String(repeating: "ab", count: 32)

    private func article(_ body: String) -> [UInt8] {
        Array(#"{"schema":"gleaner.article/1","id":"\#(id)","source":{"path":"p","bytes":3},\#(body)}"#.utf8)
    }

    func testGleanersOwnRecords_readTheSameAsByTheGeneralPath() throws {
        let records = try seedRecords()
        XCTAssertGreaterThanOrEqual(records.count, 2)
        for json in records {
            assertSameAsGeneralPath(json, String(decoding: json.prefix(80), as: UTF8.self))
            XCTAssertNoThrow(try RecordSummary.validated(json).get())
        }
    }

    /// Objects that are almost, but not quite, as Gleaner writes them: each takes the general path, or gives what
    /// it gives (an escape, a space, keys in another order, a sign, a fraction, 16 digits, a null, a missing field,
    /// offsets out of order, an empty name, an unknown type, a record ending right after the object).
    func testNearlyCompactObjects_readTheSameAsByTheGeneralPath() {
        let mention = #"{"start":0,"end":7,"text":"Ann Lee","sentence":0}"#
        let entities = [
            #"{"name":"Ann Lee","type":"PERSON","country":null,"roles":[],"mentions":[\#(mention)]}"#,
            #"{"name":"Ann Lee","type":"PERSON","country":"GB","roles":["MP","chair"],"mentions":[]}"#,
            #"{"name":"Ann \"Lee\"","type":"PERSON","country":null,"roles":[],"mentions":[\#(mention)]}"#,
            #"{"name":"Ann Lee","type":"PERSON","country":null,"roles":["M\u0050"],"mentions":[\#(mention)]}"#,
            #"{"name":"Ann Lee", "type":"PERSON","country":null,"roles":[],"mentions":[\#(mention)]}"#,
            #"{"type":"PERSON","name":"Ann Lee","country":null,"roles":[],"mentions":[\#(mention)]}"#,
            #"{"name":"Ann Lee","type":"PERSON","country":null,"roles":null,"mentions":[\#(mention)]}"#,
            #"{"name":"Ann Lee","type":"PERSON","country":null,"mentions":[\#(mention)]}"#,
            #"{"name":"","type":"PERSON","country":null,"roles":[],"mentions":[\#(mention)]}"#,
            #"{"name":"Ann Lee","type":"WIZARD","country":null,"roles":[],"mentions":[\#(mention)]}"#,
            #"{"name":"A","type":"PERSON","country":null,"roles":[],"mentions":[\#(mention),\#(mention)]}"#,
            #"{"name":"A","type":"PERSON","country":null,"roles":[],"mentions":[\#(mention)],"extra":1}"#,
        ]
        let mentions = [
            #"{"start":-1,"end":7,"text":"A","sentence":0}"#, #"{"start":9,"end":7,"text":"A","sentence":0}"#,
            #"{"start":1.5,"end":7,"text":"A","sentence":0}"#, #"{"start":1e2,"end":700,"text":"A","sentence":0}"#,
            #"{"start":1234567890123456,"end":1234567890123457,"text":"A","sentence":0}"#,
            #"{"start":123456789012345,"end":123456789012345,"text":"A","sentence":123456789012345}"#,
            #"{"start":0,"end":7,"text":"A","sentence":null}"#, #"{"start":0,"end":7,"text":"A","sentence":-2}"#,
            #"{"start":0,"end":7,"text":"A","sentence":2.5}"#, #"{"start":0,"end":7,"text":"A"}"#,
            #"{"start":0,"end":7,"text":"A\nB","sentence":1}"#, #"{"end":7,"start":0,"text":"A","sentence":1}"#,
            #"{"start":00,"end":07,"text":"A","sentence":01}"#, #"{"start":0,"end":7,"text":"A","sentence":"1"}"#,
        ].map { #"{"name":"A","type":"PERSON","country":null,"roles":[],"mentions":[\#($0)]}"# }
        let rest = [
            #""quotes":[{"text":"Hi","start":1,"end":3,"speaker":"Ann","cue":"said","kind":"direct"}]"#,
            #""quotes":[{"text":"Hi","start":1,"end":3,"speaker":null,"cue":null,"kind":"partial"}]"#,
            #""quotes":[{"text":"Hi","start":4,"end":3,"speaker":null,"cue":null,"kind":"direct"}]"#,
            #""quotes":[{"text":"Hi","start":1,"end":3,"speaker":7,"cue":null,"kind":"direct"}]"#,
            #""quotes":[{"text":"Hi","start":1,"end":3,"speaker":null,"cue":null,"kind":"loud"}]"#,
            #""quotes":[{"text":"Hi","start":1,"end":3,"speaker":null,"cue":"s\"d","kind":null}]"#,
            #""dates":[{"text":"May","start":0,"end":3,"value":"2005-05"}]"#,
            #""dates":[{"text":"May","start":0,"end":3,"value":null}]"#,
            #""dates":[{"text":"M\u0061y","start":5,"end":3,"value":3}]"#,
            #""keyphrases":[{"text":"tax","score":0.4375},{"text":"vote","score":null}]"#,
            #""keyphrases":[{"text":"tax","score":1e-3},{"text":"vote","score":"high"}]"#,
            #""keyphrases":[{"text":"tax","score":0.5,"rank":1}]"#,
        ]
        let title = #""title":"T","#
        for entity in entities + mentions {
            assertSameAsGeneralPath(article(title + #""entities":[\#(entity)],"quotes":[],"dates":[]"#), entity)
            // The object last, so that fewer than 16 bytes follow some of its parts.
            assertSameAsGeneralPath(article(title + #""quotes":[],"dates":[],"entities":[\#(entity)]"#), entity)
        }
        for part in rest {
            assertSameAsGeneralPath(article(title + #""entities":[],"quotes":[],"dates":[],\#(part)"#), part)
            assertSameAsGeneralPath(article(title + #""entities":[],\#(part),"quotes":[],"dates":[]"#), part)
        }
    }

    /// Gleaner's own records with one byte changed, inserted or removed at random places (a fixed seed): each
    /// reads the same, or fails the same, either way.
    func testMutatedRecords_readTheSameAsByTheGeneralPath() throws {
        var random = SplitMix64(seed: 20_261_130)
        let replacements = Array(#" -\.e9"n],}0:{["#.utf8)
        for record in try seedRecords() {
            for _ in 0..<400 {
                var json = record
                let at = Int(random.next() % UInt64(json.count))
                switch random.next() % 3 {
                case 0: json[at] = replacements[Int(random.next() % UInt64(replacements.count))]
                case 1: json.insert(replacements[Int(random.next() % UInt64(replacements.count))], at: at)
                default: json.remove(at: at)
                }
                assertSameAsGeneralPath(json, "byte \(at) of \(String(decoding: record.prefix(60), as: UTF8.self))")
            }
        }
    }

    /// `text`'s UTF-8 bytes given to a reader of bytes in place, as the record reader gives a record's.
    private static func read<T>(_ text: String, as reader: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        Array(text.utf8).withUnsafeBufferPointer(reader)
    }

    /// Every entity type reads from its name's bytes (a new type without a word there would be refused), and
    /// nothing else reads as a type.
    func testEntityTypeFromUTF8_readsEveryTypeByItsName_andNothingElse() {
        for type in EntityType.allCases {
            XCTAssertEqual(Self.read(type.rawValue, as: EntityType.init(utf8:)), type)
        }
        for other in ["", "person", "PERSONS", "PERSO", "ORG\u{0}", "OR", "NORP ", "MISCELLANEOUS", "LOCATION"] {
            XCTAssertNil(Self.read(other, as: EntityType.init(utf8:)), other)
        }
    }

    /// Both quote kinds read from their names' bytes (the words are literals), and nothing else reads as a kind.
    func testQuoteKindFromUTF8_readsEachKindByItsName_andNothingElse() {
        for kind in [QuoteKind.direct, .partial] {
            XCTAssertEqual(Self.read(kind.rawValue, as: QuoteKind.init(utf8:)), kind)
        }
        for other in ["", "Direct", "directs", "direc", "partial\u{0}", "partia", "indirect", " direct"] {
            XCTAssertNil(Self.read(other, as: QuoteKind.init(utf8:)), other)
        }
    }

    /// The reader's literals are constants: each must be the words of its text.
    func testLiterals_areTheWordsOfTheirText() {
        XCTAssertEqual(RecordReader.Literals.all.count, 16)
        for (literal, text) in RecordReader.Literals.all {
            XCTAssertEqual(literal, JSONScanner.Name(text), text)
        }
    }
}
