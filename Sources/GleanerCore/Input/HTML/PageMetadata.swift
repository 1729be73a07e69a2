import Foundation

/// What a page says about itself in `<head>`: `<title>`, `<meta>` tags (Open Graph,
/// `article:*`, `author`), `<link rel=canonical>` and schema.org JSON-LD.
struct PageMetadata: Sendable {
    /// `<title>` text.
    var title: String?
    /// og:title, twitter:title or the JSON-LD headline: the headline without the site's name.
    var headline: String?
    /// Author names from `<meta name=author>` or JSON-LD `author` (people, not organisations).
    var authors: [String] = []
    /// The publication time as written (ISO 8601), from `article:published_time` and kin or
    /// JSON-LD `datePublished`.
    var published: String?
    /// `<link rel=canonical>`, og:url or the JSON-LD url.
    var url: String?
    /// The `lang` attribute of `<html>`.
    var language: String?
    /// A `<meta charset>` or `http-equiv` Content-Type charset (lowercased).
    var charset: String?

    /// Deepest JSON-LD nesting searched.
    static let maxJSONDepth = 8

    init(_ document: HTMLDocument) {
        language = document[document.root].attribute("lang")?.trimming(" ")
        for index in 0..<document.nodes.count {
            let node = document[index]
            switch node.name {
            case "title" where title == nil: title = document.text(of: index)
            case "meta": read(meta: node)
            case "link":
                if node.attribute("rel")?.lowercased() == "canonical", url == nil { url = node.attribute("href") }
            case "script":
                if node.attribute("type")?.lowercased() == "application/ld+json" {
                    read(jsonLD: document.text(of: index))
                }
            default: break
            }
        }
    }

    private mutating func read(meta node: HTMLDocument.Node) {
        if let charset = node.attribute("charset") { self.charset = self.charset ?? charset.lowercased() }
        if node.attribute("http-equiv")?.lowercased() == "content-type", let content = node.attribute("content") {
            charset = charset ?? MediaType.charset(content)
        }
        let key =
            (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop"))?.lowercased() ?? ""
        guard let content = node.attribute("content")?.trimming(" \n\t"), !content.isEmpty else { return }
        switch key {
        case "og:title", "twitter:title": headline = headline ?? content
        case "og:url": url = url ?? content
        case "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
            "date", "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date":
            published = published ?? content
        case "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl":
            if !content.contains("://"), !authors.contains(content) { authors.append(content) }
        default: break
        }
    }

    private mutating func read(jsonLD text: String) {
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return
        }
        visit(json, depth: 0)
    }

    /// Takes headline, date, authors and url from the first article-like object (`@type`
    /// ending in Article or Posting), searching arrays and `@graph` lists.
    private mutating func visit(_ value: Any, depth: Int) {
        guard depth < Self.maxJSONDepth else { return }
        if let array = value as? [Any] {
            for item in array { visit(item, depth: depth + 1) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        if let graph = object["@graph"] { visit(graph, depth: depth + 1) }
        let types = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [String]) ?? []
        guard types.contains(where: { $0.hasSuffix("Article") || $0.hasSuffix("Posting") }) else { return }
        if headline == nil, let h = object["headline"] as? String { headline = h }
        if published == nil, let d = object["datePublished"] as? String { published = d }
        if url == nil, let u = (object["url"] as? String) ?? (object["mainEntityOfPage"] as? String) { url = u }
        for author in Self.people(object["author"]) where !authors.contains(author) { authors.append(author) }
    }

    private static func people(_ value: Any?) -> [String] {
        if let name = value as? String { return [name] }
        if let list = value as? [Any] { return list.flatMap { people($0) } }
        guard let object = value as? [String: Any], let name = object["name"] as? String else { return [] }
        let type = object["@type"] as? String ?? "Person"
        return type == "Person" ? [name] : []
    }
}

extension HTMLDocument {
    /// All text under `index`, whitespace collapsed.
    func text(of index: Int) -> String {
        var pieces: [String] = []
        var stack = [index]
        while let next = stack.popLast() {
            let node = self[next]
            if node.isText { pieces.append(node.text) } else { stack.append(contentsOf: node.children.reversed()) }
        }
        return TextBlocks.collapseWhitespace(pieces.joined())
    }
}
