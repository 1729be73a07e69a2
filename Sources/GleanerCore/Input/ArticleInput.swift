/// Checks raw article bytes before extraction and turns them into text, or a failure reason.
///
/// The rules, in order:
/// - more than `maxBytes` bytes → `.tooLarge`;
/// - no bytes, or only whitespace → `.empty`;
/// - without a UTF-16 byte-order mark: any NUL byte, or more than 10 % control characters
///   (other than tab, CR, LF, FF) → `.binary`; with one, the same test on the decoded text;
/// - the bytes are decoded by `TextDecoding` (BOM, UTF-8, else Windows-1252). A few invalid
///   UTF-8 sequences in UTF-8 text are replaced by U+FFFD and reported as a warning: a news
///   page with one stray byte is still a news article. Text that falls back to Windows-1252
///   but has more than `maxHighBytePercent` of its bytes at 0x80 or above is no English text in
///   any encoding Gleaner reads → `.invalidUTF8`.
public struct ArticleInput: Sendable {
    /// Default article size limit: 10 MB.
    public static let defaultMaxBytes = 10 * 1024 * 1024
    /// Most bytes at 0x80 or above, in percent, that Windows-1252 text may have; English
    /// text has under 1 %, binary data about 50 %.
    public static let maxHighBytePercent = 30
    /// Most control characters, in percent, that text may have.
    static let maxControlPercent = 10

    public var maxBytes: Int

    public init(maxBytes: Int = ArticleInput.defaultMaxBytes) { self.maxBytes = maxBytes }

    public enum Outcome: Sendable {
        case text(DecodedText)
        case failure(FailureReason, detail: String)
    }

    /// Checks and decodes plain text; `declared` is an encoding named by the container (an
    /// HTTP header, an HTML meta tag), used unless the bytes start with a byte-order mark.
    public func validate(_ bytes: [UInt8], declared: TextEncoding? = nil) -> Outcome {
        validate(bytes[...], declared: declared)
    }

    public func validate(_ bytes: ArraySlice<UInt8>, declared: TextEncoding? = nil) -> Outcome {
        if bytes.count > maxBytes {
            return .failure(.tooLarge, detail: "file has \(bytes.count) bytes, over the limit of \(maxBytes)")
        }
        let mark = TextDecoding.byteOrderMark(bytes)?.0
        if mark != .utf16LE && mark != .utf16BE, let failure = Self.binaryFailure(bytes) {
            return failure
        }
        let decoded = TextDecoding.decode(bytes, declared: declared)
        if decoded.text.scalars.allSatisfy(Self.isWhitespace) {
            return .failure(.empty, detail: bytes.isEmpty ? "file is empty" : "file holds only whitespace")
        }
        if mark == .utf16LE || mark == .utf16BE, let failure = Self.binaryFailure(decoded.text.scalars) {
            return failure
        }
        if decoded.encoding == .windows1252 && declared != .windows1252
            && TextDecoding.highBytePercent(bytes) > Self.maxHighBytePercent {
            return .failure(.invalidUTF8, detail: "\(TextDecoding.highBytePercent(bytes)) % of the bytes are "
                            + "non-ASCII: neither UTF-8 nor Windows-1252 text")
        }
        return .text(decoded)
    }

    private static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{0C}"
    }

    private static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D && value != 0x0C
    }

    private static func binaryFailure(_ bytes: ArraySlice<UInt8>) -> Outcome? {
        var controls = 0
        for (offset, byte) in bytes.enumerated() {
            if byte == 0 { return .failure(.binary, detail: "NUL byte at offset \(offset): not a text file") }
            if isControl(UInt32(byte)) { controls += 1 }
        }
        if controls * 100 > bytes.count * maxControlPercent {
            return .failure(.binary, detail: "\(controls) control bytes in \(bytes.count): not a text file")
        }
        return nil
    }

    private static func binaryFailure(_ scalars: [Unicode.Scalar]) -> Outcome? {
        var controls = 0
        for (offset, scalar) in scalars.enumerated() {
            if scalar.value == 0 {
                return .failure(.binary, detail: "NUL character at offset \(offset): not a text file")
            }
            if isControl(scalar.value) { controls += 1 }
        }
        if controls * 100 > scalars.count * maxControlPercent {
            return .failure(.binary, detail: "\(controls) control characters in \(scalars.count): not a text file")
        }
        return nil
    }
}
