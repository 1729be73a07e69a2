import XCTest
@testable import GleanerCore

/// Sniffing a task body's format and decoding it: JSON objects, HTML pages, WARC records.
final class ArticleDecoderTests: XCTestCase {
    private let decoder = ArticleDecoder(input: ArticleInput(maxBytes: 1 << 20))

    private func article(_ bytes: [UInt8], path: String = "x") throws -> DecodedArticle {
        switch decoder.decode(bytes, path: path) {
        case .article(let article): return article
        case .failure(let reason, let detail): throw XCTSkip("unexpected failure \(reason): \(detail)")
        }
    }

    private func failure(_ bytes: [UInt8], path: String = "x") -> FailureReason? {
        if case .failure(let reason, _) = decoder.decode(bytes, path: path) { return reason }
        return nil
    }

    private func text(_ a: DecodedArticle) -> String { String(String.UnicodeScalarView(a.text.scalars)) }

    func testJSONLine_titleThenText_withSourceFields() throws {
        let line =
            #"{"id": 42, "url": "https://n.test/a", "title": "Bridge opens", "text": "The bridge opened on Monday.","#
                + #" "date": "Mon, 06 Mar 2023 10:15:00 GMT", "extra": [1, 2]}"#
        let a = try article(Array(line.utf8), path: "feed.jsonl#line=3")
        XCTAssertEqual(a.format, .json)
        XCTAssertEqual(text(a), "Bridge opens\n\nThe bridge opened on Monday.")
        XCTAssertEqual(a.url, "https://n.test/a")
        XCTAssertEqual(a.date, "2023-03-06")
        XCTAssertEqual(a.ref, "42")
        XCTAssertEqual(a.anchorDate, CalendarDate(year: 2023, month: 3, day: 6))
    }

