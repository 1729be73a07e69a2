/// The name each mention stands for in the article: a surname, a given name or the end of a
/// name ("Khan", "Imran", "Mehmood Qureshi") links to the person's full name; a short form of an
/// organisation ("Reserve Bank", "Bank", "RBA") to its full name; the acronym of a named building
/// or event ("JSC" → "Johnson Space Center"); a known organisation or country to our canonical
/// name ("Tories" → "Conservative Party", "US" → "United States"). A lone capitalised common word
/// that links to nothing is dropped.
struct CanonicalNames {
    let context: ArticleContext
    /// A single word, or the last two words of a longer name → the person's full name.
    private(set) var personTokens: [String: String] = [:]
    private let fullNames: WordAffixIndex
    private let organisations: OrgExpansionIndex
    private let namedThings: [String: EntityType]
    private let acronymSources: OrgExpansionIndex
    private let tokens: [Token]

    init(_ context: ArticleContext, _ spans: borrowing [NameSpan]) {
        self.context = context
        tokens = context.tokens
        let people = Self.fullPersonNames(context, spans)
        fullNames = WordAffixIndex(people)
        var seen = Set<String>(), orgNames: [String] = []
        // common words in title case ("Magic Tricks", `weakCommon`) are no full name to link to
        for i in spans.indices where spans[i].type == .org && spans[i].last > spans[i].first && !spans[i].weakCommon {
            let name = context.text(spans[i].first, spans[i].last)
            if seen.insert(name).inserted { orgNames.append(name) }
        }
        organisations = OrgExpansionIndex(orgNames)
        // named buildings ("JSC" → "Johnson Space Center") and events ("CES" → "Consumer
        // Electronics Show"), for acronyms
        var things: [String: EntityType] = [:], thingNames: [String] = []
        for i in spans.indices where spans[i].last > spans[i].first + 1 && (spans[i].type == .loc
            && Lexicon.facilityHeads.contains(context.tokens[spans[i].last].lower) || spans[i].type == .misc) {
            let name = context.text(spans[i].first, spans[i].last)
            if things[name] == nil { things[name] = spans[i].type; thingNames.append(name) }
        }
        namedThings = things
        acronymSources = OrgExpansionIndex(thingNames)
        personTokens = Self.personTokens(people)
    }

    /// Distinct multi-word person names, those starting with a known given name first.
    static func fullPersonNames(_ context: ArticleContext, _ spans: [NameSpan]) -> [String] {
        var seen = Set<String>(), names: [String] = []
        for i in spans.indices where spans[i].type == .person && spans[i].last > spans[i].first
            && !spans[i].isHyphenPart && !spans[i].weakCommon {
            let full = context.text(spans[i].first, spans[i].last)
            if seen.insert(full).inserted { names.append(full) }
        }
        let startsWithGivenName = names.map { n in Lexicon.givenNames.contains(String(n[..<(n.firstIndex(of: " ")
            ?? n.endIndex)])) }
        let withGivenName = names.indices.filter { startsWithGivenName[$0] }.map { names[$0] }
        return withGivenName + names.indices.filter { !startsWithGivenName[$0] }.map { names[$0] }
    }

    /// The last word, the first word (of more than two letters, not all capitals) and the last
    /// two words of each full name, longest names first (then alphabetical): each goes to the
    /// first name that has it.
    static func personTokens(_ names: [String]) -> [String: String] {
        var personTokens: [String: String] = [:]
        // a closure, not a key path of two steps, which is read through the runtime's generic path
        let scalarCounts = names.map { $0.unicodeScalars.count }
        let longestFirst = names.indices.sorted { a, b in
            scalarCounts[a] > scalarCounts[b] || (scalarCounts[a] == scalarCounts[b] && names[a] < names[b])
        }
        for full in longestFirst.map({ names[$0] }) {
            let parts = full.split(separator: " ").map(String.init)
            if let l = parts.last, personTokens[l] == nil { personTokens[l] = full }
            if let f = parts.first, personTokens[f] == nil, f.unicodeScalars.count > 2,
               !f.unicodeScalars.allSatisfy(CharacterClass.isUpper) { personTokens[f] = full }
            // "Mehmood Qureshi"
            if parts.count > 2 {
                let suffix = parts.suffix(2).joined(separator: " ")
                if personTokens[suffix] == nil { personTokens[suffix] = full }
            }
        }
        return personTokens
    }

