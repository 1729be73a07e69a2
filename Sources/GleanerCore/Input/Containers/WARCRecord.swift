/// Header fields of one WARC record (ISO 28500, WARC/1.0 and WARC/1.1), as Common Crawl
/// writes them: a version line, `Name: value` lines, a blank line, then `Content-Length`
/// bytes of block.
struct WARCHeader: Sendable {
    /// Longest header accepted, in bytes; real ones are under 2 KiB.
    static let maxBytes = 64 << 10
    /// How every record starts.
    static let signature = Array("WARC/".utf8)

    var version: String
    /// Field names lowercased, values trimmed, in file order.
    var fields: [(name: String, value: String)]

    func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    var type: String? { field("warc-type")?.lowercased() }
    var targetURI: String? { field("warc-target-uri").map { $0.trimming("<>") } }
    var date: String? { field("warc-date") }
    var recordID: String? { field("warc-record-id") }

    /// `Content-Length`, required and non-negative.
    func contentLength() throws(InputError) -> Int {
        guard let text = field("content-length"), let n = Int(text), n >= 0, n < 1 << 48 else {
            throw .malformed("WARC record has no valid Content-Length")
        }
        return n
    }

    /// Parses the header lines (everything before the blank line).
    init(parsing bytes: ArraySlice<UInt8>) throws(InputError) {
        guard bytes.starts(with: Self.signature) else {
            throw .malformed("not a WARC record (no 'WARC/' version line)")
        }
        let lines = HeaderLines.split(bytes)
        version = lines.first ?? ""
        fields = HeaderLines.fields(lines.dropFirst())
    }

    /// Where the header ends in `bytes`: the blank line's start and the block's start.
    static func end(in bytes: ArraySlice<UInt8>) -> (header: Int, block: Int)? {
        HeaderLines.blankLine(in: bytes)
    }
}

/// The status line and header fields of an HTTP response held in a WARC `response` block.
struct HTTPResponseHead: Sendable {
    /// Longest HTTP header accepted, in bytes.
    static let maxBytes = 64 << 10

    var status: Int
    var fields: [(name: String, value: String)]

    func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The media type without parameters, lowercased ("text/html").
    var mediaType: String? { field("content-type").map(MediaType.essence) }
    var charset: String? { field("content-type").flatMap(MediaType.charset) }

    init(parsing bytes: ArraySlice<UInt8>) throws(InputError) {
        let lines = HeaderLines.split(bytes)
        let parts = (lines.first ?? "").split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw .malformed("WARC response holds no HTTP status line")
        }
        self.status = status
        fields = HeaderLines.fields(lines.dropFirst())
    }
}

/// What a WARC record is to Gleaner: an article (an HTML page fetched with success) or not.
enum WARCRecordKind: Equatable {
    case article
    /// Skipped: a warcinfo, request or metadata record, a redirect, an image…
    case other(String)

    /// Classifies a record from its header and the first bytes of its block (at least the
    /// HTTP header, when the block has one).
    static func of(_ header: WARCHeader, blockPrefix: ArraySlice<UInt8>) -> WARCRecordKind {
        switch header.type {
        case "response"?:
            guard let end = HeaderLines.blankLine(in: blockPrefix),
                  let http = try? HTTPResponseHead(parsing: blockPrefix.prefix(end.header)) else {
                return .other("response without an HTTP header")
            }
            guard (200..<300).contains(http.status) else { return .other("HTTP status \(http.status)") }
            let type = http.mediaType ?? header.field("warc-identified-payload-type").map(MediaType.essence)
            return MediaType.isHTML(type) ? .article : .other("not HTML (\(type ?? "no type"))")
        case "resource"?:
            let type = header.field("content-type").map(MediaType.essence)
            return MediaType.isHTML(type) ? .article : .other("not HTML (\(type ?? "no type"))")
        default:
            return .other("a \(header.type ?? "typeless") record")
        }
    }
}

/// Media type strings as in Content-Type fields (RFC 9110 §8.3).
enum MediaType {
    static func essence(_ value: String) -> String {
        String(value.split(separator: ";", maxSplits: 1).first ?? "").trimming(" \t").lowercased()
    }

    /// The `charset` parameter, lowercased and unquoted.
    static func charset(_ value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimming(" \t").lowercased() == "charset" else { continue }
            return pair[1].trimming(" \t\"'").lowercased()
        }
        return nil
    }

    static func isHTML(_ essence: String?) -> Bool {
        essence == "text/html" || essence == "application/xhtml+xml"
    }
}

/// Line-oriented headers shared by WARC and HTTP: CRLF (or bare LF) line ends, `Name: value`.
enum HeaderLines {
    /// The first blank line: where it starts (the header's length) and where what follows
    /// starts. Accepts CRLF CRLF and LF LF.
    static func blankLine(in bytes: ArraySlice<UInt8>) -> (header: Int, block: Int)? {
        var i = bytes.startIndex
        while let lf = bytes[i...].firstIndex(of: 0x0A) {
            var next = lf + 1
            if next < bytes.endIndex && bytes[next] == 0x0D { next += 1 }
            if next < bytes.endIndex && bytes[next] == 0x0A {
                return (lf + 1 - bytes.startIndex, next + 1 - bytes.startIndex)
            }
            i = lf + 1
        }
        return nil
    }

    /// Lines without their CR/LF ends, decoded as UTF-8 (invalid bytes replaced).
    static func split(_ bytes: ArraySlice<UInt8>) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }.filter { !$0.isEmpty }
    }

    /// `Name: value` fields, names lowercased; continuation lines (leading space) join the
    /// field before them; lines without a colon are ignored.
    static func fields(_ lines: ArraySlice<String>) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in lines {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimming(" \t")
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields.append((line[..<colon].trimming(" \t").lowercased(),
                           line[line.index(after: colon)...].trimming(" \t")))
        }
        return fields
    }
}

extension StringProtocol {
    /// Drops the given characters from both ends (Foundation-free).
    func trimming(_ set: String) -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, set.unicodeScalars.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.unicodeScalars.contains(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
