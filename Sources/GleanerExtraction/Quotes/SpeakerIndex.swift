/// Document-wide answers the speaker search asks for every quote ("the last person named
/// before here", "the person whose role ends in 'spokesman'", "the organisation named most so
/// far"), computed once per article so each answer costs a lookup instead of a pass over the
/// article's names. Every answer is exactly what that pass would give.
struct SpeakerIndex {
    /// Per span: the nearest span at or before it (by start) that names a person, or -1;
    /// likewise an organisation, and a person whose given name fits "he" / "she".
    private let previousPerson: [Int]
    private let previousOrg: [Int]
    private let previousMaleFit: [Int]
    private let previousFemaleFit: [Int]
    /// Person mentions in text order, each with the most mentioned person up to and including it.
    private let mentionStarts: [Int]
    private let mostMentionedSoFar: [Int]
    /// Role-noun suffix ("spokesman", "minister") → the first person whose roles end with it.
    private let roleHolder: [String: Int]
    /// Lowercase word → the first organisation (in order of first mention) whose name has it,
    /// and where that organisation is first mentioned.
    private let orgByWord: [String: (entity: Int, firstStart: Int)]
    /// Organisations in order of first mention, and at each the most mentioned one so far.
    private let orgFirstStarts: [Int]
    private let busiestOrgSoFar: [Int]
    /// ISO country code → the first place entity with that code.
    private let placeByCountry: [String: Int]
    /// Per entity: whether its name fits "he", and "she" (see `genderFits`).
    private let fitsMale: [Bool]
    private let fitsFemale: [Bool]

    /// Role nouns `personWithRole(_:)` may be asked about, and the longest of them in scalars.
    static let roleVocabulary: WordSet = Lexicon.roleNouns.union(Lexicon.personNouns)
    private static let longestRoleNoun = roleVocabulary.members.map(\.unicodeScalars.count).max() ?? 0

    init(spans: [NameSpan], tokens: [Token], entities: [Entity]) {
        let fits = entities.map { e in e.type == .person ? Self.genderFits(e.name) : (male: true, female: true) }
        fitsMale = fits.map(\.male); fitsFemale = fits.map(\.female)
        // the nearest matching span at or before each span (by entity index)
        func chain(_ matches: (Int) -> Bool) -> [Int] {
            var out = [Int](repeating: -1, count: spans.count)
            var last = -1
            for i in spans.indices {
                if let e = spans[i].entity, matches(e) { last = i }
                out[i] = last
            }
            return out
        }
        previousPerson = chain { entities[$0].type == .person }
        previousOrg = chain { entities[$0].type == .org }
        previousMaleFit = chain { entities[$0].type == .person && fits[$0].male }
        previousFemaleFit = chain { entities[$0].type == .person && fits[$0].female }
        (mentionStarts, mostMentionedSoFar) = Self.mentionTally(entities)
        roleHolder = Self.roleHolders(entities)
        var byWord: [String: (entity: Int, firstStart: Int)] = [:]
        var starts: [Int] = [], busiest: [Int] = []
        var best: (mentions: Int, first: Int, entity: Int)? = nil
        for (i, e) in entities.enumerated() where e.type == .org {
            for word in e.name.split(separator: " ") {
                let lower = ScalarText.lowercased(String(word))
                if byWord[lower] == nil { byWord[lower] = (i, e.mentions[0].start) }
            }
            let candidate = (mentions: e.mentions.count, first: e.mentions[0].start, entity: i)
            if best == nil || (candidate.mentions, -candidate.first) > (best!.mentions,
                -best!.first) { best = candidate }
            starts.append(candidate.first)
            busiest.append(best!.entity)
        }
        orgByWord = byWord; orgFirstStarts = starts; busiestOrgSoFar = busiest
        var byCountry: [String: Int] = [:]
        for (i, e) in entities.enumerated() where e.type == .loc {
            if let c = e.country, byCountry[c] == nil { byCountry[c] = i }
        }
        placeByCountry = byCountry
    }

    /// Whether a person's given name fits a pronoun: a known female name never fits "he", a
    /// known male name never "she"; unknown names fit both.
    static func genderFits(_ name: String, female: Bool) -> Bool {
        let fits = genderFits(name)
        return female ? fits.female : fits.male
    }

