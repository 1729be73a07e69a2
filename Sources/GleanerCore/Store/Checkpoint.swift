import Foundation

/// Checkpoints: what lets a restarted collector skip replaying the whole journal, and what
/// `gleaner query` reads. Written in this order, each file atomically:
///
/// 1. `index/state-G.bin`: the `CorpusAggregate` of generation G (`SnapshotCodec`);
/// 2. `index/entities.tsv`: the entity table, most articles first;
/// 3. `corpus.json`: the merged view for people and jq;
/// 3b. `index/entity-index.bin`, then, at a final checkpoint (see `ArticleStore.checkpoint`),
///    `index/cooccurrence.bin` (the co-occurrence lists of the biggest entities, by the ranks
///    of this table; any older one is removed otherwise);
/// 4. `index/checkpoint.json`: names generation G, the journal position and the index
///    lengths it covers. This rename is the commit point; then `state-(G-1).bin` goes.
///
/// A crash anywhere in between leaves the previous checkpoint intact and in force.
public struct Checkpoint: Codable {
    /// The layout of the indexes this Gleaner writes and reads (`IndexFiles`, `EntityIndex`);
    /// a checkpoint of another (or none: an earlier Gleaner) is not used, and the store is
    /// rebuilt from its journal.
    public static let indexVersion = 2

    public var format: String
    public var indexVersion: Int?
    public var generation: Int
    public var journal: Journal.Position
    public var indexes: IndexFiles.Lengths
    public var stats: Stats
    public var written: String
    /// Replacements journaled but not in the merged view when it was written; when above 0,
    /// the store is rebuilt from its journal on open (`ArticleStore.applyReplacements`).
    public var replacementsWaiting: Int?

    public struct Stats: Codable, Sendable, Equatable {
        public var articles: Int
        public var failures: Int
        public var entities: Int
        public var quotes: Int
        public var speakers: Int
        /// Failures by reason.
        public var failureReasons: [String: Int]?
        /// Records (articles and failures) in the merged view per extractor version, the
        /// version as a decimal string (JSON object keys).
        public var extractors: [String: Int]?
    }

    /// The state of `generation`, loaded by `load`; nil when its file is missing or unreadable.
    var state: CorpusAggregate?
    /// The chain heads (postings, speakers) per base entity, loaded by `load` from
    /// `entity-index.bin`; nil when that file does not match the checkpoint.
    var heads: ([UInt32], [UInt32])?

    enum CodingKeys: String, CodingKey {
        case format, indexVersion, generation, journal, indexes, stats, written, replacementsWaiting
    }

    /// The last checkpoint with its state, or nil when there is none (or it is unreadable,
    /// in which case the store is rebuilt from the journal).
    static func load(_ layout: StoreLayout) -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: layout.checkpointFile),
            var checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: data),
            checkpoint.format == StoreLayout.format, checkpoint.indexVersion == indexVersion
        else { return nil }
        if let state = try? FileDescriptorIO.readAll(layout.stateFile(generation: checkpoint.generation)) {
            checkpoint.state = SnapshotCodec.decode(state)
        }
        if let state = checkpoint.state, let index = EntityIndex.Reader(path: layout.entityIndex, verify: true),
            index.bases == state.baseCount,
            index.postingsCovered * IndexFiles.postingBytes == checkpoint.indexes.postings,
            index.speakersCovered * IndexFiles.speakerBytes == checkpoint.indexes.speakers
        {
            checkpoint.heads = (index.postingHeads, index.speakerHeads)
        }
        return checkpoint
    }

    /// Reads only the small checkpoint file (for queries).
    public static func stats(_ layout: StoreLayout) -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: layout.checkpointFile) else { return nil }
        return try? JSONDecoder().decode(Checkpoint.self, from: data)
    }

    static func write(
        _ layout: StoreLayout, generation: Int, aggregate: CorpusAggregate, journal: Journal.Position,
        indexes: IndexFiles.Lengths, ids: [RecordKey], heads: ([UInt32], [UInt32]),
        extractors: [Int: Int], replacementsWaiting: Int,
        cooccurrence: CooccurrenceIndex.Listing? = nil
    ) throws(StoreError) {
        try AtomicFile.write(to: layout.stateFile(generation: generation)) { put throws(StoreError) in
            try SnapshotCodec.encode(aggregate, to: put)
        }
        let view = MergedView(aggregate)
        let written = ArticleStore.timestamp()
        // Both files in one pass over the entities, each put in place atomically, table first.
        let table = try AtomicFileWriter(path: layout.entitiesIndex), corpus = try AtomicFileWriter(path: layout.corpus)
        let names = try AtomicFileWriter(path: layout.entityNamesIndex)
        var entityIndex = EntityIndex.Builder()
        try CorpusJSON.render(
            aggregate, view, ids: ids, generation: generation, written: written, to: corpus.write, table: table.write,
            index: &entityIndex, names: names.write)
        try names.commit()
        try entityIndex.write(
            to: layout.entityIndex, view: view, postingHeads: heads.0, speakerHeads: heads.1,
            postingsCovered: indexes.postings / IndexFiles.postingBytes,
            speakersCovered: indexes.speakers / IndexFiles.speakerBytes)
        if let cooccurrence {
            try CooccurrenceIndex.write(
                to: layout.cooccurrenceIndex, layout: layout, view: view, postingHeads: heads.0,
                postingsCovered: indexes.postings / IndexFiles.postingBytes,
                tableBytes: Int(entityIndex.rowOffsets.last!), listing: cooccurrence)
        } else {  // lists of an earlier table would not be read: better none
            try? FileManager.default.removeItem(atPath: layout.cooccurrenceIndex)
        }
        try table.commit()
        try corpus.commit()
        let checkpoint = Checkpoint(
            format: StoreLayout.format, indexVersion: Self.indexVersion, generation: generation, journal: journal,
            indexes: indexes,
            stats: Stats(
                articles: aggregate.articles, failures: aggregate.failures, entities: view.count,
                quotes: aggregate.quotes, speakers: view.speakers.count,
                failureReasons: aggregate.failureReasons,
                extractors: Dictionary(uniqueKeysWithValues: extractors.map { (String($0.key), $0.value) })),
            written: written, replacementsWaiting: replacementsWaiting)
        let body: Data
        do { body = try JSONEncoder().encode(checkpoint) } catch {
            throw .io(operation: "encode checkpoint", path: layout.checkpointFile, errno: EINVAL)
        }
        try AtomicFile.write([UInt8](body), to: layout.checkpointFile)
        try? FileManager.default.removeItem(atPath: layout.stateFile(generation: generation - 1))
    }
}

