/// Fitting `SpeakerModel`'s weights to quotations whose speakers are known (the tool
/// `gleaner train-speakers`): an averaged ranking perceptron over the candidates the extractor
/// proposes, starting from `SpeakerModel.rulesOnly`, visiting the quotations in the order given
/// for a fixed number of passes. No randomness: the same examples give the same weights.
public enum SpeakerFitting {
    /// A quotation annotated with its speaker: the scalar offsets of its span (marks included
    /// or not: quotations pair by overlap) and the speaker's names (empty: no named speaker).
    public struct GoldQuote: Sendable {
        public var start: Int
        public var end: Int
        public var speakerNames: [String]

        public init(start: Int, end: Int, speakerNames: [String]) {
            self.start = start; self.end = end; self.speakerNames = speakerNames
        }
    }

    /// One quotation the extractor found and paired with a gold one: its candidates and which of
    /// them are right (empty when none is: the example can be scored but not learned from).
    public struct Example: Sendable {
        public var candidates: [SpeakerCandidate]
        public var correct: Set<Int>
        /// Whether the gold quotation has a named speaker.
        public var named: Bool
    }

    /// Which scored choice the examples are for: the context model's (every named candidate,
    /// where the ordered steps answered from the context) or the antecedent model's (the people,
    /// where the ordered steps resolved a "he"/"she").
    public enum Choice: Sendable { case context, antecedent }

    /// The examples of one article: each gold quotation paired with the extracted quotation
    /// overlapping it most (one to one, largest overlap first, as scripts/eval pairs them).
    public static func examples(text: String, gold: [GoldQuote], for choice: Choice = .context) -> [Example] {
        let x = ArticleExtractor().extract(text, options: ExtractionOptions(explain: true))
        guard let quotes = x.explanation?.quotes, !quotes.isEmpty else { return [] }
        var pairs: [(overlap: Int, gold: Int, ours: Int)] = []
        for (g, gq) in gold.enumerated() {
            for (o, q) in x.quotes.enumerated() {
                let overlap = min(gq.end, q.end) - max(gq.start, q.start)
                if overlap > 0 { pairs.append((overlap, g, o)) }
            }
        }
        pairs.sort { ($0.overlap, $0.gold, $0.ours) > ($1.overlap, $1.gold, $1.ours) }
        var goldUsed = Set<Int>(), oursUsed = Set<Int>(), matched: [(gold: Int, ours: Int)] = []
        for p in pairs where !goldUsed.contains(p.gold) && !oursUsed.contains(p.ours) {
            goldUsed.insert(p.gold); oursUsed.insert(p.ours); matched.append((p.gold, p.ours))
        }
        return matched.sorted { $0.ours < $1.ours }.map { m in
            let candidates = decidedCandidates(quotes[m.ours], choice)
            let names = gold[m.gold].speakerNames
            let correct = candidates.indices.filter { i in
                guard let name = candidates[i].name else { return names.isEmpty }
                return !names.isEmpty && surnameMatch(name, names)
            }
            return Example(candidates: candidates, correct: Set(correct), named: !names.isEmpty)
        }
    }

    /// The candidates the scored choice `choice` weighs for a quotation (none when it does not
    /// decide it; `SpeakerModel.decision`, as in extraction).
    private static func decidedCandidates(_ q: Explanation.QuoteRules, _ choice: Choice) -> [SpeakerCandidate] {
        guard let decided = SpeakerModel.decision(q.candidates.map(\.candidate)), decided.choice == choice else {
            return []
        }
        return decided.pool
    }

    /// scripts/eval's speaker agreement: equal after normalising, or one ends with the other's
    /// last word ("Holmes" and "Sherlock Holmes").
    public static func surnameMatch(_ ours: String, _ names: [String]) -> Bool {
        let sp = normalised(ours)
        guard let last = sp.split(separator: " ").last else { return false }
        return names.map(normalised).contains { g in
            guard let gLast = g.split(separator: " ").last else { return false }
            return g == sp || g.hasSuffix(String(last)) || sp.hasSuffix(String(gLast))
        }
    }

    private static func normalised(_ s: String) -> String {
        var words = ScalarText.lowercased(s).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        if words.first == "the" { words.removeFirst() }
        var out = words.joined(separator: " ")
        for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] where out.hasSuffix(suffix) {
            out.removeLast(suffix.count); break
        }
        return out
    }

    /// The averaged weights after `passes` passes over `examples`: whenever the best-scored
    /// candidate is not a right one, the best-scored right one's evidence gains 1 and the
    /// wrong choice's loses 1.
    /// With `only`, evidence outside it keeps weight 0.
    public static func fit(_ examples: [Example], passes: Int, only: Set<SpeakerEvidence>? = nil) -> SpeakerModel {
        let learns = SpeakerEvidence.all.map { only?.contains($0) ?? true }
        var model = SpeakerModel.rulesOnly
        var sum = [Double](repeating: 0, count: model.weights.count)
        var visits = 0.0
        for _ in 0..<passes {
            for ex in examples where !ex.correct.isEmpty {
                if let chosen = model.best(ex.candidates), !ex.correct.contains(chosen) {
                    let right = ex.correct.sorted().max {
                        model.score(ex.candidates[$0]) < model.score(ex.candidates[$1]) }!
                    for e in ex.candidates[right].evidence where learns[e.index] { model.weights[e.index] += 1 }
                    for e in ex.candidates[chosen].evidence where learns[e.index] { model.weights[e.index] -= 1 }
                }
                for i in sum.indices { sum[i] += model.weights[i] }
                visits += 1
            }
        }
        return visits > 0 ? SpeakerModel(weights: sum.map { $0 / visits }) : model
    }

    /// Of the examples with a named speaker that the scored choice decides (the ordered steps
    /// found a speaker): how many there are, how many `model` gets right, and how many have the
    /// right speaker among their candidates.
    public static func tally(_ model: SpeakerModel, _ examples: [Example]) -> (decided: Int, right: Int,
                                                                                reachable: Int) {
        var t = (decided: 0, right: 0, reachable: 0)
        for ex in examples where ex.named && !ex.candidates.isEmpty {
            t.decided += 1
            t.reachable += ex.correct.isEmpty ? 0 : 1
            t.right += model.best(ex.candidates).map(ex.correct.contains) == true ? 1 : 0
        }
        return t
    }
}
