/// Keyphrases: the most mentioned entities and the most frequent content-word bigrams,
/// scored by frequency (ties broken alphabetically, so output is deterministic).
enum Keyphrases {
    struct Pair: Hashable { var a: String; var b: String }
    static func rank(tokens: [Token], entities: [Entity], limit: Int = 8) -> [Keyphrase] {
        var scores: [String: Double] = [:]
        for e in entities where e.type != .norp {
            scores[e.name, default: 0] += Double(e.mentions.count) * 1.5
        }
        var bigrams: [Pair: Int] = [:]
        // room for the usual count up front: growing by doubling rehashes every pair each time
        bigrams.reserveCapacity(tokens.count / 8)
        var k = 0
        while k + 1 < tokens.count {
            let a = tokens[k], b = tokens[k + 1]
            if a.kind == .word, b.kind == .word, !a.isCap, !b.isCap, a.sentence == b.sentence,
               !a.has(.functionWords), !b.has(.functionWords),
               !a.has(.cueVerbs), !b.has(.cueVerbs),
               a.end - a.start > 3, b.end - b.start > 3 {
                bigrams[Pair(a: a.lower, b: b.lower), default: 0] += 1
            }
            k += 1
        }
        for (p, c) in bigrams where c >= 2 { scores[p.a + " " + p.b, default: 0] += Double(c) }
        let ranked = scores.filter { $0.value >= 2 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let top = ranked.prefix(limit)
        let maxScore = top.first?.value ?? 1
        return top.map { Keyphrase(text: $0.key, score: (($0.value / maxScore) * 1000).rounded() / 1000) }
    }
}