/// Bytes handed to a file writer about a megabyte at a time.
struct ChunkedOutput {
    typealias Sink = (ArraySlice<UInt8>) throws(StoreError) -> Void
    static let chunkBytes = 1 << 20
    var json = JSONWriter(reservingCapacity: ChunkedOutput.chunkBytes + 65_536)

    mutating func flushIfFull(_ put: Sink) throws(StoreError) {
        if json.bytes.count >= Self.chunkBytes { try flush(put) }
    }

    mutating func flush(_ put: Sink) throws(StoreError) {
        try put(json.bytes[...])
        json = JSONWriter(reservingCapacity: Self.chunkBytes + 65_536)
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

    /// One line of the table.
    static func line(_ e: MergedView.Entity, rank: Int, into out: inout [UInt8]) {
        TSV.line(
            &out,
            [
                String(rank), e.type, e.name, String(e.articles), String(e.mentions), String(e.quotes), e.country ?? "",
                e.aliases.joined(separator: separator), e.roles.joined(separator: separator), e.firstSeen, e.lastSeen,
                e.members.joined(separator: separator),
            ])
    }

    /// The whole table (tests).
    static func render(_ view: MergedView) -> [UInt8] {
        var out: [UInt8] = []
        for rank in 0..<view.count { line(view.entity(rank), rank: rank, into: &out) }
        return out
    }
}

/// `index/entity-names.txt`: one line per entity, in rank order: the rank, then its name and
/// aliases as `search` compares them (`TitleText.folded`), tab-separated.
enum EntityNames {
    static func line(_ e: MergedView.Entity, rank: Int, into out: inout [UInt8]) {
        out += String(rank).utf8
        for text in [e.name] + e.aliases {
            out.append(0x09)
            out += TitleText.folded(text)
        }
        out.append(0x0A)
    }
}

/// Renders `corpus.json`: the merged view, deterministic for the same aggregate, jq-friendly.
/// Shape in docs/store.md.
public enum CorpusJSON {
    public static let cooccurrenceLimit = 500
    public static let keyphraseLimit = 100

    /// Renders `corpus.json` into `put` and, in the same pass over the entities, the entity
    /// table (`EntityTable`) into `table`.
    static func render(
        _ aggregate: CorpusAggregate, _ view: MergedView, ids: [RecordKey], generation: Int, written: String,
        to put: ChunkedOutput.Sink, table: ChunkedOutput.Sink, index: inout EntityIndex.Builder,
        names: ChunkedOutput.Sink
    ) throws(StoreError) {
        var out = ChunkedOutput()
        out.json.raw("{\"format\":".utf8)
        out.json.string(StoreLayout.format)
        out.json.raw(",\"checkpoint\":".utf8)
        out.json.object { c in
            c.field("generation", int: generation)
            c.field("written", string: written)
        }
        out.json.raw(",\"stats\":".utf8)
        out.json.object { s in
            s.field("articles", int: aggregate.articles)
            s.field("failures", int: aggregate.failures)
            s.field("entities", int: view.count)
            s.field("quotes", int: aggregate.quotes)
            s.field("speakers", int: view.speakers.count)
        }
        out.json.raw(",\"entities\":[".utf8)
        try renderEntities(
            aggregate, view, ids: ids, into: &out, put: put, table: table, index: &index, names: names)
        out.json.raw("],\"speakers\":".utf8)
        renderSummaries(aggregate, view, into: &out)
        out.json.raw("}\n".utf8)
        try out.flush(put)
    }

