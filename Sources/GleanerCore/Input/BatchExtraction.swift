import Foundation

/// Extracts many files in-process on a few threads, delivering records in input order.
///
/// Used by `gleaner extract` and the extraction benchmark. Unreadable files are reported as
/// `unreadable` failure records and counted; other failures (empty, binary, too large) are
/// records like any other.
public struct BatchExtraction: Sendable {
    public let processor: ArticleProcessor
    public let threads: Int

    public init(processor: ArticleProcessor, threads: Int) {
        self.processor = processor
        self.threads = max(1, threads)
    }

    /// Runs over `paths`, calling `emit` with each record's JSON in input order.
    /// - Returns: how many files could not be read.
    public func run(paths: [String], emit: ([UInt8]) -> Void) throws -> Int {
        let chunk = 64
        var unreadable = 0
        var start = 0
        while start < paths.count {
            let batch = Array(paths[start..<min(start + chunk * threads, paths.count)])
            let results = ResultSlots(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: min(threads, batch.count)) { lane in
                var i = lane
                while i < batch.count {
                    results.set(i, Self.process(path: batch[i], with: processor))
                    i += threads
                }
            }
            for (json, readable) in results.values {
                if !readable { unreadable += 1 }
                emit(json)
            }
            start += batch.count
        }
        return unreadable
    }

    static func process(path: String, with processor: ArticleProcessor) -> ([UInt8], Bool) {
        switch ArticleFile.read(path: path, maxBytes: processor.input.maxBytes) {
        case .success(let bytes):
            return (processor.process(bytes: bytes, path: path).jsonBytes(), true)
        case .failure(let failure):
            // Too large is a failure record like binary or empty; only a file that could not be read counts.
            return (failure.jsonBytes(), failure.reason != .unreadable)
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
