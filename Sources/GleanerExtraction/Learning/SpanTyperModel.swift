/// The learned span typer: a multiclass averaged perceptron over the typing rules' evidence
/// (`SpanFeatures`). It decides the type of a name candidate that no rule types strongly; strong
/// verdicts (gazetteers, head words, titles) stay with the rules. Weights are a data file
/// (`Lexicon/Data/span-typer-weights.txt`, made by `gleaner train-typer`, see
/// docs/span-typer.md) embedded at build time like the word lists.
public struct SpanTyperModel: Sendable, Equatable {
    /// What the typer can decide for a candidate.
    public enum Label: Int, CaseIterable, Sendable {
        case person, org, loc, misc, notAName

        var entityType: EntityType? {
            switch self {
            case .person: return .person
            case .org: return .org
            case .loc: return .loc
            case .misc: return .misc
            case .notAName: return nil
            }
        }

        /// The label of a type the rules give (NORP counts as MISC).
        init(_ type: EntityType) {
            switch type {
            case .person: self = .person
            case .org: self = .org
            case .loc: self = .loc
            case .misc, .norp: self = .misc
            }
        }

        /// The label of a gold type as the training sets write it (PERSON/PER, ORG, LOC, MISC).
        public init?(goldType: String) {
            switch goldType {
            case "PERSON", "PER": self = .person
            case "ORG": self = .org
            case "LOC": self = .loc
            case "MISC", "NORP": self = .misc
            default: return nil
            }
        }
    }

    /// Feature name → one weight per label (in `Label` order).
    let weights: [String: [Double]]
    /// The same weights for scoring, the labels' weights side by side in one flat array: each
    /// feature's first index in `rows` by family (`SpanFeatures.Family`) and value, probed
    /// without SipHash (`WordTable`) and without building the feature's name.
    private let familyRows: [WordTable<Int>]
    /// The rows of the rule features (`first=`, `fires=`) by rule and verdict (`ruleRowIndex`); -1 for none.
    private let ruleRows: [Int]
    private let rows: [Double]
    /// How far "not a name" must score above the best type to drop a candidate, in perceptron
    /// score units (the weights file's `margin:drop` line; none: 0).
    let dropMargin: Double
    /// How far a type must score above the rules' type to replace it (`margin:retype`; none: 0).
    let retypeMargin: Double

    public init(weights: [String: [Double]]) {
        self.weights = weights
        var starts = [[String: Int]](repeating: [:], count: SpanFeatures.Family.allCases.count)
        var flat: [Double] = []
        for (feature, w) in weights.sorted(by: { $0.key < $1.key }) {
            if let (family, value) = SpanFeatures.Family.split(feature) {
                starts[family.rawValue][String(value)] = flat.count
            }
            flat += w
        }
        familyRows = starts.map { WordTable($0) }; rows = flat
        ruleRows = Self.ruleRows(starts)
        dropMargin = weights["margin:drop"]?.first ?? 0
        retypeMargin = weights["margin:retype"]?.first ?? 0
    }

    /// The families whose rows `ruleRows` holds by rule and verdict.
    private static let ruleFamilies: [SpanFeatures.Family] = [.first, .fires]

    /// Where the row of `family`'s feature for `TypingRules.ordered[rule]` and a verdict (its
    /// `SpanFeatures.verdictCode`) sits in `ruleRows`; nil for a family not kept there.
    private static func ruleRowIndex(_ family: SpanFeatures.Family, rule: Int, verdict code: Int) -> Int? {
        guard let f = ruleFamilies.firstIndex(of: family) else { return nil }
        return (f * TypingRules.ordered.count + rule) * SpanFeatures.verdictCodes + code
    }

    /// Whether the weights hold a `first=` feature for this rule and verdict: false when no training
    /// example was decided first by it (a rule added after the weights were trained).
    func knowsFirstRule(_ rule: RuleID, _ verdict: TypeVerdict) -> Bool {
        guard let k = TypingRules.ordered.firstIndex(where: { $0.id == rule }),
              let index = Self.ruleRowIndex(.first, rule: k, verdict: SpanFeatures.verdictCode(verdict)) else {
            return familyRows[SpanFeatures.Family.first.rawValue][SpanFeatures.ruleValue(rule, verdict)] != nil
        }
        return ruleRows[index] >= 0
    }

    private static func ruleRows(_ starts: [[String: Int]]) -> [Int] {
        var verdicts: [TypeVerdict] = [.notAName]
        for type in EntityType.allCases {
            for strength in [TypeStrength.guess, .plain, .contextual, .strong] {
                verdicts.append(.name(type, strength, country: nil))
            }
        }
        var table = [Int](repeating: -1,
                          count: ruleFamilies.count * TypingRules.ordered.count * SpanFeatures.verdictCodes)
        for family in ruleFamilies {
            for (k, rule) in TypingRules.ordered.enumerated() {
                for v in verdicts {
                    guard let row = starts[family.rawValue][SpanFeatures.ruleValue(rule.id, v)] else { continue }
                    table[ruleRowIndex(family, rule: k, verdict: SpanFeatures.verdictCode(v))!] = row
                }
            }
        }
        return table
    }

