import Foundation

/// Extracts many files in-process on a few threads, delivering records in input order.
///
/// Used by `gleaner extract` and the extraction benchmark. Container files (JSON Lines, WARC)
/// give one record per article (`ArticleSource`); the path `-` reads one article from
/// standard input. Unreadable files are reported as `unreadable` failure records and counted;
/// other failures (empty, binary, too large) are records like any other.
public struct BatchExtraction: Sendable {
    /// What to print for each article.
    public enum Output: Sendable {
        /// The `gleaner.article/1` (or failure) record as one JSON line.
        case record
        /// The decoded article text that record offsets count into (failures still print
        /// their record).
        case text
    }

    public let processor: ArticleProcessor
    public let threads: Int
    public let output: Output

    public init(processor: ArticleProcessor, threads: Int, output: Output = .record) {
        self.processor = processor
        self.threads = max(1, threads)
        self.output = output
    }

    /// Runs over `paths`, calling `emit` with each record's JSON in input order.
    /// - Returns: how many files (or container items) could not be read.
    public func run(paths: [String], emit: ([UInt8]) -> Void) throws -> Int {
        let batchSize = 64 * threads
        var unreadable = 0
        var pending: [ArticleSource.Item] = []
        func flush() {
            for (json, readable) in process(pending) {
                if !readable { unreadable += 1 }
                emit(json)
            }
            pending.removeAll(keepingCapacity: true)
        }
        for path in paths {
            if path == "-" {
                switch ArticleFile.readStandardInput(maxBytes: processor.input.maxBytes) {
                case .success(let bytes): pending.append(.article(ArticleAddress(file: "-"), bytes))
                case .failure(let failure): pending.append(.failure(failure))
                }
                continue
            }
            ArticleSource(path: path, maxArticleBytes: processor.input.maxBytes).forEach { item in
                pending.append(item)
                if pending.count >= batchSize { flush() }
            }
        }
        flush()
        return unreadable
    }

    private func process(_ items: [ArticleSource.Item]) -> [([UInt8], Bool)] {
        let results = ResultSlots(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(threads, items.count)) { lane in
            var i = lane
            while i < items.count {
                results.set(i, process(items[i]))
                i += threads
            }
        }
        return results.values
    }

    private func process(_ item: ArticleSource.Item) -> ([UInt8], Bool) {
        switch item {
        case .failure(let failure):
            // Too large is a failure record like binary or empty; only a file that could not be read counts.
            return (failure.jsonBytes(), failure.reason != .unreadable)
        case .article(let address, let bytes):
            let decoder = ArticleDecoder(input: processor.input)
            if output == .text, case .article(let article) = decoder.decode(bytes, path: address.description) {
                return (Array(String(String.UnicodeScalarView(article.text.scalars)).utf8), true)
            }
            return (processor.process(bytes: bytes, path: address.description).jsonBytes(), true)
        }
    }
}

/// Fixed slots written by index from several threads, each slot by one thread only.
final class ResultSlots: @unchecked Sendable {
    private var storage: [([UInt8], Bool)]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: ([], true), count: count) }

    func set(_ i: Int, _ value: ([UInt8], Bool)) {
        lock.lock(); storage[i] = value; lock.unlock()
    }

    var values: [([UInt8], Bool)] { lock.lock(); defer { lock.unlock() }; return storage }
}
