/// Where an article is: a whole file, or one item inside a container file.
///
/// The path syntax, used in task paths and in records' `source.path`:
/// - `news/a.txt`: the whole file;
/// - `feed.jsonl#line=12`: line 12 of a JSON Lines file (1-based, counting every line, so
///   `sed -n 12p feed.jsonl` prints it);
/// - `crawl.warc.gz#record=5`: the 5th record of a WARC file (1-based, counting every record,
///   warcinfo and requests included).
///
/// A file whose own name ends like that (`a#line=3`) is still read whole: an existing file wins.
public struct ArticleAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Item: Hashable, Sendable {
        case line(Int)
        case record(Int)
    }

    public var file: String
    public var item: Item?

    public init(file: String, item: Item? = nil) {
        self.file = file
        self.item = item
    }

    /// Splits `path` at its last `#line=N` or `#record=N` suffix; without one, the whole file.
    public init(parsing path: String) {
        self.init(file: path)
        guard let hash = path.lastIndex(of: "#") else { return }
        let fragment = path[path.index(after: hash)...]
        for (prefix, make) in [("line=", Item.line), ("record=", Item.record)] where fragment.hasPrefix(prefix) {
            let digits = fragment.dropFirst(prefix.count)
            if let n = Int(digits), n >= 1, digits.allSatisfy(\.isASCII) {
                self.init(file: String(path[..<hash]), item: make(n))
            }
        }
    }

    public var description: String {
        switch item {
        case nil: return file
        case .line(let n)?: return "\(file)#line=\(n)"
        case .record(let n)?: return "\(file)#record=\(n)"
        }
    }
}