    /// Two models are equal when their weights are (the lookup tables follow from them).
    public static func == (lhs: SpanTyperModel, rhs: SpanTyperModel) -> Bool { lhs.weights == rhs.weights }

    /// The embedded model, parsed once.
    public static let embedded: SpanTyperModel = (try? SpanTyperModel(parsing: LexiconData.spanTyperWeights))
        ?? SpanTyperModel(weights: [:])

    /// The scores of each label (in `Label` order) for a candidate's features, by name.
    func scores(_ features: [String]) -> [Double] {
        var scorer = Scorer(self)
        for f in features {
            if let (family, value) = SpanFeatures.Family.split(f) { scorer.add(family, String(value)) }
        }
        return scorer.scores
    }

    /// Adds up the weights of a candidate's features as `SpanFeatures.emit` sends them: the
    /// same sums, in the same order, as `scores` of their names.
    struct Scorer: SpanFeatureSink {
        private let model: SpanTyperModel
        /// Each label's score so far, in `Label` order.
        private(set) var scores = [Double](repeating: 0, count: Label.allCases.count)

        init(_ model: SpanTyperModel) { self.model = model }

        mutating func add(_ family: SpanFeatures.Family, _ value: String) {
            if let start = model.familyRows[family.rawValue][value] { add(row: start) }
        }

        mutating func add(_ family: SpanFeatures.Family, rule: Int, _ verdict: TypeVerdict) {
            let code = SpanFeatures.verdictCode(verdict)
            guard let index = SpanTyperModel.ruleRowIndex(family, rule: rule, verdict: code) else {
                return add(family, SpanFeatures.ruleValue(TypingRules.ordered[rule].id, verdict))
            }
            if model.ruleRows[index] >= 0 { add(row: model.ruleRows[index]) }
        }

        private mutating func add(row start: Int) {
            for k in scores.indices { scores[k] += model.rows[start + k] }
        }
    }

    /// The highest-scoring label; a tie goes to the label listed first.
    public func predict(_ features: [String]) -> Label {
        let s = scores(features)
        var best = 0
        for k in s.indices where s[k] > s[best] { best = k }
        return Label(rawValue: best)!
    }

    /// The decision for a candidate the rules typed `ruled`, given its label scores (`Scorer`):
    /// the best type, unless it beats the rules' type by less than `retypeMargin`; "not a name"
    /// when it beats the best type by more than `dropMargin`.
    func decide(_ s: [Double], ruled: EntityType) -> Label {
        var best = 0
        for k in s.indices.dropLast() where s[k] > s[best] { best = k }
        if s[Label.notAName.rawValue] > s[best] + dropMargin { return .notAName }
        let kept = Label(ruled)
        return s[best] > s[kept.rawValue] + retypeMargin ? Label(rawValue: best)! : kept
    }

    /// The shipped drop margin, in perceptron score units: the typer drops a name the rules keep
    /// only when "not a name" outscores every type by this much (docs/span-typer.md, "Margins").
    public static let shippedDropMargin = 15.0
    /// The shipped retype margin, in perceptron score units: a type replaces the rules' type only
    /// when it outscores it by this much.
    public static let shippedRetypeMargin = 8.0


    /// Lines `feature<TAB>w0 w1 w2 w3 w4`, sorted by feature, weights with 6 decimals: the same
    /// model always gives the same text.
    public func serialized() -> String {
        var out = ""
        for f in weights.keys.sorted() {
            out += f + "\t" + weights[f]!.map { Self.format($0) }.joined(separator: " ") + "\n"
        }
        return out
    }

    /// A fixed-point rendering that does not depend on the platform's float printing.
    static func format(_ x: Double) -> String {
        let micro = Int((x * 1_000_000).rounded())
        let sign = micro < 0 ? "-" : ""
        let m = abs(micro)
        let frac = String(m % 1_000_000)
        return sign + String(m / 1_000_000) + "." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `serialized()` text; `#` lines (the header) are skipped.
    public init(parsing text: String) throws {
        var w: [String: [Double]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t")
            let values = cols.count == 2 ? cols[1].split(separator: " ").compactMap { Double($0) } : []
            guard values.count == Label.allCases.count else {
                throw ParseError(description: "span typer weights: bad line '\(line.prefix(80))'")
            }
            w[String(cols[0])] = values
        }
        self.init(weights: w)
    }
}

/// Trains a `SpanTyperModel`: the multiclass perceptron, averaged over every step (Collins
/// 2002), visiting the examples in the given order each epoch, or, with a shuffle seed, in an order
/// drawn anew each epoch from that seed. Either way the same examples and seed give the same weights.
public struct AveragedPerceptron {
    /// Passes over the examples.
    public var epochs: Int
    /// A feature seen in fewer training examples than this gets no weight (keeps the file small).
    public var minimumCount: Int
    /// Seed of the per-epoch visiting order; nil visits the examples in the order given.
    public var shuffleSeed: UInt64?

