/// Reads a record into a `RecordSummary` with `JSONScanner`, in one pass.
///
/// In strict mode it also checks the record against its schema (docs/schema.md):
/// - `schema` is `gleaner.article/1` or `gleaner.failure/1`; `id` is 64 lowercase hex digits,
///   or `path-` and 64 for an unreadable file; `source` has a string `path` and an integer
///   `bytes` ≥ 0;
/// - an article has `title` (string or null) and the arrays `entities`, `quotes` and `dates`;
///   each entity a non-empty `name`, a known `type` and `mentions` with integer offsets
///   0 ≤ start ≤ end; each quote `text`, offsets, `speaker` (string or null) and a known
///   `kind`; each date `text`, offsets and `value` (string or null);
/// - a failure has a known `reason` and a string `detail`.
/// Other fields may be added freely and are skipped. Nesting is bounded by
/// `JSONScanner.maxDepth`, so no input can exhaust the stack.
enum RecordReader {
    typealias Malformed = JSONScanner.Malformed

    static func read(_ bytes: [UInt8], strict: Bool) -> Result<RecordSummary, RecordViolation> {
        var scanner = JSONScanner(bytes)
        var reader = Reader(strict: strict)
        do {
            let summary = try reader.record(&scanner)
            guard scanner.atEnd() else {
                return .failure(RecordViolation(field: "record", problem: "text after the object"))
            }
            if let violation = strict ? reader.violation ?? check(summary, reader) : nil { return .failure(violation) }
            return .success(summary)
        } catch {
            return .failure(
                reader.violation ?? RecordViolation(field: "record", problem: "not JSON (byte \(error.offset))"))
        }
    }

    private static func check(_ s: RecordSummary, _ reader: Reader) -> RecordViolation? {
        if !isRecordID(s.id) { return RecordViolation(field: "id", problem: "not 64 hex digits (or path- and 64)") }
        if !reader.sawSource { return RecordViolation(field: "source", problem: "missing") }
        if s.source.bytes < 0 { return RecordViolation(field: "source.bytes", problem: "negative") }
        if s.isFailure {
            guard let reason = s.reason, FailureReason(rawValue: reason) != nil else {
                return RecordViolation(field: "reason", problem: "missing or unknown")
            }
            return s.detail == nil ? RecordViolation(field: "detail", problem: "missing") : nil
        }
        for key in ["title", "entities", "quotes", "dates"] where !reader.keys.contains(key) {
            return RecordViolation(field: key, problem: "missing")
        }
        return nil
    }

