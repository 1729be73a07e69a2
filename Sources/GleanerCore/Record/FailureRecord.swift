/// Why an article could not be turned into a `gleaner.article/1` record.
///
/// Raw values are stable: they appear in the store and scripts match on them.
public enum FailureReason: String, Sendable, CaseIterable {
    /// The file has zero bytes (or only whitespace).
    case empty
    /// The file looks like binary data (NUL bytes or many control characters).
    case binary
    /// The bytes are mostly not valid UTF-8.
    case invalidUTF8 = "invalid-utf8"
    /// The file is larger than the configured article size limit.
    case tooLarge = "too-large"
    /// The producer could not read the file.
    case unreadable
    /// The input is not in its format: a damaged WARC record or gzip stream, a JSON line that
    /// is not an article object, a WARC record that is no HTML response.
    case malformed
    /// The task was dispatched the maximum number of times without a committed result.
    case maxAttempts = "max-attempts"
    /// Extraction threw an unexpected error.
    case extractionError = "extraction-error"
}

/// A dead-letter record: the `gleaner.failure/1` record stored instead of an article.
public struct FailureRecord: Error, Sendable, Equatable {
    public static let schema = "gleaner.failure/1"

    public var id: String
    public var source: ArticleRecord.Source
    public var reason: FailureReason
    /// A human-readable sentence with specifics (sizes, offsets, limits).
    public var detail: String
    public var attempts: Int
    /// The version of the extractor whose run gave up on the article (`ArticleRecord.extractorVersion`):
    /// a newer one tries it again.
    public var extractorVersion: Int

    public init(id: String, source: ArticleRecord.Source, reason: FailureReason, detail: String, attempts: Int = 1,
                extractorVersion: Int = ExtractorIdentity.version) {
        self.id = id; self.source = source; self.reason = reason; self.detail = detail; self.attempts = attempts
        self.extractorVersion = extractorVersion
    }

    public func jsonBytes() -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 256)
        json.object { o in
            o.field("schema", string: Self.schema)
            o.field("id", string: id)
            o.field("source") { $0.source(source) }
            o.field("reason", string: reason.rawValue)
            o.field("detail", string: detail)
            o.field("attempts", int: attempts)
            o.field("extractor") { $0.extractor(version: extractorVersion) }
        }
        return json.bytes
    }
}
