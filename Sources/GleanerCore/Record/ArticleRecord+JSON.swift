extension ArticleRecord {
    /// The record as one line of compact JSON, fields in schema order.
    public func jsonBytes() -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 4096)
        write(to: &json)
        return json.bytes
    }

    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("schema", string: Self.schema)
            o.field("id", string: id)
            o.field("source") { $0.source(source) }
            o.field("title", string: title)
            o.field("subtitle", string: subtitle)
            o.field("byline", string: byline)
            o.field("dateline", string: dateline)
            o.field("counts") { c in
                c.object { c in
                    c.field("paragraphs", int: counts.paragraphs)
                    c.field("sentences", int: counts.sentences)
                    c.field("words", int: counts.words)
                }
            }
            o.field("entities") { $0.array(entities) { $0.entity($1) } }
            o.field("quotes") { $0.array(quotes) { $0.quote($1) } }
            o.field("dates") { $0.array(dates) { $0.date($1) } }
            o.field("keyphrases") { $0.array(keyphrases) { $0.keyphrase($1) } }
            o.field("warnings") { $0.array(warnings) { $0.string($1) } }
            o.field("extractor") { $0.extractor(version: extractorVersion) }
        }
    }
}

extension JSONWriter {
    /// `{"path", "bytes", "format"?, "encoding"?, "url"?, "date"?, "ref"?}`: where a record's
    /// article came from (articles and failures alike); absent fields are left out.
    mutating func source(_ s: ArticleRecord.Source) {
        object { o in
            o.field("path", string: s.path)
            o.field("bytes", int: s.bytes)
            if let format = s.format { o.field("format", string: format) }
            if let encoding = s.encoding { o.field("encoding", string: encoding) }
            if let url = s.url { o.field("url", string: url) }
            if let date = s.date { o.field("date", string: date) }
            if let ref = s.ref { o.field("ref", string: ref) }
        }
    }

    mutating func mention(_ m: Mention) {
        object { o in
            o.field("start", int: m.start)
            o.field("end", int: m.end)
            o.field("text", string: m.text)
            o.field("sentence") { w in if let n = m.sentence { w.int(n) } else { w.null() } }
        }
    }

    mutating func entity(_ e: Entity) {
        object { o in
            o.field("name", string: e.name)
            o.field("type", string: e.type.rawValue)
            o.field("country", string: e.country)
            o.field("roles") { $0.array(e.roles) { $0.string($1) } }
            o.field("mentions") { $0.array(e.mentions) { $0.mention($1) } }
        }
    }

    mutating func quote(_ q: Quote) {
        object { o in
            o.field("text", string: q.text)
            o.field("start", int: q.start)
            o.field("end", int: q.end)
            o.field("speaker", string: q.speaker)
            o.field("cue", string: q.cue)
            o.field("kind", string: q.kind.rawValue)
        }
    }

    mutating func date(_ d: DateMention) {
        object { o in
            o.field("text", string: d.text)
            o.field("start", int: d.start)
            o.field("end", int: d.end)
            o.field("value", string: d.value)
        }
    }

    mutating func keyphrase(_ k: Keyphrase) {
        object { o in
            o.field("text", string: k.text)
            o.field("score") { $0.double(k.score) }
        }
    }
}
