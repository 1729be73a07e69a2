#if canImport(Glibc)
import Glibc
#endif

/// Extraction time per megabyte of each `HostileText` case next to ordinary news of the same
/// size, in one process and one run, so the ratios hold on a noisy machine.
///
/// "Ordinary news" is real articles joined into one document of the same size (the hostile
/// inputs are single documents too), and, for reference, the same articles extracted one by
/// one. Each input is extracted `rounds` times; the median is reported. A megabyte is 10^6 bytes.
public struct HostileBenchmark {
    public struct Row: Sendable {
        public var name: String
        public var summary: String
        public var bytes: Int
        /// Median seconds for one extraction (with JSON serialisation) of the input.
        public var seconds: Double
        /// UTF-8 bytes of the JSON record(s) produced.
        public var recordBytes: Int
        /// Seconds per megabyte (10^6 bytes) of input.
        public var secondsPerMegabyte: Double { seconds / (Double(bytes) / 1_000_000) }
    }

    public let newsFiles: [String]
    public let bytes: Int
    public let rounds: Int
    /// Names of the cases to run (all when empty).
    public let only: Set<String>
    /// Measure the thread's CPU time rather than wall-clock time (steadier on a busy machine).
    public let cpuTime: Bool

    public init(newsFiles: [String], bytes: Int = 1_000_000, rounds: Int = 3, only: Set<String> = [],
                cpuTime: Bool = false) {
        self.newsFiles = newsFiles; self.bytes = bytes; self.rounds = max(1, rounds); self.only = only
        self.cpuTime = cpuTime
    }

    /// Measures the news rows and each selected case, then calls `report` for each row in that
    /// order. The inputs are extracted round-robin (every input once per round), so a burst of
    /// load from a neighbour slows all of them alike and the ratios stay meaningful.
    public func run(processor: ArticleProcessor = ArticleProcessor(), report: (Row) -> Void) {
        ArticleExtractor.preload()
        let inputs = self.inputs()
        var times = [[Double]](repeating: [], count: inputs.count)
        var recordBytes = [Int](repeating: 0, count: inputs.count)
        for _ in 0..<rounds {
            for (i, input) in inputs.enumerated() {
                let start = now()
                var produced = 0
                for text in input.texts { produced += processor.process(bytes: text,
                    path: input.name).jsonBytes().count }
                times[i].append(Double(now() - start) / 1e9)
                recordBytes[i] = produced
            }
        }
        for (i, input) in inputs.enumerated() {
            let sorted = times[i].sorted()
            report(Row(name: input.name, summary: input.summary, bytes: input.texts.reduce(0) { $0 + $1.count },
                       seconds: sorted[sorted.count / 2], recordBytes: recordBytes[i]))
        }
    }

    /// Nanoseconds on the chosen clock.
    private func now() -> Int {
        guard cpuTime else { return MonotonicClock.nanoseconds() }
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Int(ts.tv_sec) * 1_000_000_000 + Int(ts.tv_nsec)
    }

    /// One benchmark input: a name, what it is, and its text(s).
    public typealias Input = (name: String, summary: String, texts: [[UInt8]])

    /// The news inputs, then each selected case.
    public func inputs() -> [Input] {
        let articles = newsArticles()
        let document = articles.reduce(into: [UInt8]()) { $0.append(contentsOf: $1); $0.append(0x0A) }
        var inputs: [Input] = [
            ("news", "real articles joined into one document", [document]),
            ("news-articles", "the same articles, one by one", articles),
        ]
        for c in HostileText.cases where only.isEmpty || only.contains(c.name) {
            inputs.append((c.name, c.summary, [c.text(bytes: bytes)]))
        }
        return inputs
    }

    /// Whole articles from `newsFiles`, cycling through them, until they fill `bytes`.
    func newsArticles() -> [[UInt8]] {
        let all = newsFiles.compactMap { path -> [UInt8]? in
            guard case .success(let b) = ArticleFile.read(path: path, maxBytes: bytes), !b.isEmpty else { return nil }
            return b
        }
        guard !all.isEmpty else { return [] }
        var out: [[UInt8]] = [], total = 0, k = 0
        while total < bytes {
            let article = Array(all[k % all.count].prefix(bytes - total))
            out.append(article); total += article.count + 1; k += 1
        }
        return out
    }
}
