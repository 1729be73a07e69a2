/// A one-word name typed ORG only by default ("Mido") that speaks in the first person
/// singular ("I came specially from England") is a person: organisations say "we". Not a known
/// organisation or team, not a name in capitals, not a name that is also a person's.
enum FirstPersonSpeakers {
    /// Retypes such entities; returns their indices.
    static func retype(_ entities: inout [Entity], quotes: [Quote], tokens: [Token]) -> [Int] {
        var firstPerson = Set<String>()
        for q in quotes {
            guard let speaker = q.speaker, !firstPerson.contains(speaker) else { continue }
            var k = Tokenizer.firstToken(startingAtOrAfter: q.start, in: tokens)
            while k < tokens.count && tokens[k].start < q.end {
                if speaksInFirstPerson(tokens[k]) { firstPerson.insert(speaker); break }
                k += 1
            }
        }
        guard !firstPerson.isEmpty else { return [] }
        let people = Set(entities.filter { $0.type == .person }.map(\.name))
        var retyped: [Int] = []
        for i in entities.indices where entities[i].type == .org && firstPerson.contains(entities[i].name)
            && !people.contains(entities[i].name) {
            let name = entities[i].name
            // a team's name speaks for its coach ("said the Lions coach"), not as a person
            guard !name.contains(" "), Lexicon.knownOrgs[name] == nil, !Lexicon.teamNicknames.contains(name),
                !name.unicodeScalars.allSatisfy(CharacterClass.isUpper) else { continue }
            entities[i].type = .person
            retyped.append(i)
        }
        return retyped
    }

    /// "I", "my", "me", "I'm", "I’ve".
    static func speaksInFirstPerson(_ t: Token) -> Bool {
        t.text == "I" || t.lower == "my" || t.lower == "me" || ((t.text.hasPrefix("I'")
            || t.text.hasPrefix("I\u{2019}")) && t.kind == .word)
    }
}
