/// The article in a saved HTML page: headline, byline, date line, standfirst and body
/// paragraphs, with the page chrome left out.
///
/// How it is found:
/// 1. Chrome is dropped (`PageChrome`): navigation, sharing, adverts, consent banners,
///    captions, comments, recommendations, hidden text.
/// 2. The rest becomes text blocks (`TextBlocks`). Each block gets a weight: a paragraph of
///    at least `minParagraphCharacters` mostly outside links counts its characters less three
///    times its link characters and less `minParagraphCharacters` (so one-line notes weigh
///    about nothing); a shorter or mostly-linked block counts against, up to `maxPenalty`;
///    headings count zero.
/// 3. The body is the element whose blocks weigh most (the deepest one on a tie): the
///    container of the article's paragraphs, without the menus and lists around it.
/// 4. The headline is the `<h1>` (or `<h2>`) closest in words to the page's og:title or
///    `<title>`, else that metadata. The byline and date are the elements after the headline
///    whose class names say so (`byline`, `author`; `date`, `<time>`), else the metadata.
///    A standfirst (`standfirst`, `dek`, `summary`…) between headline and body is kept.
/// 5. Body blocks that are mostly links, page labels ("Share", "Advertisement"), promotions
///    with links ("Follow us on…", "Sign up for…") or repeats of text already kept are dropped.
struct HTMLArticle: Sendable {
    /// Characters a block needs to count as a paragraph.
    static let minParagraphCharacters = 40
    /// Most a short or link-heavy block counts against its container, in characters.
    static let maxPenalty = 40
    /// Longest byline or date line taken from the page, in characters.
    static let maxMetaLineCharacters = 120
    /// Longest standfirst, in characters.
    static let maxStandfirstCharacters = 400
    /// Word overlap with the page title, in percent, for an `<h1>` to be the headline.
    static let minHeadlineOverlapPercent = 50

    static let bylineWords = PageChromeData.entries(PageChromeData.bylineClassWords)
    static let dateWords: Set<String> = ["date", "dateline", "timestamp", "published", "pubdate", "time"]
    static let standfirstWords: Set<String> = [
        "standfirst", "dek", "deck", "strapline", "subtitle", "summary", "intro", "lede",
    ]
    static let chromeLines = PageChromeData.entries(PageChromeData.chromeLines)
    static let promotionOpenings = PageChromeData.entries(PageChromeData.promotionOpenings)

    var headline: String
    var byline: String?
    var dateLine: String?
    var paragraphs: [String]
    var metadata: PageMetadata

    init(_ document: HTMLDocument) {
        metadata = PageMetadata(document)
        let page = PageIndex(document)
        let blocks = TextBlocks(document, dropped: page.dropped).blocks
        let body = Self.bodyElement(blocks, page)
        let headlineElement = Self.headlineElement(document, page, metadata)
        headline = headlineElement.map { document.text(of: $0) } ?? Self.headlineFromMetadata(metadata)
        let anchor = headlineElement ?? body
        // A byline or date sits between the headline and the body's second paragraph.
        let bodyParagraphs = blocks.filter { page.contains(body, $0.element) && Self.weight($0) > 0 }
        let metaLimit = bodyParagraphs.count > 1 ? bodyParagraphs[1].element : nil
        let dateElement = page.firstElement(after: anchor, before: metaLimit) { Self.isDate($0, page) }
        // A byline holding the date too ("author-date" wrappers) gives way to a narrower one.
        let bylineElement = page.firstElement(after: anchor, before: metaLimit) { e in
            Self.isByline(e, page) && !(dateElement.map { page.contains(e, $0) } ?? false)
        }
        let standfirstElement = page.firstElement(after: anchor, before: body) { Self.isStandfirst($0, page) }
        let bylineText = bylineElement.map { page.blocks(in: $0).joined(separator: ", ") }
        let metadataByline = metadata.authors.isEmpty ? nil : metadata.authors.joined(separator: " and ")
        byline = bylineText.map(Self.cleanByline) ?? metadataByline
        dateLine = dateElement.flatMap { page.blocks(in: $0).first }
        var kept: [String] = standfirstElement.map { page.blocks(in: $0) } ?? []
        var seen = Set([headline] + kept)
        let skipped = [headlineElement, bylineElement, dateElement, standfirstElement].compactMap { $0 }
        for block in blocks where page.contains(body, block.element) {
            if skipped.contains(where: { page.contains($0, block.element) }) { continue }
            if let bylineText, Self.restates(block.text, bylineText) { continue }
            if let dateLine, Self.restates(block.text, dateLine) { continue }
            if Self.isChromeBlock(block) || !seen.insert(block.text).inserted { continue }
            kept.append(block.text)
        }
        paragraphs = kept
    }

