import Foundation

/// Where things live inside a store directory (see docs/store.md).
///
/// ```
/// DIR/store.json            manifest: {"format": "gleaner.store/1", ...}
/// DIR/records/000001.jsonl  the journal: every committed record, one JSON object per line
/// DIR/index/…               append-only indexes (IndexFiles) and checkpoint files
/// DIR/corpus.json           merged view across articles, replaced atomically at checkpoints
/// ```
public struct StoreLayout: Sendable {
    /// The store format this build reads and writes.
    public static let format = "gleaner.store/1"
    /// A journal segment is closed and a new one started past this size (bytes).
    public static let segmentLimit = 64 * 1024 * 1024

    public let root: String

    public init(root: String) { self.root = root }

    public var manifest: String { root + "/store.json" }
    /// Held (flock) by the one process writing to the store.
    public var lockFile: String { root + "/store.lock" }
    public var recordsDirectory: String { root + "/records" }
    public var corpus: String { root + "/corpus.json" }
    public var indexDirectory: String { root + "/index" }
    public var articlesIndex: String { indexDirectory + "/articles.tsv" }
    public var postingsIndex: String { indexDirectory + "/postings.bin" }
    /// Raw ids and fixed-size rows by article ordinal, titles for search (see `IndexFiles`).
    public var idsIndex: String { indexDirectory + "/ids.bin" }
    public var rowsIndex: String { indexDirectory + "/article-rows.bin" }
    public var titlesIndex: String { indexDirectory + "/titles.txt" }
    /// Rewritten at checkpoints: entity rows, members, chain heads, names (see `EntityIndex`).
    public var entityIndex: String { indexDirectory + "/entity-index.bin" }
    /// Rewritten at checkpoints: each entity's name and aliases as `search` compares them.
    public var entityNamesIndex: String { indexDirectory + "/entity-names.txt" }
    /// Rewritten at checkpoints: the co-occurring entities of the biggest entities (see `CooccurrenceIndex`).
    public var cooccurrenceIndex: String { indexDirectory + "/cooccurrence.bin" }
    public var quotesIndex: String { indexDirectory + "/quotes.tsv" }
    public var speakersIndex: String { indexDirectory + "/speakers.bin" }
    /// Base entity ordinal → type and merge key, append-only (see `IndexFiles`).
    public var entityKeysIndex: String { indexDirectory + "/entity-keys.tsv" }
    /// Entities sorted by article count, rewritten at each checkpoint.
    public var entitiesIndex: String { indexDirectory + "/entities.tsv" }
    /// Small: where the last checkpoint stands and the corpus counts.
    public var checkpointFile: String { indexDirectory + "/checkpoint.json" }
    public func stateFile(generation: Int) -> String { indexDirectory + "/state-\(generation).bin" }

    public func segment(_ number: Int) -> String {
        let digits = String(number)
        return recordsDirectory + "/" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".jsonl"
    }

    /// Segment numbers present on disk, ascending.
    public func segmentNumbers() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recordsDirectory)) ?? []
        return names.compactMap { name in
            name.hasSuffix(".jsonl") ? Int(name.dropLast(6)) : nil
        }.sorted()
    }

    /// Creates the directory and manifest if missing; refuses a store of another format.
    public func createOrValidate() throws(StoreError) {
        let fm = FileManager.default
        if fm.fileExists(atPath: manifest) {
            try validate()
            try? fm.createDirectory(atPath: indexDirectory, withIntermediateDirectories: true)
            return
        }
        try FileDescriptorIO.makeDirectories(recordsDirectory)
        try FileDescriptorIO.makeDirectories(indexDirectory)
        let body = "{\"format\":\"\(Self.format)\",\"journal\":\"records/*.jsonl\",\"corpus\":\"corpus.json\"}\n"
        try AtomicFile.write(Array(body.utf8), to: manifest)
    }

    /// Whether `directory` holds a Gleaner store (of any format version): a manifest naming a
    /// `gleaner.store/` format, or a journal beside a checkpoint. The producer never walks into one.
    public static func holdsStore(_ directory: String) -> Bool {
        let layout = StoreLayout(root: directory)
        if let data = FileManager.default.contents(atPath: layout.manifest),
           String(decoding: data.prefix(4096), as: UTF8.self).contains("\"gleaner.store/") { return true }
        return FileManager.default.fileExists(atPath: layout.checkpointFile) && !layout.segmentNumbers().isEmpty
    }

    /// Checks the manifest names this format.
    public func validate() throws(StoreError) {
        guard let data = FileManager.default.contents(atPath: manifest) else { throw .notAStore(path: root) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let found = object["format"] as? String else { throw .corruptManifest(path: manifest) }
        guard found == Self.format else { throw .unsupportedFormat(found: found, path: root) }
    }
}
