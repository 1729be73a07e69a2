/// `index/entity-index.bin`: what queries need to go from a name to an entity and from an
/// entity to its articles and quotes without reading whole files. Rewritten (atomically) at
/// each checkpoint, beside `entities.tsv`; like the append-only indexes it depends on arrival
/// order (base ordinals) and is derived from the journal.
///
/// Layout (integers little-endian, sections 8-byte aligned, in this order):
/// ```
/// "GLEANER-ENTITIES" (16 bytes), version u32, 0 u32
/// counts u64 × 10: entities E, base entities B, names N, postings covered, speaker
///   entries covered, then entities per type (PERSON, ORG, LOC, NORP, MISC)
/// row offsets     u64 × (E + 1)  byte offset of each entity's line in entities.tsv, then its end
/// member starts   u32 × (E + 1)  where each entity's base ordinals start in `members`
/// members         u32 × B        base ordinals, entity by entity
/// entity of base  u32 × B        the rank (line) of the entity each base entity belongs to
/// posting heads   u32 × B        last postings.bin entry + 1 of each base entity (0: none)
/// speaker heads   u32 × B        last speakers.bin entry + 1 of each base entity (0: none)
/// names           (hash u64, rank u32, 0 u32) × N, sorted: `EntityIndex.hash` of the
///                 `NameKey` of each entity's name and aliases
/// ```
/// Heads cover the first "postings covered" entries of postings.bin (and speaker entries of
/// speakers.bin); a query scans the entries after those itself.
enum EntityIndex {
    static let magic = Array("GLEANER-ENTITIES".utf8)
    static let version: UInt32 = 1
    static let headerBytes = 24 + 10 * 8

