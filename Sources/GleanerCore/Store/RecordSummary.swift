import Foundation

/// The parts of a stored record that the corpus merge needs; everything else passes through
/// as raw bytes. Decodes both `gleaner.article/1` and `gleaner.failure/1` records.
public struct RecordSummary: Decodable, Sendable {
    public struct Source: Decodable, Sendable { public var path: String; public var bytes: Int }
    public struct EntitySummary: Decodable, Sendable {
        public var name: String
        public var type: String
        public var country: String?
        public var roles: [String]?
        public var mentions: [MentionText]
    }
    public struct MentionText: Decodable, Sendable { public var text: String; public var sentence: Int? }
    public struct QuoteSummary: Decodable, Sendable {
        public var text: String
        public var speaker: String?
        public var kind: String?
    }
    public struct DateSummary: Decodable, Sendable { public var value: String? }
    public struct PhraseSummary: Decodable, Sendable { public var text: String; public var score: Double? }

    public var schema: String
    public var id: String
    public var source: Source
    public var title: String?
    public var entities: [EntitySummary]?
    public var quotes: [QuoteSummary]?
    public var dates: [DateSummary]?
    public var keyphrases: [PhraseSummary]?
    public var reason: String?
    public var detail: String?

    public var isFailure: Bool { schema == FailureRecord.schema }

    /// Decodes a record; nil when the bytes are not a record of a known schema (or not JSON).
    /// Reads only the fields above and skips the rest (`JSONScanner`): several times faster
    /// than `JSONDecoder`, which matters at the collector. Lenient: for reading a store.
    public static func decode(_ json: some Collection<UInt8>) -> RecordSummary? {
        try? RecordReader.read(Array(json), strict: false).get()
    }

    /// Decodes a record and checks it against its schema: what the collector does before it
    /// stores anything a peer sent. - Returns: the summary, or what is wrong with the record.
    public static func validated(_ json: some Collection<UInt8>) -> Result<RecordSummary, RecordViolation> {
        RecordReader.read(Array(json), strict: true)
    }

    /// Decodes with Foundation's `JSONDecoder`: the reference the scanner is tested against.
    static func decodeWithFoundation(_ json: some Collection<UInt8>) -> RecordSummary? {
        guard let summary = try? JSONDecoder().decode(RecordSummary.self, from: Data(json)) else { return nil }
        guard summary.schema == ArticleRecord.schema || summary.schema == FailureRecord.schema else { return nil }
        return summary
    }

    init(schema: String, id: String, source: Source) {
        self.schema = schema; self.id = id; self.source = source
    }
}

/// Why a record was refused: the field and what is wrong with it.
public struct RecordViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let problem: String
    public var description: String { "\(field): \(problem)" }
}
