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
            let (head, tail, h) = utf8.withUnsafeBufferPointer { Self.fingerprint($0) }
            var slot = Int(truncatingIfNeeded: h) & (capacity - 1)
            while table[slot].length >= 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = Slot(head: head, tail: tail, length: Int32(utf8.count), overflowStart: Int32(extra.count),
                value: value)
            if utf8.count > 16 { extra.append(contentsOf: utf8[16...]) }
        }
        slots = table; overflow = extra; mask = capacity - 1
    }

    /// The first 16 bytes as two little-endian words, and a hash of all bytes.
    @inline(__always)
    private static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64) {
        var head: UInt64 = 0, tail: UInt64 = 0
        let n = bytes.count
        for k in 0..<min(n, 8) { head |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        if n > 8 { for k in 8..<min(n, 16) { tail |= UInt64(bytes[k]) << (8 * UInt64(k - 8)) } }
        var h = (head ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
        if n > 16 { for k in 16..<n { h = (h ^ UInt64(bytes[k])) &* 0x0000_0100_0000_01b3 } }
        return (head, tail, h ^ (h >> 32))
    }

    subscript(_ word: String) -> Value? {
        var word = word
        return word.withUTF8 { self[utf8: $0] }
    }

    subscript(utf8 word: UnsafeBufferPointer<UInt8>) -> Value? {
        let (head, tail, h) = Self.fingerprint(word)
        let length = Int32(word.count)
        var slot = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let s = slots[slot]
                if s.length < 0 { return nil }
                if s.length == length && s.head == head && s.tail == tail && (length <= 16 || overflowMatches(s,
                    word)) { return s.value }
                slot = (slot + 1) & mask
            }
        }
    }

    private func overflowMatches(_ s: Slot, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        overflow.withUnsafeBufferPointer { bytes in
            for k in 16..<word.count where bytes[Int(s.overflowStart) + k - 16] != word[k] { return false }
            return true
        }
    }

    func contains(_ word: String) -> Bool { self[word] != nil }
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
