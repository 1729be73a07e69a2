import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

final class ArticleStoreTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = temporaryURL("store-test") }

    private func record(_ text: String) -> (summary: RecordSummary, json: [UInt8]) {
        guard case .article(let r) = ArticleProcessor().process(bytes: Array(text.utf8), path: text) else {
            fatalError()
        }
        let json = r.jsonBytes()
        return (RecordSummary.decode(json)!, json)
    }

    private func record(_ text: String, path: String) -> (summary: RecordSummary, json: [UInt8]) {
        guard case .article(let r) = ArticleProcessor().process(bytes: Array(text.utf8), path: path) else {
            fatalError()
        }
        let json = r.jsonBytes()
        return (RecordSummary.decode(json)!, json)
    }

    /// Index lines copy a record's fields as they are when its reader saw no control byte in its strings, and
    /// make tabs and line breaks spaces otherwise: a raw tab, an escaped one, escaped line breaks.
    func testIndexLines_tabsAndLineBreaksInFields_becomeSpaces_plainFieldsAreCopied() throws {
        let store = try ArticleStore(root: folder.path)
        let broken = record("Alpha\n\nBody one.")  // its path holds two line breaks, escaped in the JSON
        let said = record("Beta\n\n\u{201C}We will go on,\u{201D} said Ann Lee.", path: "plain/beta.txt")
        var quoted = said
        let escaped = String(decoding: said.json, as: UTF8.self).replacingOccurrences(of: "will go", with: "will\\tgo")
        quoted.json = Array(escaped.replacingOccurrences(of: "plain/beta", with: "plain\tbeta").utf8)
        quoted.summary = RecordSummary.decode(quoted.json)!
        let plain = record("Gamma\n\nBody three.", path: "plain/gamma.txt")
        XCTAssertEqual(quoted.summary.quotes?.first?.text, "We will\tgo on,")
        XCTAssertEqual(quoted.summary.source.path, "plain\tbeta.txt")
        XCTAssertTrue(broken.summary.stringsMayHoldControlBytes)
        XCTAssertTrue(quoted.summary.stringsMayHoldControlBytes)
        XCTAssertFalse(plain.summary.stringsMayHoldControlBytes)
        XCTAssertFalse(said.summary.stringsMayHoldControlBytes)
        _ = try store.commit([broken, quoted, plain])
        let articles = String(decoding: try FileDescriptorIO.readAll(store.layout.articlesIndex), as: UTF8.self)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        XCTAssertEqual(articles.map(\.count), [7, 7, 7])
        guard articles.count == 3, articles.allSatisfy({ $0.count == 7 }) else { return }
        XCTAssertEqual(articles.map { String($0[6]) }, ["Alpha  Body one.", "plain beta.txt", "plain/gamma.txt"])
        XCTAssertEqual(articles.map { String($0[5]) }, ["Alpha", "Beta", "Gamma"])
        XCTAssertEqual(articles[2][0], Substring(plain.summary.id))
        let quotes = String(decoding: try FileDescriptorIO.readAll(store.layout.quotesIndex), as: UTF8.self)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        XCTAssertEqual(quotes.map(\.count), [5])
        guard quotes.count == 1, quotes[0].count == 5 else { return }
        XCTAssertEqual(quotes[0][3], "We will go on,")
    }

    func testCommit_duplicateResult_isStoredOnce() throws {
        let store = try ArticleStore(root: folder.path)
        let a = record("Alpha\n\nBody one."), b = record("Beta\n\nBody two.")
        XCTAssertEqual(try store.commit([a, b, a]).count, 3, "every id in the batch is acked")
        _ = try store.commit([a])
        XCTAssertEqual(store.articleCount, 2)
        XCTAssertEqual(try FileDescriptorIO.readAll(store.layout.segment(1)).filter { $0 == 0x0A }.count, 2)
    }

    /// The journal writes records from the arrays they arrived in (`writev`, at most 1,024
    /// vectors a call): many records over several batches, each only its first bytes of an
    /// array that holds more, must come out as those lines, in order, at the positions given.
    func testJournalAppend_manyBatchesOfSharedArrays_writesEachRecordsLineAtItsPosition() throws {
        let layout = StoreLayout(root: folder.path)
        try FileDescriptorIO.makeDirectories(folder.path)
        try layout.createOrValidate()
        let journal = try Journal(layout: layout)
        var batches: [Journal.Batch] = []
        var expected: [UInt8] = []
        for b in 0..<3 {
            var batch = Journal.Batch()
            for n in 0..<700 {
                let line = Array("{\"batch\":\(b),\"record\":\(n)}".utf8)
                batch.add(line + Array("unescaped tail".utf8), count: line.count)
                expected += line + [0x0A]
            }
            batches.append(batch)
        }
        let positions = try journal.append(batches)
        let written = try FileDescriptorIO.readAll(layout.segment(1))
        XCTAssertEqual(written, expected)
        XCTAssertEqual(positions.count, 2_100)
        for (n, p) in positions.enumerated() {
            XCTAssertEqual(written[p.offset..<p.offset + p.length], batches[n / 700].record(n % 700), "record \(n)")
        }
    }

    func testReopen_replaysTheJournal_andCutsATornLastLine() throws {
        do {
            let store = try ArticleStore(root: folder.path)
            _ = try store.commit([record("Alpha\n\nBody one.")])
        }
        let segment = StoreLayout(root: folder.path).segment(1)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: segment))
        handle.seekToEndOfFile()
        handle.write(Data("{\"schema\":\"gleaner.article/1\",\"id\":\"trunc".utf8))  // a crash mid-append
        handle.closeFile()

        let reopened = try ArticleStore(root: folder.path)
        XCTAssertEqual(reopened.articleCount, 1)
        _ = try reopened.commit([record("Beta\n\nBody two.")])
        let lines = try FileDescriptorIO.readAll(segment).split(separator: 0x0A)
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0))) != nil })
    }

    func testOpen_storeOfAnotherFormat_isRefusedWithAClearError() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{\"format\":\"gleaner.store/9\"}".utf8).write(to: folder.appendingPathComponent("store.json"))
        XCTAssertThrowsError(try ArticleStore(root: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("gleaner.store/9"), "\(error)")
        }
    }

    func testCheckpoint_writesCorpusJSONWithStatsAndMergedEntities() throws {
        let store = try ArticleStore(root: folder.path)
        _ = try store.commit([record("Alpha\n\nBody one.")])
        try store.checkpoint()
        let corpus = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.layout.corpus)))
                as? [String: Any])
        XCTAssertEqual(corpus["format"] as? String, "gleaner.store/1")
        XCTAssertEqual((corpus["stats"] as? [String: Any])?["articles"] as? Int, 1)
        let rows = try StoreReader(root: folder.path).articleRows()
        XCTAssertEqual(rows.map(\.title), ["Alpha"])
    }

}

