/// Paragraph structure of an article: title, subtitle, byline, dateline, body paragraphs.
///
/// Titles skip page boilerplate lines ("Accessibility links", "Breaking News", "Skip to
/// content") that scraped pages put before the headline. A line repeated verbatim (an image
/// caption printed twice) is never a subtitle.
struct ArticleLayout {
    /// Paragraphs (non-empty lines) as scalar ranges, in text order, trimmed.
    let paragraphs: [Range<Int>]
    let texts: [String]
    /// Index into `paragraphs` of the title line, or nil for an empty text.
    let titleIndex: Int?
    let subtitleIndex: Int?
    let bylineIndex: Int?
    let datelineIndex: Int?
    let title: String
    let subtitle: String?
    let byline: String?
    let dateline: String?

    static func isBoilerplate(_ t: String) -> Bool {
        var l = ScalarText.lowercased(t)
        while let last = l.unicodeScalars.last, last == ":" || last == "." || last == " " { l.removeLast() }
        return Lexicon.pageBoilerplate.contains(l) || Lexicon.boilerplatePrefixes.contains { l.hasPrefix($0) }
    }

    /// Lines after the title searched for a byline, a dateline and the subtitle.
    static let headerLines = 5
    /// Lines from the top searched for a dateline or byline anywhere near the title.
    static let datelineSearchLines = 7
    /// Longest subtitle, in scalars: a longer line is body text.
    static let maxSubtitleScalars = 320

    init(_ scalars: [Unicode.Scalar]) {
        let lines = Self.lines(scalars)
        paragraphs = lines
        let texts = lines.map { ScalarText.string(scalars, $0.lowerBound, $0.upperBound) }
        self.texts = texts
        var counts: [String: Int] = [:]
        for t in texts { counts[t, default: 0] += 1 }
        let ti = Self.titleLine(texts, counts: counts)
        titleIndex = ti
        title = ti.map { texts[$0] } ?? ""
        let (sub, by, date) = ti.map { Self.header(after: $0, texts, counts: counts) } ?? (nil, nil, nil)
        subtitleIndex = sub; bylineIndex = by; datelineIndex = date
        subtitle = sub.map { texts[$0] }
        byline = by.map { Self.cleanByline(texts[$0]) }
        dateline = date.map { texts[$0] }
    }

    /// The first line that is no boilerplate, appears once and is no dateline or byline; else
    /// the first line that is no boilerplate; else the first line.
    static func titleLine(_ texts: [String], counts: [String: Int]) -> Int? {
        for (k, t) in texts.enumerated()
        where counts[t, default: 0] == 1 && !isBoilerplate(t) && !isDateLine(t) && !isByline(t) {
            return k
        }
        return texts.indices.first { !isBoilerplate(texts[$0]) } ?? (texts.isEmpty ? nil : 0)
    }

    /// Subtitle, byline and dateline lines near the title `ti`.
    static func header(after ti: Int, _ texts: [String], counts: [String: Int]) -> (Int?, Int?, Int?) {
        var sub: Int? = nil, by: Int? = nil, date: Int? = nil
        var k = ti + 1
        while k < min(texts.count, ti + 1 + headerLines) {
            let t = texts[k]
            if by == nil && isByline(t) { by = k; k += 1; continue }
            if date == nil && isDateLine(t) { date = k; k += 1; continue }
            if isBoilerplate(t) { k += 1; continue }
            // the subtitle comes right after the title (and its byline and dateline), once
            if counts[t, default: 0] == 1 && k == ti + 1 + (by != nil ? 1 : 0) + (date != nil ? 1 : 0)
                && ScalarText.count(t, isBelow: maxSubtitleScalars) && !looksLikeBodySentence(t) && k + 1 < texts.count
                && isProse(t) {
                sub = k
            }
            break
        }
        // a dateline may also precede the title or follow the subtitle closely
        let near = 0..<min(texts.count, ti + 1 + datelineSearchLines)
        if date == nil { date = near.first { $0 != ti && $0 != sub && isDateLine(texts[$0]) } }
        if by == nil { by = near.first { $0 != ti && $0 != sub && isByline(texts[$0]) } }
        return (sub, by, date)
    }

    /// A body sentence ends with terminal punctuation (possibly inside a closing quote).
    static func looksLikeBodySentence(_ t: String) -> Bool {
        var sc = Array(t.unicodeScalars)
        while let l = sc.last, l == "\"" || l == "\u{201D}" || l == "'" || l == "\u{2019}"
            || l == ")" { sc.removeLast() }
        guard let l = sc.last else { return false }
        return l == "." || l == "!" || (l == "?" && sc.count > 200)
    }

    /// A dek reads as words: at least four words, few of them numbers (not "Shr 22 cts vs 57 cts").
    static func isProse(_ t: String) -> Bool {
        let words = t.split(separator: " ")
        guard words.count >= 4 else { return false }
        let numeric = words.filter { w in w.unicodeScalars.contains { CharacterClass.isDigit($0) } }.count
        return numeric * 5 <= words.count
    }

    static func isByline(_ t: String) -> Bool {
        let sc = t.unicodeScalars
        // counted only as far as the limit: most lines tried are whole paragraphs
        guard ScalarText.count(t, isBelow: 80), !ScalarText.count(t, isBelow: 5) else { return false }
        let lower = ScalarText.lowercased(t)
        guard lower.hasPrefix("by ") else { return false }
        let rest = Array(sc.dropFirst(3))
        return rest.first.map(CharacterClass.isUpper) ?? false
    }

    static func cleanByline(_ t: String) -> String {
        String(t.unicodeScalars.dropFirst(3)).trimmingSpaces()
    }

    /// "LONDON 1996-08-30", "Friday, July 21, 2017", "March 6, 2023 10:15 AM", "Published 6 March 2023".
    static func isDateLine(_ t: String) -> Bool {
        guard t.utf8.count <= 120, t.utf8.contains(where: { $0 >= 48 && $0 <= 57 }),
            t.unicodeScalars.count <= 60 else { return false }
        return DateWords.datelineDate(t) != nil
    }

    /// Non-empty lines, trimmed of surrounding whitespace, as scalar ranges.
    static func lines(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        func flush(_ end: Int) {
            var a = start, b = end
            while a < b && CharacterClass.isSpace(s[a]) { a += 1 }
            while b > a && CharacterClass.isSpace(s[b - 1]) { b -= 1 }
            if a < b { result.append(a..<b) }
        }
        for i in 0..<s.count where s[i] == "\n" {
            flush(i)
            start = i + 1
        }
        flush(s.count)
        return result
    }
}
