/// Writes and reads `index/state-G.bin`: the collector's merged state (`CorpusAggregate`) at
/// checkpoint G, in a binary layout read back in one pass. At a million articles JSON took
/// most of a checkpoint and a whole copy of the state in memory; this writes the arrays as
/// they are, in pieces, and checks them all on reading.
///
/// Layout (integers little-endian): the magic `GLEANER-STATE\n`, a version, then sections
/// in a fixed order (counts, failure reasons, string pool, base entities with their tallies
/// and samples, key words, normalized keys, alias owners, pair tables, overlaps, timeline, phrases, other
/// speakers), then a checksum of everything before it. A file of another version, cut
/// short, or whose indexes do not fit decodes to nil: the store is then rebuilt from its
/// journal.
enum SnapshotCodec {
    static let version: UInt32 = 5
    static let magic = Array("GLEANER-STATE\n".utf8)
    /// Bytes buffered before they are handed to the sink.
    static let chunkBytes = 4 << 20

    /// Encodes `a`, handing the bytes to `sink` in pieces of about `chunkBytes`.
    static func encode(_ a: CorpusAggregate, to sink: (ArraySlice<UInt8>) throws(StoreError) -> Void) throws(StoreError)
    {
        var w = BinaryWriter()
        w.raw(magic); w.u32(version)
        w.u64(a.articles); w.u64(a.failures); w.u64(a.quotes)
        w.counts(a.failureReasons)
        try w.pool(a.pool, sink)
        w.u64(a.bases.count)
        for (n, b) in a.bases.enumerated() {
            w.u8(UInt8(b.type.index)); w.u8(b.isCountry ? 1 : 0); w.u32(b.key)
            w.u32(b.articles); w.u32(b.mentions); w.u32(b.quotes); w.u32(b.firstSeen); w.u32(b.lastSeen)
            w.u64(b.fingerprint); w.u32(b.wordStart); w.u32(UInt32(b.wordCount)); w.u8(b.acronym ? 1 : 0)
            w.u32(b.initials)
            w.u32(UInt32(b.tallyCount)); w.u32(UInt32(b.sampleCount))
            for item in a.itemWords(of: n) { w.u64(item) }
            try w.drain(sink)
        }
        try w.u32s(a.keyWords, sink)
        try w.u32s(a.keyOf, sink)
        w.u64(a.aliasOwners.count)
        try a.aliasOwners.forEachThrowing { (key, owners) throws(StoreError) in
            w.u64(key); w.u32(UInt32(bitPattern: owners.first)); w.u32(UInt32(bitPattern: owners.second))
            w.u8(owners.many ? 1 : 0)
            try w.drain(sink)
        }
        for table in [a.pairs, a.sentencePairs, a.overlapPairs] {
            w.u64(table.count)
            try table.forEachThrowing { (key, n) throws(StoreError) in
                w.u64(key); w.u32(n); try w.drain(sink)
            }
        }
        w.u64(a.overlapGroups.count)
        for (members, n) in a.overlapGroups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            w.u64(n); try w.u32s(members.map { UInt32(bitPattern: $0) }, sink)
        }
        w.u64(a.timeline.count)
        for (period, p) in a.timeline.sorted(by: { $0.key < $1.key }) {
            w.string(period); w.u64(p.mentions); w.u64(p.articles)
        }
        try w.pool(a.phrases.pool, sink)
        try w.u32s(a.phrases.documents, sink)
        w.u64(a.phrases.scoreMillionths.count)
        for s in a.phrases.scoreMillionths { w.u64(UInt64(bitPattern: Int64(s))); try w.drain(sink) }
        w.counts(a.otherSpeakers)
        try w.finish(sink)
    }

    /// The encoded bytes in one array (tests, small states).
    static func encode(_ a: CorpusAggregate) -> [UInt8] {
        var out: [UInt8] = []
        try? encode(a) { (piece: ArraySlice<UInt8>) throws(StoreError) in out.append(contentsOf: piece) }
        return out
    }

    /// The state, or nil when the bytes are not a whole, consistent state of this version.
    static func decode(_ bytes: [UInt8]) -> CorpusAggregate? {
        guard bytes.count >= magic.count + 12, bytes.starts(with: magic),
            BinaryWriter.checksum(bytes[..<(bytes.count - 8)]) == BinaryReader.u64(bytes, at: bytes.count - 8)
        else { return nil }
        var r = BinaryReader(bytes: bytes, offset: magic.count, end: bytes.count - 8)
        do throws(BinaryReader.Truncated) {
            guard try r.u32() == version else { return nil }
            return try read(&r)
        } catch {
            return nil
        }
    }

    /// One entity's base and its tally and sample words; nil when a field is out of range.
    private static func readBase(
        _ r: inout BinaryReader, poolCount: Int
    ) throws(BinaryReader.Truncated) -> (base: CorpusAggregate.Base, words: [UInt64])? {
        let typeIndex = Int(try r.u8())
        guard typeIndex < EntityType.allCases.count else { return nil }
        let isCountry = try r.u8() == 1, key = try r.u32()
        var b = CorpusAggregate.Base(
            type: EntityType.allCases[typeIndex], isCountry: isCountry, key: key, fingerprint: 0,
            wordStart: 0, wordCount: 0, acronym: false, initials: 0)
        b.articles = try r.u32(); b.mentions = try r.u32(); b.quotes = try r.u32(); b.firstSeen = try r.u32();
        b.lastSeen = try r.u32()
        b.fingerprint = try r.u64(); b.wordStart = try r.u32(); b.wordCount = UInt16(clamping: try r.u32());
        b.acronym = try r.u8() == 1
        b.initials = try r.u32()
        let tallies = try r.u32(), samples = try r.u32()
        guard Int(key) < poolCount, Int(b.initials) <= poolCount, tallies <= UInt16.max,
            samples <= CorpusAggregate.articleSampleLimit, Int(tallies + 2 * samples) <= r.remaining / 8
        else { return nil }
        b.tallyCount = UInt16(tallies); b.sampleCount = UInt8(samples)
        var words: [UInt64] = []
        words.reserveCapacity(Int(tallies + 2 * samples))
        for _ in 0..<(tallies + 2 * samples) { words.append(try r.u64()) }
        guard
            words.prefix(Int(tallies)).allSatisfy({
                Int(CorpusAggregate.TallyItem(word: $0).id) < poolCount
            })
        else { return nil }
        return (b, words)
    }

    private static func read(_ r: inout BinaryReader) throws(BinaryReader.Truncated) -> CorpusAggregate? {
        var a = CorpusAggregate()
        a.articles = Int(try r.u64()); a.failures = Int(try r.u64()); a.quotes = Int(try r.u64())
        a.failureReasons = try r.counts()
        guard let pool = try r.pool() else { return nil }
        a.pool = pool
        let baseCount = Int(try r.u64())
        guard baseCount < r.remaining else { return nil }
        a.bases.reserveCapacity(baseCount)
        for _ in 0..<baseCount {
            guard let entry = try readBase(&r, poolCount: pool.count) else { return nil }
            a.bases.append(entry.base)
            a.setItems(of: a.bases.count - 1, entry.words)
        }
        a.keyWords = try r.u32s()
        a.keyOf = try r.u32s()
        guard a.keyOf.count <= pool.count, a.keyOf.allSatisfy({ Int($0) <= pool.count }),
            a.keyWords.allSatisfy({ Int($0) < pool.count }),
            a.bases.allSatisfy({ Int($0.wordStart) + Int($0.wordCount) <= a.keyWords.count })
        else { return nil }
        let owners = Int(try r.u64())
        guard owners < r.remaining else { return nil }
        a.aliasOwners = HashTable64(filler: .init(), capacity: owners)
        for _ in 0..<owners {
            let key = try r.u64()
            let o = CorpusAggregate.AliasOwners(
                first: Int32(bitPattern: try r.u32()), second: Int32(bitPattern: try r.u32()), many: try r.u8() == 1)
            guard key != HashTable64<UInt32>.emptyKey, o.first < baseCount, o.second < baseCount else { return nil }
            a.aliasOwners.set(key, o)
        }
        for n in 0..<3 {
            guard let table = try r.pairTable(bases: baseCount) else { return nil }
            switch n {
            case 0: a.pairs = table
            case 1: a.sentencePairs = table
            default: a.overlapPairs = table
            }
        }
        let groups = Int(try r.u64())
        guard groups < r.remaining else { return nil }
        for _ in 0..<groups {
            let n = Int(try r.u64())
            let members = try r.u32s().map { Int32(bitPattern: $0) }
            guard members.allSatisfy({ $0 >= 0 && $0 < baseCount }) else { return nil }
            a.overlapGroups[members] = n
        }
        let periods = Int(try r.u64())
        guard periods < r.remaining else { return nil }
        for _ in 0..<periods {
            let period = try r.string()
            a.timeline[period] = .init(mentions: Int(try r.u64()), articles: Int(try r.u64()))
        }
        guard let phrasePool = try r.pool() else { return nil }
        let documents = try r.u32s()
        let scoreCount = Int(try r.u64())
        guard scoreCount < r.remaining else { return nil }
        var scores: [Int] = []
        scores.reserveCapacity(scoreCount)
        for _ in 0..<scoreCount { scores.append(Int(Int64(bitPattern: try r.u64()))) }
        guard let phrases = PhraseTable(pool: phrasePool, documents: documents, scoreMillionths: scores) else {
            return nil
        }
        a.phrases = phrases
        a.otherSpeakers = try r.counts()
        guard r.remaining == 0 else { return nil }
        a.restoreIndexes()
        return a
    }
}

