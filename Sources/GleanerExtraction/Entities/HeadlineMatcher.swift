/// Names in headline paragraphs (title case or capitals, where capitals say nothing): runs of up
/// to four words that match a name seen in the body, a known organisation, a country, a
/// nationality, a word of a person's full name or a place, as written or title-cased
/// ("SOUTH AFRICA" → "South Africa"). Longest match first.
struct HeadlineMatcher {
    let context: ArticleContext
    private let tokens: [Token]

    /// Words in a headline name, at most.
    static let maxWords = 4

    init(_ context: ArticleContext) { self.context = context; tokens = context.tokens }

    typealias Hit = (type: EntityType, name: String, country: String?)

    /// The headline spans and their canonical names.
    func match(_ spans: [NameSpan], canonical: [String?], personTokens: [String: String]) -> (spans: [NameSpan],
        names: [String]) {
        guard context.headlineParagraphs.contains(true) else { return ([], []) }
        var surfaceType: [String: Hit] = [:]
        surfaceType.reserveCapacity(min(spans.count, ExtractionLimits.reserveAtMost))
        var surfaceStarts = Set<String>()  // first words of the multi-word surfaces
        var withoutLegalForm: [String: Hit] = [:]
        for i in spans.indices where !spans[i].isHyphenPart && !spans[i].dropped {
            let key = context.text(spans[i].first, spans[i].last)
            if surfaceType[key] == nil {
                surfaceType[key] = (spans[i].type, canonical[i] ?? key, spans[i].country)
                if let space = key.firstIndex(of: " ") { surfaceStarts.insert(String(key[..<space])) }
            }
            if spans[i].type == .org, let short = nameWithoutLegalForm(spans[i].first, spans[i].last),
               withoutLegalForm[short] == nil {
                withoutLegalForm[short] = (.org, canonical[i] ?? key, spans[i].country)
            }
        }
        var titled = [String?](repeating: nil, count: tokens.count)
        func titleCased(_ j: Int) -> String {
            if let t = titled[j] { return t }
            let t = ScalarText.titleCased(tokens[j]); titled[j] = t; return t
        }
        var found: [NameSpan] = [], names: [String] = []
        var k = 0
        while k < tokens.count {
            guard context.isHeadline(k), tokens[k].kind == .word, tokens[k].isCap else { k += 1; continue }
            var run = 0
            while run < Self.maxWords && k + run < tokens.count && tokens[k + run].paragraph == tokens[k].paragraph
                    && (tokens[k + run].kind == .word || tokens[k + run].text == "&") { run += 1 }
            var matched = false
            for len in stride(from: run, through: 1, by: -1) {
                let b = k + len - 1
                let orig = context.text(k, b)
                let origIsKey = surfaceType[orig] != nil || Lexicon.countries[orig] != nil
                    || Lexicon.knownOrgs[orig] != nil
                // several words title-cased make a name only if their first word begins one:
                // most runs are ruled out by one lookup
                let start = titleCased(k)
                if len > 1 && !origIsKey && !Lexicon.multiWordStarts.contains(start)
                    && !surfaceStarts.contains(start) { continue }
                let key = origIsKey ? orig : (k...b).map(titleCased).joined(separator: " ")
                var rule = RuleID.headlineMatch
                var found1 = surfaceType[key] ?? lookUp(key, orig: orig, words: len, personTokens: personTokens)
                // "BANK OF FRANCE" is "Bank of France" in the body
                let lowered = origIsKey || len < 3 ? key : functionWordsLowercased(k, b, titleCased)
                if found1 == nil && lowered != key {
                    found1 = surfaceType[lowered] ?? lookUp(lowered, orig: orig, words: len, personTokens: personTokens)
                    rule = .headlineFunctionWordsLowercase
                }
                // "TOTAL EXPLORATION AUSTRALIA" is "Total Exploration Australia Pty Ltd" in the body
                if found1 == nil, let h = withoutLegalForm[key] ?? withoutLegalForm[lowered] {
                    found1 = h; rule = .headlineWithoutLegalForm
                }
                guard let hit = found1 else { continue }
                found.append(NameSpan(k, b, type: hit.type, strength: .strong, country: hit.country,
                                      evidence: Evidence(typedBy: rule)))
                names.append(hit.name)
                k = b + 1; matched = true; break
            }
            if !matched, let team = tableTeam(k, run: run) {
                found.append(NameSpan(k, team, type: .org, strength: .plain, country: nil,
                                      evidence: Evidence(typedBy: .typeTeamInTable)))
                names.append((k...team).map(titleCased).joined(separator: " "))
                k = team + 1; matched = true
            }
            if !matched { k += 1 }
        }
        return (found, names)
    }

    /// A headline run title-cased with its inner function words in lowercase ("Bank of France").
    private func functionWordsLowercased(_ k: Int, _ b: Int, _ titleCased: (Int) -> String) -> String {
        (k...b).map { $0 > k && tokens[$0].has(.functionWords) ? tokens[$0].lower : titleCased($0) }
            .joined(separator: " ")
    }

    /// A body organisation's name without its trailing legal forms ("Total Exploration Australia"
    /// for "… Pty Ltd"), when at least two words are left; else nil.
    private func nameWithoutLegalForm(_ a: Int, _ b: Int) -> String? {
        var e = b
        while e > a {
            if e - 2 > a && context.isSlashedLegalForm(at: e - 2) { e -= 3; continue }
            guard Lexicon.legalForms.contains(tokens[e].lower) else { break }
            e -= 1
        }
        return e < b && e > a ? context.text(a, e) : nil
    }

    /// In a sports report, the words that open a results or standings line in capitals, right before
    /// its numbers, name a team ("CLEVELAND 80 53 .602"): the index of its last word, or nil.
    private func tableTeam(_ k: Int, run: Int) -> Int? {
        let b = k + run - 1
        guard context.isSports, k == 0 || tokens[k - 1].paragraph != tokens[k].paragraph,
              b + 1 < tokens.count, tokens[b + 1].kind == .number, tokens[b + 1].paragraph == tokens[k].paragraph,
              (k...b).allSatisfy({ tokens[$0].isAllCaps }), context.isNumberTableLine(k) else { return nil }
        return b
    }

    /// A headline run found in the lexicon: a known organisation, a country, a nationality, a
    /// word of a person's full name (one word only) or a place that is not a common word.
    private func lookUp(_ key: String, orig: String, words: Int, personTokens: [String: String]) -> Hit? {
        if let o = Lexicon.knownOrgs[key] ?? Lexicon.knownOrgs[orig] { return (.org, o, nil) }
        if let iso = Lexicon.countries[key] ?? Lexicon.countries[orig] { return (.loc, Lexicon.countryAliases[key]
            ?? key, iso) }
        if let d = Lexicon.demonyms[key] { return (.norp, key, d == "-" ? nil : d) }
        if words == 1, let p = personTokens[key] { return (.person, p, nil) }
        if let p = Lexicon.places[key], !Lexicon.commonWords.contains(ScalarText.lowercased(key)) { return (.loc, key,
            p == "-" ? nil : p) }
        return nil
    }
}
