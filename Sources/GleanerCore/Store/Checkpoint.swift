import Foundation

/// Checkpoints: what lets a restarted collector skip replaying the whole journal, and what
/// `gleaner query` reads. Written in this order, each file atomically:
///
/// 1. `index/state-G.json`: the `CorpusAggregate` snapshot of generation G;
/// 2. `index/entities.tsv`: the entity table, most articles first;
/// 3. `corpus.json`: the merged view for people and jq;
/// 4. `index/checkpoint.json`: names generation G, the journal position and the index
///    lengths it covers. This rename is the commit point; then `state-(G-1).json` goes.
///
/// A crash anywhere in between leaves the previous checkpoint intact and in force.
public struct Checkpoint: Codable {
    public var format: String
    public var generation: Int
    public var journal: Journal.Position
    public var indexes: IndexFiles.Lengths
    public var stats: Stats
    public var written: String

    public struct Stats: Codable, Sendable, Equatable {
        public var articles: Int
        public var failures: Int
        public var entities: Int
        public var quotes: Int
        public var speakers: Int
    }

    /// The snapshot of `generation`, loaded by `load`; nil when its file is missing or unreadable.
    var snapshot: CorpusAggregate.Snapshot?

    enum CodingKeys: String, CodingKey { case format, generation, journal, indexes, stats, written }

    /// The last checkpoint with its snapshot, or nil when there is none (or it is unreadable,
    /// in which case the store is rebuilt from the journal).
    static func load(_ layout: StoreLayout) -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: layout.checkpointFile),
              var checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: data),
              checkpoint.format == StoreLayout.format else { return nil }
        if let state = FileManager.default.contents(atPath: layout.stateFile(generation: checkpoint.generation)) {
            checkpoint.snapshot = SnapshotCodec.decode([UInt8](state))
        }
        return checkpoint
    }

    /// Reads only the small checkpoint file (for queries).
    public static func stats(_ layout: StoreLayout) -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: layout.checkpointFile) else { return nil }
        return try? JSONDecoder().decode(Checkpoint.self, from: data)
    }

    static func write(_ layout: StoreLayout, generation: Int, aggregate: CorpusAggregate, journal: Journal.Position,
                      indexes: IndexFiles.Lengths, ids: [RecordKey]) throws(StoreError) {
        try AtomicFile.write(SnapshotCodec.encode(aggregate.snapshot), to: layout.stateFile(generation: generation))
        let view = MergedView(aggregate)
        try AtomicFile.write(EntityTable.render(view), to: layout.entitiesIndex)
        let written = ArticleStore.timestamp()
        try AtomicFile.write(CorpusJSON.render(aggregate, view, ids: ids, generation: generation, written: written), to: layout.corpus)
        let checkpoint = Checkpoint(
            format: StoreLayout.format, generation: generation, journal: journal, indexes: indexes,
            stats: Stats(articles: aggregate.articles, failures: aggregate.failures, entities: view.entities.count,
                         quotes: aggregate.quotes, speakers: view.speakers.count),
            written: written)
        let body: Data
        do { body = try JSONEncoder().encode(checkpoint) } catch { throw .io(operation: "encode checkpoint", path: layout.checkpointFile, errno: EINVAL) }
        try AtomicFile.write([UInt8](body), to: layout.checkpointFile)
        try? FileManager.default.removeItem(atPath: layout.stateFile(generation: generation - 1))
    }
}

/// `index/entities.tsv`: one line per merged entity, in `MergedView` order (most articles
/// first). Columns: rank (line number from 0), type, name, articles, mentions, quotes,
/// country, aliases (" | "), roles (" | "), first seen, last seen, member keys (" | "):
/// the merge keys of the base entities it joins, which `index/entity-keys.tsv` maps to the
/// ordinals used in `postings.bin` and `speakers.bin`.
public enum EntityTable {
    public static let separator = " | "
    /// Fields per line.
    public static let columns = 12

    static func render(_ view: MergedView) -> [UInt8] {
        var out: [UInt8] = []
        for (rank, e) in view.entities.enumerated() {
            TSV.line(&out, [String(rank), e.type, e.name, String(e.articles), String(e.mentions), String(e.quotes), e.country ?? "",
                            e.aliases.joined(separator: separator), e.roles.joined(separator: separator), e.firstSeen, e.lastSeen,
                            e.members.joined(separator: separator)])
        }
        return out
    }
}

