/// The visible text of a page as blocks, one per paragraph-like run of text, in page order.
///
/// A block ends wherever a browser would start a new line: at the start and end of a
/// block-level element (`p`, `div`, `li`, `h2`…) and at `<br>`. Whitespace runs become one
/// space. Text inside dropped elements (`PageChrome`) is left out.
struct TextBlocks {
    struct Block: Sendable {
        var text: String
        /// Characters of `text` inside links.
        var linkCharacters: Int
        /// The innermost block-level element holding the text.
        var element: Int
        /// That element's tag.
        var tag: String

        var linkDensity: Double { text.isEmpty ? 0 : Double(linkCharacters) / Double(text.count) }
    }

    static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul",
        "title", "head",
    ]
    /// Inline elements after which a space is assumed before more text, as their styling
    /// usually shows them apart ("<time><span>March 7, 2023</span><span>9:42 AM</span>").
    static let separatedInlineTags: Set<String> = ["span", "time", "label", "abbr"]

    private(set) var blocks: [Block] = []

    private var pieces = ""
    private var linkCharacters = 0
    private var owner = 0
    private var separatorPending = false

    /// The blocks of the whole page, or of the element `start` and what it holds.
    init(_ document: HTMLDocument, from start: Int? = nil, dropped: [Bool]) {
        owner = start ?? document.root
        walk(document, owner, dropped: dropped, inLink: false)
        flush()
        for i in blocks.indices { blocks[i].tag = document[blocks[i].element].name }
    }

    private mutating func walk(_ document: HTMLDocument, _ index: Int, dropped: [Bool], inLink: Bool) {
        let node = document[index]
        if dropped[index] { return }
        if node.isText {
            append(node.text, inLink: inLink)
            return
        }
        if node.name == "head" || node.name == "title" { return }
        if node.name == "br" { flush(); return }
        let isBlock = Self.blockTags.contains(node.name)
        let outer = owner
        if isBlock { flush(); owner = index }
        let before = pieces.count
        for child in node.children {
            walk(document, child, dropped: dropped, inLink: inLink || node.name == "a")
        }
        if isBlock {
            flush()
            owner = outer
        } else if Self.separatedInlineTags.contains(node.name) && pieces.count - before > 1 {
            separatorPending = true
        }
    }

    private mutating func append(_ raw: String, inLink: Bool) {
        let text = Self.collapseWhitespace(raw, trimming: false)
        guard !text.isEmpty else { return }
        if separatorPending, text.count > 1, let last = pieces.last, last != " ", text.first != " " {
            pieces.append(" ")
        }
        separatorPending = false
        pieces += text
        if inLink { linkCharacters += text.count }
    }

    private mutating func flush() {
        let text = Self.collapseWhitespace(pieces)
        if !text.isEmpty {
            blocks.append(Block(text: text, linkCharacters: min(linkCharacters, text.count), element: owner,
                                tag: ""))
        }
        pieces = ""
        linkCharacters = 0
        separatorPending = false
    }

    /// Runs of whitespace (spaces, tabs, line ends, no-break spaces) become one space;
    /// soft hyphens and zero-width characters go; ends are trimmed unless `trimming` is false.
    static func collapseWhitespace(_ text: String, trimming: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0, 0x2007, 0x202F, 0x2028, 0x2029, 0x3000, 0x2000...0x200A:
                pendingSpace = true
            case 0xAD, 0x200B, 0x200C, 0x200D, 0xFEFF:
                continue
            default:
                if pendingSpace && (!out.isEmpty || !trimming) { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        if pendingSpace && !trimming { out.append(" ") }
        return String(out)
    }
}
