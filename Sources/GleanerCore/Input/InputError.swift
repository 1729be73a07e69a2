/// Why an input file, or an article inside one, could not be read. Each becomes a failure
/// record (`failureReason`), never a crash.
public enum InputError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(String)
    /// The bytes are not in the format the file claims (a damaged WARC header, gzip stream, or
    /// JSON line).
    case malformed(String)
    /// Compressed data expands far more than real text does.
    case decompressionBomb(String)
    /// An article, line or header is over its size limit.
    case tooLarge(String)

    public var description: String {
        switch self {
        case .unreadable(let s), .malformed(let s), .decompressionBomb(let s), .tooLarge(let s): return s
        }
    }

    /// The failure record reason this error is stored under.
    public var failureReason: FailureReason {
        switch self {
        case .unreadable: return .unreadable
        case .malformed: return .malformed
        case .decompressionBomb, .tooLarge: return .tooLarge
        }
    }
}