    static func isRecordID(_ id: String) -> Bool {
        let hex = id.hasPrefix("path-") ? id.utf8.dropFirst(5) : id.utf8[...]
        return hex.count == 64 && hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// One pass over a record; `violation` says what strict mode found wrong.
    private struct Reader {
        let strict: Bool
        var violation: RecordViolation?
        var keys = Set<String>()
        var sawSource = false

        init(strict: Bool) { self.strict = strict }

        /// Records a violation (strict mode) and stops the scan.
        mutating func refuse(_ field: String, _ problem: String, at s: JSONScanner) throws(Malformed) {
            guard strict else { return }
            violation = RecordViolation(field: field, problem: problem)
            throw Malformed(offset: 0)
        }

        mutating func record(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary {
            var r = RecordSummary(schema: "", id: "", source: .init(path: "", bytes: 0))
            try s.beginObject()
            while let key = try s.nextKey() {
                keys.insert(key)
                switch key {
                case "schema": r.schema = try s.string()
                case "id": r.id = try s.string()
                case "source": r.source = try source(&s)
                case "title": r.title = try optionalString(&s, "title")
                case "reason": r.reason = try s.optionalString()
                case "detail": r.detail = try s.optionalString()
                case "entities":
                    r.entities = try array(&s, "entities") { (s, me) throws(Malformed) in try me.entity(&s) }
                case "quotes": r.quotes = try array(&s, "quotes") { (s, me) throws(Malformed) in try me.quote(&s) }
                case "dates": r.dates = try array(&s, "dates") { (s, me) throws(Malformed) in try me.date(&s) }
                case "keyphrases":
                    r.keyphrases = try array(&s, "keyphrases") { (s, _) throws(Malformed) in try phrase(&s) }
                default: try s.skipValue()
                }
            }
            guard r.schema == ArticleRecord.schema || r.schema == FailureRecord.schema else {
                try refuse("schema", "unknown schema '\(r.schema.prefix(40))'", at: s)
                throw Malformed(offset: 0)
            }
            guard sawSource, !r.id.isEmpty else { throw Malformed(offset: 0) }
            return r
        }

        mutating func source(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.Source {
            sawSource = true
            var source = RecordSummary.Source(path: "", bytes: 0)
            var sawPath = false, sawBytes = false
            try s.beginObject()
            while let k = try s.nextKey() {
                switch k {
                case "path": source.path = try s.string(); sawPath = true
                case "bytes": source.bytes = try number(&s, "source.bytes"); sawBytes = true
                default: try s.skipValue()
                }
            }
            if !(sawPath && sawBytes) { try refuse("source", "needs path and bytes", at: s) }
            return source
        }

        mutating func entity(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.EntitySummary {
            var e = RecordSummary.EntitySummary(name: "", type: "", mentions: [])
            try s.beginObject()
            while let key = try s.nextKey() {
                switch key {
                case "name": e.name = try s.string()
                case "type": e.type = try s.string()
                case "country": e.country = try s.optionalString()
                case "roles": e.roles = try array(&s, "roles") { (s, _) throws(Malformed) in try s.string() }
                case "mentions":
                    e.mentions = try array(&s, "mentions") { (s, me) throws(Malformed) in try me.mention(&s) } ?? []
                default: try s.skipValue()
                }
            }
            if e.name.isEmpty { try refuse("entities.name", "empty", at: s) }
            if EntityType(rawValue: e.type) == nil {
                try refuse("entities.type", "unknown type '\(e.type.prefix(20))'", at: s)
            }
            return e
        }

        mutating func mention(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.MentionText {
            var m = RecordSummary.MentionText(text: "", sentence: nil)
            var start: Int?, end: Int?
            try s.beginObject()
            while let k = try s.nextKey() {
                switch k {
                case "text": m.text = try s.string()
                case "sentence": m.sentence = s.null() ? nil : try number(&s, "mentions.sentence")
                case "start" where strict: start = try s.integer()
                case "end" where strict: end = try s.integer()
                default: try s.skipValue()
                }
            }
            try span(start, end, "entities.mentions", s)
            return m
        }

        mutating func quote(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.QuoteSummary {
            var q = RecordSummary.QuoteSummary(text: "")
            var start: Int?, end: Int?
            try s.beginObject()
            while let key = try s.nextKey() {
                switch key {
                case "text": q.text = try s.string()
                case "speaker": q.speaker = try optionalString(&s, "quotes.speaker")
                case "kind": q.kind = try s.optionalString()
                case "start" where strict: start = try s.integer()
                case "end" where strict: end = try s.integer()
                default: try s.skipValue()
                }
            }
            try span(start, end, "quotes", s)
            if q.kind.flatMap(QuoteKind.init(rawValue:)) == nil {
                try refuse("quotes.kind", "missing or unknown", at: s)
            }
            return q
        }

        mutating func date(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.DateSummary {
            var value: String?
            var start: Int?, end: Int?
            try s.beginObject()
            while let k = try s.nextKey() {
                switch k {
                case "value": value = try optionalString(&s, "dates.value")
                case "start" where strict: start = try s.integer()
                case "end" where strict: end = try s.integer()
                default: try s.skipValue()
                }
            }
            try span(start, end, "dates", s)
            return RecordSummary.DateSummary(value: value)
        }

        mutating func span(_ start: Int?, _ end: Int?, _ field: String, _ s: JSONScanner) throws(Malformed) {
            guard strict else { return }
            guard let start, let end, start >= 0, end >= start else {
                try refuse(field, "needs offsets 0 ≤ start ≤ end", at: s); return
            }
        }

        mutating func number(_ s: inout JSONScanner, _ field: String) throws(Malformed) -> Int {
            guard strict else {
                let value = try s.number()
                return value.isFinite && abs(value) < 9e18 ? Int(value) : 0
            }
            return try s.integer()
        }

        mutating func optionalString(_ s: inout JSONScanner, _ field: String) throws(Malformed) -> String? {
            if s.null() { return nil }
            if strict && !s.isStringNext() { try refuse(field, "not a string or null", at: s) }
            return try s.string()
        }

        mutating func array<T>(
            _ s: inout JSONScanner, _ field: String,
            _ element: (inout JSONScanner, inout Reader) throws(Malformed) -> T
        ) throws(Malformed) -> [T]? {
            if s.null() {
                if strict && ["entities", "quotes", "dates", "mentions"].contains(field) {
                    try refuse(field, "null", at: s)
                }
                return nil
            }
            var out: [T] = []
            try s.beginArray()
            while try s.nextElement() { out.append(try element(&s, &self)) }
            return out
        }
    }

    private static func phrase(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.PhraseSummary {
        var p = RecordSummary.PhraseSummary(text: "", score: nil)
        try s.beginObject()
        while let k = try s.nextKey() {
            switch k {
            case "text": p.text = try s.string()
            case "score": p.score = s.null() ? nil : try s.number()
            default: try s.skipValue()
            }
        }
        return p
    }
}
