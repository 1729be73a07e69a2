import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner extract FILE...`: records on stdout, one JSON object per line, in input order.
    public struct Extract: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print the gleaner.article/1 record of each article, one JSON object per line.",
            discussion: """
            No ZeroMQ, no store: for debugging and evaluation. Reads plain text, HTML pages, \
            JSON Lines and WARC files (one record per line or per HTML response); `-` reads one \
            article from standard input. An article that cannot be read or is not text prints a \
            gleaner.failure/1 record instead; the exit code is 0 unless a file could not be read \
            at all. --text prints the decoded article text that record offsets count into.

            Examples:
              gleaner extract seeds/004_2c62fd9d81b8b57a.txt | jq '.quotes[] | {speaker, text}'
              gleaner extract --date 2023-03-06 --threads 2 seeds/*.txt
              gleaner extract feed.jsonl crawl.warc.gz | jq -c '{path: .source.path, title}'
              curl -s https://example.org/story.html | gleaner extract -
              gleaner extract --explain seeds/004_2c62fd9d81b8b57a.txt
            """
        )

        @Argument(help: "Article files to extract ('-' for standard input).")
        var files: [String]

        @Flag(help: "Print each article's decoded text instead of its record.")
        var text = false

        @Option(help: "Worker threads (default 1). Output order is always the input order.")
        var threads: Int = 1

        @Option(help: "Anchor date YYYY-MM-DD for relative dates when the article has no dateline.")
        var date: String?

        @Option(help: "Article size limit in bytes; larger files become failure records.")
        var maxArticleBytes: Int = ArticleInput.defaultMaxBytes

        @Flag(help: """
            Instead of records, print each name's type and the named rules that decided it, each \
            quotation's speaker rules and each date's pattern.
            """)
        var explain = false

        @Flag(inversion: .prefixedNo, help: """
            Type the names no rule types strongly with the learned span typer (on by default; \
            --no-span-typer keeps the rules' votes alone; docs/span-typer.md).
            """)
        var spanTyper = true

        @Option(help: "Use the learned span typer with these weights (a `gleaner train-typer` file).")
        var spanTyperWeights: String?

        public init() {}

        /// The extraction options the flags ask for.
        private func options(explain: Bool) throws -> ExtractionOptions {
            var model: SpanTyperModel? = spanTyper ? SpanTyperModel.embedded : nil
            if let path = spanTyperWeights {
                model = try SpanTyperModel(parsing: String(contentsOfFile: path, encoding: .utf8))
            }
            return ExtractionOptions(anchorDate: date.flatMap(CalendarDate.init(iso:)), explain: explain,
                                     spanTyper: model)
        }

        public func validate() throws {
            guard files.filter({ $0 == "-" }).count <= 1 else {
                throw ValidationError("Please give '-' (standard input) at most once.")
            }
            guard threads >= 1 else { throw ValidationError("Please give --threads a value of at least 1.") }
            if let date, CalendarDate(iso: date) == nil {
                throw ValidationError("Please give --date as YYYY-MM-DD, e.g. 2023-03-06.")
            }
        }

        public func run() throws {
            if explain { return try runExplain() }
            let processor = ArticleProcessor(
                input: ArticleInput(maxBytes: maxArticleBytes),
                options: try options(explain: false))
            let unreadable = try BatchExtraction(processor: processor, threads: threads, output: text ? .text : .record)
                .run(paths: files) { line in StandardStreams.writeLine(line) }
            if unreadable > 0 { throw ExitCode(1) }
        }

        /// `--explain`: for each file, its path, then the explanation (or why it has none).
        private func runExplain() throws {
            let input = ArticleInput(maxBytes: maxArticleBytes)
            let options = try options(explain: true)
            var unreadable = 0
            for path in files {
                StandardStreams.writeLine("== \(path)")
                guard case .success(let bytes) = ArticleFile.read(path: path, maxBytes: maxArticleBytes) else {
                    StandardStreams.writeLine("cannot read or too large"); unreadable += 1; continue
                }
                switch ArticleDecoder(input: input).decode(bytes, path: path) {
                case .failure(let reason, let detail): StandardStreams.writeLine("\(reason.rawValue): \(detail)")
                case .article(let article):
                    let facts = ArticleExtractor().extract(article.text, options: options)
                    StandardStreams.writeLine(facts.explanation?.text ?? "")
                }
            }
            if unreadable > 0 { throw ExitCode(1) }
        }
    }
}
