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

        init(scanning s: inout JSONScanner) throws(JSONScanner.Malformed) {
            name = ""; type = ""; mentions = []
            try s.beginObject()
            while let key = try s.nextKey() {
                switch key {
                case "name": name = try s.string()
                case "type": type = try s.string()
                case "country": country = try s.optionalString()
                case "roles":
                    roles = try RecordSummary.array(&s) { (s: inout JSONScanner) throws(JSONScanner.Malformed) in try s.string() }
                case "mentions":
                    mentions = try RecordSummary.array(&s) { (s: inout JSONScanner) throws(JSONScanner.Malformed) in
                        var text = "", sentence: Int?
                        try s.beginObject()
                        while let k = try s.nextKey() {
                            switch k {
                            case "text": text = try s.string()
                            case "sentence": sentence = s.null() ? nil : Int(try s.number())
                            default: try s.skipValue()
                            }
                        }
                        return MentionText(text: text, sentence: sentence)
                    } ?? []
                default: try s.skipValue()
                }
            }
        }
    }
    public struct MentionText: Decodable, Sendable { public var text: String; public var sentence: Int? }
    public struct QuoteSummary: Decodable, Sendable {
        public var text: String
        public var speaker: String?
        public var kind: String?

        init(scanning s: inout JSONScanner) throws(JSONScanner.Malformed) {
            text = ""
            try s.beginObject()
            while let key = try s.nextKey() {
                switch key {
                case "text": text = try s.string()
                case "speaker": speaker = try s.optionalString()
                case "kind": kind = try s.optionalString()
                default: try s.skipValue()
                }
            }
        }
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
    /// than `JSONDecoder`, which matters at the collector.
    public static func decode(_ json: some Collection<UInt8>) -> RecordSummary? {
        var scanner = JSONScanner(Array(json))
        guard let summary = try? RecordSummary(scanning: &scanner), scanner.atEnd() else { return nil }
        guard summary.schema == ArticleRecord.schema || summary.schema == FailureRecord.schema,
              !summary.id.isEmpty else { return nil }
        return summary
    }

    /// Decodes with Foundation's `JSONDecoder`: the reference the scanner is tested against.
    static func decodeWithFoundation(_ json: some Collection<UInt8>) -> RecordSummary? {
        guard let summary = try? JSONDecoder().decode(RecordSummary.self, from: Data(json)) else { return nil }
        guard summary.schema == ArticleRecord.schema || summary.schema == FailureRecord.schema else { return nil }
        return summary
    }

    private init(scanning s: inout JSONScanner) throws(JSONScanner.Malformed) {
        schema = ""; id = ""; source = Source(path: "", bytes: 0)
        var sawSource = false
        try s.beginObject()
        while let key = try s.nextKey() {
            switch key {
            case "schema": schema = try s.string()
            case "id": id = try s.string()
            case "source":
                sawSource = true
                try s.beginObject()
                while let k = try s.nextKey() {
                    switch k {
                    case "path": source.path = try s.string()
                    case "bytes": source.bytes = Int(try s.number())
                    default: try s.skipValue()
                    }
                }
            case "title": title = try s.optionalString()
            case "reason": reason = try s.optionalString()
            case "detail": detail = try s.optionalString()
            case "entities": entities = try Self.array(&s) { (s: inout JSONScanner) throws(JSONScanner.Malformed) in try EntitySummary(scanning: &s) }
            case "quotes": quotes = try Self.array(&s) { (s: inout JSONScanner) throws(JSONScanner.Malformed) in try QuoteSummary(scanning: &s) }
            case "dates":
                dates = try Self.array(&s) { (s: inout JSONScanner) throws(JSONScanner.Malformed) in
                    var value: String?
                    try s.beginObject()
                    while let k = try s.nextKey() { if k == "value" { value = try s.optionalString() } else { try s.skipValue() } }
                    return DateSummary(value: value)
                }
            case "keyphrases":
                keyphrases = try Self.array(&s) { (s: inout JSONScanner) throws(JSONScanner.Malformed) in
                    var text = "", score: Double?
                    try s.beginObject()
                    while let k = try s.nextKey() {
                        switch k {
                        case "text": text = try s.string()
                        case "score": score = s.null() ? nil : try s.number()
                        default: try s.skipValue()
                        }
                    }
                    return PhraseSummary(text: text, score: score)
                }
            default: try s.skipValue()
            }
        }
        guard sawSource else { throw JSONScanner.Malformed(offset: 0) }
    }

    private static func array<T>(_ s: inout JSONScanner, _ element: (inout JSONScanner) throws(JSONScanner.Malformed) -> T) throws(JSONScanner.Malformed) -> [T]? {
        if s.null() { return nil }
        var out: [T] = []
        try s.beginArray()
        while try s.nextElement() { out.append(try element(&s)) }
        return out
    }
}
