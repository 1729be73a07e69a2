/// An immutable word → value table probed with a word's UTF-8 bytes.
///
/// The tokenizer looks every word up, and Swift's `Dictionary<String, _>` spends much of that
/// time in per-process-seeded SipHash. Lexicon keys are fixed at build time, so a plain
/// multiplicative hash with open addressing is safe here. Each slot holds the first 16 bytes of
/// its key inline: a probe usually costs one cache line and no pointer chasing.
struct WordTable<Value: Sendable>: Sendable {
    private struct Slot: Sendable {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        /// UTF-8 length of the key; -1 marks an empty slot.
        var length: Int32 = -1
        /// Where bytes past the 16th live in `overflow`.
        var overflowStart: Int32 = 0
        var value: Value?
    }
    private let slots: [Slot]
    private let overflow: [UInt8]
    private let mask: Int

    init(_ dictionary: [String: Value]) {
        var capacity = 16
        while capacity < dictionary.count * 2 { capacity <<= 1 }
        var table = [Slot](repeating: Slot(), count: capacity)
        var extra: [UInt8] = []
        // Sorted so the layout (and probe order) is the same in every process.
        for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            let utf8 = Array(key.utf8)
            let key = utf8.withUnsafeBufferPointer { WordKey($0) }
            var slot = Int(truncatingIfNeeded: key.hash) & (capacity - 1)
            while table[slot].length >= 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = Slot(head: key.head, tail: key.tail, length: key.length, overflowStart: Int32(extra.count),
                value: value)
            if utf8.count > 16 { extra.append(contentsOf: utf8[16...]) }
        }
        slots = table; overflow = extra; mask = capacity - 1
    }

    subscript(_ word: String) -> Value? {
        var word = word
        return word.withUTF8 { self[utf8: $0] }
    }

    subscript(utf8 word: UnsafeBufferPointer<UInt8>) -> Value? {
        let key = WordKey(word)
        return probe(key) { key.isComplete || overflowMatches($0, word) }
    }

    /// The value of the key that matches `key` in head, tail and length and passes `rest`,
    /// probing from the key's home slot.
    @inline(__always)
    private func probe(_ key: WordKey, _ rest: (Slot) -> Bool) -> Value? {
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let s = slots[slot]
                if s.length < 0 { return nil }
                if s.length == key.length && s.head == key.head && s.tail == key.tail && rest(s) { return s.value }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The values of many complete keys (words of 16 bytes or fewer) at once: the same answers
    /// as one lookup each. A large table's slots are mostly not in cache; here the first probes
    /// of all the keys are loads that depend on no earlier probe and decide no branch, so the
    /// processor overlaps their cache misses instead of waiting for each in turn (a branch on a
    /// missing slot's contents would stall it there whenever it guessed wrong).
    func values(ofKeys keys: [WordKey]) -> [Value?] {
        precondition(keys.allSatisfy(\.isComplete), "a batch holds complete keys only")
        var values = [Value?](repeating: nil, count: keys.count)
        var settled = [Bool](repeating: false, count: keys.count)
        slots.withUnsafeBufferPointer { slots in
            for k in keys.indices {
                let key = keys[k]
                let s = slots[Int(truncatingIfNeeded: key.hash) & mask]
                // zero exactly when the slot holds the key: no short-circuit, no branch
                let difference = (s.head ^ key.head) | (s.tail ^ key.tail)
                    | UInt64(UInt32(bitPattern: s.length ^ key.length))
                settled[k] = difference == 0
                values[k] = difference == 0 ? s.value : nil
            }
        }
        // the rest (a later probe, an absent word) the usual way: their home slot is in cache now
        for k in keys.indices where !settled[k] { values[k] = probe(keys[k]) { _ in true } }
        return values
    }

    private func overflowMatches(_ s: Slot, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        overflow.withUnsafeBufferPointer { bytes in
            for k in 16..<word.count where bytes[Int(s.overflowStart) + k - 16] != word[k] { return false }
            return true
        }
    }

    func contains(_ word: String) -> Bool { self[word] != nil }
}

