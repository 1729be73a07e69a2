// Fits the speaker-choice weights (Lexicon/Data/speaker-weights.txt) to the openly licensed
// quotations scripts/eval maps into its cache: LitBank's attributed quotations and GUM's
// quotations with the speakers annotated for this project (scripts/eval_harness/data). Only the
// look half is fitted on; the score-only half is printed beside it and judged by scripts/eval.
//
// usage: gleaner-fit-speakers [--cache DIR] [--passes N] [--write FILE]
import Foundation
import GleanerExtraction

struct Options {
    var cache = ".build/eval"
    var passes = 10
    var write: String?

    init(_ args: [String]) {
        var i = 0
        while i < args.count {
            let value = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--cache": cache = value
            case "--passes": passes = Int(value) ?? passes
            case "--write": write = value
            default: fail("unknown argument \(args[i]) (usage: gleaner-fit-speakers [--cache DIR] [--passes N] "
                + "[--write FILE])")
            }
            i += 2
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gleaner-fit-speakers: \(message)\n".utf8))
    exit(1)
}

/// The examples of every document of `corpus` in `part`, in file-name order.
func examples(cache: String, corpus: String, part: String) -> [SpeakerFitting.Example] {
    let folder = cache + "/gold/" + corpus
    guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
        fail("no \(folder): run scripts/eval first (it maps the train sets into its cache)")
    }
    var out: [SpeakerFitting.Example] = []
    for file in files.filter({ $0.hasSuffix(".json") }).sorted() {
        guard let data = FileManager.default.contents(atPath: folder + "/" + file),
              let gold = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              gold["part"] as? String == part, let quotes = gold["quotes"] as? [[String: Any]], !quotes.isEmpty,
              let path = gold["file"] as? String,
              let text = try? String(contentsOfFile: cache + "/articles/" + path, encoding: .utf8) else { continue }
        let goldQuotes = quotes.compactMap { q -> SpeakerFitting.GoldQuote? in
            guard let s = q["start"] as? Int, let e = q["end"] as? Int else { return nil }
            return SpeakerFitting.GoldQuote(start: s, end: e, speakerNames: q["speaker_names"] as? [String] ?? [])
        }
        out += SpeakerFitting.examples(text: text, gold: goldQuotes)
    }
    return out
}

func line(_ label: String, _ t: (decided: Int, right: Int, reachable: Int)) -> String {
    let ratio = t.decided == 0 ? "  -  " : String(format: "%.3f", Double(t.right) / Double(t.decided))
    return "  \(label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(ratio) of \(t.decided) "
        + "(right speaker among the candidates: \(t.reachable))"
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let corpora = ["litbank", "gum"]
let parts = ["look", "score-only"]
var byPart: [String: [String: [SpeakerFitting.Example]]] = [:]
for part in parts {
    for corpus in corpora {
        byPart[part, default: [:]][corpus] = examples(cache: options.cache, corpus: corpus, part: part)
    }
}
let fitted = SpeakerFitting.fit(corpora.flatMap { byPart["look"]![$0]! }, passes: options.passes)
for part in parts {
    print("\(part): named speakers the scored choice decides, right (surname match)")
    for corpus in corpora {
        print(line("\(corpus) ordered steps", SpeakerFitting.tally(.rulesOnly, byPart[part]![corpus]!)))
        print(line("\(corpus) fitted", SpeakerFitting.tally(fitted, byPart[part]![corpus]!)))
    }
}
let text = fitted.lines.joined(separator: "\n") + "\n"
if let path = options.write {
    let header = """
        # meaning: weight of each kind of speaker evidence in the scored choice of a quotation's speaker (SpeakerModel)
        # format: evidence name<TAB>weight; a candidate's score is the sum of its evidence's weights
        # source: fitted by gleaner-fit-speakers (\(options.passes) passes) on the look half of LitBank's attributed \
        quotations (CC BY 4.0) and of GUM's quotations with speakers annotated for this project \
        (GUM annotations: CC BY 4.0)
        # licence: same as this repository

        """
    do {
        try (header + text).write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        fail("\(path): \(error)")
    }
    print("wrote \(path)")
} else {
    print(text, terminator: "")
}
