/// Paragraph structure of an article: title, subtitle, body paragraphs and counts.
///
/// Titles skip page boilerplate lines ("Accessibility links", "Breaking News", "Skip to
/// content") that scraped pages put before the headline.
struct ArticleLayout {
    /// Paragraphs as scalar ranges, in text order (trimmed, non-empty).
    let paragraphs: [Range<Int>]
    let title: String
    let subtitle: String?
    let counts: ArticleRecord.Counts

    static let boilerplate: Set<String> = [
        "accessibility links", "breaking news", "skip to content", "skip to main content",
        "advertisement", "share this with", "share", "menu", "home", "related topics", "live",
    ]

    init(_ text: ArticleText) {
        let lines = Self.lines(text)
        paragraphs = lines
        let texts = lines.map { text.slice($0.lowerBound, $0.upperBound) }
        let firstReal = texts.firstIndex { !Self.boilerplate.contains($0.lowercased()) } ?? 0
        title = texts.isEmpty ? "" : texts[firstReal]
        let next = firstReal + 1
        if next < texts.count, texts[next].count < 300, !texts[next].hasPrefix(texts[firstReal]) {
            subtitle = texts[next]
        } else {
            subtitle = nil
        }
        var words = 0, sentences = 0
        for t in texts {
            var inWord = false
            for s in t.unicodeScalars {
                let isSpace = s.properties.isWhitespace
                if !isSpace && !inWord { words += 1 }
                inWord = !isSpace
                if s == "." || s == "!" || s == "?" { sentences += 1 }
            }
        }
        counts = .init(paragraphs: texts.count, sentences: max(sentences, texts.count), words: words)
    }

    /// Non-empty lines, trimmed of surrounding whitespace, as scalar ranges.
    static func lines(_ text: ArticleText) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        let s = text.scalars
        func flush(_ end: Int) {
            var a = start, b = end
            while a < b && s[a].properties.isWhitespace { a += 1 }
            while b > a && s[b - 1].properties.isWhitespace { b -= 1 }
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