/// A set of words that answers "surely not a member" or "maybe a member": one bit per
/// `WordKey.hash` value (modulo its size), set for each word put in. A word whose bit is clear is
/// in no table built from those words, so the lookups in those tables can be skipped; a set bit
/// (a member, or another word sharing the bit) leaves the lookups to decide. Costs one hash and
/// one load, in 128 KB that stay in cache, instead of a probe in each table.
struct WordFilter: Sendable {
    private let bits: [UInt64]
    /// Bits in the filter (a power of two): for some 35,000 words, about 3 % of absent words pass.
    static let size = 1 << 20

    /// A filter of every line of each list and of each line's part before its first tab (a
    /// table's key), read straight from the lists' bytes (no string per line: it is built at start).
    init(linesOf lists: [String]) {
        var bits = [UInt64](repeating: 0, count: Self.size / 64)
        func put(_ utf8: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            let bit = Self.bit(WordKey(UnsafeBufferPointer(rebasing: utf8[range])))
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        for var list in lists {
            list.withUTF8 { utf8 in
                var start = 0, tab: Int? = nil
                for i in 0...utf8.count {
                    if i < utf8.count && utf8[i] != 0x0A {
                        if utf8[i] == 0x09 && tab == nil { tab = i }
                        continue
                    }
                    put(utf8, start..<i)
                    if let tab { put(utf8, start..<tab) }
                    start = i + 1; tab = nil
                }
            }
        }
        self.bits = bits
    }

    /// False when `word` was surely not put in; true when it may have been.
    func mayContain(_ word: String) -> Bool {
        let bit = Self.bit(WordKey(word))
        return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    private static func bit(_ key: WordKey) -> Int { Int(truncatingIfNeeded: key.hash) & (size - 1) }
}

/// A word's UTF-8 bytes as a table key: the first 16 bytes as two little-endian words, the
/// length and a hash of all bytes. Two complete keys (16 bytes or fewer) are equal exactly when
/// their words are.
struct WordKey: Sendable {
    let head: UInt64
    let tail: UInt64
    let length: Int32
    let hash: UInt64

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        var head: UInt64 = 0, tail: UInt64 = 0
        for k in 0..<min(n, 8) { head |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        if n > 8 { for k in 8..<min(n, 16) { tail |= UInt64(bytes[k]) << (8 * UInt64(k - 8)) } }
        var h = Self.mix(head, tail, n)
        if n > 16 { for k in 16..<n { h = (h ^ UInt64(bytes[k])) &* 0x0000_0100_0000_01b3 } }
        self.head = head; self.tail = tail; length = Int32(n); hash = h ^ (h >> 32)
    }

    /// The key of a word of at most 16 bytes, given as two little-endian words.
    @inline(__always)
    init(head: UInt64, tail: UInt64, length: Int) {
        precondition(length <= 16, "a key made from its first 16 bytes is complete")
        let h = Self.mix(head, tail, length)
        self.head = head; self.tail = tail; self.length = Int32(length); hash = h ^ (h >> 32)
    }

    @inline(__always)
    private static func mix(_ head: UInt64, _ tail: UInt64, _ length: Int) -> UInt64 {
        (head ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The key of a word's UTF-8.
    init(_ word: String) {
        var word = word
        self = word.withUTF8 { WordKey($0) }
    }

    /// Whether the key holds every byte of its word (16 or fewer).
    var isComplete: Bool { length <= 16 }
}

/// A fixed set of words backed by a `WordTable`: the same cheap lookup for the small hand-written
/// lists (titles, heads, cue verbs) as for the gazetteers. Iterates in sorted order.
struct WordSet: Sendable, Sequence, ExpressibleByArrayLiteral {
    private let table: WordTable<Bool>
    let members: [String]

    init(_ words: some Sequence<String>) {
        members = Array(Set(words)).sorted()
        table = WordTable(Dictionary(uniqueKeysWithValues: members.map { ($0, true) }))
    }
    init(arrayLiteral words: String...) { self.init(words) }

    func contains(_ word: String) -> Bool { table[word] != nil }
    func union(_ other: some Sequence<String>) -> WordSet { WordSet(members + Array(other)) }
    var count: Int { members.count }
    func makeIterator() -> IndexingIterator<[String]> { members.makeIterator() }
}