    /// The entity rows of `corpus.json` (flushed to `put` as chunks fill), and in the same pass
    /// the entity table, its index and the name lines.
    private static func renderEntities(
        _ aggregate: CorpusAggregate, _ view: MergedView, ids: [RecordKey], into out: inout ChunkedOutput,
        put: ChunkedOutput.Sink, table: ChunkedOutput.Sink, index: inout EntityIndex.Builder,
        names: ChunkedOutput.Sink
    ) throws(StoreError) {
        var lines: [UInt8] = []
        var nameLines: [UInt8] = []
        var tableBytes = 0
        for rank in 0..<view.count {
            if rank > 0 { out.json.raw([0x2C]) }
            let e = view.entity(rank)
            out.json.entityRow(StoreReader.EntityRow(e, rank: rank)) { o in
                o.field("article_ids") {
                    $0.array(e.sample) { w, n in
                        if Int(n) < ids.count { ids[Int(n)].writeQuotedHex(to: &w) } else { w.null() }
                    }
                }
            }
            try out.flushIfFull(put)
            let before = lines.count
            EntityTable.line(e, rank: rank, into: &lines)
            tableBytes += lines.count - before
            index.add(
                rank: rank, type: view.type(of: rank),
                keys: [aggregate.nameKey(of: e.name)] + e.aliases.map(aggregate.nameKey),
                tableBytes: tableBytes)
            EntityNames.line(e, rank: rank, into: &nameLines)
            if lines.count >= ChunkedOutput.chunkBytes {
                try table(lines[...])
                lines.removeAll(keepingCapacity: true)
                try names(nameLines[...])
                nameLines.removeAll(keepingCapacity: true)
            }
        }
        try table(lines[...])
        try names(nameLines[...])
    }

    /// Speakers, co-occurrences, timeline, keyphrases and failure counts of `corpus.json`.
    private static func renderSummaries(
        _ aggregate: CorpusAggregate, _ view: MergedView, into out: inout ChunkedOutput
    ) {
        out.json.array(view.speakers) { w, s in
            w.object { o in
                o.field("name", string: s.name)
                o.field("quotes", int: s.quotes)
            }
        }
        let names = { (index: Int) in view.entityName(index) }
        out.json.raw(",\"cooccurrence\":".utf8)
        out.json.array(MergedView.top(view.pairs, cooccurrenceLimit)) { w, pair in
            w.pair(pair.key, names, articles: Int(pair.count), sentences: Int(view.sentencePairs[pair.key] ?? 0))
        }
        out.json.raw(",\"cooccurrence_in_sentences\":".utf8)
        out.json.array(MergedView.top(view.sentencePairs, cooccurrenceLimit)) { w, pair in
            w.pair(pair.key, names, articles: view.pairs[pair.key].map(Int.init), sentences: Int(pair.count))
        }
        out.json.raw(",\"timeline\":".utf8)
        out.json.array(aggregate.timeline.sorted { $0.key < $1.key }) { w, p in
            w.object { o in
                o.field("period", string: p.key)
                o.field("mentions", int: p.value.mentions)
                o.field("articles", int: p.value.articles)
            }
        }
        out.json.raw(",\"keyphrases\":".utf8)
        out.json.array(aggregate.topPhrases(keyphraseLimit)) { w, p in
            w.object { o in
                o.field("text", string: p.text)
                o.field("articles", int: p.documents)
                o.field("score") { $0.double(p.score) }
            }
        }
        out.json.raw(",\"failures\":".utf8)
        out.json.object { o in
            for (reason, n) in aggregate.failureReasons.sorted(by: { $0.key < $1.key }) {
                o.field(named: reason) { $0.int(n) }
            }
        }
    }

    /// The whole document (tests).
    static func render(
        _ aggregate: CorpusAggregate, _ view: MergedView, ids: [RecordKey], generation: Int, written: String
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = EntityIndex.Builder()
        try? render(
            aggregate, view, ids: ids, generation: generation, written: written,
            to: { (piece: ArraySlice<UInt8>) throws(StoreError) in bytes.append(contentsOf: piece) },
            table: { (_: ArraySlice<UInt8>) throws(StoreError) in }, index: &index,
            names: { (_: ArraySlice<UInt8>) throws(StoreError) in })
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
    mutating func pair(_ key: UInt64, _ name: (Int) -> String, articles: Int?, sentences: Int) {
        let (a, b) = CorpusAggregate.pairMembers(key)
        object { o in
            o.field("a", string: name(a))
            o.field("b", string: name(b))
            o.field("articles") { w in if let articles { w.int(articles) } else { w.null() } }
            o.field("sentences", int: sentences)
        }
    }
}