    public init(epochs: Int = 8, minimumCount: Int = 2, shuffleSeed: UInt64? = nil) {
        self.epochs = epochs; self.minimumCount = minimumCount; self.shuffleSeed = shuffleSeed
    }

    public func train(_ examples: [(features: [String], label: SpanTyperModel.Label)]) -> SpanTyperModel {
        var counts: [String: Int] = [:]
        for e in examples { for f in Set(e.features) { counts[f, default: 0] += 1 } }
        let kept = counts.keys.filter { counts[$0]! >= minimumCount }.sorted()
        var index: [String: Int] = [:]
        for (i, f) in kept.enumerated() { index[f] = i }
        let labels = SpanTyperModel.Label.allCases.count
        var w = [Double](repeating: 0, count: kept.count * labels)
        // sum of (step at update) * delta, for averaging without touching every weight each step
        var stamped = w
        var step = 1.0
        let rows = examples.map { e in (e.features.compactMap { index[$0] }, e.label.rawValue) }
        var order = Array(rows.indices)
        var generator = shuffleSeed.map { SplitMix64(seed: $0) }
        for _ in 0..<epochs {
            generator?.shuffle(&order)
            for (fs, gold) in order.map({ rows[$0] }) {
                var scores = [Double](repeating: 0, count: labels)
                for f in fs { for k in 0..<labels { scores[k] += w[f * labels + k] } }
                var guess = 0
                for k in 1..<labels where scores[k] > scores[guess] { guess = k }
                if guess != gold {
                    for f in fs {
                        w[f * labels + gold] += 1; stamped[f * labels + gold] += step
                        w[f * labels + guess] -= 1; stamped[f * labels + guess] -= step
                    }
                }
                step += 1
            }
        }
        var weights: [String: [Double]] = [:]
        for (f, i) in index {
            let avg = (0..<labels).map { k in w[i * labels + k] - stamped[i * labels + k] / step }
            if avg.contains(where: { abs($0) >= 0.000_001 }) { weights[f] = avg }
        }
        return SpanTyperModel(weights: weights)
    }
}

extension SplitMix64 {
    /// Shuffles `items` in place (Fisher–Yates) with this generator's numbers, written out here so
    /// that the order does not depend on the standard library's shuffling algorithm.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(next() % UInt64(i + 1)))
        }
    }
}

extension SpanTyperModel {
    public var featureCount: Int { weights.count }

    /// The mean of several models' weights (a feature a model lacks counts as zero there): the
    /// perceptrons of several shuffle seeds, averaged to reduce the variance of one training order.
    public static func averaged(_ models: [SpanTyperModel]) -> SpanTyperModel {
        var sum: [String: [Double]] = [:]
        for m in models {
            for (f, v) in m.weights {
                let old = sum[f] ?? [Double](repeating: 0, count: v.count)
                sum[f] = zip(old, v).map { $0 + $1 }
            }
        }
        let n = Double(max(models.count, 1))
        return SpanTyperModel(weights: sum.mapValues { $0.map { $0 / n } })
    }

    /// The same weights with the decision margins (`decide`) stored as `margin:` lines.
    public func withMargins(drop: Double, retype: Double) -> SpanTyperModel {
        var w = weights
        w["margin:drop"] = [drop, 0, 0, 0, 0]
        w["margin:retype"] = [retype, 0, 0, 0, 0]
        return SpanTyperModel(weights: w)
    }

    /// The data file header (`meaning`, `source`, `licence`, as every list in Lexicon/Data).
    public static func header(sets: String, part: String, epochs: Int, documents: Int, examples: Int) -> String {
        """
        # meaning: weights of the learned span typer (averaged perceptron; see docs/span-typer.md)
        # format: feature, tab, weights for PERSON ORG LOC MISC not-a-name, space-separated
        # source: trained by `gleaner train-typer` on the \(part) half of \(sets) (\(documents) documents, \
        \(examples) examples, \(epochs) epochs): GUM (Zeldes 2017), Wikigold (Balasuriya et al. 2009), \
        Universal NER English-EWT (Mayhew et al. 2024), LitBank (Bamman et al. 2019-2020)
        # licence: trained on CC BY 4.0 annotations (GUM, Wikigold, LitBank) and CC BY-SA 4.0 (UNER); \
        see docs/span-typer.md for attribution

        """
    }
}