final class StoreCheckpointTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = temporaryURL("checkpoint-test") }

    private func commit(_ store: ArticleStore, _ n: Int) throws {
        let records = (0..<n).map { i -> (summary: RecordSummary, json: [UInt8]) in
            let id = ContentHash.hex(of: Array("article \(i)".utf8))
            let r = CorpusAggregateTests.record(
                id,
                entities: [("Person \(i % 7)", "PERSON", nil, ["Person \(i % 7)"]), ("Oslo", "LOC", "NO", ["Oslo"])],
                quotes: [("Person \(i % 7)", "quote \(i)")])
            var json = JSONWriter()
            json.object { o in
                o.field("schema", string: r.schema); o.field("id", string: r.id)
                o.field("source") {
                    $0.object { s in
                        s.field("path", string: r.source.path); s.field("bytes", int: 1)
                    }
                }
                o.field("title", string: r.title)
                o.field("entities") {
                    $0.array(r.entities!) { w, e in
                        w.object { o in
                            o.field("name", string: e.name); o.field("type", string: e.type);
                            o.field("country", string: e.country)
                            o.field("mentions") {
                                $0.array(e.mentions) { w, m in w.object { $0.field("text", string: m.text) } }
                            }
                        }
                    }
                }
                o.field("quotes") {
                    $0.array(r.quotes!) { w, q in
                        w.object { o in
                            o.field("text", string: q.text); o.field("speaker", string: q.speaker)
                        }
                    }
                }
            }
            return (r, json.bytes)
        }
        _ = try store.commit(records)
    }

    func testRestart_afterCheckpoint_replaysOnlyTheTail_andKeepsEverything() throws {
        do {
            let store = try ArticleStore(root: folder.path)
            try commit(store, 30)
            XCTAssertNotNil(try store.checkpoint())
            try commit(store, 40)  // 10 new after the checkpoint, never checkpointed ("crash")
        }
        let reopened = try ArticleStore(root: folder.path)
        XCTAssertEqual(reopened.replayedRecords, 10)
        XCTAssertEqual(reopened.articleCount, 40)
        XCTAssertEqual(MergedView(reopened.aggregate).entities.first { $0.name == "Oslo" }?.articles, 40)
        try reopened.checkpoint()

        let reader = try StoreReader(root: folder.path)
        XCTAssertEqual(try reader.articleRows().count, 40, "the article index holds no duplicate after the replay")
        XCTAssertEqual(try reader.stats().articles, 40)
        let oslo = try XCTUnwrap(reader.entity(named: "oslo"))
        XCTAssertEqual(oslo.articleIDs.count, 40)
        XCTAssertEqual(Set(oslo.cooccurring.map(\.name)), Set((0..<7).map { "Person \($0)" }))
        XCTAssertEqual(try reader.quotes(speaker: "Person 3").rows.count, 6)  // i = 3, 10, 17, 24, 31, 38
    }

    func testRestart_withoutCheckpointFiles_rebuildsFromTheJournal() throws {
        do {
            let store = try ArticleStore(root: folder.path)
            try commit(store, 12)
            try store.checkpoint()
        }
        try FileManager.default.removeItem(atPath: StoreLayout(root: folder.path).checkpointFile)
        let reopened = try ArticleStore(root: folder.path)
        XCTAssertEqual(reopened.replayedRecords, 12)
        XCTAssertEqual(try StoreReader(root: folder.path).articleRows().count, 12)
    }

    func testQueries_entitiesTopAndType_searchAndArticleByPrefix() throws {
        let store = try ArticleStore(root: folder.path)
        try commit(store, 14)
        try store.checkpoint()
        let reader = try StoreReader(root: folder.path)
        XCTAssertEqual(try reader.entities(limit: 1).rows.map(\.name), ["Oslo"])
        XCTAssertEqual(try reader.entities(type: "PERSON").rows.count, 7)
        XCTAssertEqual(try reader.entities(type: "PERSON", offset: 5, limit: 10).rows.count, 2)
        XCTAssertEqual(try reader.entities(type: "PERSON", offset: 5, limit: 10).total, 7)
        XCTAssertEqual(try reader.search("person 5").entities.map(\.name), ["Person 5"])
        let first = try XCTUnwrap(reader.articleRows().first)
        let record = try XCTUnwrap(reader.article(id: String(first.id.prefix(10))))
        XCTAssertEqual(RecordSummary.decode(record)?.id, first.id)
        XCTAssertNil(try reader.article(id: "ffffffffffff"))
    }
}