extension CorpusAggregate {
    /// Rebuilds what a snapshot leaves out: the base index.
    mutating func restoreIndexes() {
        baseIndex = HashTable64(filler: 0, capacity: bases.count)
        for (ordinal, b) in bases.enumerated() { baseIndex.set(Self.typeKey(b.type, b.key), UInt32(ordinal)) }
    }
}

extension HashTable64 {
    func forEachThrowing<E: Error>(_ body: (UInt64, Value) throws(E) -> Void) throws(E) {
        for e in entries where e.key != Self.emptyKey { try body(e.key, e.value) }
    }
}

/// Little-endian integers, strings and arrays into a buffer that `drain` hands to a sink
/// in pieces, with a running checksum.
struct BinaryWriter {
    typealias Sink = (ArraySlice<UInt8>) throws(StoreError) -> Void
    private var buffer: [UInt8] = []
    private var hash = BinaryWriter.checksumSeed

    init() { buffer.reserveCapacity(SnapshotCodec.chunkBytes + 65_536) }

    static let checksumSeed: UInt64 = 0x6A09_E667_F3BC_C908

    /// A checksum of bytes (fixed seed: the same in every process).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 { fold(checksumSeed, bytes) }

    private static func fold(_ seed: UInt64, _ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h = seed
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                h = ByteHash.mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8
            }
            while i < raw.count { h = ByteHash.mix(h ^ UInt64(raw[i])); i += 1 }
        }
        return h
    }

    /// Hands the buffer to the sink once it is large, in a piece of whole 8-byte words (so
    /// the checksum of the pieces is the checksum of the whole).
    mutating func drain(_ sink: Sink) throws(StoreError) {
        guard buffer.count >= SnapshotCodec.chunkBytes else { return }
        let cut = buffer.count & ~7
        hash = Self.fold(hash, buffer[..<cut])
        try sink(buffer[..<cut])
        buffer.removeFirst(cut)
    }

    mutating func raw(_ bytes: some Collection<UInt8>) { buffer.append(contentsOf: bytes) }
    mutating func u8(_ v: UInt8) { buffer.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) } }
    mutating func u64(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func string(_ s: String) { u64(s.utf8.count); raw(s.utf8) }

    mutating func u32s(_ values: [UInt32], _ sink: Sink) throws(StoreError) {
        u64(values.count)
        for v in values {
            u32(v)
            if buffer.count >= SnapshotCodec.chunkBytes { try drain(sink) }
        }
    }

    /// A u32 array padded to a whole number of 8-byte words.
    mutating func u32Array(_ values: [UInt32], _ sink: Sink) throws(StoreError) {
        try u32s(values, sink)
        if values.count % 2 == 1 { u32(0) }
    }

    mutating func counts(_ map: [String: Int]) {
        u64(map.count)
        for (k, v) in map.sorted(by: { $0.key < $1.key }) { string(k); u64(v) }
    }

    mutating func pool(_ p: StringPool, _ sink: Sink) throws(StoreError) {
        u64(p.bytes.count)
        var at = 0
        while at < p.bytes.count {
            let end = min(p.bytes.count, at + SnapshotCodec.chunkBytes)
            raw(p.bytes[at..<end])
            try drain(sink)
            at = end
        }
        try u32s(p.ends, sink)
    }

    /// Writes the checksum and hands over the rest.
    mutating func finish(_ sink: Sink) throws(StoreError) {
        let sum = Self.fold(hash, buffer[...])
        u64(sum)
        try sink(buffer[...])
        buffer.removeAll()
    }
}

