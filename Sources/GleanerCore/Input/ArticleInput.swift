/// Checks raw article bytes before extraction and turns them into text, or a failure reason.
///
/// The rules, in order:
/// - more than `maxBytes` bytes → `.tooLarge`;
/// - no bytes, or only whitespace → `.empty`;
/// - any NUL byte, or more than 10 % control characters (other than tab, CR, LF, FF) → `.binary`;
/// - more invalid UTF-8 sequences than 1 per 100 bytes (at least 8) → `.invalidUTF8`.
///   Fewer are replaced by U+FFFD and reported as a warning: a news page with one stray
///   Latin-1 `£` is still a news article (the BBC corpus has one).
public struct ArticleInput: Sendable {
    /// Default article size limit: 10 MB.
    public static let defaultMaxBytes = 10 * 1024 * 1024

    public var maxBytes: Int

    public init(maxBytes: Int = ArticleInput.defaultMaxBytes) { self.maxBytes = maxBytes }

    public enum Outcome: Sendable {
        case text(ArticleText)
        case failure(FailureReason, detail: String)
    }

    public func validate(_ bytes: [UInt8]) -> Outcome {
        if bytes.count > maxBytes {
            return .failure(.tooLarge, detail: "file has \(bytes.count) bytes, over the limit of \(maxBytes)")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }) {
            return .failure(.empty, detail: bytes.isEmpty ? "file is empty" : "file holds only whitespace")
        }
        var controls = 0
        for (offset, byte) in bytes.enumerated() {
            if byte == 0 {
                return .failure(.binary, detail: "NUL byte at offset \(offset): not a text file")
            }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { controls += 1 }
        }
        if controls * 10 > bytes.count {
            return .failure(.binary, detail: "\(controls) control bytes in \(bytes.count): not a text file")
        }
        let text = ArticleText(decoding: bytes)
        if text.replacedSequences > max(8, bytes.count / 100) {
            return .failure(.invalidUTF8, detail: "\(text.replacedSequences) invalid UTF-8 sequences in \(bytes.count) bytes: not UTF-8 text")
        }
        return .text(text)
    }
}
