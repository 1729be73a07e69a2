import Foundation

/// Labelled examples for the learned span typer from the evaluation harness's mapped training
/// sets (`scripts/eval` writes them to `.build/eval`: `gold/<set>/<doc>.json` beside
/// `articles/<set>/<doc>.txt`). Each candidate the rules leave without a strong verdict is
/// labelled with the gold type of its text in that document, "not a name" when the gold does not
/// list it, or left out when the gold cannot settle it (its `not_scored` texts; on sets that
/// annotate no MISC, anything the gold does not list).
public struct SpanTyperCorpus {
    /// Sets whose gold marks no MISC names: an unlisted candidate there may be MISC, so it is
    /// not taught as "not a name".
    public static let setsWithoutMisc: Set<String> = ["uner_ewt"]

    public struct Options {
        /// Only documents of this half (`look` or `score-only`); nil: both.
        public var part: String?
        /// Sets left out (leave-one-corpus-out).
        public var excludedSets: Set<String>

        public init(part: String? = "look", excludedSets: Set<String> = []) {
            self.part = part; self.excludedSets = excludedSets
        }
    }

    public struct Summary: Equatable {
        public var documents = 0
        public var examples = 0
        public var byLabel: [String: Int] = [:]
    }

    public let goldRoot: URL
    public let articleRoot: URL

    public init(goldRoot: URL, articleRoot: URL) { self.goldRoot = goldRoot; self.articleRoot = articleRoot }

    /// The examples of every selected document, documents in path order, candidates in text order.
    public func examples(_ options: Options) throws
        -> (examples: [(features: [String], label: SpanTyperModel.Label)], summary: Summary) {
        var out: [(features: [String], label: SpanTyperModel.Label)] = []
        var summary = Summary()
        let sets = try FileManager.default.contentsOfDirectory(atPath: goldRoot.path).sorted()
            .filter { !options.excludedSets.contains($0) }
        try EvalCacheDocuments.forEach(goldRoot: goldRoot, articleRoot: articleRoot, sets: sets, part: options.part) {
            document in
            summary.documents += 1
            for e in label(SpanTyperTraining.candidates(in: document.text), gold: document.gold, set: document.set) {
                out.append(e)
                summary.examples += 1
                summary.byLabel[String(describing: e.label), default: 0] += 1
            }
        }
        return (out, summary)
    }

    private func label(_ candidates: [SpanTyperTraining.Candidate], gold: [String: Any], set: String)
        -> [(features: [String], label: SpanTyperModel.Label)] {
        var types: [String: SpanTyperModel.Label] = [:]
        for e in gold["entities"] as? [[String: Any]] ?? [] {
            guard let text = e["text"] as? String, let type = (e["type"] as? String)
                .flatMap(SpanTyperModel.Label.init(goldType:)) else { continue }
            let key = Self.normalised(text)
            if types[key] == nil { types[key] = type }
        }
        let unsettled = Set((gold["not_scored"] as? [String] ?? []).map(Self.normalised))
        var out: [(features: [String], label: SpanTyperModel.Label)] = []
        for c in candidates {
            let key = Self.normalised(c.text)
            if let type = types[key] { out.append((c.features, type)); continue }
            if unsettled.contains(key) || Self.setsWithoutMisc.contains(set) { continue }
            out.append((c.features, .notAName))
        }
        return out
    }

    /// The scorer's normalisation: straight quotes, one space, no leading "the", no trailing 's.
    static func normalised(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
        t = t.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        if t.hasPrefix("the ") || t.hasPrefix("The ") { t.removeFirst(4) }
        if t.hasSuffix("'s") { t.removeLast(2) } else if t.hasSuffix("'") { t.removeLast() }
        return t
    }
}
