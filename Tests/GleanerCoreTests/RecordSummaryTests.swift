import Foundation
import XCTest
@testable import GleanerCore

final class RecordSummaryTests: XCTestCase {
    private func describe(_ s: RecordSummary?) -> String {
        guard let s else { return "nil" }
        let entities = (s.entities ?? []).map { "\($0.name)|\($0.type)|\($0.country ?? "-")|\($0.roles ?? [])|\($0.mentions.map(\.text))" }
        let quotes = (s.quotes ?? []).map { "\($0.text)|\($0.speaker ?? "-")|\($0.kind ?? "-")" }
        return [s.schema, s.id, s.source.path, String(s.source.bytes), s.title ?? "-", s.reason ?? "-", s.detail ?? "-",
                entities.joined(separator: ";"), quotes.joined(separator: ";"),
                (s.dates ?? []).map { $0.value ?? "-" }.joined(separator: ","),
                (s.keyphrases ?? []).map { "\($0.text)=\($0.score ?? -1)" }.joined(separator: ",")].joined(separator: "\n")
    }

    func testScanner_readsTheSameFieldsAsJSONDecoder_onExtractedRecords() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds")
        let texts = try FileManager.default.contentsOfDirectory(atPath: seeds.path).map { try Data(contentsOf: seeds.appendingPathComponent($0)) }
            + [Data("Tab\there \"quoted\" \\ back\u{1}slash é 😀\n\n“Hi,” said Ann Lee.".utf8)]
        for text in texts {
            let json = ArticleProcessor().process(bytes: [UInt8](text), path: "dir/“x”.txt").jsonBytes()
            XCTAssertEqual(describe(RecordSummary.decode(json)), describe(RecordSummary.decodeWithFoundation(json)))
        }
        let failure = FailureRecord(id: "path-" + String(repeating: "a", count: 64), source: .init(path: "p", bytes: 3), reason: .unreadable, detail: "gone \"x\"").jsonBytes()
        XCTAssertEqual(describe(RecordSummary.decode(failure)), describe(RecordSummary.decodeWithFoundation(failure)))
    }

    func testScanner_handlesEscapesWhitespaceAndUnknownFields() {
        let json = #" { "schema" : "gleaner.article/1", "extra": {"a": [1, 2.5e3, true, null, {"b": "\"}"}]},  "id": "x\u00e9\ud83d\ude00",  "source": {"path": "a\/b\n", "bytes": 12}, "title": null } "#
        let s = RecordSummary.decode(Array(json.utf8))
        XCTAssertEqual(s?.id, "xé😀")
        XCTAssertEqual(s?.source.path, "a/b\n")
        XCTAssertEqual(s?.source.bytes, 12)
        XCTAssertNil(s?.title)
    }

    func testScanner_rejectsMalformedOrForeignInput() {
        for bad in ["", "{", "[]", "{\"schema\":\"gleaner.article/1\"}", "{\"schema\":\"other/1\",\"id\":\"x\",\"source\":{\"path\":\"p\",\"bytes\":1}}",
                    "{\"schema\":\"gleaner.article/1\",\"id\":\"x\",\"source\":{\"path\":\"p\",\"bytes\":1}} trailing",
                    "{\"schema\":\"gleaner.article/1\",\"id\":\"x\" \"source\":{}}", "{\"schema\":\"gleaner.article/1\",\"id\":\"unterminated"] {
            XCTAssertNil(RecordSummary.decode(Array(bad.utf8)), bad)
        }
    }
}
