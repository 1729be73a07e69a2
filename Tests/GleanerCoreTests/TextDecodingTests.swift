import XCTest
@testable import GleanerCore

final class TextDecodingTests: XCTestCase {
    private func decode(_ bytes: [UInt8]) -> DecodedText { TextDecoding.decode(bytes[...]) }
    private func string(_ d: DecodedText) -> String { String(String.UnicodeScalarView(d.text.scalars)) }

    func testByteOrderMarks_chooseTheEncoding_andAreNotPartOfTheText() {
        let utf8 = decode([0xEF, 0xBB, 0xBF] + Array("Héllo".utf8))
        XCTAssertEqual(utf8.encoding, .utf8)
        XCTAssertEqual(string(utf8), "Héllo")
        let le = decode([0xFF, 0xFE] + Array("“Hi” 😀".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        XCTAssertEqual(le.encoding, .utf16LE)
        XCTAssertEqual(string(le), "“Hi” 😀")
        XCTAssertEqual(le.text.count, 6, "offsets count scalars: the emoji's surrogate pair is one")
        let be = decode([0xFE, 0xFF] + Array("Hi".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        XCTAssertEqual(be.encoding, .utf16BE)
        XCTAssertEqual(string(be), "Hi")
        XCTAssertTrue(le.warnings.isEmpty && be.warnings.isEmpty)
    }

    func testUTF16_loneSurrogateAndDanglingByte_becomeReplacementCharacters() {
        let d = decode([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x43])
        XCTAssertEqual(string(d), "A\u{FFFD}B\u{FFFD}")
        XCTAssertEqual(d.warnings.count, 1)
        XCTAssertTrue(d.warnings[0].hasPrefix("invalid-utf-16le: 2"), d.warnings[0])
    }

    func testNotUTF8_fallsBackToWindows1252_withAWarning() {
        // "Café ‘quoted’ £5" in Windows-1252: é=E9, ‘=91, ’=92, £=A3.
        let d = decode(Array("Caf".utf8) + [0xE9, 0x20, 0x91] + Array("quoted".utf8) + [0x92, 0x20, 0xA3, 0x35])
        XCTAssertEqual(d.encoding, .windows1252)
        XCTAssertEqual(string(d), "Café ‘quoted’ £5")
        XCTAssertEqual(d.warnings.first?.hasPrefix("decoded-as-windows-1252"), true)
    }

    func testUTF8WithAStrayByte_staysUTF8_andReplacesTheByte() {
        let d = decode(Array("“Price” rose to ".utf8) + [0xA3] + Array("15m".utf8))
        XCTAssertEqual(d.encoding, .utf8)
        XCTAssertEqual(string(d), "“Price” rose to \u{FFFD}15m")
        XCTAssertEqual(d.warnings, ["invalid-utf8: 1 byte sequence(s) replaced by U+FFFD"])
    }

    func testValidation_utf16WithBOM_isText_butUTF16WithoutBOM_isBinary() {
        let text = "Title\n\nBody text."
        let withMark: [UInt8] = [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        guard case .text(let decoded) = ArticleInput().validate(withMark) else {
            return XCTFail("UTF-16 with BOM is text")
        }
        XCTAssertEqual(string(decoded), text)
        guard case .failure(let reason, _) = ArticleInput().validate(Array(withMark.dropFirst(2))) else {
            return XCTFail("UTF-16 without a BOM has NUL bytes")
        }
        XCTAssertEqual(reason, .binary)
        let nulInUTF16: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0x00, 0x42, 0x00]
        guard case .failure(.binary, _) = ArticleInput().validate(nulInUTF16) else {
            return XCTFail("a NUL character is binary")
        }
        let spacesInUTF16: [UInt8] = [0xFF, 0xFE, 0x20, 0x00, 0x0A, 0x00]
        guard case .failure(.empty, _) = ArticleInput().validate(spacesInUTF16) else {
            return XCTFail("only whitespace")
        }
    }

    func testValidation_mostlyHighBytes_isNeitherUTF8NorWindows1252() {
        guard case .failure(let reason, _) = ArticleInput().validate(Array(repeating: 0xC3, count: 200)) else {
            return XCTFail()
        }
        XCTAssertEqual(reason, .invalidUTF8)
    }
}
