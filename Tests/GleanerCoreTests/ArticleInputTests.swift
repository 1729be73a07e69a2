import XCTest
@testable import GleanerCore

final class ArticleInputTests: XCTestCase {
    private func reason(_ bytes: [UInt8], maxBytes: Int = 1_000_000) -> FailureReason? {
        if case .failure(let reason, _) = ArticleInput(maxBytes: maxBytes).validate(bytes) { return reason }
        return nil
    }

    func testValidate_classifiesBadInput() {
        XCTAssertEqual(reason([]), .empty)
        XCTAssertEqual(reason(Array(" \n\t\r\n".utf8)), .empty)
        XCTAssertEqual(reason([0x48, 0x00, 0x49]), .binary)
        XCTAssertEqual(reason(Array(repeating: 0x01, count: 50) + Array("text".utf8)), .binary)
        XCTAssertEqual(reason(Array(repeating: 0xC3, count: 200)), .invalidUTF8)
        XCTAssertEqual(reason(Array(repeating: 0x61, count: 11), maxBytes: 10), .tooLarge)
        XCTAssertNil(reason(Array("Title\n\nBody.".utf8)))
    }

    func testValidate_oneStrayLatin1Byte_inTextWithoutUTF8_isReadAsWindows1252AndWarned() throws {
        let bytes = Array("Price rose to ".utf8) + [0xA3] + Array("15m, officials said.".utf8)
        let outcome = ArticleProcessor().process(bytes: bytes, path: "p.txt")
        guard case .article(let record) = outcome else { return XCTFail("expected an article, got \(outcome)") }
        XCTAssertEqual(record.warnings.count, 1)
        XCTAssertTrue(record.warnings[0].hasPrefix("decoded-as-windows-1252"))
        XCTAssertEqual(record.source.encoding, "windows-1252")
    }

    func testValidate_oneStrayByte_inUTF8Text_isReplacedAndWarned() throws {
        let bytes = Array("“Price” rose to ".utf8) + [0xA3] + Array("15m, officials said.".utf8)
        guard case .article(let record) = ArticleProcessor().process(bytes: bytes, path: "p.txt") else {
            return XCTFail()
        }
        XCTAssertEqual(record.warnings, ["invalid-utf8: 1 byte sequence(s) replaced by U+FFFD"])
        XCTAssertNil(record.source.encoding)
    }

    func testArticleText_offsetsCountUnicodeScalars_likePythonStrings() {
        let text = ArticleText(decoding: Array("“Hé” said".utf8) + [0xFF] + Array("x".utf8))
        XCTAssertEqual(text.count, 11)
        XCTAssertEqual(text.slice(0, 4), "“Hé”")
        XCTAssertEqual(text.scalars[9], "\u{FFFD}")
        XCTAssertEqual(text.replacedSequences, 1)
    }

    func testProcessor_idIsTheSHA256OfTheBytes() {
        let outcome = ArticleProcessor().process(bytes: Array("abc".utf8), path: "x")
        guard case .article(let record) = outcome else { return XCTFail() }
        XCTAssertEqual(record.id, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