    /// The article as Gleaner's plain text layout: headline, byline, date line, then the
    /// paragraphs, each on its own line with a blank line between.
    var text: String {
        var lines = [headline]
        if let byline { lines.append("By " + byline) }
        if let dateLine { lines.append(dateLine) }
        lines += paragraphs
        return lines.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
    }

    // MARK: Body

    /// Weight of one block (step 2 above).
    static func weight(_ block: TextBlocks.Block) -> Int {
        if block.tag.count == 2 && block.tag.first == "h" { return 0 }
        let length = block.text.count
        if length >= minParagraphCharacters && block.linkCharacters * 2 < length {
            return length - 3 * block.linkCharacters - minParagraphCharacters
        }
        return -min(length, maxPenalty)
    }

    static func bodyElement(_ blocks: [TextBlocks.Block], _ page: PageIndex) -> Int {
        var score = [Int](repeating: 0, count: page.count)
        for block in blocks {
            let w = weight(block)
            var element: Int? = block.element
            while let e = element {
                score[e] += w
                element = page.parent(e)
            }
        }
        var best = page.root
        for e in 0..<page.count where score[e] > score[best] || (score[e] == score[best] && page.contains(best, e)) {
            best = e
        }
        return best
    }

    static func isChromeBlock(_ block: TextBlocks.Block) -> Bool {
        if block.linkCharacters * 2 > block.text.count { return true }
        var label = block.text.lowercased()
        if block.linkCharacters > 0, promotionOpenings.contains(where: { label.hasPrefix($0 + " ") }) { return true }
        while let last = label.last, last == ":" || last == "." || last == " " { label.removeLast() }
        return chromeLines.contains(label)
    }

    /// True when `block` is the byline or date line again, possibly with a word or two around.
    static func restates(_ block: String, _ line: String) -> Bool {
        block.contains(line) && block.count <= line.count + 40
    }

    // MARK: Headline, byline, date

    static func headlineElement(_ document: HTMLDocument, _ page: PageIndex, _ metadata: PageMetadata) -> Int? {
        let reference = metadata.headline ?? metadata.title
        var best: (element: Int, overlap: Int)?
        for e in 0..<page.count where !page.dropped[e] && (document[e].name == "h1" || document[e].name == "h2") {
            let text = document.text(of: e)
            guard !text.isEmpty else { continue }
            guard let reference else {
                if document[e].name == "h1" { return e } else { continue }
            }
            let overlap = wordOverlapPercent(text, reference)
            let needed = document[e].name == "h1" ? minHeadlineOverlapPercent : 80
            if overlap >= needed, overlap > (best?.overlap ?? -1) { best = (e, overlap) }
        }
        return best?.element
    }

    static func headlineFromMetadata(_ metadata: PageMetadata) -> String {
        if let headline = metadata.headline { return headline }
        guard let title = metadata.title else { return "" }
        // "Headline - Site" / "Headline | Section | Site": the longest part is the headline.
        let parts: [Substring] = title.split(separator: " | ")
            .flatMap { (part: Substring) -> [Substring] in part.split(separator: " - ") }
            .flatMap { (part: Substring) -> [Substring] in part.split(separator: " – ") }
        return parts.max { $0.count < $1.count }.map(String.init) ?? title
    }

