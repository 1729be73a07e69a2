import Foundation

/// The formats an article's bytes can come in. Raw values appear in records (`source.format`).
public enum InputFormat: String, Sendable {
    case text, html, json, warc
}

/// An article's text, ready for extraction, and what its input said about it.
public struct DecodedArticle: Sendable {
    /// The text every offset in the record counts into.
    public var text: ArticleText
    public var format: InputFormat
    public var encoding: TextEncoding
    /// The page's address: a WARC record's target URI, a JSON line's `url`, a page's canonical link.
    public var url: String?
    /// The article's date (ISO 8601): publication date from the page or JSON line, else a
    /// WARC record's capture date.
    public var date: String?
    /// The input's own id for the article: a JSON line's `id`, a WARC-Record-ID.
    public var ref: String?
    public var warnings: [String]

    /// The calendar date of `date`, used to resolve relative dates ("on Tuesday").
    public var anchorDate: CalendarDate? { date.flatMap(ArticleDates.calendarDate) }
}

/// Turns one article's bytes (a task body) into text by sniffing its format.
///
/// The order: bytes starting `WARC/` are a WARC record (its HTML payload is the article);
/// a path addressing a JSON line (`#line=N`) or ending `.json`, `.jsonl`, `.ndjson` is a JSON
/// object; a path ending `.html`, `.htm`, `.xhtml` is HTML; otherwise text that starts with
/// `{` and parses as a JSON object is JSON, text that starts like a page (`<!doctype html`,
/// `<html`, `<head>`…) is HTML, and anything else is plain text.
public struct ArticleDecoder: Sendable {
    public enum Outcome: Sendable {
        case article(DecodedArticle)
        case failure(FailureReason, detail: String)
    }

    public var input: ArticleInput

    public init(input: ArticleInput) { self.input = input }

    public func decode(_ bytes: [UInt8], path: String) -> Outcome {
        if bytes.count > input.maxBytes {
            return .failure(.tooLarge, detail: "file has \(bytes.count) bytes, over the limit of \(input.maxBytes)")
        }
        if bytes.starts(with: WARCHeader.signature) { return decodeWARC(bytes) }
        let hint = Self.formatHint(path)
        if hint == .html { return decodeHTML(bytes[...], declared: nil) }
        let decoded: DecodedText
        switch input.validate(bytes) {
        case .failure(let reason, let detail): return .failure(reason, detail: detail)
        case .text(let text): decoded = text
        }
        if hint == .json || Self.looksLikeJSON(decoded.text) {
            let outcome = JSONArticle.decode(decoded)
            if hint == .json { return outcome }
            if case .article = outcome { return outcome }
        }
        if Self.looksLikeHTML(decoded.text) { return decodeHTML(bytes[...], declared: nil) }
        return .article(DecodedArticle(text: decoded.text, format: .text, encoding: decoded.encoding,
                                       warnings: decoded.warnings))
    }

    // MARK: Formats

    static func formatHint(_ path: String) -> InputFormat? {
        let address = ArticleAddress(parsing: path)
        if case .line? = address.item { return .json }
        var name = address.file.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "json", "jsonl", "ndjson": return .json
        case "html", "htm", "xhtml": return .html
        default: return nil
        }
    }

    static func looksLikeJSON(_ text: ArticleText) -> Bool {
        text.scalars.first { !Self.isSpace($0) } == "{" && text.scalars.last { !Self.isSpace($0) } == "}"
    }

    /// Page openings, compared lowercased after leading whitespace and comments.
    static let htmlOpenings = ["<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<?xml"]

    static func looksLikeHTML(_ text: ArticleText) -> Bool {
        guard let start = text.scalars.firstIndex(where: { !isSpace($0) }), text.scalars[start] == "<" else {
            return false
        }
        var opening = String(String.UnicodeScalarView(text.scalars[start..<min(text.count, start + 1024)])).lowercased()
        while opening.hasPrefix("<!--"), let end = opening.range(of: "-->") {
            opening = String(opening[end.upperBound...]).trimming(" \t\r\n")
        }
        // The tag name must end there: "<Metal Traders Ltd> said" (Reuters style) is no page.
        return htmlOpenings.contains { tag in
            guard opening.hasPrefix(tag) else { return false }
            let next = opening.dropFirst(tag.count).first
            return next.map { ">/ \n\t\r".contains($0) } ?? true
        }
    }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }

    // MARK: HTML

    /// Decodes a page: a byte-order mark, else the charset the container or a `<meta>` tag
    /// declares, else UTF-8 or Windows-1252; then the article is found in it (`HTMLArticle`).
    func decodeHTML(_ bytes: ArraySlice<UInt8>, declared charset: String?, format: InputFormat = .html) -> Outcome {
        let declared = (charset ?? Self.metaCharset(bytes)).flatMap(Self.encoding(named:))
        let decoded: DecodedText
        switch input.validate(bytes, declared: declared) {
        case .failure(let reason, let detail): return .failure(reason, detail: detail)
        case .text(let text): decoded = text
        }
        let utf8 = Array(String(String.UnicodeScalarView(decoded.text.scalars)).utf8)
        let article = HTMLArticle(HTMLDocument(utf8: utf8))
        let text = ArticleText(article.text)
        guard text.scalars.contains(where: { !Self.isSpace($0) }) else {
            return .failure(.empty, detail: "the page holds no article text")
        }
        var warnings = decoded.warnings
        if let language = article.metadata.language, !language.lowercased().hasPrefix("en"), !language.isEmpty {
            warnings.append("language: the page says '\(language)'; extraction is for English text")
        }
        return .article(DecodedArticle(
            text: text, format: format, encoding: decoded.encoding, url: article.metadata.url,
            date: article.metadata.published.flatMap(ArticleDates.normalized), warnings: warnings))
    }

    /// The charset a `<meta>` tag names in the first 1,024 bytes (the HTML prescan window).
    static func metaCharset(_ bytes: ArraySlice<UInt8>) -> String? {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let value = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        return String(value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    /// The encodings Gleaner decodes, by the names pages use for them (WHATWG labels: Latin-1
    /// and ASCII labels mean Windows-1252 on the web).
    static func encoding(named name: String) -> TextEncoding? {
        switch name.lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return .utf8
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "latin1", "l1", "ascii", "us-ascii",
             "iso-8859-15", "iso_8859-1", "cp819": return .windows1252
        default: return nil
        }
    }

    // MARK: WARC

    /// A WARC record: its HTML payload (after HTTP chunking and compression are undone) is the
    /// article; its target URI and date go to the record's source.
    func decodeWARC(_ bytes: [UInt8]) -> Outcome {
        do {
            let record = try WARCPayload(bytes[...], maxBytes: input.maxBytes)
            switch decodeHTML(record.payload, declared: record.charset, format: .warc) {
            case .failure(let reason, let detail): return .failure(reason, detail: "WARC payload: " + detail)
            case .article(var article):
                article.url = record.header.targetURI ?? article.url
                article.date = article.date ?? record.header.date.flatMap(ArticleDates.normalized)
                article.ref = record.header.recordID
                return .article(article)
            }
        } catch {
            return .failure(error.failureReason, detail: error.description)
        }
    }
}
