import Foundation

// Usage: EmbedLexiconTool OUTPUT.swift LIST.txt...
//
// Writes `enum LexiconData` with one raw string constant per list, named after the file
// (`function-words.txt` → `functionWords`), holding the list's entries one per line. Each list
// must open with a header of `# key: value` lines giving at least `meaning`, `source` and
// `licence`; an entry must not be empty or start or end with a space. Any problem stops the
// build with the file and line.

struct ListError: Error, CustomStringConvertible {
    let description: String
}

/// `function-words` → `functionWords`.
func identifier(_ base: String) -> String {
    let parts = base.split(separator: "-")
    return parts.enumerated().map { $0.offset == 0 ? $0.element.lowercased() : $0.element.capitalized }.joined()
}

/// The header fields and the entries of one list file.
func parse(_ path: String) throws -> (header: [String: String], entries: [Substring]) {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var header: [String: String] = [:]
    var entries: [Substring] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let place = "\(path):\(number + 1)"
        if entries.isEmpty, line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else {
                throw ListError(description: "\(place): header line without a colon")
            }
            let key = line[line.index(after: line.startIndex)..<colon].trimmingCharacters(in: .whitespaces)
            header[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            continue
        }
        if line.isEmpty { continue }
        guard line.first != " ", line.last != " ", line.last != "\r" else {
            throw ListError(description: "\(place): entry starts or ends with white space")
        }
        entries.append(line)
    }
    for key in ["meaning", "source", "licence"] where (header[key] ?? "").isEmpty {
        throw ListError(description: "\(path): the header needs a '# \(key): …' line")
    }
    guard !entries.isEmpty else { throw ListError(description: "\(path): no entries") }
    return (header, entries)
}

func main() throws {
    let arguments = CommandLine.arguments.dropFirst()
    guard let output = arguments.first else { throw ListError(description: "usage: EmbedLexiconTool OUTPUT LIST...") }
    var swift = """
    // Generated at build time by the EmbedLexicon plugin from Lexicon/Data/*.txt: do not edit.
    // Each constant holds one list's entries, one per line (the header stays in the .txt file).

    enum LexiconData {

    """
    for path in arguments.dropFirst() {
        let file = URL(fileURLWithPath: path)
        let (header, entries) = try parse(path)
        let body = entries.joined(separator: "\n")
        var hashes = "#"
        // a raw string ends at """# and interpolates at \#(: use more #s than the body holds
        while body.contains("\"\"\"" + hashes) || body.contains("\\" + hashes) { hashes += "#" }
        swift += "    /// \(header["meaning"]!) (`\(file.lastPathComponent)`)\n"
        swift += "    static let \(identifier(file.deletingPathExtension().lastPathComponent)) = \(hashes)\"\"\"\n"
        swift += body + "\n\"\"\"\(hashes)\n\n"
    }
    swift += "}\n"
    try swift.write(toFile: output, atomically: true, encoding: .utf8)
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