    /// Shared words as a percentage of the shorter text's words (case-folded).
    static func wordOverlapPercent(_ a: String, _ b: String) -> Int {
        let wa = Set(a.lowercased().split { !$0.isLetter && !$0.isNumber })
        let wb = Set(b.lowercased().split { !$0.isLetter && !$0.isNumber })
        guard !wa.isEmpty, !wb.isEmpty else { return 0 }
        return wa.intersection(wb).count * 100 / min(wa.count, wb.count)
    }

    static func isByline(_ e: Int, _ page: PageIndex) -> Bool {
        let node = page.document[e]
        let named = node.attribute("rel")?.lowercased() == "author" || node.name == "address"
            || PageChrome.names(of: node, ["class", "id", "itemprop", "data-component", "data-testid"])
                .contains { bylineWords.contains($0) }
        return named && page.hasShortText(e, limit: maxMetaLineCharacters)
    }

    static func isDate(_ e: Int, _ page: PageIndex) -> Bool {
        let node = page.document[e]
        let named = node.name == "time" || node.attribute("itemprop")?.lowercased() == "datepublished"
            || PageChrome.names(of: node, ["class", "id", "data-testid"]).contains { dateWords.contains($0) }
        guard named, page.hasShortText(e, limit: maxMetaLineCharacters) else { return false }
        return page.blocks(in: e).first?.contains(where: \.isNumber) ?? false
    }

    static func isStandfirst(_ e: Int, _ page: PageIndex) -> Bool {
        let names = PageChrome.names(of: page.document[e], ["class", "id", "data-component", "itemprop"])
        return names.contains { standfirstWords.contains($0) } && page.hasShortText(e, limit: maxStandfirstCharacters)
    }

    /// "by Jane Doe" / "By: Jane Doe" → "Jane Doe".
    static func cleanByline(_ text: String) -> String {
        var line = Substring(text)
        for prefix in ["by:", "by "] where line.lowercased().hasPrefix(prefix) {
            line = line.dropFirst(prefix.count)
        }
        return line.trimming(" ,:")
    }
}

/// Structure queries over a parsed page with its chrome marked: subtrees, document order,
/// the text blocks inside one element.
struct PageIndex {
    let document: HTMLDocument
    let dropped: [Bool]
    /// `subtreeEnd[e]`: the last node inside `e` (nodes are stored in document order).
    private let subtreeEnd: [Int]

    init(_ document: HTMLDocument) {
        self.document = document
        dropped = PageChrome(document).dropped
        var end = Array(0..<document.nodes.count)
        for index in stride(from: document.nodes.count - 1, through: 0, by: -1) {
            if let parent = document[index].parent { end[parent] = max(end[parent], end[index]) }
        }
        subtreeEnd = end
    }

    var count: Int { document.nodes.count }
    var root: Int { document.root }
    func parent(_ e: Int) -> Int? { document[e].parent }

    /// True when `inner` is `outer` or inside it.
    func contains(_ outer: Int, _ inner: Int) -> Bool { inner >= outer && inner <= subtreeEnd[outer] }

    /// The first kept element after `anchor`'s start (and before `limit`'s start, when given)
    /// that satisfies `test`, outside elements already matched.
    func firstElement(after anchor: Int, before limit: Int? = nil, where test: (Int) -> Bool) -> Int? {
        let end = limit ?? count
        var e = anchor + 1
        while e < end {
            if !dropped[e] && !document[e].isText && test(e) { return e }
            e += 1
        }
        return nil
    }

    /// The text blocks of the kept content inside `e`.
    func blocks(in e: Int) -> [String] {
        TextBlocks(document, from: e, dropped: dropped).blocks.map(\.text)
    }

    /// True when `e` holds some text and at most `limit` characters of it.
    func hasShortText(_ e: Int, limit: Int) -> Bool {
        var total = 0
        var i = e
        while i <= subtreeEnd[e] {
            if dropped[i] { i = subtreeEnd[i] + 1; continue }
            if document[i].isText { total += document[i].text.count; if total > limit * 3 { return false } }
            i += 1
        }
        let text = blocks(in: e).joined(separator: " ")
        return !text.isEmpty && text.count <= limit
    }
}