    /// The canonical name of every span (nil for hyphen parts, which are named in
    /// `EntityBuilder`); retypes spans that link and marks unlinked common words dropped.
    func resolve(_ spans: inout [NameSpan]) -> [String?] {
        var canonical = [String?](repeating: nil, count: spans.count)
        for i in spans.indices where !spans[i].isHyphenPart {
            let (name, rule) = canonicalName(&spans[i])
            canonical[i] = name
            if let rule { spans[i].evidence.note(rule) }
        }
        return canonical
    }

    /// One span's canonical name and the rule that set it (nil: the name as written).
    func canonicalName(_ span: inout NameSpan) -> (String, RuleID?) {
        let a = span.first, b = span.last
        let key = context.text(a, b)
        let loneHead = a == b && Lexicon.orgHeads.contains(tokens[a].lower)
        if let full = personTokens[key], full != key, !loneHead, let linked = linkToPerson(&span, key: key,
            full: full) {
            return linked
        }
        if loneHead {
            span.type = .org
            if let full = organisations.expansion(of: key) { return (full, .linkOrganisationHeadAlone) }
        }
        if span.type == .person, let full = fullNames.firstName(endingOrBeginningWith: key, suffixOnly: false),
            full != key {
            return (full, .linkPartOfFullName)
        }
        if a == b, tokens[a].isAllCaps, span.strength != .strong, !acronymSources.isEmpty,
           let full = acronymSources.expansion(of: key), !full.hasPrefix(key + " ") {
            span.type = namedThings[full] ?? .loc
            return (full, .linkAcronymOfNamedThing)
        }
        if span.type == .org || (span.type != .person && a == b && span.strength != .strong) {
            if let full = organisations.expansion(of: key), !Self.areDistinctKnownBodies(key, full) {
                span.type = .org
                return (full, .linkOrganisationShortForm)
            }
            if let known = Lexicon.knownOrgs[key] { return (known, .linkKnownOrganisation) }
        }
        if span.type == .loc, let c = Lexicon.countryAliases[key] { return (c, .linkCountryAlias) }
        if span.weakCommon && fullNames.firstName(endingOrBeginningWith: key, suffixOnly: true) == nil {
            span.dropped = true
            return (key, .dropUnlinkedCommonWord)
        }
        return (key, nil)
    }

    /// Whether two names are both known organisations with different canonical names (`BBC` and
    /// `BBC Sport`): then the shorter is no short form of the longer but a body of its own.
    static func areDistinctKnownBodies(_ short: String, _ long: String) -> Bool {
        guard let a = Lexicon.knownOrgs[short], let b = Lexicon.knownOrgs[long] else { return false }
        return a != b
    }

    /// A word or suffix of a person's full name: the person, unless the word is a place name
    /// and the full name does not start with a given name ("Lincoln" stays a city beside
    /// "Abraham Lincoln" only in "in Lincoln"), or a known organisation, country or nationality.
    private func linkToPerson(_ span: inout NameSpan, key: String, full: String) -> (String, RuleID?)? {
        let placeName = Lexicon.isPlaceName(key)
        let firstIsGivenName = full.firstSpaceSeparatedWord()
            .map { Lexicon.givenNames.contains(String($0.word)) } ?? false
        if placeName, !firstIsGivenName {
            return Lexicon.countryAliases[key].map { ($0, .linkCountryAlias) } ?? (key, .keepPlaceNotPerson)
        }
        let prev = span.first > 0 ? tokens[span.first - 1].lower : ""
        let listed = Lexicon.listedNames.mayContain(key)
        guard !(listed && (Lexicon.knownOrgs[key] != nil || Lexicon.countries[key] != nil
                    || Lexicon.demonyms[key] != nil))
                && !(placeName && Lexicon.placeLinkPrepositions.contains(prev))
                    && span.type != .norp else { return nil }
        span.type = .person
        return (full, .linkPersonByName)
    }
}
