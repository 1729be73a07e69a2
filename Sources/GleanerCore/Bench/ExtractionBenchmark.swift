import Foundation
import Synchronization

/// In-process extraction throughput over a folder of articles (no ZeroMQ, no disk in the
/// timed part): all files are read first, then extracted `rounds` times on `threads` threads.
/// With several threads, each takes the next article from a shared cursor (as workers take
/// tasks as they free up), so a thread slowed by a busy neighbour does not hold up a pass.
public struct ExtractionBenchmark {
    public struct Result: Sendable {
        public var articles: Int
        public var bytes: Int
        public var seconds: Double
        public var peakRSSMegabytes: Double
        /// Extraction threads.
        public var threads = 1
        /// JSON bytes of every record made, all passes together: the same for any thread
        /// count when each pass extracts every article exactly once.
        public var outputBytes = 0
        /// Seconds of each pass over all articles, in order.
        public var roundSeconds: [Double] = []

        public var articlesPerSecond: Double { Double(articles) / seconds }
        public var megabytesPerSecond: Double { Double(bytes) / 1_048_576 / seconds }
        /// Articles per second of each pass: on a shared machine the median and best pass say more
        /// than the mean, which one busy neighbour can drag down.
        public var roundRates: [Double] {
            let perRound = Double(articles) / Double(max(1, roundSeconds.count))
            return roundSeconds.map { perRound / $0 }
        }
        public var medianRate: Double {
            let r = roundRates.sorted()
            guard !r.isEmpty else { return articlesPerSecond }
            return r.count % 2 == 1 ? r[r.count / 2] : (r[r.count / 2 - 1] + r[r.count / 2]) / 2
        }
        public var bestRate: Double { roundRates.max() ?? articlesPerSecond }
    }

    public let paths: [String]
    public let rounds: Int
    public let threads: Int

    public init(paths: [String], rounds: Int, threads: Int = 1) {
        self.paths = paths
        self.rounds = max(1, rounds)
        self.threads = max(1, threads)
    }

    public func run(processor: ArticleProcessor = ArticleProcessor()) -> Result {
        let inputs = paths.compactMap { path -> [UInt8]? in
            guard case .success(let bytes) = ArticleFile.read(path: path, maxBytes: processor.input.maxBytes) else {
                return nil
            }
            return bytes
        }
        ArticleExtractor.preload()  // as a worker does at start: gazetteers are not part of the per-article cost
        _ = processor.process(bytes: inputs.first ?? [], path: "warm-up")
        var sink = 0
        var roundSeconds: [Double] = []
        for _ in 0..<rounds {
            let start = MonotonicClock.nanoseconds()
            if threads == 1 {
                for bytes in inputs { sink &+= processor.process(bytes: bytes, path: "bench").jsonBytes().count }
            } else {
                sink &+= Self.parallelPass(inputs, processor: processor, threads: threads)
            }
            roundSeconds.append(Double(MonotonicClock.nanoseconds() - start) / 1e9)
        }
        precondition(sink > 0 || inputs.isEmpty)
        return Result(
            articles: inputs.count * rounds, bytes: inputs.reduce(0) { $0 + $1.count } * rounds,
            seconds: roundSeconds.reduce(0, +), peakRSSMegabytes: ProcessMemory.peakResidentMegabytes(),
            threads: threads, outputBytes: sink, roundSeconds: roundSeconds)
    }

    /// One pass over `inputs` on `threads` threads; returns the JSON bytes produced.
    private static func parallelPass(_ inputs: [[UInt8]], processor: ArticleProcessor, threads: Int) -> Int {
        final class Shared: Sendable {
            let next = Atomic<Int>(0)
            let bytes = Atomic<Int>(0)
        }
        let shared = Shared()
        let group = DispatchGroup()
        for n in 0..<threads {
            group.enter()
            let thread = Thread {
                var sink = 0
                while true {
                    let i = shared.next.add(1, ordering: .relaxed).oldValue
                    guard i < inputs.count else { break }
                    sink &+= processor.process(bytes: inputs[i], path: "bench").jsonBytes().count
                }
                shared.bytes.add(sink, ordering: .relaxed)
                group.leave()
            }
            thread.name = "bench-extract-\(n)"
            thread.start()
        }
        group.wait()
        return shared.bytes.load(ordering: .relaxed)
    }
}

/// Reads this process's memory figures from /proc/self/status.
public enum ProcessMemory {
    /// Peak resident set size (VmHWM), in MB; 0 when unavailable.
    public static func peakResidentMegabytes() -> Double { field("VmHWM:") / 1024 }
    /// Current resident set size (VmRSS), in MB.
    public static func residentMegabytes() -> Double { field("VmRSS:") / 1024 }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
