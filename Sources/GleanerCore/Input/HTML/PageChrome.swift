/// Decides which elements of a page are chrome (navigation, sharing, adverts, consent
/// banners, captions, comments, recommendations) and are dropped with their contents.
///
/// An element is chrome when its tag or ARIA role is (`PageChromeData`), when it is hidden
/// (`hidden`, `aria-hidden="true"`, `display:none`), or when a word of its class, id or
/// `data-component` names chrome ("share-tools", "ad-slot", "cookie-banner"). A named
/// wrapper is spared when it holds the page's `<main>`, `<h1>` or `articleBody`, or most
/// of its text: a class like "page-with-sidebar" must not drop the article.
struct PageChrome {
    static let droppedTags = PageChromeData.entries(PageChromeData.droppedTags)
    static let droppedRoles = PageChromeData.entries(PageChromeData.droppedRoles)
    static let chromeWords = PageChromeData.entries(PageChromeData.chromeClassWords)
    /// Share of the page's text, in percent, above which a chrome-named wrapper is kept.
    static let wrapperTextPercent = 60

    /// `dropped[i]` is true for every element inside chrome, and the chrome itself.
    let dropped: [Bool]

    init(_ document: HTMLDocument) {
        let nodes = document.nodes
        var textBelow = [Int](repeating: 0, count: nodes.count)
        var landmark = [Bool](repeating: false, count: nodes.count)
        for index in stride(from: nodes.count - 1, through: 0, by: -1) {
            let node = nodes[index]
            if node.isText { textBelow[index] = node.text.utf8.count }
            if node.name == "main" || node.name == "h1" || node.attribute("itemprop")?.lowercased() == "articlebody" {
                landmark[index] = true
            }
            if let parent = node.parent {
                textBelow[parent] += textBelow[index]
                landmark[parent] = landmark[parent] || landmark[index]
            }
        }
        let pageText = max(1, textBelow[document.root])
        var dropped = [Bool](repeating: false, count: nodes.count)
        for index in 0..<nodes.count {
            let node = nodes[index]
            if let parent = node.parent, dropped[parent] { dropped[index] = true; continue }
            guard !node.isText else { continue }
            if Self.droppedTags.contains(node.name) || Self.isHidden(node) {
                dropped[index] = true
            } else if let role = node.attribute("role")?.lowercased(), Self.droppedRoles.contains(role) {
                dropped[index] = !landmark[index]
            } else if Self.hasChromeName(node) {
                dropped[index] = !landmark[index] && textBelow[index] * 100 <= pageText * Self.wrapperTextPercent
            }
        }
        self.dropped = dropped
    }

    static func isHidden(_ node: HTMLDocument.Node) -> Bool {
        if node.attribute("hidden") != nil || node.attribute("aria-hidden")?.lowercased() == "true" { return true }
        guard let style = node.attribute("style")?.lowercased().filter({ $0 != " " }) else { return false }
        return style.contains("display:none") || style.contains("visibility:hidden")
    }

    static func hasChromeName(_ node: HTMLDocument.Node) -> Bool {
        names(of: node, ["class", "id", "data-component", "data-testid"]).contains { chromeWords.contains($0) }
    }

    /// The words of the given attributes: split at anything but letters and digits and at
    /// camelCase humps, lowercased; parts with digits (generated hashes) are left out
    /// ("ssrcss-1q0x1qg-TextContributorName" → ssrcss, text, contributor, name).
    static func names(of node: HTMLDocument.Node, _ attributes: [String]) -> [String] {
        var words: [String] = []
        for attribute in attributes {
            guard let value = node.attribute(attribute) else { continue }
            for part in value.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
            where !part.contains(where: \.isNumber) {
                var word = ""
                var previousLower = false
                for character in part {
                    if character.isUppercase && previousLower {
                        words.append(word.lowercased())
                        word = ""
                    }
                    word.append(character)
                    previousLower = character.isLowercase
                }
                words.append(word.lowercased())
            }
        }
        return words
    }
}
