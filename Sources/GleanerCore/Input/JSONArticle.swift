import Foundation

/// One article as a JSON object, the shape crawlers emit one per line (JSON Lines):
/// `{"text": …, "title"?: …, "url"?: …, "date"?: …, "id"?: …}`.
///
/// Field names also accepted, for common crawler output: `maintext`, `body`, `content` for
/// `text`; `headline` for `title`; `date_publish`, `published`, `datePublished` for `date`.
/// Other fields are ignored. The article text is `title`, a blank line, then `text` (only
/// `text` when there is no title or `text` already starts with it): offsets count into it.
enum JSONArticle {
    static let textKeys = ["text", "maintext", "body", "content"]
    static let titleKeys = ["title", "headline"]
    static let dateKeys = ["date", "date_publish", "published", "datePublished"]

    /// The spaces a field's value may start or end with and still count (and compare) as its words.
    static let spaces: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n"]

    static func decode(_ decoded: DecodedText) -> ArticleDecoder.Outcome {
        guard let object = (try? JSONSerialization.jsonObject(with: utf8(decoded.text.scalars))) as? [String: Any]
        else {
            return .failure(.malformed, detail: "not a JSON object")
        }
        func string(_ keys: [String]) -> String? {
            for key in keys {
                if let s = object[key] as? String, s.unicodeScalars.contains(where: { !spaces.contains($0) }) {
                    return s
                }
            }
            return nil
        }
        guard let body = string(textKeys) else {
            return .failure(.malformed, detail: "the JSON object has no \"text\" string")
        }
        var text = body
        // Only the body's leading spaces matter to whether it starts with the (trimmed) title: the
        // body is not copied to find out (it is the article, often tens of kilobytes).
        let bodyWords = Substring(body.unicodeScalars.drop(while: { spaces.contains($0) }))
        if let title = string(titleKeys)?.trimming(" \t\r\n"), !bodyWords.hasPrefix(title) {
            text = title + "\n\n" + body
        }
        var warnings = decoded.warnings
        let rawDate = string(dateKeys)
        let date = rawDate.flatMap(ArticleDates.normalized)
        if let rawDate, date == nil {
            warnings.append("unparsed-date: '\(rawDate.prefix(40))' is not an ISO 8601 or RFC 2822 date")
        }
        let id = string(["id"]) ?? (object["id"] as? NSNumber).map { "\($0)" }
        return .article(DecodedArticle(text: ArticleText(text), format: .json, encoding: decoded.encoding,
                                       url: string(["url"]), date: date, ref: id, warnings: warnings))
    }

    /// The scalars as UTF-8, for the JSON parser (encoded directly: no String built first).
    static func utf8(_ scalars: [Unicode.Scalar]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + scalars.count / 8)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        return Data(bytes)
    }
}

/// Article dates as inputs write them, normalised for `source.date`.
enum ArticleDates {
    /// Longest date string kept, in characters.
    static let maxLength = 40
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// An ISO 8601 date or date-time is kept as written (trimmed); an RFC 2822 date
    /// ("Mon, 06 Mar 2023 10:15:00 GMT") becomes its ISO calendar date; anything else is nil.
    static func normalized(_ raw: String) -> String? {
        let value = raw.trimming(" \t\r\n")
        guard value.count <= maxLength else { return nil }
        if calendarDate(value) != nil { return value }
        let words = value.split { $0 == " " || $0 == "," }
        for i in words.indices.dropLast(2) {
            guard let day = Int(words[i]), let m = months.firstIndex(of: words[i + 1].prefix(3).lowercased()),
                  let year = Int(words[i + 2]), words[i + 2].count == 4 else { continue }
            guard (1...31).contains(day) else { return nil }
            return CalendarDate(year: year, month: m + 1, day: day).iso
        }
        return nil
    }

    /// The calendar date an ISO 8601 string starts with ("2023-03-06T10:15:00Z" → 2023-03-06).
    static func calendarDate(_ iso: String) -> CalendarDate? {
        let head = String(iso.prefix(10))
        guard head.count == 10, iso.count == 10 || !(iso.dropFirst(10).first?.isNumber ?? false) else { return nil }
        return CalendarDate(iso: head)
    }
}
