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
    public struct MentionText: Decodable, Sendable { public var text: String }
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

    /// Decodes a record; nil when the bytes are not a record of a known schema.
    public static func decode(_ json: some Collection<UInt8>) -> RecordSummary? {
        guard let summary = try? JSONDecoder().decode(RecordSummary.self, from: Data(json)) else { return nil }
        guard summary.schema == ArticleRecord.schema || summary.schema == FailureRecord.schema else { return nil }
        return summary
    }
}
