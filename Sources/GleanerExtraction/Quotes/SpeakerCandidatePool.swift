/// A possible speaker of one quotation, with the evidence for it. `name` nil is the null
/// candidate: the quotation has no speaker.
public struct SpeakerCandidate: Sendable, Equatable {
    public var name: String?
    public var evidence: [SpeakerEvidence]
    /// The rules of the first proposal (a search step and how it resolved), for `--explain`.
    public var rules: [RuleID]
}

/// What the speaker search carries from one quotation to the next: the speakers the ordered
/// steps found (the scored choice does not feed back, so each quotation's candidates depend on
/// the text alone, as in training).
struct SpeakerTurns {
    /// The current speaker and the paragraph of the quotation that gave it.
    var last: (name: String, paragraph: Int)?
    /// The speaker before the current one, when they differ.
    var beforeLast: String?
    /// The previous quotation.
    var previousSite: QuoteSite?
    /// Everyone who spoke a quotation so far.
    var spoken: Set<String> = []

    mutating func advance(_ site: QuoteSite, speaker: String?) {
        if let s = speaker {
            spoken.insert(s)
            if let l = last?.name, l != s { beforeLast = l }
            last = (s, site.paragraph)
        }
        previousSite = site
    }
}

/// The candidates of one quotation in the order they were proposed, one per name; the null
/// candidate last. Evidence is added as proposals come in, then completed by
/// `QuoteContext.completeEvidence`.
struct CandidatePool {
    private(set) var candidates: [SpeakerCandidate] = []
    private var indexByName: [String: Int] = [:]

    init() { candidates.append(SpeakerCandidate(name: nil, evidence: [.noSpeaker(.bias)], rules: [])) }

    /// Adds `evidence` and the proposing rules to the candidate named `name` (nil: no speaker),
    /// creating it on first proposal.
    mutating func propose(_ name: String?, by rules: [RuleID], _ evidence: SpeakerEvidence...) {
        let i: Int
        if let name {
            if let known = indexByName[name] { i = known } else {
                i = candidates.count
                indexByName[name] = i
                candidates.append(SpeakerCandidate(name: name, evidence: [], rules: rules))
            }
        } else { i = 0 }
        for e in evidence + rules.map({ .proposedBy($0) }) where !candidates[i].evidence.contains(e) {
            candidates[i].evidence.append(e)
        }
        if candidates[i].rules.isEmpty { candidates[i].rules = rules }
    }

    mutating func add(_ evidence: SpeakerEvidence, to i: Int) {
        if !candidates[i].evidence.contains(evidence) { candidates[i].evidence.append(evidence) }
    }

    /// The candidates, the null candidate moved last.
    var ordered: [SpeakerCandidate] { Array(candidates.dropFirst()) + [candidates[0]] }
}

/// Proposing candidates: every search step on its own (not only the first that matches), the
/// current and the previous speaker, the people addressed in the previous quotation, and the
/// people and organisations named near the quotation.
extension QuoteContext {
    /// Names proposed from the text around a quotation, nearest first: at most this many before it
    /// (this paragraph and the previous one) and after it (this paragraph).
    static let nearbyNamesBefore = 6
    static let nearbyNamesAfter = 3
    /// Tokens after a quotation searched for names, and spans visited before it.
    static let nearbyTokensAfter = 30
    static let nearbySpansVisited = 40

    /// The candidates for `site`, given the ordered search's answer `rules`.
    func speakerCandidates(_ site: QuoteSite, kind: QuoteKind, rules: Attribution,
                           turns: SpeakerTurns) -> [SpeakerCandidate] {
        var pool = CandidatePool()
        let q = SpeakerQuery(pos: site.span.open, lastSpeaker: turns.last?.name)
        pool.propose(rules.speaker, by: rules.rules, .rulesChoice)
        var after = Attribution(), before = Attribution(), end = Attribution()
        speakerAfterQuote(site, q, into: &after)
        speakerBeforeQuote(site, q, into: &before)
        speakerAtSentenceEnd(site, q, into: &end)
        for a in [after, before, end] where a.speaker != nil { pool.propose(a.speaker, by: a.rules) }
        if let rs = reportedSpeaker(before: site.qa, q.lastSpeaker) {
            pool.propose(rs.name, by: [.speakerReportedSpeech, rs.via])
        }
        if let last = turns.last { pool.propose(last.name, by: [.speakerContinuesParagraph], .currentSpeaker) }
        if let b = turns.beforeLast { pool.propose(b, by: [.speakerTurnTaking], .turnBeforeLast) }
        if let prev = turns.previousSite {
            for name in peopleNamed(inside: prev) {
                pool.propose(name, by: [.speakerAddressee], .addressedInPreviousQuote)
            }
        }
        for name in namesNear(site) { pool.propose(name, by: [.speakerNearbyName]) }
        let cue = rules.cue ?? after.cue ?? before.cue
        return completeEvidence(pool, site, kind: kind, hasCue: cue != nil, spoken: turns.spoken)
    }

    /// People named inside a quotation ("Yes, Holmes, …").
    private func peopleNamed(inside site: QuoteSite) -> [String] {
        var names: [String] = []
        var i = Self.lowerBound(spanStarts, site.span.start)
        while i < spans.count, tokens[spans[i].first].start < site.span.end, names.count < 2 {
            if let e = entityOf(i), e.type == .person, !names.contains(e.name) { names.append(e.name) }
            i += 1
        }
        return names
    }

    /// People and organisations named outside quotations near `site`, nearest first: before it
    /// in its paragraph and the previous one, then after it in its paragraph.
    private func namesNear(_ site: QuoteSite) -> [String] {
        var before: [String] = [], after: [String] = []
        var i = Self.lowerBound(spanStarts, site.span.open) - 1, visited = 0
        while i >= 0, visited < Self.nearbySpansVisited, before.count < Self.nearbyNamesBefore {
            defer { i -= 1; visited += 1 }
            if tokens[spans[i].first].paragraph < site.paragraph - 1 { break }
            if let name = speakerName(ofSpan: i), !before.contains(name) { before.append(name) }
        }
        i = Self.lowerBound(spanStarts, site.span.end)
        while i < spans.count, after.count < Self.nearbyNamesAfter {
            defer { i += 1 }
            let first = spans[i].first
            if tokens[first].paragraph != site.paragraph || first - site.qb > Self.nearbyTokensAfter { break }
            if let name = speakerName(ofSpan: i), !after.contains(name) { after.append(name) }
        }
        return before + after
    }

    /// The name of a span's person or organisation, unless the span lies inside a quotation or
    /// is a possessor ("the club's decision").
    private func speakerName(ofSpan i: Int) -> String? {
        guard let e = entityOf(i), e.type == .person || e.type == .org, !inQuote[spans[i].first],
              !isPossessive(spans[i].last + 1) else { return nil }
        return e.name
    }
}