    /// Whether a person's given name fits "he" and "she" (`genderFits(_:female:)`), from one
    /// lookup in each list.
    static func genderFits(_ name: String) -> (male: Bool, female: Bool) {
        let first = String(name[..<(name.firstIndex(of: " ") ?? name.endIndex)])
        guard !first.isEmpty else { return (true, true) }
        let isF = Lexicon.femaleNames.contains(first), isM = Lexicon.maleNames.contains(first)
        return (male: isM || !isF, female: isF || !isM)
    }

    /// Each person mention in text order, with the person mentioned most up to it (ties: the
    /// earliest first mention, then the earlier entity).
    private static func mentionTally(_ entities: [Entity]) -> (starts: [Int], leaders: [Int]) {
        var events: [(start: Int, entity: Int)] = []
        for (i, e) in entities.enumerated() where e.type == .person {
            for m in e.mentions { events.append((m.start, i)) }
        }
        events.sort { ($0.start, $0.entity) < ($1.start, $1.entity) }
        var counts = [Int](repeating: 0, count: entities.count)
        var leader = -1
        var leaders: [Int] = []
        leaders.reserveCapacity(events.count)
        for event in events {
            counts[event.entity] += 1
            if leader < 0 { leader = event.entity } else if event.entity != leader {
                let c = counts[event.entity], lc = counts[leader]
                let first = entities[event.entity].mentions[0].start, leaderFirst = entities[leader].mentions[0].start
                if c > lc || (c == lc && (first < leaderFirst || (first == leaderFirst
                    && event.entity < leader))) { leader = event.entity }
            }
            leaders.append(leader)
        }
        return (events.map(\.start), leaders)
    }

    /// For every role suffix that is a role noun, the first person whose role ends with it.
    private static func roleHolders(_ entities: [Entity]) -> [String: Int] {
        var holders: [String: Int] = [:]
        for (i, e) in entities.enumerated() where e.type == .person {
            for role in e.roles {
                let lower = Array(ScalarText.lowercased(role).unicodeScalars)
                for start in max(0, lower.count - longestRoleNoun)..<lower.count {
                    let suffix = ScalarText.string(lower, start, lower.count)
                    if holders[suffix] == nil, roleVocabulary.contains(suffix) { holders[suffix] = i }
                }
            }
        }
        return holders
    }

    /// Whether entity `entity` (a person) fits "she" (`female`) or "he".
    func fits(_ entity: Int, female: Bool) -> Bool { female ? fitsFemale[entity] : fitsMale[entity] }

    /// The first person whose roles end with `noun`, a member of `roleVocabulary`.
    func personWithRole(_ noun: String) -> Int? { roleHolder[noun] }

    enum Kind { case person, org, personFitting(female: Bool) }

    /// The span nearest before `pos` (ending at or before it) whose entity is of `kind`.
    /// `lastSpanStartingBefore` is the index of the last span that starts before `pos`.
    func nearestSpan(_ kind: Kind, lastSpanStartingBefore last: Int, ending pos: Int, spans: [NameSpan],
                     tokens: [Token]) -> Int? {
        let chain: [Int]
        switch kind {
        case .person: chain = previousPerson
        case .org: chain = previousOrg
        case .personFitting(let female): chain = female ? previousFemaleFit : previousMaleFit
        }
        var i = last >= 0 ? chain[last] : -1
        // spans that start before `pos` but run past it (a name containing `pos`) do not count
        while i >= 0 && tokens[spans[i].last].end > pos { i = i > 0 ? chain[i - 1] : -1 }
        return i >= 0 ? i : nil
    }

    /// The person with the most mentions starting before `pos` (earliest first mention on ties).
    func mostMentionedPerson(before pos: Int) -> Int? {
        let n = Self.countBelow(mentionStarts, pos)
        return n > 0 ? mostMentionedSoFar[n - 1] : nil
    }

    /// The first organisation, in order of first mention, whose name has the lowercase word
    /// `word` and that is first mentioned before `pos`.
    func organisation(withWord word: String, before pos: Int) -> Int? {
        guard let org = orgByWord[word], org.firstStart < pos else { return nil }
        return org.entity
    }

    /// The organisation with the most mentions among those first mentioned before `pos`
    /// (the earliest on ties).
    func busiestOrganisation(before pos: Int) -> Int? {
        let n = Self.countBelow(orgFirstStarts, pos)
        return n > 0 ? busiestOrgSoFar[n - 1] : nil
    }

    /// The first place entity with ISO code `country`.
    func place(inCountry country: String) -> Int? { placeByCountry[country] }

    /// Number of elements of a sorted array below `x`.
    static func countBelow(_ sorted: [Int], _ x: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
