/// The HTML payload of one WARC record, as the worker receives it: the record's header and
/// block, the HTTP response's chunking and compression undone.
struct WARCPayload {
    let header: WARCHeader
    /// The page bytes.
    let payload: ArraySlice<UInt8>
    /// The charset the HTTP Content-Type names, if any.
    let charset: String?

    /// Parses `bytes` (one record); the decoded payload may be at most `maxBytes`.
    init(_ bytes: ArraySlice<UInt8>, maxBytes: Int) throws(InputError) {
        guard let end = WARCHeader.end(in: bytes.prefix(WARCHeader.maxBytes)) else {
            throw .malformed("no end of WARC header within \(WARCHeader.maxBytes) bytes")
        }
        header = try WARCHeader(parsing: bytes.prefix(end.header))
        let length = try header.contentLength()
        let block = bytes.dropFirst(end.block).prefix(length)
        guard block.count == length else { throw .malformed("the WARC record is cut short") }
        guard case .article = WARCRecordKind.of(header, blockPrefix: block.prefix(HTTPResponseHead.maxBytes)) else {
            if case .other(let why) = WARCRecordKind.of(header, blockPrefix: block.prefix(HTTPResponseHead.maxBytes)) {
                throw .malformed("the WARC record is \(why), not an HTML page")
            }
            throw .malformed("the WARC record is not an HTML page")
        }
        guard header.type == "response" else {
            payload = block
            charset = header.field("content-type").flatMap(MediaType.charset)
            return
        }
        guard let httpEnd = HeaderLines.blankLine(in: block.prefix(HTTPResponseHead.maxBytes)) else {
            throw .malformed("no end of HTTP header within \(HTTPResponseHead.maxBytes) bytes")
        }
        let http = try HTTPResponseHead(parsing: block.prefix(httpEnd.header))
        var body = block.dropFirst(httpEnd.block)
        if http.field("transfer-encoding")?.lowercased().contains("chunked") == true {
            body = try Self.dechunk(body)[...]
        }
        switch http.field("content-encoding")?.lowercased() {
        case "gzip"?, "x-gzip"?, "deflate"?: body = try GzipReader.inflate(body, maxOutput: maxBytes)[...]
        case nil, "identity"?: break
        case let other?: throw .malformed("the page is compressed as '\(other)', which Gleaner does not read")
        }
        payload = body
        charset = http.charset
    }

    /// Undoes HTTP/1.1 chunked transfer coding (RFC 9112 §7.1): hex size lines, each followed
    /// by that many bytes, up to a zero size. Output is never longer than the input.
    static func dechunk(_ bytes: ArraySlice<UInt8>) throws(InputError) -> [UInt8] {
        var out: [UInt8] = []
        var i = bytes.startIndex
        while true {
            guard let lf = bytes[i...].prefix(1024).firstIndex(of: 0x0A) else {
                throw .malformed("bad HTTP chunk size line")
            }
            let line = String(decoding: bytes[i..<lf], as: UTF8.self)
            let digits = line.prefix { $0.isHexDigit }
            guard !digits.isEmpty, digits.count <= 12, let size = Int(digits, radix: 16) else {
                throw .malformed("bad HTTP chunk size line")
            }
            if size == 0 { return out }
            let start = lf + 1
            guard bytes.endIndex - start >= size else { throw .malformed("an HTTP chunk is cut short") }
            out.append(contentsOf: bytes[start..<(start + size)])
            i = start + size
            while i < bytes.endIndex && (bytes[i] == 0x0D || bytes[i] == 0x0A) && i < start + size + 2 { i += 1 }
        }
    }
}