/// Renders `corpus.json`: the merged view, deterministic for the same aggregate, jq-friendly.
/// Shape in docs/store.md.
public enum CorpusJSON {
    public static let cooccurrenceLimit = 500
    public static let keyphraseLimit = 100

    static func render(_ aggregate: CorpusAggregate, _ view: MergedView, ids: [RecordKey], generation: Int, written: String) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 1 << 20)
        let entities = view.entities
        json.object { o in
            o.field("format", string: StoreLayout.format)
            o.field("checkpoint") { w in
                w.object { c in
                    c.field("generation", int: generation)
                    c.field("written", string: written)
                }
            }
            o.field("stats") { w in
                w.object { s in
                    s.field("articles", int: aggregate.articles)
                    s.field("failures", int: aggregate.failures)
                    s.field("entities", int: entities.count)
                    s.field("quotes", int: aggregate.quotes)
                    s.field("speakers", int: view.speakers.count)
                }
            }
            o.field("entities") { w in
                w.array(entities.enumerated()) { w, item in
                    w.entityRow(StoreReader.EntityRow(item.element, rank: item.offset)) { o in
                        o.field("article_ids") { $0.array(item.element.sample) { w, n in w.string(Int(n) < ids.count ? ids[Int(n)].id : nil) } }
                    }
                }
            }
            o.field("speakers") { w in
                w.array(view.speakers) { w, s in
                    w.object { o in
                        o.field("name", string: s.name)
                        o.field("quotes", int: s.quotes)
                    }
                }
            }
            o.field("cooccurrence") { w in
                let top = view.pairs.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(cooccurrenceLimit)
                w.array(top) { w, pair in w.pair(pair.key, entities, articles: Int(pair.value), sentences: Int(view.sentencePairs[pair.key] ?? 0)) }
            }
            o.field("cooccurrence_in_sentences") { w in
                let top = view.sentencePairs.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(cooccurrenceLimit)
                w.array(top) { w, pair in w.pair(pair.key, entities, articles: view.pairs[pair.key].map(Int.init), sentences: Int(pair.value)) }
            }
            o.field("timeline") { w in
                w.array(aggregate.timeline.sorted { $0.key < $1.key }) { w, p in
                    w.object { o in
                        o.field("period", string: p.key)
                        o.field("mentions", int: p.value.mentions)
                        o.field("articles", int: p.value.articles)
                    }
                }
            }
            o.field("keyphrases") { w in
                w.array(aggregate.topPhrases(keyphraseLimit)) { w, p in
                    w.object { o in
                        o.field("text", string: p.text)
                        o.field("articles", int: p.documents)
                        o.field("score") { $0.double(p.score) }
                    }
                }
            }
            o.field("failures") { w in
                w.object { o in for (reason, n) in aggregate.failureReasons.sorted(by: { $0.key < $1.key }) { o.field(named: reason) { $0.int(n) } } }
            }
        }
        var bytes = json.bytes
        bytes.append(0x0A)
        return bytes
    }
}

extension JSONWriter {
    /// An entity's fields as `corpus.json` and `gleaner query entities --json` print them;
    /// `extra` appends fields of its own.
    public mutating func entityRow(_ e: StoreReader.EntityRow, extra: (inout ObjectWriter) -> Void = { _ in }) {
        object { o in
            o.field("name", string: e.name)
            o.field("type", string: e.type)
            o.field("country", string: e.country)
            o.field("aliases") { $0.array(e.aliases) { $0.string($1) } }
            o.field("roles") { $0.array(e.roles) { $0.string($1) } }
            o.field("articles", int: e.articles)
            o.field("mentions", int: e.mentions)
            o.field("quotes", int: e.quotes)
            o.field("first_seen", string: e.firstSeen)
            o.field("last_seen", string: e.lastSeen)
            extra(&o)
        }
    }

    /// One co-occurrence entry; `articles` is null when the pair fell outside article-level counting.
    mutating func pair(_ key: UInt64, _ entities: [MergedView.Entity], articles: Int?, sentences: Int) {
        let (a, b) = CorpusAggregate.pairMembers(key)
        object { o in
            o.field("a", string: entities[a].name)
            o.field("b", string: entities[b].name)
            o.field("articles") { w in if let articles { w.int(articles) } else { w.null() } }
            o.field("sentences", int: sentences)
        }
    }
}
