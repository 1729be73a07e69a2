/// Groups the article's name spans into entities keyed by (type, canonical name): each
/// distinct mention once (at most `ExtractionLimits.maxMentionsPerEntity`), roles merged, the
/// first country code kept. Entities come in order of first mention, mentions in text order.
struct EntityBuilder {
    let context: ArticleContext
    private let tokens: [Token]

    init(_ context: ArticleContext) { self.context = context; tokens = context.tokens }

    private struct EntityKey: Hashable { let type: EntityType; let name: String }
    /// A mention is its entity and offsets: the text follows from them.
    struct MentionKey: Hashable { let entity: Int; let start: Int; let end: Int }

    /// Entities being built, with what keeps adding to them cheap.
    private struct Builder {
        var index: [EntityKey: Int] = [:]
        var entities: [Entity] = []
        var seenMentions: Set<MentionKey>
        /// Each entity's roles, for a constant-time duplicate check.
        var seenRoles: [Set<String>] = []
        /// The evidence of each mention's first span (only when explaining).
        var evidence: [MentionKey: Evidence]? = nil

        init(capacity: Int) {
            seenMentions = Set(minimumCapacity: min(capacity, ExtractionLimits.reserveAtMost))
            index.reserveCapacity(min(capacity, ExtractionLimits.reserveAtMost))
        }
    }

    /// Entities and all spans (dropped ones left out, headline spans added), sorted by start,
    /// each pointing to its entity; when `explain` is set, the evidence of each mention.
    func build(
        _ spans: consuming [NameSpan], canonical: [String?], headlines: [NameSpan], headlineNames: [String],
        explain: Bool
    )
        -> (entities: [Entity], spans: [NameSpan], evidence: [MentionKey: Evidence])
    {
        var headlineSpans = headlines
        var b = Builder(capacity: spans.count + headlineSpans.count)
        if explain { b.evidence = [:] }
        for i in spans.indices where !spans[i].dropped {
            if let part = spans[i].part {
                let name = ScalarText.string(context.scalars, part.lowerBound, part.upperBound)
                add(
                    &spans[i], Lexicon.countryAliases[name] ?? name, start: part.lowerBound, end: part.upperBound,
                    to: &b)
            } else {
                let name = canonical[i] ?? context.text(spans[i].first, spans[i].last)
                add(&spans[i], name, start: tokens[spans[i].first].start, end: tokens[spans[i].last].end, to: &b)
            }
        }
        for i in headlineSpans.indices {
            add(
                &headlineSpans[i], headlineNames[i], start: tokens[headlineSpans[i].first].start,
                end: tokens[headlineSpans[i].last].end, to: &b)
        }
        for e in b.entities.indices { b.entities[e].mentions.sort { $0.start < $1.start } }
        let order = b.entities.indices.sorted { b.entities[$0].mentions[0].start < b.entities[$1].mentions[0].start }
        var remap = [Int](repeating: 0, count: b.entities.count)
        for (newIndex, oldIndex) in order.enumerated() { remap[oldIndex] = newIndex }
        var all = consume spans
        all.removeAll { $0.dropped }
        all.append(contentsOf: headlineSpans)
        for i in all.indices { if let e = all[i].entity { all[i].entity = remap[e] } }
        // stable: spans starting together keep their order (skipped when already in order)
        let inOrder = zip(all, all.dropFirst()).allSatisfy { tokens[$0.first].start <= tokens[$1.first].start }
        if !inOrder { all.sort { tokens[$0.first].start < tokens[$1.first].start } }
        var evidence: [MentionKey: Evidence] = [:]
        for (key, value) in b.evidence ?? [:] {
            evidence[
                MentionKey(
                    entity: remap[key.entity], start: key.start,
                    end: key.end)] = value
        }
        return (order.map { b.entities[$0] }, all, evidence)
    }

    /// Adds one span as a mention of the entity (type, canonical name), creating it if new.
    private func add(_ span: inout NameSpan, _ name: String, start: Int, end: Int, to b: inout Builder) {
        let key = EntityKey(type: span.type, name: name)
        if let e = b.index[key] {
            let mention = MentionKey(entity: e, start: start, end: end)
            if b.entities[e].mentions.count < ExtractionLimits.maxMentionsPerEntity,
                b.seenMentions.insert(mention).inserted
            {
                b.entities[e].mentions.append(
                    Mention(
                        start: start, end: end,
                        text: ScalarText.string(
                            context.scalars,
                            start, end)))
                if b.evidence != nil { b.evidence![mention] = span.evidence }
            }
            for r in span.roles where b.seenRoles[e].insert(r).inserted { b.entities[e].roles.append(r) }
            if b.entities[e].country == nil { b.entities[e].country = span.country }
            span.entity = e
            return
        }
        let e = b.entities.count
        b.index[key] = e
        span.entity = e
        var country = span.country
        if country == nil, span.type == .loc { country = Lexicon.countries[name] }
        if country == nil, span.type == .norp, let d = Lexicon.demonyms[name], d != "-" { country = d }
        let mention = Mention(start: start, end: end, text: ScalarText.string(context.scalars, start, end))
        b.entities.append(Entity(name: name, type: span.type, mentions: [mention], roles: span.roles, country: country))
        b.seenMentions.insert(MentionKey(entity: e, start: start, end: end))
        b.seenRoles.append(Set(span.roles))
        if b.evidence != nil { b.evidence![MentionKey(entity: e, start: start, end: end)] = span.evidence }
    }
}
