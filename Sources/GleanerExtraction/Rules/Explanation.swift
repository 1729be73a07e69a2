/// Why extraction found what it found (`gleaner extract --explain`): for each name its type
/// and, for each mention, the named rules that shaped, typed and linked it; for each quotation
/// the rules that found its speaker; for each date the pattern that matched.
public struct Explanation: Sendable, Equatable {
    public struct Name: Sendable, Equatable {
        public var name: String
        public var type: EntityType
        public var mentions: [MentionRules]
        /// Rules that changed the whole entity after quotations were read.
        public var entityRules: [RuleID]
    }

    public struct MentionRules: Sendable, Equatable {
        public var text: String
        public var start: Int
        public var rules: [RuleID]
    }

    public struct QuoteRules: Sendable, Equatable {
        public var text: String
        public var start: Int
        public var speaker: String?
        public var rules: [RuleID]
        /// The speaker candidates the scored choice weighed, in the order they were proposed.
        public var candidates: [ScoredCandidate] = []
    }

    /// A speaker candidate and its score under the shipped weights.
    public struct ScoredCandidate: Sendable, Equatable {
        public var candidate: SpeakerCandidate
        public var score: Double
    }

    /// Candidates `text` shows for each quotation, best first.
    static let candidatesShown = 3

    public struct DateRules: Sendable, Equatable {
        public var text: String
        public var start: Int
        public var value: String?
        public var rule: RuleID
    }

    public var names: [Name] = []
    public var quotes: [QuoteRules] = []
    public var dates: [DateRules] = []

    /// Every rule recorded for a name.
    public func rules(forName name: String) -> [RuleID] {
        names.filter { $0.name == name }.flatMap { $0.mentions.flatMap(\.rules) + $0.entityRules }
    }

    /// The explanation as text, one name, quotation or date a paragraph.
    public var text: String {
        var lines: [String] = []
        for n in names {
            let entityRules = n.entityRules.isEmpty ? "" : "  (\(Self.list(n.entityRules)))"
            lines.append("\(n.name)  \(n.type.rawValue)" + entityRules)
            for m in n.mentions { lines.append("  \(m.start)  \(m.text): \(Self.list(m.rules))") }
        }
        for q in quotes {
            let shown = q.text.count > 60 ? String(q.text.prefix(57)) + "…" : q.text
            let rules = q.rules.isEmpty ? "" : ": \(Self.list(q.rules))"
            lines.append("quote \(q.start) \"\(shown)\" → \(q.speaker ?? "no speaker")" + rules)
            // best first; the earlier proposed on ties, as the choice breaks them
            let ranked = q.candidates.enumerated().sorted {
                ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            for c in ranked.prefix(Self.candidatesShown).map(\.element) {
                let evidence = c.candidate.evidence.map(\.name).joined(separator: " ")
                let score = (c.score * 100).rounded() / 100
                lines.append("  candidate \(c.candidate.name ?? "no speaker") \(score): \(evidence)")
            }
        }
        for d in dates { lines.append("date \(d.start) \"\(d.text)\" = \(d.value ?? "no value"): \(d.rule.rawValue)") }
        return lines.joined(separator: "\n")
    }

    private static func list(_ rules: [RuleID]) -> String { rules.map(\.rawValue).joined(separator: ", ") }
}
