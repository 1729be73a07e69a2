import Glibc

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
/// - a failure has a known `reason` and a string `detail`;
/// - `extractor`, optional in both (absent: version 0), is an object whose `version` is an
///   integer from 0 to `ExtractorVersion.maximum` and whose `name`, if any, a string.
/// Other fields may be added freely and are skipped. Nesting is bounded by
/// `JSONScanner.maxDepth`, so no input can exhaust the stack.
enum RecordReader {
    typealias Malformed = JSONScanner.Malformed
    typealias Text = RecordSummary.Text

    /// - Parameter compact: whether objects written as Gleaner writes them are read by the compact readers
    ///   (`compactEntity` and the others; the result is the same, sooner). Off only to compare the two.
    static func read(
        _ bytes: [UInt8], strict: Bool, reusing spare: consuming RecordSummary.Buffers = .init(), compact: Bool = true
    ) -> Result<RecordSummary, RecordViolation> {
        var pending = consume spare
        var refused: RecordViolation?
        do throws(Malformed) {
            // The reader made and used inside the scan's closure (`Reader.prepare` says why it starts empty).
            return try JSONScanner.scan(bytes) {
                (s: inout JSONScanner) throws(Malformed) -> Result<RecordSummary, RecordViolation> in
                var reader = Reader(strict: strict, compact: compact)
                reader.prepare(json: bytes, spare: &pending)
                var summary: RecordSummary
                do throws(Malformed) { summary = try reader.record(&s) } catch {
                    refused = reader.violation
                    throw error
                }
                summary.stringsMayHoldControlBytes = s.sawControlByte
                guard s.atEnd() else {
                    return .failure(RecordViolation(field: "record", problem: "text after the object"))
                }
                if strict, let violation = reader.violation ?? check(summary, reader.sawSource, reader.seen) {
                    return .failure(violation)
                }
                return .success(summary)
            }
        } catch {
            return .failure(refused ?? RecordViolation(field: "record", problem: "not JSON (byte \(error.offset))"))
        }
    }

    private static func check(_ s: RecordSummary, _ sawSource: Bool, _ seen: Reader.Seen) -> RecordViolation? {
        if !isRecordID(s.text[s.idText.range]) {
            return RecordViolation(field: "id", problem: "not 64 hex digits (or path- and 64)")
        }
        if !sawSource { return RecordViolation(field: "source", problem: "missing") }
        if s.sourceBytes < 0 { return RecordViolation(field: "source.bytes", problem: "negative") }
        if s.isFailure {
            guard let reason = s.reason, FailureReason(rawValue: reason) != nil else {
                return RecordViolation(field: "reason", problem: "missing or unknown")
            }
            return s.detailText == nil ? RecordViolation(field: "detail", problem: "missing") : nil
        }
        for (key, name) in [
            (Reader.Seen.title, "title"), (.entities, "entities"), (.quotes, "quotes"), (.dates, "dates"),
        ]
        where !seen.contains(key) {
            return RecordViolation(field: name, problem: "missing")
        }
        return nil
    }

    static func isRecordID(_ id: String) -> Bool { isRecordID(Array(id.utf8)[...]) }

