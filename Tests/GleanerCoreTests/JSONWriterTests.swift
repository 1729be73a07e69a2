import Foundation
import XCTest
@testable import GleanerCore

/// Strings are copied in runs between the bytes that need an escape: every escape must still
/// come out in its place, and text between them unchanged.
final class JSONWriterTests: XCTestCase {
    func testString_escapesQuotesBackslashesAndControlBytes_inPlace_andKeepsTheRestAsUTF8() {
        var json = JSONWriter()
        json.string("\"Hi\", said \\Zoë\\\n\tline\r\u{01}end\u{1F}")
        XCTAssertEqual(json.string, #""\"Hi\", said \\Zoë\\\n\tline\r\u0001end\u001f""#)
    }

    func testString_withoutEscapes_orOnlyEscapes_orEmpty_isExact() {
        for (text, written) in [("plain text", #""plain text""#), ("\"\"", #""\"\"""#), ("", #""""#),
                                ("\n", #""\n""#), ("end\\", #""end\\""#)] {
            var json = JSONWriter()
            json.string(text)
            XCTAssertEqual(json.string, written, text)
        }
    }

    func testString_readsBackAsTheSameText() throws {
        let text = "Quote: \"a\\b\"\n\u{7}\u{0}tab\there — naïve 北京"
        var json = JSONWriter()
        json.array([text]) { $0.string($1) }
        let back = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
        XCTAssertEqual(back, [text])
    }
}
