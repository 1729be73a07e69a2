import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

/// Splitting container files into articles, reading one again, and the bounds on both.
final class ArticleSourceTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try makeTemporaryFolder("gleaner-source") }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func items(
        _ path: String, maxBytes: Int = 1 << 20
    ) -> (items: [ArticleSource.Item], counts: ArticleSource.Counts) {
        var items: [ArticleSource.Item] = []
        let counts = ArticleSource(path: path, maxArticleBytes: maxBytes, remembersLocations: true).forEach {
            items.append($0)
        }
        return (items, counts)
    }

    private func articles(_ items: [ArticleSource.Item]) -> [(String, String)] {
        items.compactMap {
            if case .article(let a, let b) = $0 { (a.description, String(decoding: b, as: UTF8.self)) } else { nil }
        }
    }

    private func failures(_ items: [ArticleSource.Item]) -> [FailureRecord] {
        items.compactMap { if case .failure(let f) = $0 { f } else { nil } }
    }

    static func warcRecord(
        _ type: String, _ block: String, contentType: String = "application/http; msgtype=response"
    ) -> [UInt8] {
        let body = Array(block.utf8)
        return Array(
            """
            WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Target-URI: https://x.test/a\r\nWARC-Date: \
            2023-03-06T10:00:00Z\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n
            """
                .utf8)
            + body + Array("\r\n\r\n".utf8)
    }

    static func htmlResponse(_ title: String, status: String = "200 OK", type: String = "text/html") -> String {
        """
        HTTP/1.1 \(status)\r\nContent-Type: \(type); \
        charset=utf-8\r\n\r\n<html><head><title>\(title)</title></head><body><h1>\(title)</h1><p>The council said on \
        Monday that the new bridge over the river would open in June.</p></body></html>
        """
    }

    func testJSONLines_oneArticlePerNonBlankLine_numberedByFileLine() throws {
        let path = try write("f.jsonl", Array("{\"text\":\"a\"}\r\n\n  \n{\"text\":\"b\"}\n{\"text\":\"c\"}".utf8))
        let (found, counts) = items(path)
        XCTAssertEqual(articles(found).map(\.0), [path + "#line=1", path + "#line=4", path + "#line=5"])
        XCTAssertEqual(articles(found).map(\.1), ["{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}"])
        XCTAssertEqual(counts.articles, 3)
    }

    func testJSONLines_lineOverTheLimit_isTooLarge_withTheHashOfItsBytes_andTheNextLineStillCounts() throws {
        let long = Array(repeating: UInt8(ascii: "x"), count: 5000)
        let path = try write("f.jsonl", long + [0x0A] + Array("{\"text\":\"ok\"}\n".utf8))
        let (found, _) = items(path, maxBytes: 1000)
        let failure = try XCTUnwrap(failures(found).first)
        XCTAssertEqual(failure.reason, .tooLarge)
        XCTAssertEqual(failure.id, ContentHash.hex(of: long))
        XCTAssertEqual(failure.source.path, path + "#line=1")
        XCTAssertEqual(articles(found).map(\.0), [path + "#line=2"])
    }

    func testWARC_takesHTMLResponses_skipsOtherRecords_andNumbersEveryRecord() throws {
        let bytes =
            Self.warcRecord("warcinfo", "software: test\r\n", contentType: "application/warc-fields")
            + Self.warcRecord("request", "GET / HTTP/1.1\r\n\r\n", contentType: "application/http; msgtype=request")
            + Self.warcRecord("response", Self.htmlResponse("One"))
            + Self.warcRecord("response", Self.htmlResponse("Gone", status: "404 Not Found"))
            + Self.warcRecord("response", Self.htmlResponse("Logo", type: "image/png"))
            + Self.warcRecord("response", Self.htmlResponse("Two"))
        let path = try write("c.warc", bytes)
        let (found, counts) = items(path)
        XCTAssertEqual(articles(found).map(\.0), [path + "#record=3", path + "#record=6"])
        XCTAssertEqual(counts.skippedRecords, 4)
        XCTAssertTrue(articles(found)[0].1.hasPrefix("WARC/1.0\r\nWARC-Type: response"))
        XCTAssertTrue(articles(found)[0].1.hasSuffix("</html>"), "an item is the record's header and block")
    }

    func testWARCGzip_oneMemberPerRecord_givesTheSameArticles_andEachCanBeReadAgain() throws {
        let records = [
            Self.warcRecord("warcinfo", "x\r\n", contentType: "application/warc-fields"),
            Self.warcRecord("response", Self.htmlResponse("One")),
            Self.warcRecord("response", Self.htmlResponse("Two")),
        ]
        let plain = try write("p.warc", records.flatMap { $0 })
        let gzipped = try write("g.warc.gz", try records.flatMap { try Gzip.compress($0) })
        let single = try write("s.warc.gz", try Gzip.compress(records.flatMap { $0 }))
        let expected = articles(items(plain).items).map(\.1)
        XCTAssertEqual(expected.count, 2)
        for path in [gzipped, single] {
            let found = articles(items(path).items)
            XCTAssertEqual(found.map(\.1), expected, path)
            for (address, text) in found {
                guard case .success(let again) = ArticleFile.read(path: address, maxBytes: 1 << 20) else {
                    return XCTFail(address)
                }
                XCTAssertEqual(String(decoding: again, as: UTF8.self), text)
            }
        }
    }

    func testReadAgain_withoutARememberedLocation_scansTheFile_andAMissingItemIsUnreadable() throws {
        let path = try write("f.jsonl", Array("{\"text\":\"a\"}\n{\"text\":\"b\"}\n".utf8))
        guard case .success(let bytes) = ArticleFile.read(path: path + "#line=2", maxBytes: 1000) else {
            return XCTFail()
        }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "{\"text\":\"b\"}")
        guard case .failure(let failure) = ArticleFile.read(path: path + "#line=9", maxBytes: 1000) else {
            return XCTFail()
        }
        XCTAssertEqual(failure.reason, .unreadable)
        // A file whose own name looks like an address is read whole.
        let odd = try write("odd#line=2", Array("plain".utf8))
        guard case .success(let whole) = ArticleFile.read(path: odd, maxBytes: 1000) else { return XCTFail() }
        XCTAssertEqual(whole, Array("plain".utf8))
    }

    func testReadAgain_afterTheFileChanged_findsTheItemByScanning() throws {
        let path = try write("f.jsonl", Array("{\"text\":\"a\"}\n{\"text\":\"b\"}\n".utf8))
        _ = items(path)
        _ = try write("f.jsonl", Array("{\"text\":\"a longer first line\"}\n{\"text\":\"b2\"}\n".utf8))
        guard case .success(let bytes) = ArticleFile.read(path: path + "#line=2", maxBytes: 1000) else {
            return XCTFail()
        }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "{\"text\":\"b2\"}")
    }

    func testDamagedWARC_keepsTheRecordsBefore_andEndsWithOneMalformedFailure() throws {
        let good = Self.warcRecord("response", Self.htmlResponse("One"))
        let noLength = Array("WARC/1.0\r\nWARC-Type: response\r\n\r\n".utf8)
        let path = try write("d.warc", good + noLength)
        let (found, _) = items(path)
        XCTAssertEqual(articles(found).count, 1)
        XCTAssertEqual(failures(found).map(\.reason), [.malformed])
        XCTAssertEqual(failures(found).first?.source.path, path + "#record=2")

        let endless = try write(
            "e.warc", Array("WARC/1.0\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 70_000))
        XCTAssertEqual(failures(items(endless).items).first?.detail.contains("no end of WARC header"), true)
        let huge = try write(
            "h.warc", Array("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999999999\r\n\r\n".utf8))
        XCTAssertEqual(failures(items(huge).items).map(\.reason), [.malformed])
        let cut = try write("t.warc", Array(good.dropLast(40)))
        XCTAssertEqual(failures(items(cut).items).map(\.reason), [.malformed])
    }

    func testWARCRecordOverTheLimit_isTooLarge_andTheNextRecordIsStillRead() throws {
        let big = Self.warcRecord("response", Self.htmlResponse(String(repeating: "long ", count: 2000)))
        let path = try write("b.warc", big + Self.warcRecord("response", Self.htmlResponse("Two")))
        let (found, _) = items(path, maxBytes: 5000)
        XCTAssertEqual(failures(found).map(\.reason), [.tooLarge])
        XCTAssertEqual(failures(found).first?.id, ContentHash.hex(of: Array(big.dropLast(4))))
        XCTAssertEqual(articles(found).map(\.0), [path + "#record=2"])
    }

    func testGzipBomb_isRefused_afterABoundedAmountOfOutput() throws {
        // A record that is not an article is streamed past, so only the expansion bound stops it.
        let spaces = [UInt8](repeating: 0x20, count: 20 << 20)
        let header =
            "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: image/png\r\nContent-Length: \(spaces.count)\r\n\r\n"
        let path = try write("bomb.warc.gz", try Gzip.compress(Array(header.utf8) + spaces))
        let (found, _) = items(path)
        XCTAssertEqual(failures(found).map(\.reason), [.tooLarge])
        XCTAssertTrue(failures(found)[0].detail.contains("decompression bomb"), failures(found)[0].detail)
    }

    func testDamagedGzip_andDataAfterTheLastMember_areMalformed() throws {
        var damaged = try Gzip.compress(Self.warcRecord("response", Self.htmlResponse("One")))
        damaged[damaged.count / 2] ^= 0xFF
        XCTAssertEqual(failures(items(try write("x.warc.gz", damaged)).items).map(\.reason), [.malformed])
        let trailing = try Gzip.compress(Self.warcRecord("response", Self.htmlResponse("One"))) + Array("junk".utf8)
        let (found, _) = items(try write("y.warc.gz", trailing))
        XCTAssertEqual(articles(found).count, 1)
        XCTAssertEqual(failures(found).map(\.reason), [.malformed])
    }

    func testFormatSniffing_findsWARCByContent_whateverTheName() throws {
        let plain = try write("archive.dat", Self.warcRecord("response", Self.htmlResponse("One")))
        XCTAssertEqual(ArticleSource.format(of: plain).0, .warc)
        let gz = try write("archive.gz", try Gzip.compress(Self.warcRecord("response", Self.htmlResponse("One"))))
        XCTAssertTrue(ArticleSource.format(of: gz) == (.warc, true))
        let text = try write("a.txt", Array("Title\n\nBody.".utf8))
        XCTAssertEqual(ArticleSource.format(of: text).0, .single)
    }

    func testArticleAddress_parsesOnlyWellFormedItemSuffixes() {
        XCTAssertEqual(
            ArticleAddress(parsing: "a/feed.jsonl#line=12"), ArticleAddress(file: "a/feed.jsonl", item: .line(12)))
        XCTAssertEqual(ArticleAddress(parsing: "c.warc.gz#record=5").item, .record(5))
        for path in ["x#line=0", "x#line=-1", "x#line=", "x#lines=2", "x#record=1a", "x"] {
            XCTAssertNil(ArticleAddress(parsing: path).item, path)
        }
        XCTAssertEqual(ArticleAddress(file: "f", item: .record(3)).description, "f#record=3")
    }

    func testPathList_readsLines_skipsBlanks_andRefusesOverlongLines() throws {
        let path = try write("list", Array("a b.txt\r\n\n/tmp/c.html\n".utf8))
        XCTAssertEqual(
            try PathList.read(try XCTUnwrap(FileHandle(forReadingAtPath: path))), ["a b.txt", "/tmp/c.html"])
        let long = try write("long", Array(repeating: UInt8(ascii: "a"), count: 5000))
        XCTAssertThrowsError(try PathList.read(try XCTUnwrap(FileHandle(forReadingAtPath: long))))
    }
}

/// gzip for test data, through the system's `gzip` (each call makes one member).
enum Gzip {
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
