import XCTest
import GleanerCore

/// Training the span typer on the sets `scripts/eval` maps into .build/eval (skipped on a clone
/// without them): two independent trainings give the same weights file.
final class SpanTyperCorpusTests: XCTestCase {
    func testTwoTrainingsOnTheMappedSets_giveIdenticalWeights() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/eval")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: root.appendingPathComponent("gold/wikigold").path),
                          "needs the training sets mapped by scripts/eval in .build/eval")
        let corpus = SpanTyperCorpus(goldRoot: root.appendingPathComponent("gold"),
                                     articleRoot: root.appendingPathComponent("articles"))
        let only = SpanTyperCorpus.Options(part: "look", excludedSets: ["gum", "litbank", "uner_ewt"])
        let (first, summary) = try corpus.examples(only)
        let (second, _) = try corpus.examples(only)
        XCTAssertGreaterThan(summary.examples, 500, "Wikigold's look half gives examples")
        let a = AveragedPerceptron(epochs: 3).train(first), b = AveragedPerceptron(epochs: 3).train(second)
        XCTAssertGreaterThan(a.featureCount, 100)
        XCTAssertEqual(a.serialized(), b.serialized())
    }
}
