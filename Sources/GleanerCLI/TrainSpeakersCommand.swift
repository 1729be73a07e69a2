import ArgumentParser
import Foundation
import GleanerCore
import GleanerExtraction

extension Gleaner {
    /// `gleaner train-speakers`: fits the speaker-choice weights, deterministically.
    public struct TrainSpeakers: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "train-speakers",
            abstract: "Fit the speaker-choice weights (averaged ranking perceptron) on the mapped quotations.",
            discussion: """
                Reads LitBank's attributed quotations and GUM's quotations with the speakers annotated \
                for this project as scripts/eval maps them (.build/eval; run scripts/eval once first), \
                fits on the look half only, and prints how often the ordered steps and the fitted \
                weights pick the right speaker on both halves. With --write, writes the weights file \
                that Sources/GleanerExtraction/Lexicon/Data/speaker-weights.txt holds. The same data \
                always gives the same file.

                Example:
                  gleaner train-speakers --write Sources/GleanerExtraction/Lexicon/Data/speaker-weights.txt
                """
        )

        @Option(help: "The eval cache (gold/ and articles/ as scripts/eval writes them).")
        var cache = ".build/eval"

        @Option(help: "Passes over the examples.")
        var passes = 10

        @Option(help: "The weights file to write (default: print the weights).")
        var write: String?

        @Flag(help: """
            Fit the antecedent model (the choice among the people a "he"/"she" next to a quotation \
            may refer to; Lexicon/Data/antecedent-weights.txt) instead of the context model, and \
            also print each set scored by the weights fitted on the other alone.
            """)
        var antecedents = false

        @Option(help: """
            With --antecedents: the evidence to weigh, comma-separated names or name prefixes \
            (default: SpeakerModel.antecedentFeatures).
            """)
        var features: String?

        /// The evidence the antecedent fit may weigh.
        private var antecedentEvidence: Set<SpeakerEvidence> {
            guard let features else { return SpeakerModel.antecedentFeatures }
            let wanted = features.split(separator: ",").map(String.init)
            return Set(SpeakerEvidence.all.filter { e in
                wanted.contains { e.name == $0 || e.name.hasPrefix($0 + ":") } })
        }

        public init() {}

        public func validate() throws {
            guard passes >= 1 else { throw ValidationError("Please give --passes a value of at least 1.") }
        }

        public func run() throws {
            let corpora = ["litbank", "gum"]
            let parts = ["look", "score-only"]
            var byPart: [String: [String: [SpeakerFitting.Example]]] = [:]
            for part in parts {
                for corpus in corpora { byPart[part, default: [:]][corpus] = try examples(corpus: corpus, part: part) }
            }
            let only = antecedents ? antecedentEvidence : nil
            let fitted = SpeakerFitting.fit(corpora.flatMap { byPart["look"]![$0]! }, passes: passes, only: only)
            if antecedents { printLeaveOneSetOut(byPart, corpora: corpora) }
            for part in parts {
                StandardStreams.writeLine("\(part): named speakers the scored choice decides, right (surname match)")
                for corpus in corpora {
                    let examples = byPart[part]![corpus]!
                    StandardStreams.writeLine(
                        Self.line("\(corpus) ordered steps", SpeakerFitting.tally(.rulesOnly, examples)))
                    StandardStreams.writeLine(Self.line("\(corpus) fitted", SpeakerFitting.tally(fitted, examples)))
                }
            }
            let text = fitted.lines.joined(separator: "\n") + "\n"
            guard let write else { return StandardStreams.write(text, fd: 1) }
            let meaning = antecedents
                ? "weight of each kind of speaker evidence in the antecedent model: the scored choice among the " +
                    "people a \"he\"/\"she\" next to a quotation may refer to (SpeakerModel.shippedAntecedent)"
                : "weight of each kind of speaker evidence in the scored choice of a quotation's speaker (SpeakerModel)"
            let command = antecedents ? "gleaner train-speakers --antecedents" : "gleaner train-speakers"
            let header = """
                # meaning: \(meaning)
                # format: evidence name<TAB>weight; a candidate's score is the sum of its evidence's weights
                # source: fitted by \(command) (\(passes) passes) on the look half of LitBank's attributed \
                quotations (CC BY 4.0) and of GUM's quotations with speakers annotated for this project \
                (GUM annotations: CC BY 4.0)
                # licence: same as this repository

                """
            do { try (header + text).write(toFile: write, atomically: true, encoding: .utf8) } catch {
                throw RuntimeError("Could not write \(write): \(error.localizedDescription)")
            }
            StandardStreams.writeLine("wrote \(write)")
        }

        /// Leave one set out: each set scored by the weights fitted on the other set's look half alone.
        private func printLeaveOneSetOut(_ byPart: [String: [String: [SpeakerFitting.Example]]], corpora: [String]) {
            StandardStreams.writeLine("leave one set out: fitted on one set's look half, scored on the other's halves")
            for held in corpora {
                let fittedOn = corpora.filter { $0 != held }
                let model = SpeakerFitting.fit(fittedOn.flatMap { byPart["look"]![$0]! }, passes: passes,
                                               only: antecedentEvidence)
                for part in byPart.keys.sorted() {
                    let examples = byPart[part]![held]!
                    let label = held + (part == "look" ? " look" : " s-only")
                    StandardStreams.writeLine(Self.line(label + " steps", SpeakerFitting.tally(.rulesOnly, examples)))
                    StandardStreams.writeLine(Self.line(label + " fitted", SpeakerFitting.tally(model, examples)))
                }
            }
        }

        /// The examples of every document of `corpus` in `part`, in file-name order.
        private func examples(corpus: String, part: String) throws -> [SpeakerFitting.Example] {
            let goldRoot = URL(fileURLWithPath: cache + "/gold")
            guard FileManager.default.fileExists(atPath: goldRoot.appendingPathComponent(corpus).path) else {
                throw RuntimeError(
                    "There is no \(goldRoot.path)/\(corpus): run scripts/eval first "
                        + "(it maps the train sets into its cache).")
            }
            var out: [SpeakerFitting.Example] = []
            try EvalCacheDocuments.forEach(
                goldRoot: goldRoot, articleRoot: URL(fileURLWithPath: cache + "/articles"), sets: [corpus], part: part
            ) { document in
                guard let quotes = document.gold["quotes"] as? [[String: Any]], !quotes.isEmpty else { return }
                let goldQuotes = quotes.compactMap { q -> SpeakerFitting.GoldQuote? in
                    guard let s = q["start"] as? Int, let e = q["end"] as? Int else { return nil }
                    let names = q["speaker_names"] as? [String] ?? []
                    return SpeakerFitting.GoldQuote(start: s, end: e, speakerNames: names)
                }
                out += SpeakerFitting.examples(text: document.text, gold: goldQuotes,
                                                for: antecedents ? .antecedent : .context)
            }
            return out
        }

        private static func line(_ label: String, _ t: (decided: Int, right: Int, reachable: Int)) -> String {
            let ratio = t.decided == 0 ? "  -  " : String(format: "%.3f", Double(t.right) / Double(t.decided))
            return "  \(label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(ratio) of \(t.decided) "
                + "(right speaker among the candidates: \(t.reachable))"
        }
    }
}
