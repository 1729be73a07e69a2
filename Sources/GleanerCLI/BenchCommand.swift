import ArgumentParser
import GleanerCore

extension Gleaner {
    /// `gleaner bench`: measured figures for docs/performance.md (see bench/).
    public struct Bench: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Measure in-process extraction speed over a folder of articles.",
            discussion: """
            Reads every file first, then extracts them all on one thread, --rounds times, and \
            prints articles/s, MB/s and the process's peak RSS.

            Example:
              gleaner bench ../shared/corpus/bbc --rounds 3
            """
        )

        @Argument(help: "Article files and folders.")
        var paths: [String]

        @Option(help: "Passes over the articles.")
        var rounds: Int = 1

        public init() {}

        public func run() throws {
            let files = try FileWalker().list(paths).files
            let result = ExtractionBenchmark(paths: files, rounds: rounds).run()
            StandardStreams.writeLine("extract: \(result.articles) articles, \(Format.decimal(Double(result.bytes) / 1_048_576, 1)) MB in \(Format.decimal(result.seconds, 2)) s: "
                + "\(Format.decimal(result.articlesPerSecond, 0)) articles/s, \(Format.decimal(result.megabytesPerSecond, 2)) MB/s, "
                + "peak RSS \(Format.decimal(result.peakRSSMegabytes, 1)) MB (1 thread)")
        }
    }
}
