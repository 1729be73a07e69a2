/// How names are compared when entities are merged across articles and looked up by users:
/// case-folded, periods dropped, curly apostrophes straightened, spaces collapsed, a leading
/// "the " removed. "U.S." and "US" share a key; "The Guardian" and "Guardian" too.
public enum NameKey {
    public static func normalize(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in name.lowercased().unicodeScalars {
            switch scalar {
            case ".": continue
            case "\u{2019}", "\u{2018}": out.append("'")
            case " ", "\t", "\n", "\u{00A0}": pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(scalar)
            }
        }
        var text = String(out)
        if text.hasPrefix("the ") { text.removeFirst(4) }
        return text
    }
}