/// Reads what `BinaryWriter` wrote; every read checks the bounds.
struct BinaryReader {
    struct Truncated: Error {}

    let bytes: [UInt8]
    var offset: Int
    let end: Int

    var remaining: Int { end - offset }

    static func u64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    mutating func u8() throws(Truncated) -> UInt8 {
        guard remaining >= 1 else { throw Truncated() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u32() throws(Truncated) -> UInt32 {
        guard remaining >= 4 else { throw Truncated() }
        defer { offset += 4 }
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    mutating func u64() throws(Truncated) -> UInt64 {
        guard remaining >= 8 else { throw Truncated() }
        defer { offset += 8 }
        return Self.u64(bytes, at: offset)
    }

    mutating func take(_ n: Int) throws(Truncated) -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw Truncated() }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    mutating func string() throws(Truncated) -> String {
        let n = try u64()
        guard n <= UInt64(remaining) else { throw Truncated() }
        return String(decoding: try take(Int(n)), as: UTF8.self)
    }

    mutating func u32s() throws(Truncated) -> [UInt32] {
        let n = try u64()
        guard n <= UInt64(remaining / 4) else { throw Truncated() }
        let raw = try take(Int(n) * 4)
        return raw.withUnsafeBytes { b in
            (0..<Int(n)).map { UInt32(littleEndian: b.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }

    mutating func counts() throws(Truncated) -> [String: Int] {
        let n = try u64()
        guard n <= UInt64(remaining) else { throw Truncated() }
        var out: [String: Int] = [:]
        for _ in 0..<n { out[try string()] = Int(Int64(bitPattern: try u64())) }
        return out
    }

    mutating func pool() throws(Truncated) -> StringPool? {
        let n = try u64()
        guard n <= UInt64(remaining) else { throw Truncated() }
        let bytes = Array(try take(Int(n)))
        return StringPool(bytes: bytes, ends: try u32s())
    }

    mutating func pairTable(bases: Int) throws(Truncated) -> CountTable? {
        let n = Int(try u64())
        guard n <= remaining / 12 else { throw Truncated() }
        var table = CountTable(capacity: n)
        for _ in 0..<n {
            let key = try u64(), count = try u32()
            let (a, b) = CorpusAggregate.pairMembers(key)
            guard a < bases, b < bases else { return nil }
            table.set(key, count)
        }
        return table
    }
}
