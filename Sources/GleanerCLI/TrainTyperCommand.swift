import ArgumentParser
import Foundation
import GleanerCore

extension Gleaner {
    /// `gleaner train-typer`: trains the learned span typer's weights, deterministically.
    public struct TrainTyper: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "train-typer",
            abstract: "Train the learned span typer (averaged perceptron) on the mapped training sets.",
            discussion: """
            Reads the training sets as scripts/eval maps them (.build/eval/gold and \
            .build/eval/articles; run scripts/eval once first) and writes the weights file that \
            Sources/GleanerExtraction/Lexicon/Data/span-typer-weights.txt holds. Only the look half \
            is read unless --part says otherwise. The same data always gives the same file.

            Examples:
              gleaner train-typer --out Sources/GleanerExtraction/Lexicon/Data/span-typer-weights.txt
              gleaner train-typer --exclude litbank --out /tmp/without-litbank.txt
            """
        )

        @Option(help: "The mapped gold folder (one subfolder per set).")
        var gold = ".build/eval/gold"

        @Option(help: "The mapped articles folder.")
        var articles = ".build/eval/articles"

        @Option(help: "Documents of this half only: look, score-only or all.")
        var part = "look"

        @Option(help: "Leave this set out (repeatable): gum, wikigold, uner_ewt, litbank.")
        var exclude: [String] = []

        @Option(help: "Passes over the examples.")
        var epochs = 8

        @Option(help: "Shuffle the examples each epoch from this seed (repeatable: one model per seed, averaged).")
        var seed: [UInt64] = []

        @Option(help: "Leave out features whose name starts with this (repeatable), e.g. 'prev='.")
        var dropFeature: [String] = []

        @Option(help: "How far 'not a name' must outscore the best type to drop a candidate.")
        var dropMargin = SpanTyperModel.shippedDropMargin

        @Option(help: "How far a type must outscore the rules' type to replace it.")
        var retypeMargin = SpanTyperModel.shippedRetypeMargin

        @Option(help: "The weights file to write.")
        var out: String

        public init() {}

        public func validate() throws {
            guard ["look", "score-only", "all"].contains(part) else {
                throw ValidationError("Please give --part as look, score-only or all.")
            }
            guard epochs >= 1 else { throw ValidationError("Please give --epochs a value of at least 1.") }
        }

        public func run() throws {
            let corpus = SpanTyperCorpus(goldRoot: URL(fileURLWithPath: gold),
                                         articleRoot: URL(fileURLWithPath: articles))
            let (examples, summary) = try corpus.examples(.init(part: part == "all" ? nil : part,
                                                                excludedSets: Set(exclude)))
            let kept = examples.map { e in
                (features: e.features.filter { f in !dropFeature.contains(where: { f.hasPrefix($0) }) }, label: e.label)
            }
            let trained = seed.isEmpty ? [AveragedPerceptron(epochs: epochs).train(kept)]
                : seed.map { AveragedPerceptron(epochs: epochs, shuffleSeed: $0).train(kept) }
            let model = SpanTyperModel.averaged(trained).withMargins(drop: dropMargin, retype: retypeMargin)
            let header = SpanTyperModel.header(sets: excludedDescription, part: part, epochs: epochs,
                                               documents: summary.documents, examples: summary.examples)
            try (header + model.serialized()).write(toFile: out, atomically: true, encoding: .utf8)
            let labels = summary.byLabel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            StandardStreams.writeLine("\(summary.documents) documents, \(summary.examples) examples ("
                + labels.joined(separator: ", ") + "), \(model.featureCount) features → \(out)")
        }

        private var excludedDescription: String {
            exclude.isEmpty ? "all four sets" : "all sets but " + exclude.sorted().joined(separator: ", ")
        }
    }
}