    static func isRecordID(_ id: ArraySlice<UInt8>) -> Bool {
        let hex = id.starts(with: "path-".utf8) ? id.dropFirst(5) : id
        return hex.count == 64 && hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The keys the reader knows, as `JSONScanner.Name` words (literals: no lazy globals on the hot path;
    /// `RecordSummaryTests` checks them against the names).
    enum Names {
        static var bytes: JSONScanner.Name { .init(head: 0x7365747962, tail: 0x0, count: 5) }  // "bytes"
        static var country: JSONScanner.Name { .init(head: 0x7972746E756F63, tail: 0x0, count: 7) }  // "country"
        static var cue: JSONScanner.Name { .init(head: 0x657563, tail: 0x0, count: 3) }  // "cue"
        static var dates: JSONScanner.Name { .init(head: 0x7365746164, tail: 0x0, count: 5) }  // "dates"
        static var detail: JSONScanner.Name { .init(head: 0x6C6961746564, tail: 0x0, count: 6) }  // "detail"
        static var end: JSONScanner.Name { .init(head: 0x646E65, tail: 0x0, count: 3) }  // "end"
        static var entities: JSONScanner.Name { .init(head: 0x7365697469746E65, tail: 0x0, count: 8) }  // "entities"
        static var extractor: JSONScanner.Name { .init(head: 0x6F74636172747865, tail: 0x72, count: 9) }  // "extractor"
        static var id: JSONScanner.Name { .init(head: 0x6469, tail: 0x0, count: 2) }  // "id"
        /// "keyphrases"
        static var keyphrases: JSONScanner.Name { .init(head: 0x736172687079656B, tail: 0x7365, count: 10) }
        static var kind: JSONScanner.Name { .init(head: 0x646E696B, tail: 0x0, count: 4) }  // "kind"
        static var mentions: JSONScanner.Name { .init(head: 0x736E6F69746E656D, tail: 0x0, count: 8) }  // "mentions"
        static var name: JSONScanner.Name { .init(head: 0x656D616E, tail: 0x0, count: 4) }  // "name"
        static var path: JSONScanner.Name { .init(head: 0x68746170, tail: 0x0, count: 4) }  // "path"
        static var quotes: JSONScanner.Name { .init(head: 0x7365746F7571, tail: 0x0, count: 6) }  // "quotes"
        static var reason: JSONScanner.Name { .init(head: 0x6E6F73616572, tail: 0x0, count: 6) }  // "reason"
        static var roles: JSONScanner.Name { .init(head: 0x73656C6F72, tail: 0x0, count: 5) }  // "roles"
        static var schema: JSONScanner.Name { .init(head: 0x616D65686373, tail: 0x0, count: 6) }  // "schema"
        static var score: JSONScanner.Name { .init(head: 0x65726F6373, tail: 0x0, count: 5) }  // "score"
        static var sentence: JSONScanner.Name { .init(head: 0x65636E65746E6573, tail: 0x0, count: 8) }  // "sentence"
        static var source: JSONScanner.Name { .init(head: 0x656372756F73, tail: 0x0, count: 6) }  // "source"
        static var speaker: JSONScanner.Name { .init(head: 0x72656B61657073, tail: 0x0, count: 7) }  // "speaker"
        static var start: JSONScanner.Name { .init(head: 0x7472617473, tail: 0x0, count: 5) }  // "start"
        static var text: JSONScanner.Name { .init(head: 0x74786574, tail: 0x0, count: 4) }  // "text"
        static var title: JSONScanner.Name { .init(head: 0x656C746974, tail: 0x0, count: 5) }  // "title"
        static var type: JSONScanner.Name { .init(head: 0x65707974, tail: 0x0, count: 4) }  // "type"
        static var value: JSONScanner.Name { .init(head: 0x65756C6176, tail: 0x0, count: 5) }  // "value"
        static var version: JSONScanner.Name { .init(head: 0x6E6F6973726576, tail: 0x0, count: 7) }  // "version"
    }

    /// What comes between the values of an object written as Gleaner writes it (compact, keys in
    /// schema order), matched in place by the compact readers below (`JSONScanner.skipLiteral`).
    /// Literals, as `Names`; `RecordSummaryTests` checks them against their text.
    enum Literals {
        static var entityName: JSONScanner.Name { .init(head: 0x3A22656D616E227B, tail: 0x22, count: 9) }  // {"name":"
        static var typeString: JSONScanner.Name { .init(head: 0x3A2265707974222C, tail: 0x22, count: 9) }  // ,"type":"
        /// ,"country":
        static var country: JSONScanner.Name { .init(head: 0x72746E756F63222C, tail: 0x3A2279, count: 11) }
        /// ,"roles":[
        static var rolesArray: JSONScanner.Name { .init(head: 0x2273656C6F72222C, tail: 0x5B3A, count: 10) }
        /// ,"mentions":[
        static var mentionsArray: JSONScanner.Name { .init(head: 0x6F69746E656D222C, tail: 0x5B3A22736E, count: 13) }
        /// {"start":
        static var mentionStart: JSONScanner.Name { .init(head: 0x227472617473227B, tail: 0x3A, count: 9) }
        static var end: JSONScanner.Name { .init(head: 0x3A22646E65222C, tail: 0x0, count: 7) }  // ,"end":
        static var textString: JSONScanner.Name { .init(head: 0x3A2274786574222C, tail: 0x22, count: 9) }  // ,"text":"
        /// ,"sentence":
        static var sentence: JSONScanner.Name { .init(head: 0x6E65746E6573222C, tail: 0x3A226563, count: 12) }
        static var objectText: JSONScanner.Name { .init(head: 0x3A2274786574227B, tail: 0x22, count: 9) }  // {"text":"
        static var start: JSONScanner.Name { .init(head: 0x227472617473222C, tail: 0x3A, count: 9) }  // ,"start":
        /// ,"speaker":
        static var speaker: JSONScanner.Name { .init(head: 0x656B61657073222C, tail: 0x3A2272, count: 11) }
        static var cue: JSONScanner.Name { .init(head: 0x3A22657563222C, tail: 0x0, count: 7) }  // ,"cue":
        static var kind: JSONScanner.Name { .init(head: 0x3A22646E696B222C, tail: 0x0, count: 8) }  // ,"kind":
        static var value: JSONScanner.Name { .init(head: 0x2265756C6176222C, tail: 0x3A, count: 9) }  // ,"value":
        static var score: JSONScanner.Name { .init(head: 0x2265726F6373222C, tail: 0x3A, count: 9) }  // ,"score":

        /// Each literal and its text, for the test.
        static var all: [(JSONScanner.Name, String)] {
            [
                (entityName, "{\"name\":\""), (typeString, ",\"type\":\""), (country, ",\"country\":"),
                (rolesArray, ",\"roles\":["), (mentionsArray, ",\"mentions\":["), (mentionStart, "{\"start\":"),
                (end, ",\"end\":"), (textString, ",\"text\":\""), (sentence, ",\"sentence\":"),
                (objectText, "{\"text\":\""), (start, ",\"start\":"), (speaker, ",\"speaker\":"), (cue, ",\"cue\":"),
                (kind, ",\"kind\":"), (value, ",\"value\":"), (score, ",\"score\":"),
            ]
        }
    }

    private static let articleSchema = Array(ArticleRecord.schema.utf8)
    private static let failureSchema = Array(FailureRecord.schema.utf8)

    /// One pass over a record; `violation` says what strict mode found wrong.
    private struct Reader {
        struct Seen: OptionSet {
            let rawValue: UInt8
            static let title = Seen(rawValue: 1), entities = Seen(rawValue: 2), quotes = Seen(rawValue: 4),
                dates = Seen(rawValue: 8)
        }

        let strict: Bool
        let compact: Bool
        var violation: RecordViolation?
        var seen: Seen = []
        var sawSource = false
        var r = RecordSummary()
        /// Empty arrays to fill (a spent summary's), or new ones.
        var spare = RecordSummary.Buffers()
        /// The record's size in bytes, from which the arrays are sized once (a BBC record of
        /// 4.6 KB holds some 20 entities and 40 mentions).
        var size = 0

        /// A reader with no arrays yet (`prepare` gives them): an initializer that took them had its
        /// result copied into place whole, each array retained and released (0.4 µs a record).
        init(strict: Bool, compact: Bool) {
            self.strict = strict
            self.compact = compact
        }

        /// - Parameter json: the record, which becomes the summary's `text` (shared, not
        ///   copied): its strings without escapes are read where they are.
        /// - Parameter spare: its arrays taken (swapped for empty ones), not copied.
        mutating func prepare(json: [UInt8], spare: inout RecordSummary.Buffers) {
            swap(&self.spare, &spare)
            size = json.count
            r.text = json
            swap(&r.mentionFields, &self.spare.mentions)
            swap(&r.roleTexts, &self.spare.roles)
            // Generous: reused arrays keep what they reserve, and one reserved too small for
            // the next record grows (a new allocation) where a larger one would be filled.
            r.mentionFields.reserveCapacity(size / 64)
            r.roleTexts.reserveCapacity(size / 256)
        }

        /// Records a violation (strict mode) and stops the scan.
        mutating func refuse(_ field: String, _ problem: String) throws(Malformed) {
            guard strict else { return }
            violation = RecordViolation(field: field, problem: problem)
            throw Malformed(offset: 0)
        }

        /// A string value: where it is in the record when it has no escapes (most), else its
        /// unescaped form appended to `text`.
        mutating func string(_ s: inout JSONScanner) throws(Malformed) -> Text {
            if let plain = try s.plainString() { return Text(plain) }
            return Text(try s.string(into: &r.text))
        }

        mutating func optionalString(_ s: inout JSONScanner) throws(Malformed) -> Text? {
            s.null() ? nil : try string(&s)
        }

        /// A string or null; strict mode refuses anything else by name.
        mutating func checkedOptionalString(_ s: inout JSONScanner, _ field: String) throws(Malformed) -> Text? {
            if s.null() { return nil }
            if strict && !s.isStringNext() { try refuse(field, "not a string or null") }
            return try string(&s)
        }

        func text(_ t: Text) -> ArraySlice<UInt8> { r.text[t.range] }

        mutating func record(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary {
            try s.beginObject()
            while let key = try s.nextKey() {
                if key.is(Names.schema) {
                    r.schemaText = try string(&s)
                } else if key.is(Names.id) {
                    r.idText = try string(&s)
                } else if key.is(Names.source) {
                    try source(&s)
                } else if key.is(Names.title) {
                    seen.insert(.title); r.titleText = try checkedOptionalString(&s, "title")
                } else if key.is(Names.reason) {
                    r.reasonText = try optionalString(&s)
                } else if key.is(Names.detail) {
                    r.detailText = try optionalString(&s)
                } else if key.is(Names.entities) {
                    seen.insert(.entities); r.entityFields = try entities(&s)
                } else if key.is(Names.quotes) {
                    seen.insert(.quotes); r.quoteFields = try quotes(&s)
                } else if key.is(Names.dates) {
                    seen.insert(.dates); r.dateValues = try dates(&s)
                } else if key.is(Names.keyphrases) {
                    r.phraseFields = try phrases(&s)
                } else if key.is(Names.extractor) {
                    try extractor(&s)
                } else {
                    try s.skipValue()
                }
            }
            // The schema compared through a static function: a method of the reader called here (a mutating
            // one) took a copy of the whole reader first.
            r.isFailure = Self.names(r.text, r.schemaText, failureSchema)
            guard r.isFailure || Self.names(r.text, r.schemaText, articleSchema) else {
                let schema = String(decoding: r.text[r.schemaText.range], as: UTF8.self)
                try refuse("schema", "unknown schema '\(schema.prefix(40))'")
                throw Malformed(offset: 0)
            }
            guard sawSource, r.idText.count > 0 else { throw Malformed(offset: 0) }
            // Moved out, not copied: a copy retained each of its arrays, and the reader released them again.
            var summary = RecordSummary()
            swap(&summary, &r)
            return summary
        }

        /// Whether string `t` of `text` is `name`.
        private static func names(_ text: [UInt8], _ t: Text, _ name: [UInt8]) -> Bool {
            text.withUnsafeBytes { all in
                name.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: all[t.range]).isBytes(of: $0) }
            }
        }

        mutating func source(_ s: inout JSONScanner) throws(Malformed) {
            sawSource = true
            var sawPath = false, sawBytes = false
            try s.beginObject()
            while let k = try s.nextKey() {
                if k.is(Names.path) {
                    r.pathText = try string(&s); sawPath = true
                } else if k.is(Names.bytes) {
                    r.sourceBytes = try number(&s); sawBytes = true
                } else {
                    try s.skipValue()
                }
            }
            if !(sawPath && sawBytes) { try refuse("source", "needs path and bytes") }
        }

        /// `{"name": "gleaner", "version": N}`. A lenient read takes what it can and reads
        /// anything out of range as version 0.
        mutating func extractor(_ s: inout JSONScanner) throws(Malformed) {
            if strict && !s.isObjectNext() { try refuse("extractor", "not an object") }
            guard s.isObjectNext() else { try s.skipValue(); return }
            try s.beginObject()
            while let k = try s.nextKey() {
                if k.is(Names.version) {
                    if strict && !s.isNumberNext() { try refuse("extractor.version", "not an integer") }
                    guard s.isNumberNext() else { try s.skipValue(); continue }
                    let version = try number(&s)
                    guard (0...ExtractorVersion.maximum).contains(version) else {
                        try refuse("extractor.version", "outside 0...\(ExtractorVersion.maximum)")
                        continue
                    }
                    r.extractorVersion = version
                } else if k.is(Names.name) {
                    if strict && !s.isStringNext() { try refuse("extractor.name", "not a string") }
                    try s.skipValue()
                } else {
                    try s.skipValue()
                }
            }
        }

        /// Opens an array, or takes a null (refused in strict mode for the required arrays).
        /// - Returns: false for null.
        mutating func beginArray(_ s: inout JSONScanner, _ field: String, required: Bool) throws(Malformed) -> Bool {
            if s.null() {
                if required { try refuse(field, "null") }
                return false
            }
            try s.beginArray()
            return true
        }

        mutating func entities(_ s: inout JSONScanner) throws(Malformed) -> [RecordSummary.EntityFields]? {
            guard try beginArray(&s, "entities", required: true) else { return nil }
            var out: [RecordSummary.EntityFields] = []
            swap(&out, &spare.entities)  // moved out, not copied
            out.reserveCapacity(size / 128)
            while try s.nextElement() { out.append(try entity(&s)) }
            return out
        }

        mutating func entity(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.EntityFields {
            var e = RecordSummary.EntityFields()
            if compact, try compactEntity(&s, into: &e) { return try checked(e) }
            try s.beginObject()
            var guess = Names.name  // the keys in the order Gleaner writes them (`nextKey(expecting:)`)
            while let key = try s.nextKey(expecting: guess) {
                if key.is(Names.name) {
                    e.name = try string(&s); guess = Names.type
                } else if key.is(Names.type) {
                    e.type = try string(&s); guess = Names.country
                } else if key.is(Names.country) {
                    e.country = try optionalString(&s); guess = Names.roles
                } else if key.is(Names.roles) {
                    guess = Names.mentions
                    e.roles = nil
                    guard try beginArray(&s, "roles", required: false) else { continue }
                    let first = Int32(r.roleTexts.count)
                    while try s.nextElement() { r.roleTexts.append(try string(&s)) }
                    e.roles = first..<Int32(r.roleTexts.count)
                } else if key.is(Names.mentions) {
                    e.mentions = 0..<0
                    guard try beginArray(&s, "mentions", required: true) else { continue }
                    let first = Int32(r.mentionFields.count)
                    while try s.nextElement() { r.mentionFields.append(try mention(&s)) }
                    e.mentions = first..<Int32(r.mentionFields.count)
                } else {
                    try s.skipValue()
                }
            }
            return try checked(e)
        }

        /// An entity read either way, its name and type checked and its kind set.
        mutating func checked(_ fields: RecordSummary.EntityFields) throws(Malformed) -> RecordSummary.EntityFields {
            var e = fields
            if e.name.count == 0 { try refuse("entities.name", "empty") }
            let type = e.type.range
            e.kind = r.text.withUnsafeBufferPointer { EntityType(utf8: UnsafeBufferPointer(rebasing: $0[type])) }
            if e.kind == nil {
                try refuse(
                    "entities.type", "unknown type '\(String(decoding: text(e.type), as: UTF8.self).prefix(20))'")
            }
            return e
        }

        mutating func mention(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.MentionFields {
            var m = RecordSummary.MentionFields()
            var offsets = Offsets()
            try s.beginObject()
            var guess = Names.start
            while let k = try s.nextKey(expecting: guess) {
                if k.is(Names.text) {
                    m.text = try string(&s); guess = Names.sentence
                } else if k.is(Names.sentence) {
                    m.sentence = s.null() ? nil : try number(&s)
                } else {
                    guess = k.is(Names.start) ? Names.end : Names.text
                    try offsetOrSkip(k, &s, &offsets)
                }
            }
            try span(offsets, "entities.mentions")
            return m
        }

        mutating func quotes(_ s: inout JSONScanner) throws(Malformed) -> [RecordSummary.QuoteFields]? {
            guard try beginArray(&s, "quotes", required: true) else { return nil }
            var out: [RecordSummary.QuoteFields] = []
            swap(&out, &spare.quotes)  // moved out, not copied
            out.reserveCapacity(size / 256)
            while try s.nextElement() {
                var q = RecordSummary.QuoteFields()
                var offsets = Offsets()
                if compact, let read = compactQuote(&s) {
                    (q, offsets) = read
                } else {
                    try s.beginObject()
                    var guess = Names.text
                    while let key = try s.nextKey(expecting: guess) {
                        if key.is(Names.text) {
                            q.text = try string(&s); guess = Names.start
                        } else if key.is(Names.speaker) {
                            q.speaker = try checkedOptionalString(&s, "quotes.speaker"); guess = Names.cue
                        } else if key.is(Names.kind) {
                            q.kind = try optionalString(&s)
                        } else {
                            guess = key.is(Names.start) ? Names.end : key.is(Names.end) ? Names.speaker : Names.kind
                            try offsetOrSkip(key, &s, &offsets)
                        }
                    }
                }
                try span(offsets, "quotes")
                if strict, q.kind.flatMap({ kind in
                    r.text.withUnsafeBufferPointer { QuoteKind(utf8: UnsafeBufferPointer(rebasing: $0[kind.range])) }
                }) == nil {
                    try refuse("quotes.kind", "missing or unknown")
                }
                out.append(q)
            }
            return out
        }

        mutating func dates(_ s: inout JSONScanner) throws(Malformed) -> [Text?]? {
            guard try beginArray(&s, "dates", required: true) else { return nil }
            var out: [Text?] = []
            swap(&out, &spare.dates)  // moved out, not copied
            out.reserveCapacity(16)
            while try s.nextElement() {
                var value: Text?
                var offsets = Offsets()
                if compact, let read = compactDate(&s) {
                    (value, offsets) = read
                } else {
                    try s.beginObject()
                    var guess = Names.text
                    while let k = try s.nextKey(expecting: guess) {
                        if k.is(Names.value) {
                            value = try checkedOptionalString(&s, "dates.value")
                        } else {
                            guess = k.is(Names.text) ? Names.start : k.is(Names.start) ? Names.end : Names.value
                            try offsetOrSkip(k, &s, &offsets)
                        }
                    }
                }
                try span(offsets, "dates")
                out.append(value)
            }
            return out
        }

        mutating func phrases(_ s: inout JSONScanner) throws(Malformed) -> [RecordSummary.PhraseFields]? {
            guard try beginArray(&s, "keyphrases", required: false) else { return nil }
            var out: [RecordSummary.PhraseFields] = []
            swap(&out, &spare.phrases)  // moved out, not copied
            out.reserveCapacity(8)  // the extractor writes at most 8
            while try s.nextElement() {
                if compact, let p = try compactPhrase(&s) { out.append(p); continue }
                var p = RecordSummary.PhraseFields()
                try s.beginObject()
                var guess = Names.text
                while let k = try s.nextKey(expecting: guess) {
                    if k.is(Names.text) {
                        p.text = try string(&s); guess = Names.score
                    } else if k.is(Names.score) {
                        p.score = s.null() ? nil : try s.number()
                    } else {
                        try s.skipValue()
                    }
                }
                out.append(p)
            }
            return out
        }

        // MARK: Compact objects
        //
        // Each reads one object as Gleaner writes it (`ArticleRecord.write(to:)`: compact, keys in schema order,
        // strings without escapes), in place with `JSONScanner`'s compact steps, and gives what the general path
        // above gives for the same bytes; for anything else it rewinds and returns nil, and the general path reads
        // the object. Most of a record's keys, and all its offsets, are read here.

        /// An entity and its mentions (`{"name":"…","type":"…","country":…,"roles":[…],"mentions":[…]}`), its
        /// name and type not yet checked. On nil, nothing is consumed and no role or mention kept.
        mutating func compactEntity(
            _ s: inout JSONScanner, into e: inout RecordSummary.EntityFields
        ) throws(Malformed) -> Bool {
            let mark = s.offset, roles = r.roleTexts.count, mentions = r.mentionFields.count
            if try compactEntityFields(&s, into: &e) { return true }
            s.rewind(to: mark)
            r.roleTexts.removeLast(r.roleTexts.count - roles)
            r.mentionFields.removeLast(r.mentionFields.count - mentions)
            return false
        }

        /// Fields written into `e` as they are read (returned through an optional, a struct of this size was
        /// copied twice more).
        private mutating func compactEntityFields(
            _ s: inout JSONScanner, into e: inout RecordSummary.EntityFields
        ) throws(Malformed) -> Bool {
            var country: Range<Int>?
            // The general path opens three levels here: the entity, its mentions, a mention.
            guard s.canNest(3), s.skipLiteral(Literals.entityName), let name = s.plainStringBody(),
                s.skipLiteral(Literals.typeString), let type = s.plainStringBody(), s.skipLiteral(Literals.country),
                s.plainStringOrNull(&country), s.skipLiteral(Literals.rolesArray)
            else { return false }
            e.name = Text(name)
            e.type = Text(type)
            e.country = country.map(Text.init)
            let firstRole = Int32(r.roleTexts.count)
            if !s.skipByte(0x5D) {
                repeat {
                    guard s.skipByte(0x22), let role = s.plainStringBody() else { return false }
                    r.roleTexts.append(Text(role))
                } while s.skipByte(0x2C)
                guard s.skipByte(0x5D) else { return false }
            }
            e.roles = firstRole..<Int32(r.roleTexts.count)
            guard s.skipLiteral(Literals.mentionsArray) else { return false }
            let firstMention = Int32(r.mentionFields.count)
            if !s.skipByte(0x5D) {
                repeat {
                    guard try compactMention(&s) else { return false }
                } while s.skipByte(0x2C)
                guard s.skipByte(0x5D) else { return false }
            }
            e.mentions = firstMention..<Int32(r.mentionFields.count)
            return s.skipByte(0x7D)
        }

        /// `{"start":S,"end":E,"text":"…","sentence":N or null}`, its offsets checked as `mention(_:)` does, appended
        /// to the mentions.
        @inline(__always)
        private mutating func compactMention(_ s: inout JSONScanner) throws(Malformed) -> Bool {
            guard s.skipLiteral(Literals.mentionStart), let start = s.plainDigits(), s.skipLiteral(Literals.end),
                let end = s.plainDigits(), s.skipLiteral(Literals.textString), let text = s.plainStringBody(),
                s.skipLiteral(Literals.sentence)
            else { return false }
            var sentence: Int?
            if !s.null() {
                guard let n = s.plainDigits() else { return false }
                sentence = n
            }
            guard s.skipByte(0x7D) else { return false }
            try span(Offsets(start: start, end: end), "entities.mentions")
            r.mentionFields.append(RecordSummary.MentionFields(text: Text(text), sentence: sentence))
            return true
        }

        /// `{"text":"…","start":S,"end":E,"speaker":…,"cue":…,"kind":…}` (the cue skipped, as the general
        /// path does), and its offsets (checked by the caller).
        mutating func compactQuote(_ s: inout JSONScanner) -> (RecordSummary.QuoteFields, Offsets)? {
            let mark = s.offset
            var speaker: Range<Int>?, cue: Range<Int>?, kind: Range<Int>?
            guard s.skipLiteral(Literals.objectText), let text = s.plainStringBody(), s.skipLiteral(Literals.start),
                let start = s.plainDigits(), s.skipLiteral(Literals.end), let end = s.plainDigits(),
                s.skipLiteral(Literals.speaker), s.plainStringOrNull(&speaker), s.skipLiteral(Literals.cue),
                s.plainStringOrNull(&cue), s.skipLiteral(Literals.kind), s.plainStringOrNull(&kind), s.skipByte(0x7D)
            else { s.rewind(to: mark); return nil }
            let fields = RecordSummary.QuoteFields(
                text: Text(text), speaker: speaker.map(Text.init), kind: kind.map(Text.init))
            return (fields, Offsets(start: start, end: end))
        }

        /// `{"text":"…","start":S,"end":E,"value":…}` (the text skipped, as the general path does): its value and
        /// offsets (checked by the caller).
        mutating func compactDate(_ s: inout JSONScanner) -> (Text?, Offsets)? {
            let mark = s.offset
            var value: Range<Int>?
            guard s.skipLiteral(Literals.objectText), s.plainStringBody() != nil, s.skipLiteral(Literals.start),
                let start = s.plainDigits(), s.skipLiteral(Literals.end), let end = s.plainDigits(),
                s.skipLiteral(Literals.value), s.plainStringOrNull(&value), s.skipByte(0x7D)
            else { s.rewind(to: mark); return nil }
            return (value.map(Text.init), Offsets(start: start, end: end))
        }

        /// `{"text":"…","score":X or null}`.
        mutating func compactPhrase(_ s: inout JSONScanner) throws(Malformed) -> RecordSummary.PhraseFields? {
            let mark = s.offset
            guard s.skipLiteral(Literals.objectText), let text = s.plainStringBody(), s.skipLiteral(Literals.score)
            else { s.rewind(to: mark); return nil }
            let score = s.null() ? nil : try s.number()
            guard s.skipByte(0x7D) else { s.rewind(to: mark); return nil }
            return RecordSummary.PhraseFields(text: Text(text), score: score)
        }

        /// A mention's, quote's or date's `start` and `end`, as read (checked in strict mode only).
        struct Offsets {
            var start: Int?
            var end: Int?
        }

        /// A key the object's own fields did not take: its `start` or `end` offset in strict
        /// mode, otherwise skipped.
        mutating func offsetOrSkip(
            _ key: JSONScanner.Key, _ s: inout JSONScanner, _ offsets: inout Offsets
        ) throws(Malformed) {
            if strict && key.is(Names.start) {
                offsets.start = try s.integer()
            } else if strict && key.is(Names.end) {
                offsets.end = try s.integer()
            } else {
                try s.skipValue()
            }
        }

        mutating func span(_ offsets: Offsets, _ field: String) throws(Malformed) {
            guard strict else { return }
            guard let start = offsets.start, let end = offsets.end, start >= 0, end >= start else {
                try refuse(field, "needs offsets 0 ≤ start ≤ end"); return
            }
        }

        mutating func number(_ s: inout JSONScanner) throws(Malformed) -> Int {
            guard strict else {
                let value = try s.number()
                return value.isFinite && abs(value) < 9e18 ? Int(value) : 0
            }
            return try s.integer()
        }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Whether these are the bytes of `other` (the generic `elementsEqual` goes element by
    /// element, on the collector's hot path).
    @inline(__always)
    func isBytes(of other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { a in other.withUnsafeBytes { b in a.isBytes(of: b) } }
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these are the bytes of `other`: a length check, then eight bytes at a time (the
    /// generic `elementsEqual` goes byte by byte, and a `memcmp` call costs more than it
    /// compares on names of a few words; the store writer compares each mention to its name).
    @inline(__always)
    func isBytes(of other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        var i = 0
        while i + 8 <= count {
            let a = loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if a != other.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if self[i] != other[i] { return false }
            i += 1
        }
        return true
    }
}

extension EntityType {
    /// The type named by these UTF-8 bytes, without making a `String`: the bytes (at most seven) and their count as
    /// one word, matched against the names' words (literals; `CompactRecordReadingTests` checks every case).
    /// The reader reads one type per entity; a search of the cases took a lazy global's check and a compare each.
    /// The reader passes the record's bytes through a pointer (a slice of them retained and released the record's
    /// array for every entity).
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let word = UInt64(shortText: bytes) else { return nil }
        switch word {
        case 0x6004E4F53524550: self = .person
        case 0x30000000047524F: self = .org
        case 0x300000000434F4C: self = .loc
        case 0x400000050524F4E: self = .norp
        case 0x40000004353494D: self = .misc
        default: return nil
        }
    }
}

extension QuoteKind {
    /// The kind named by these UTF-8 bytes, matched as one word like `EntityType(utf8:)` (literals;
    /// `CompactRecordReadingTests` checks every case): a search of a table of arrays retained and released them.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        switch UInt64(shortText: bytes) {
        case 0x600746365726964: self = .direct
        case 0x76C616974726170: self = .partial
        default: return nil
        }
    }
}

extension UInt64 {
    /// Text of at most seven bytes as one word: the bytes from the lowest, the count in the top byte.
    /// Nil for longer text.
    @inline(__always)
    init?(shortText b: UnsafeBufferPointer<UInt8>) {
        guard b.count <= 7 else { return nil }
        var word = UInt64(b.count) << 56
        for n in 0..<b.count { word |= UInt64(b[n]) << UInt64(8 * n) }
        self = word
    }
}
