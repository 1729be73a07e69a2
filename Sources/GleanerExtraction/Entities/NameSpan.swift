/// How sure the typing of a name is: its weight when the mentions of one surface vote on a type.
enum TypeStrength: Int, Comparable, Sendable {
    /// The last-resort default (a lone unknown word is ORG): any other evidence wins.
    case guess
    /// Shape and lists, without a decisive cue.
    case plain
    /// The words around it ("in Arbil", "Caprice, who"): stronger than shape.
    case contextual
    /// A gazetteer, a head word or a title: decisive.
    case strong

    /// Votes one mention of this strength casts for its type (`TypeVotes`).
    var weight: Int {
        switch self {
        case .guess: return 1
        case .plain: return 2
        case .contextual: return 6
        case .strong: return 20
        }
    }

    static func < (a: TypeStrength, b: TypeStrength) -> Bool { a.rawValue < b.rawValue }
}

/// A typing decision for a name candidate: a type with its strength and, for countries and
/// nationalities, an ISO 3166-1 code; or "not a name" ("R-Texas").
enum TypeVerdict: Equatable {
    case notAName
    case name(EntityType, TypeStrength, country: String?)

    static func strong(_ type: EntityType, country: String? = nil) -> TypeVerdict { .name(type, .strong,
        country: country) }
    static func plain(_ type: EntityType) -> TypeVerdict { .name(type, .plain, country: nil) }
    static func contextual(_ type: EntityType) -> TypeVerdict { .name(type, .contextual, country: nil) }
    static func guess(_ type: EntityType) -> TypeVerdict { .name(type, .guess, country: nil) }
}

/// A name found in the text: a run of tokens, its type and the evidence for it. Spans are
/// mentions of entities once `EntityBuilder` has grouped them.
struct NameSpan {
    /// First and last token (inclusive).
    var first: Int
    var last: Int
    var type: EntityType
    var strength: TypeStrength
    /// ISO 3166-1 alpha-2 code for countries and nationalities.
    var country: String?
    /// Titles and roles seen with the name ("Foreign Minister", "spokesperson").
    var roles: [String] = []
    /// For a name inside one hyphenated token ("Russia" in "Ukraine-Russia"): its scalar range.
    var part: Range<Int>? = nil
    /// A lone capitalised common word ("Government"): kept only if it links to a fuller name.
    var weakCommon = false
    var dropped = false
    /// Index of the entity this span mentions (set by `EntityBuilder`).
    var entity: Int? = nil
    /// The rule that typed the span, and the rules that changed it before or after.
    var evidence: Evidence

    init(_ first: Int, _ last: Int, type: EntityType, strength: TypeStrength, country: String? = nil,
         roles: [String] = [], evidence: Evidence) {
        self.first = first; self.last = last; self.type = type; self.strength = strength
        self.country = country; self.roles = roles; self.evidence = evidence
    }

    var tokenRange: ClosedRange<Int> { first...last }
    var isHyphenPart: Bool { part != nil }

    /// Raises the strength (it never falls) and records why.
    mutating func strengthen(to s: TypeStrength, by rule: RuleID) {
        if s > strength { strength = s }
        evidence.note(rule)
    }

    /// Sets the type and records the rule that did.
    mutating func retype(_ t: EntityType, by rule: RuleID) {
        type = t
        evidence.note(rule)
    }
}

/// The named rules behind a span: the joins and cuts that shaped it, the rule that typed it,
/// and the document rules that retyped or linked it afterwards, each in the order they fired.
/// Cheap to carry: most spans have only the typing rule.
struct Evidence: Equatable {
    private(set) var shapedBy: [RuleID]
    let typedBy: RuleID
    private(set) var changedBy: [RuleID] = []

    init(shapedBy: [RuleID] = [], typedBy: RuleID) { self.shapedBy = shapedBy; self.typedBy = typedBy }

    mutating func note(_ rule: RuleID) {
        if changedBy.last != rule { changedBy.append(rule) }
    }

    var rules: [RuleID] { shapedBy + [typedBy] + changedBy }

    /// Whether the rule shaped, typed or changed the span (`rules` without building the list).
    func contains(_ rule: RuleID) -> Bool { typedBy == rule || changedBy.contains(rule) || shapedBy.contains(rule) }
}
