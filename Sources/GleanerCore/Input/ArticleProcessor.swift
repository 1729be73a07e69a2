import Crypto

/// The worker's unit of work: article bytes in, one JSON record out (article or failure).
///
/// Never throws and never traps on bad input: every problem becomes a `gleaner.failure/1` record.
public struct ArticleProcessor: Sendable {
    public var input: ArticleInput
    public var extractor: ArticleExtractor
    public var options: ExtractionOptions

    public init(
        input: ArticleInput = .init(), extractor: ArticleExtractor = .init(), options: ExtractionOptions = .init()
    ) {
        self.input = input; self.extractor = extractor; self.options = options
    }

    /// The outcome for one article, as a typed value.
    public enum Outcome: Sendable {
        case article(ArticleRecord)
        case failure(FailureRecord)

        public func jsonBytes() -> [UInt8] {
            switch self {
            case .article(let r): return r.jsonBytes()
            case .failure(let f): return f.jsonBytes()
            }
        }
    }

    /// Processes article bytes in any input format (`ArticleDecoder`). `id` defaults to the
    /// SHA-256 of `bytes`. A date the input gives (a page's publication date, a JSON line's
    /// `date`, a WARC capture date) anchors relative dates instead of `options.anchorDate`.
    public func process(bytes: [UInt8], path: String, id: String? = nil) -> Outcome {
        let id = id ?? ContentHash.hex(of: bytes)
        switch ArticleDecoder(input: input).decode(bytes, path: path) {
        case .failure(let reason, let detail):
            let source = ArticleRecord.Source(path: path, bytes: bytes.count)
            return .failure(FailureRecord(id: id, source: source, reason: reason, detail: detail))
        case .article(let article):
            var options = self.options
            if let anchor = article.anchorDate { options.anchorDate = anchor }
            let x = extractor.extract(article.text, options: options)
            let source = ArticleRecord.Source(
                path: path, bytes: bytes.count, format: article.format == .text ? nil : article.format.rawValue,
                encoding: article.encoding == .utf8 ? nil : article.encoding.rawValue,
                url: article.url, date: article.date, ref: article.ref)
            return .article(
                ArticleRecord(
                    id: id, source: source, title: x.title, subtitle: x.subtitle, byline: x.byline,
                    dateline: x.dateline, counts: x.counts, entities: x.entities, quotes: x.quotes,
                    dates: x.dates, keyphrases: x.keyphrases, warnings: article.warnings))
        }
    }
}

/// Task and record ids: SHA-256 of the article bytes, as 64 lowercase hex digits.
public enum ContentHash {
    public static func hex(of bytes: some DataProtocolLike) -> String {
        hexString(digest(of: bytes))
    }

    public static func digest(of bytes: some DataProtocolLike) -> [UInt8] {
        var hasher = SHA256()
        bytes.withContiguousBytes { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func hexString(_ raw: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(raw.count * 2)
        for b in raw { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses 64 hex digits back into 32 bytes; nil when malformed.
    public static func raw(fromHex hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let hi = nibble(u[2 * i]), let lo = nibble(u[2 * i + 1]) else { return nil }
            out[i] = hi << 4 | lo
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}

/// Byte containers the hasher accepts without copying.
public protocol DataProtocolLike {
    func withContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: DataProtocolLike where Element == UInt8 {
    public func withContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ContentHash {
    /// SHA-256 over data that arrives in chunks.
    public struct Streaming {
        private var hasher = SHA256()
        public init() {}
        public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        public func finalizeHex() -> String { ContentHash.hexString(Array(hasher.finalize())) }
    }
}
