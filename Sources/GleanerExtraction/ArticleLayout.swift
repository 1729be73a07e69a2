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
        var l = Tokenizer.lowercased(t)
        while let last = l.unicodeScalars.last, last == ":" || last == "." || last == " " { l.removeLast() }
        return Lexicon.pageBoilerplate.contains(l) || Lexicon.boilerplatePrefixes.contains { l.hasPrefix($0) }
    }

    init(_ scalars: [Unicode.Scalar]) {
        let lines = Self.lines(scalars)
        paragraphs = lines
        let texts = lines.map { Tokenizer.string(scalars, $0.lowerBound, $0.upperBound) }
        self.texts = texts
        var counts: [String: Int] = [:]
        for t in texts { counts[t, default: 0] += 1 }
        var ti: Int? = nil
        for (k, t) in texts.enumerated() where !Self.isBoilerplate(t) && counts[t, default: 0] == 1 && !Self.isDateLine(t) && !Self.isByline(t) {
            ti = k; break
        }
        if ti == nil { ti = texts.indices.first { !Self.isBoilerplate(texts[$0]) } ?? (texts.isEmpty ? nil : 0) }
        titleIndex = ti
        title = ti.map { texts[$0] } ?? ""
        var sub: Int? = nil, by: Int? = nil, date: Int? = nil
        if let ti {
            var k = ti + 1
            let limit = min(texts.count, ti + 6)
            while k < limit {
                let t = texts[k]
                if by == nil && Self.isByline(t) { by = k; k += 1; continue }
                if date == nil && Self.isDateLine(t) { date = k; k += 1; continue }
                if Self.isBoilerplate(t) { k += 1; continue }
                if sub == nil && counts[t, default: 0] == 1 && k == ti + 1 + (by != nil ? 1 : 0) + (date != nil ? 1 : 0)
                    && t.unicodeScalars.count < 320 && !Self.looksLikeBodySentence(t) && k + 1 < texts.count && Self.isProse(t) {
                    sub = k
                }
                break
            }
            // a dateline may also precede the title or follow the subtitle closely
            if date == nil {
                for j in 0..<min(texts.count, ti + 8) where j != ti && j != sub && Self.isDateLine(texts[j]) { date = j; break }
            }
            if by == nil {
                for j in 0..<min(texts.count, ti + 8) where j != ti && j != sub && Self.isByline(texts[j]) { by = j; break }
            }
        }
        subtitleIndex = sub; bylineIndex = by; datelineIndex = date
        subtitle = sub.map { texts[$0] }
        byline = by.map { Self.cleanByline(texts[$0]) }
        dateline = date.map { texts[$0] }
    }

    /// A body sentence ends with terminal punctuation (possibly inside a closing quote).
    static func looksLikeBodySentence(_ t: String) -> Bool {
        var sc = Array(t.unicodeScalars)
        while let l = sc.last, l == "\"" || l == "\u{201D}" || l == "'" || l == "\u{2019}" || l == ")" { sc.removeLast() }
        guard let l = sc.last else { return false }
        return l == "." || l == "!" || (l == "?" && sc.count > 200)
    }

    /// A dek reads as words: at least four words, few of them numbers (not "Shr 22 cts vs 57 cts").
    static func isProse(_ t: String) -> Bool {
        let words = t.split(separator: " ")
        guard words.count >= 4 else { return false }
        let numeric = words.filter { w in w.unicodeScalars.contains { Tokenizer.isDigit($0) } }.count
        return numeric * 5 <= words.count
    }

    static func isByline(_ t: String) -> Bool {
        let sc = t.unicodeScalars
        guard sc.count < 80, sc.count > 4 else { return false }
        let lower = Tokenizer.lowercased(t)
        guard lower.hasPrefix("by ") else { return false }
        let rest = Array(sc.dropFirst(3))
        return rest.first.map(Tokenizer.isUpper) ?? false
    }

    static func cleanByline(_ t: String) -> String {
        String(t.unicodeScalars.dropFirst(3)).trimmingSpaces()
    }

    /// "LONDON 1996-08-30", "Friday, July 21, 2017", "March 6, 2023 10:15 AM", "Published 6 March 2023".
    static func isDateLine(_ t: String) -> Bool {
        guard t.utf8.count <= 120, t.utf8.contains(where: { $0 >= 48 && $0 <= 57 }), t.unicodeScalars.count <= 60 else { return false }
        return DateExtractor.parseDatelineDate(t) != nil
    }

    /// Non-empty lines, trimmed of surrounding whitespace, as scalar ranges.
    static func lines(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        func flush(_ end: Int) {
            var a = start, b = end
            while a < b && Tokenizer.isSpace(s[a]) { a += 1 }
            while b > a && Tokenizer.isSpace(s[b - 1]) { b -= 1 }
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

extension String {
    func trimmingSpaces() -> String {
        var sc = Array(unicodeScalars)
        while let f = sc.first, Tokenizer.isSpace(f) { sc.removeFirst() }
        while let l = sc.last, Tokenizer.isSpace(l) { sc.removeLast() }
        var v = String.UnicodeScalarView(); v.append(contentsOf: sc); return String(v)
    }
}