    /// FNV-1a of a `NameKey`'s bytes: how names are found (the same in every process).
    static func hash(_ key: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// Collects the per-entity parts while the checkpoint renders the entity table.
    struct Builder {
        var rowOffsets: [UInt64] = [0]
        var typeCounts = [UInt64](repeating: 0, count: EntityType.allCases.count)
        var names: [(hash: UInt64, rank: UInt32)] = []

        /// Entity `rank` has just been rendered, ending the table at `tableBytes`; its name
        /// keys are `keys` (name and aliases).
        mutating func add(rank: Int, type: EntityType, keys: [[UInt8]], tableBytes: Int) {
            rowOffsets.append(UInt64(tableBytes))
            typeCounts[type.index] += 1
            var seen: [UInt64] = []
            for key in keys where !key.isEmpty {
                let h = EntityIndex.hash(key)
                if !seen.contains(h) { seen.append(h); names.append((h, UInt32(rank))) }
            }
        }

        /// Writes the file atomically.
        func write(
            to path: String, view: MergedView, postingHeads: [UInt32], speakerHeads: [UInt32],
            postingsCovered: Int, speakersCovered: Int
        ) throws(StoreError) {
            let bases = view.entityOf.count
            var sortedNames = names
            sortedNames.sort { ($0.hash, $0.rank) < ($1.hash, $1.rank) }
            var w = BinaryWriter()
            let file = try AtomicFileWriter(path: path)
            let sink = { (piece: ArraySlice<UInt8>) throws(StoreError) in try file.write(piece) }
            w.raw(EntityIndex.magic); w.u32(EntityIndex.version); w.u32(0)
            for n in [view.count, bases, sortedNames.count, postingsCovered, speakersCovered] { w.u64(n) }
            for n in typeCounts { w.u64(n) }
            for offset in rowOffsets { w.u64(offset); try w.drain(sink) }
            var memberStarts: [UInt32] = [0], members: [UInt32] = []
            members.reserveCapacity(bases)
            for rank in 0..<view.count {
                members += view.members(of: rank)
                memberStarts.append(UInt32(members.count))
            }
            try w.u32Array(memberStarts, sink)
            try w.u32Array(members, sink)
            try w.u32Array(view.entityOf, sink)
            try w.u32Array(Self.padded(postingHeads, bases), sink)
            try w.u32Array(Self.padded(speakerHeads, bases), sink)
            for entry in sortedNames { w.u64(entry.hash); w.u32(entry.rank); w.u32(0); try w.drain(sink) }
            try w.finish(sink)
            try file.commit()
        }

        private static func padded(_ a: [UInt32], _ n: Int) -> [UInt32] {
            a.count >= n ? Array(a.prefix(n)) : a + [UInt32](repeating: 0, count: n - a.count)
        }
    }

    /// The file, mapped, for queries (and for the collector's chain heads on restart).
    final class Reader {
        private let file: MappedFile
        let entities: Int, bases: Int, names: Int
        let postingsCovered: Int, speakersCovered: Int
        let typeCounts: [Int]
        private let rowsAt: Int, startsAt: Int, membersAt: Int, entityOfAt: Int, postingHeadsAt: Int,
            speakerHeadsAt: Int, namesAt: Int

        /// Nil when the file is missing, of another version, or not whole. - Parameter verify:
        /// also check its checksum (the collector does; a query, which must be fast, does not).
        init?(path: String, verify: Bool = false) {
            guard let file = try? MappedFile(path), file.count >= EntityIndex.headerBytes + 8,
                file.slice(0..<16).elementsEqual(EntityIndex.magic), file.u32(16) == EntityIndex.version
            else { return nil }
            self.file = file
            func count(_ n: Int) -> Int { Int(clamping: file.u64(24 + 8 * n)) }
            entities = count(0); bases = count(1); names = count(2); postingsCovered = count(3);
            speakersCovered = count(4)
            typeCounts = (5..<10).map(count)
            func align(_ n: Int) -> Int { (n + 7) & ~7 }
            rowsAt = EntityIndex.headerBytes
            startsAt = rowsAt + 8 * (entities + 1)
            membersAt = align(startsAt + 8 + 4 * (entities + 1))
            entityOfAt = align(membersAt + 8 + 4 * bases)
            postingHeadsAt = align(entityOfAt + 8 + 4 * bases)
            speakerHeadsAt = align(postingHeadsAt + 8 + 4 * bases)
            namesAt = align(speakerHeadsAt + 8 + 4 * bases)
            guard entities < 1 << 32, bases < 1 << 32, names < 1 << 32, namesAt + 16 * names + 8 == file.count else {
                return nil
            }
            if verify {
                let body = Array(file.slice(0..<(file.count - 8)))
                guard BinaryWriter.checksum(body[...]) == file.u64(file.count - 8) else { return nil }
            }
        }

        /// Byte range of entity `rank`'s line in entities.tsv (newline included).
        func row(_ rank: Int) -> Range<Int> {
            Int(file.u64(rowsAt + 8 * rank))..<Int(file.u64(rowsAt + 8 * (rank + 1)))
        }

        /// Base entities joined in entity `rank`.
        func members(_ rank: Int) -> [UInt32] {
            let start = Int(file.u32(startsAt + 8 + 4 * rank)), end = Int(file.u32(startsAt + 8 + 4 * (rank + 1)))
            guard start <= end, end <= bases else { return [] }
            return (start..<end).map { file.u32(membersAt + 8 + 4 * $0) }
        }

        func entity(ofBase base: Int) -> Int? { base < bases ? Int(file.u32(entityOfAt + 8 + 4 * base)) : nil }
        func postingHead(_ base: Int) -> UInt32 { base < bases ? file.u32(postingHeadsAt + 8 + 4 * base) : 0 }
        func speakerHead(_ base: Int) -> UInt32 { base < bases ? file.u32(speakerHeadsAt + 8 + 4 * base) : 0 }

        /// Ranks of the entities with a name or alias whose `NameKey` hashes to `hash`, in rank order.
        func ranks(named hash: UInt64) -> [Int] {
            var low = 0, high = names
            while low < high {
                let mid = (low + high) / 2
                if file.u64(namesAt + 16 * mid) < hash { low = mid + 1 } else { high = mid }
            }
            var out: [Int] = []
            while low < names && file.u64(namesAt + 16 * low) == hash {
                out.append(Int(file.u32(namesAt + 16 * low + 8))); low += 1
            }
            return out
        }

        /// All posting heads (the collector restores its chains from them).
        var postingHeads: [UInt32] { (0..<bases).map { postingHead($0) } }
        var speakerHeads: [UInt32] { (0..<bases).map { speakerHead($0) } }
    }
}