    func testJSONLine_textStartingWithTheTitle_isNotDoubled_andAliasesWork() throws {
        let a = try article(
            Array(
                (#"{"headline": "Bridge opens", "maintext": "Bridge opens\n\nIt opened.","#
                    + #" "date_publish": "2023-03-06 10:00:00"}"#).utf8),
            path: "f.ndjson#line=1")
        XCTAssertEqual(text(a), "Bridge opens\n\nIt opened.")
        XCTAssertEqual(a.date, "2023-03-06 10:00:00")
    }

    func testJSONLine_textStartingWithTheTitleAfterSpaces_isNotDoubled_blankTextIsSkipped_andAccentsSurvive() throws {
        let a = try article(
            Array(#"{"title": " Café opens ", "text": "  \n Café opens\n\nIt opened in Zürich – at last."}"#.utf8),
            path: "f.jsonl#line=1")
        XCTAssertEqual(text(a), "  \n Café opens\n\nIt opened in Zürich – at last.")
        let b = try article(
            Array(#"{"title": "Café", "text": " \t\r\n ", "body": "Body in 東京."}"#.utf8), path: "f.jsonl#line=2")
        XCTAssertEqual(text(b), "Café\n\nBody in 東京.", "a blank text gives way to the next text field")
    }

    func testJSONLine_withoutText_orNotAnObject_isMalformed_andAnUnreadableDateIsAWarning() throws {
        XCTAssertEqual(failure(Array(#"{"title": "x"}"#.utf8), path: "f.jsonl#line=1"), .malformed)
        XCTAssertEqual(failure(Array(#"["text"]"#.utf8), path: "f.jsonl#line=1"), .malformed)
        XCTAssertEqual(failure(Array(#"{"text": "a"#.utf8), path: "f.jsonl#line=1"), .malformed)
        let a = try article(Array(#"{"text": "Body.", "date": "last week"}"#.utf8), path: "f.jsonl#line=1")
        XCTAssertNil(a.date)
        XCTAssertEqual(a.warnings.first?.hasPrefix("unparsed-date"), true)
    }

    func testSniffing_withoutAHint_tellsJSONHTMLAndText() throws {
        XCTAssertEqual(try article(Array(#"{"text": "A body."}"#.utf8)).format, .json)
        XCTAssertEqual(
            try article(
                Array(
                    "<!-- saved -->\n<!DOCTYPE html><html><body><h1>Hi there</h1><p>Some text here.</p></body></html>"
                        .utf8)
            ).format, .html)
        XCTAssertEqual(try article(Array("{not json} but a title\n\nBody.".utf8)).format, .text)
        XCTAssertEqual(try article(Array("<b>bold</b> claims\n\nBody.".utf8)).format, .text)
        XCTAssertEqual(
            try article(Array("<Metal Traders Ltd> said on Monday it would merge.\n\nBody.".utf8)).format, .text)
        XCTAssertEqual(
            try article(Array("<TITLE>Old page</TITLE><P>The council met on Monday to vote on the plan.".utf8)).format,
            .html)
    }

    func testHTML_metaCharsetWindows1252_isHonoured() throws {
        let page =
            Array("<html><head><meta charset=\"windows-1252\"><title>Caf".utf8) + [0xE9]
            + Array("</title></head><body><h1>Caf".utf8)
            + [0xE9] + Array(" opens</h1><p>The caf".utf8) + [0xE9]
            + Array(" opened its doors on Monday morning in town.</p></body></html>".utf8)
        let a = try article(page, path: "p.html")
        XCTAssertEqual(a.encoding, .windows1252)
        XCTAssertTrue(text(a).hasPrefix("Café opens\n\nThe café opened"), text(a))
        XCTAssertTrue(a.warnings.isEmpty, "a declared charset is no fallback")
    }

    func testHTML_nonEnglishPage_isWarned_andAPageWithoutText_isEmpty() throws {
        let french = try article(
            Array(
                """
                <html lang=\"fr\"><body><h1>Titre</h1><p>Le conseil a voté lundi pour le nouveau \
                pont.</p></body></html>
                """
                    .utf8), path: "p.html")
        XCTAssertEqual(french.warnings.first?.hasPrefix("language: the page says 'fr'"), true)
        XCTAssertEqual(
            failure(
                Array("<html><body><nav><a href=/>Home</a></nav><script>x()</script></body></html>".utf8),
                path: "p.html"), .empty)
    }

    private func nested(_ depth: Int) -> [UInt8] {
        Array(
            ("<html><body>" + String(repeating: "<div>", count: depth)
                + "<p>Deep text that nobody should reach at this depth.</p>"
                + String(repeating: "</div>", count: depth)
                + "<h1>Top headline</h1><p>The council said on Monday that the bridge would open.</p></body></html>")
                .utf8)
    }

    func testHTML_deepNesting_isCutAtTheDepthLimit_andTheRestOfThePageIsKept() throws {
        let a = try article(nested(HTMLDocument.maxDepth + 30), path: "p.html")
        XCTAssertTrue(text(a).contains("the bridge would open"))
        XCTAssertFalse(text(a).contains("Deep text"))
    }

    func testHTML_hostileNesting_endsInARecord_notACrash() {
        // libxml2 itself stops at its own depth limit (256); what remains is no article.
        switch decoder.decode(nested(100_000), path: "p.html") {
        case .article, .failure: break
        }
    }

    func testWARC_chunkedAndGzippedPayload_isDecoded_withURLDateAndRecordID() throws {
        let html =
            """
            <html><head><title>Bridge opens</title></head><body><h1>Bridge opens</h1><p>The new bridge over the river \
            opened on Monday, the council said.</p></body></html>
            """
        let gz = try Gzip.compress(Array(html.utf8))
        let half = gz.count / 2
        let crlf: [UInt8] = [13, 10]
        var chunked: [UInt8] = Array(String(half, radix: 16).utf8) + crlf
        chunked += Array(gz[..<half]) + crlf
        chunked += Array(String(gz.count - half, radix: 16).utf8) + crlf
        chunked += Array(gz[half...]) + crlf + Array("0\r\n\r\n".utf8)
        let http =
            Array(
                """
                HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: \
                gzip\r\n\r\n
                """
                    .utf8) + chunked
        let record =
            Array(
                """
                WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: <https://n.test/b>\r\nWARC-Date: \
                2023-03-06T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: \(http.count)\r\n\r\n
                """
                    .utf8) + http
        let a = try article(record, path: "c.warc#record=2")
        XCTAssertEqual(a.format, .warc)
        XCTAssertTrue(text(a).hasPrefix("Bridge opens\n\nThe new bridge"), text(a))
        XCTAssertEqual(a.url, "https://n.test/b")
        XCTAssertEqual(a.date, "2023-03-06T10:00:00Z")
        XCTAssertEqual(a.ref, "<urn:uuid:1>")
    }

    func testWARC_recordThatIsNoHTMLResponse_isMalformed() {
        let request = Array("WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 4\r\n\r\nGET ".utf8)
        XCTAssertEqual(failure(request), .malformed)
        let cut = Array("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 400\r\n\r\nHTTP/1.1 200 OK\r\n".utf8)
        XCTAssertEqual(failure(cut), .malformed)
    }

    func testDechunk_rejectsBadSizes_andNeverGrows() {
        XCTAssertThrowsError(try WARCPayload.dechunk(Array("zz\r\nabc".utf8)[...]))
        XCTAssertThrowsError(try WARCPayload.dechunk(Array("ffff\r\nabc".utf8)[...]))
        XCTAssertEqual(try WARCPayload.dechunk(Array("3\r\nabc\r\n0\r\n\r\n".utf8)[...]), Array("abc".utf8))
    }

    func testProcessor_recordSourceCarriesFormatAndDate_plainTextRecordsKeepTheirShape() throws {
        let processor = ArticleProcessor()
        guard
            case .article(let json) = processor.process(
                bytes: Array(
                    (#"{"title": "Vote on Friday", "text": "The vote is on Friday, officials said.","#
                        + #" "date": "2023-03-06"}"#).utf8), path: "f.jsonl#line=1")
        else { return XCTFail() }
        XCTAssertEqual(
            json.source, ArticleRecord.Source(path: "f.jsonl#line=1", bytes: 99, format: "json", date: "2023-03-06"))
        XCTAssertNotNil(
            json.dates.first { $0.text.contains("Friday") }?.value, "the line's date anchors relative dates")
        guard
            case .article(let undated) = processor.process(
                bytes: Array(#"{"title": "Vote on Friday", "text": "The vote is on Friday, officials said."}"#.utf8),
                path: "f.jsonl#line=2")
        else { return XCTFail() }
        XCTAssertNil(undated.dates.first { $0.text.contains("Friday") }?.value)
        let plain = processor.process(bytes: Array("Title\n\nBody text.".utf8), path: "a.txt").jsonBytes()
        XCTAssertTrue(String(decoding: plain, as: UTF8.self).contains(#""source":{"path":"a.txt","bytes":17},"#))
    }
}
