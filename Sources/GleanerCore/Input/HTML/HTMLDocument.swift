internal import CLibXML2

/// An HTML page as a small element tree, parsed by libxml2's error-tolerant HTML parser.
///
/// libxml2 builds its tree, which is copied into Swift values (elements with the attributes
/// the boilerplate remover reads, and text) and freed at once. Only this file imports libxml2.
///
/// Bounds: the input is at most the article size limit; elements nested deeper than
/// `maxDepth` keep no children (no real page nests that deep; a hostile one cannot exhaust
/// the stack); comments, processing instructions and the text of scripts other than
/// JSON-LD are dropped.
struct HTMLDocument: Sendable {
    /// Deepest element nesting kept.
    static let maxDepth = 200
    /// Attributes kept on elements; the rest are not needed to find an article.
    static let keptAttributes: Set<String> = [
        "id", "class", "role", "itemprop", "itemtype", "property", "name", "content", "datetime", "rel", "href",
        "type", "hidden", "aria-hidden", "style", "lang", "charset", "http-equiv", "data-component", "data-testid",
    ]

    struct Node: Sendable {
        /// Lowercased tag name; empty for a text node.
        var name: String
        var attributes: [(name: String, value: String)]
        /// The text of a text node.
        var text: String
        var children: [Int]
        var parent: Int?
        var depth: Int

        var isText: Bool { name.isEmpty }

        func attribute(_ key: String) -> String? { attributes.first { $0.name == key }?.value }
    }

    /// Every node; `nodes[root]` is the `<html>` element (or a placeholder for an empty page).
    private(set) var nodes: [Node] = []
    let root = 0

    subscript(_ index: Int) -> Node { nodes[index] }

    /// Parses `utf8` (already decoded to UTF-8: meta charset declarations are ignored).
    init(utf8 bytes: [UInt8]) {
        Self.initializeOnce
        nodes.append(Node(name: "html", attributes: [], text: "", children: [], parent: nil, depth: 0))
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
                }
            }
        }
        guard let document else { return }
        defer { xmlFreeDoc(document) }
        guard let top = xmlDocGetRootElement(document) else { return }
        if Self.name(of: top) == "html" {
            nodes[root].attributes = Self.attributes(of: top)
            copyChildren(of: top, into: root, depth: 1, includingSelf: false)
        } else {
            copyChildren(of: top, into: root, depth: 1, includingSelf: true)
        }
    }

    /// libxml2 must be initialised once before threads parse concurrently.
    private static let initializeOnce: Void = { xmlInitParser() }()

    /// Copies `node`'s children (or `node` itself) under `parent`, depth-first, iteratively
    /// along siblings and recursively into elements up to `maxDepth`.
    private mutating func copyChildren(of node: xmlNodePtr, into parent: Int, depth: Int, includingSelf: Bool) {
        var child: xmlNodePtr? = includingSelf ? node : node.pointee.children
        while let current = child {
            child = includingSelf ? nil : current.pointee.next
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                let name = Self.name(of: current)
                let index = append(Node(name: name, attributes: Self.attributes(of: current), text: "",
                                        children: [], parent: parent, depth: depth))
                if name == "script" || name == "style" {
                    if name == "script", nodes[index].attribute("type")?.lowercased() == "application/ld+json" {
                        let text = Self.textContent(of: current)
                        append(Node(name: "", attributes: [], text: text, children: [], parent: index,
                                    depth: depth + 1))
                    }
                } else if depth < Self.maxDepth {
                    copyChildren(of: current, into: index, depth: depth + 1, includingSelf: false)
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    append(Node(name: "", attributes: [], text: String(cString: content), children: [],
                                parent: parent, depth: depth))
                }
            default:
                break
            }
        }
    }

    @discardableResult
    private mutating func append(_ node: Node) -> Int {
        nodes.append(node)
        let index = nodes.count - 1
        if let parent = node.parent { nodes[parent].children.append(index) }
        return index
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    private static func attributes(of node: xmlNodePtr) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let raw = current.pointee.name else { continue }
            let name = String(cString: raw).lowercased()
            guard keptAttributes.contains(name) else { continue }
            var value = ""
            var part = current.pointee.children
            while let text = part {
                if let content = text.pointee.content { value += String(cString: content) }
                part = text.pointee.next
            }
            result.append((name, value))
        }
        return result
    }

    /// The text of a script element's children (JSON-LD).
    private static func textContent(of node: xmlNodePtr) -> String {
        var text = ""
        var child = node.pointee.children
        while let current = child {
            if let content = current.pointee.content { text += String(cString: content) }
            child = current.pointee.next
        }
        return text
    }
}
