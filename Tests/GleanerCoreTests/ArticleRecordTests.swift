import Foundation
import XCTest
@testable import GleanerCore

final class ArticleRecordTests: XCTestCase {
    private func sample() -> ArticleRecord {
        ArticleRecord(
            id: String(repeating: "a", count: 64), source: .init(path: "dir/“odd” name\n.txt", bytes: 42),
            title: "Quote \"inside\" and \\ backslash\t tab", subtitle: nil,
            counts: .init(paragraphs: 2, sentences: 3, words: 9),
            entities: [
                Entity(
                    name: "Imran Khan", type: .person, mentions: [Mention(start: 0, end: 4, text: "Khan")],
                    roles: ["Prime Minister"], country: nil)
            ],
            quotes: [Quote(text: "We are ready", start: 5, end: 17, speaker: "Imran Khan", cue: "said", kind: .direct)],
            dates: [DateMention(text: "last August", start: 20, end: 31, value: nil)],
            keyphrases: [Keyphrase(text: "port", score: 0.123456)])
    }

    func testJSON_isOneLineOfValidJSON_withTheSchemaFields() throws {
        let bytes = sample().jsonBytes()
        XCTAssertFalse(bytes.contains(0x0A), "a record must fit one JSON Lines line")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        XCTAssertEqual(object["schema"] as? String, "gleaner.article/1")
        XCTAssertEqual(object["title"] as? String, "Quote \"inside\" and \\ backslash\t tab")
        XCTAssertEqual((object["source"] as? [String: Any])?["path"] as? String, "dir/“odd” name\n.txt")
        XCTAssertTrue(object["subtitle"] is NSNull)
        let entity = try XCTUnwrap((object["entities"] as? [[String: Any]])?.first)
        XCTAssertEqual(entity["type"] as? String, "PERSON")
        XCTAssertEqual((entity["mentions"] as? [[String: Any]])?.first?["end"] as? Int, 4)
        let quote = try XCTUnwrap((object["quotes"] as? [[String: Any]])?.first)
        XCTAssertEqual(quote["speaker"] as? String, "Imran Khan")
        XCTAssertEqual(quote["kind"] as? String, "direct")
        XCTAssertTrue((object["dates"] as? [[String: Any]])?.first?["value"] is NSNull)
        XCTAssertEqual((object["keyphrases"] as? [[String: Any]])?.first?["score"] as? Double, 0.1235)
    }

    func testJSON_sameRecord_givesByteIdenticalOutput() {
        XCTAssertEqual(sample().jsonBytes(), sample().jsonBytes())
    }

    func testFailureRecord_carriesReasonAndDetail() throws {
        let failure = FailureRecord(
            id: "x", source: .init(path: "p", bytes: 0), reason: .tooLarge, detail: "11 > 10", attempts: 1)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(failure.jsonBytes())) as? [String: Any])
        XCTAssertEqual(object["schema"] as? String, "gleaner.failure/1")
        XCTAssertEqual(object["reason"] as? String, "too-large")
        XCTAssertEqual(RecordSummary.decode(failure.jsonBytes())?.isFailure, true)
    }
}
