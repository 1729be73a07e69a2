import CCacheHints
import Glibc

/// Hash tables for the collector's merged state, built for its hot path and its memory:
/// open addressing over flat arrays, no `String` keys, no per-entry allocation. Swift's
/// `Dictionary` with `String` keys spent most of a commit in SipHash, retain/release and
/// malloc; these tables cost a multiply and a probe or two.
///
/// Hashes are seeded per process (`ByteHash.seed`), so a hostile peer cannot choose names
/// that collide. Nothing in the store depends on hash order: the tables only find things.

/// The load every table here keeps: at most 7 entries in 10 slots, so that a linear probe
/// stays a slot or two long. Slot counts are powers of two (a mask finds the slot).
enum TableLoad {
    /// Whether `count` entries are more than `slots` slots may hold.
    @inline(__always)
    static func exceeded(_ count: Int, slots: Int) -> Bool { count * 10 > slots * 7 }

    /// The smallest slot count, doubling from `start`, that holds `count` entries.
    static func slots(for count: Int, from start: Int) -> Int {
        var slots = start
        while exceeded(count, slots: slots) { slots *= 2 }
        return slots
    }
}

/// The seeded hash of bytes and of 64-bit keys.
enum ByteHash {
    /// Chosen at random once per process.
    static let seed: UInt64 = UInt64.random(in: 1...UInt64.max) | 1

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0x9E37_79B9_7F4A_7C15
        z ^= z >> 32
        z &*= 0xD6E8_FEB8_6659_FD93
        return z ^ (z >> 32)
    }

    /// Hash of a 64-bit key.
    @inline(__always)
    static func hash(_ key: UInt64) -> UInt64 { mix(key ^ seed) }

    /// Hash of a byte string: eight bytes at a time, then the last 0 to 7 as one word.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = seed ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = mix(h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        return mix(h ^ tail(bytes, from: i) ^ 0xA5)
    }

    /// The bytes from `i` to the end (fewer than 8) as a little-endian word, zero-padded, read
    /// with at most three loads instead of a load and a shift a byte (names are a few words:
    /// the tail was most of their hash). Reads no byte outside `bytes`.
    @inline(__always)
    static func tail(_ bytes: UnsafeRawBufferPointer, from i: Int) -> UInt64 {
        let n = bytes.count - i
        if n == 0 { return 0 }
        if bytes.count >= 8 {  // the last eight bytes, the ones before `i` shifted out
            return bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian
                >> UInt64(8 * (8 - n))
        }
        if n >= 4 {  // two overlapping 4-byte loads
            let low = UInt64(bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian)
            let high = UInt64(bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self).littleEndian)
            return low | (high >> UInt64(8 * (8 - n))) << 32
        }
        // 1 to 3 bytes: the first, the middle and the last (some the same byte).
        return UInt64(bytes[i]) | UInt64(bytes[i + n / 2]) << UInt64(8 * (n / 2))
            | UInt64(bytes[bytes.count - 1]) << UInt64(8 * (n - 1))
    }
}

/// Distinct byte strings, each stored once and named by a dense id (0, 1, 2, …, in the
/// order they were first seen: ids depend on arrival order, so nothing may be sorted by
/// them). About 9 bytes of overhead per string beside its bytes.
struct StringPool: Sendable {
    /// A slot of the table: the string's id + 1 (0: empty), its hash's low bits and where
    /// its bytes are, so that a probe reads the slot and the bytes and nothing else.
    private struct Slot: Sendable {
        var id: UInt32 = 0
        var hash: UInt32 = 0
        var start: UInt32 = 0
        var count: UInt32 = 0
    }

    /// Every string's bytes, back to back.
    private(set) var bytes: [UInt8] = []
    /// End offset of each string in `bytes` (its start is the previous end).
    private(set) var ends: [UInt32] = []
    private var slots: [Slot] = []
    private var mask = 0

    init() { grow(to: 1024) }

    var count: Int { ends.count }

    /// The byte range of string `id` in `bytes`.
    @inline(__always)
    func range(_ id: UInt32) -> Range<Int> {
        let i = Int(id)
        return (i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i])
    }

    func string(_ id: UInt32) -> String { String(decoding: bytes[range(id)], as: UTF8.self) }

    func utf8(_ id: UInt32) -> ArraySlice<UInt8> { bytes[range(id)] }

    /// Whether string `id` is all ASCII (then byte order is `String` order).
    func isASCII(_ id: UInt32) -> Bool { bytes[range(id)].allSatisfy { $0 < 0x80 } }

    /// The id of these bytes, added if new.
    mutating func intern(_ key: UnsafeRawBufferPointer) -> UInt32 { intern(key, hash: ByteHash.hash(key)) }

    /// `intern` of bytes whose `ByteHash.hash` the caller has (from `prefetch`).
    mutating func intern(_ key: UnsafeRawBufferPointer, hash h: UInt64) -> UInt32 {
        var slot = Int(truncatingIfNeeded: h) & mask
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        while true {
            let entry = slots[slot]
            if entry.id == 0 { break }
            if entry.hash == tag && equals(entry, key) { return entry.id - 1 }
            slot = (slot + 1) & mask
        }
        let id = UInt32(ends.count)
        slots[slot] = Slot(id: id + 1, hash: tag, start: UInt32(bytes.count), count: UInt32(key.count))
        bytes.append(contentsOf: key)
        ends.append(UInt32(bytes.count))
        if TableLoad.exceeded(ends.count, slots: slots.count) { grow(to: slots.count * 2) }
        return id
    }

    mutating func intern(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// Starts loading the slot where bytes of hash `h` (`ByteHash.hash`) are found or go.
    @inline(__always)
    func prefetch(hash h: UInt64) {
        slots.withUnsafeBufferPointer { gleaner_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: h) & mask)) }
    }

    /// Starts loading the bytes that the slot of hash `h` names, when its hash matches (the
    /// string `intern` will compare): the step after `prefetch(hash:)`, once that slot is in.
    @inline(__always)
    func prefetchBytes(hash h: UInt64) {
        let slot = slots[Int(truncatingIfNeeded: h) & mask]
        guard slot.id != 0, slot.count > 0, slot.hash == UInt32(truncatingIfNeeded: h >> 32) else { return }
        bytes.withUnsafeBufferPointer { gleaner_prefetch($0.baseAddress! + Int(slot.start)) }
    }

    /// The id of these bytes, if present.
    func find(_ key: UnsafeRawBufferPointer) -> UInt32? {
        let h = ByteHash.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        while true {
            let entry = slots[slot]
            if entry.id == 0 { return nil }
            if entry.hash == tag && equals(entry, key) { return entry.id - 1 }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equals(_ slot: Slot, _ key: UnsafeRawBufferPointer) -> Bool {
        guard Int(slot.count) == key.count else { return false }
        return bytes.withUnsafeBytes { all in
            key.isEmpty || memcmp(all.baseAddress! + Int(slot.start), key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow(to capacity: Int) {
        slots = LargePages.array(repeating: Slot(), count: capacity)
        mask = capacity - 1
        bytes.withUnsafeBytes { all in
            for id in 0..<ends.count {
                let r = range(UInt32(id))
                let h = ByteHash.hash(UnsafeRawBufferPointer(rebasing: all[r]))
                var slot = Int(truncatingIfNeeded: h) & mask
                while slots[slot].id != 0 { slot = (slot + 1) & mask }
                slots[slot] = Slot(
                    id: UInt32(id) + 1, hash: UInt32(truncatingIfNeeded: h >> 32), start: UInt32(r.lowerBound),
                    count: UInt32(r.count))
            }
        }
    }

    /// Rebuilds a pool from its stored bytes and ends (a snapshot); nil when they disagree.
    init?(bytes: [UInt8], ends: [UInt32]) {
        var previous: UInt32 = 0
        for end in ends {
            guard end >= previous, Int(end) <= bytes.count else { return nil }
            previous = end
        }
        guard Int(previous) == bytes.count else { return nil }
        self.bytes = bytes
        self.ends = ends
        grow(to: TableLoad.slots(for: ends.count, from: 1024))
    }
}

/// A map from 64-bit keys (never `UInt64.max`) to values, open addressing with linear probing.
struct HashTable64<Value: Sendable>: Sendable {
    static var emptyKey: UInt64 { .max }

    /// A key beside its value: a probe touches one cache line.
    struct Entry: Sendable {
        var key: UInt64
        var value: Value
    }

    private(set) var entries: [Entry] = []
    private var mask = 0
    private let filler: Value
    /// Entries stored.
    private(set) var count = 0

    /// - Parameter filler: what empty slots hold (never returned).
    init(filler: Value, capacity: Int = 16) {
        self.filler = filler
        let size = TableLoad.slots(for: capacity, from: 16)
        entries = LargePages.array(repeating: Entry(key: Self.emptyKey, value: filler), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(of key: UInt64) -> (slot: Int, found: Bool) {
        entries.withUnsafeBufferPointer { Self.slot(of: key, in: $0, mask: mask) }
    }

    @inline(__always)
    private static func slot(
        of key: UInt64, in entries: UnsafeBufferPointer<Entry>, mask: Int
    ) -> (slot: Int, found: Bool) {
        var slot = Int(truncatingIfNeeded: ByteHash.hash(key)) & mask
        while true {
            let k = entries[slot].key
            if k == key { return (slot, true) }
            if k == Self.emptyKey { return (slot, false) }
            slot = (slot + 1) & mask
        }
    }

    /// Starts loading the slot where `key` is found or goes (`gleaner_prefetch`).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        entries.withUnsafeBufferPointer {
            gleaner_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: ByteHash.hash(key)) & mask))
        }
    }

    subscript(key: UInt64) -> Value? {
        let (slot, found) = slot(of: key)
        return found ? entries[slot].value : nil
    }

    /// Sets the value of `key`.
    mutating func set(_ key: UInt64, _ value: Value) {
        let (slot, found) = slot(of: key)
        entries[slot] = Entry(key: key, value: value)
        if !found { added() }
    }

    /// Changes the value of `key` in place, starting from `initial` when absent.
    @inline(__always)
    mutating func update(_ key: UInt64, initial: Value, _ change: (inout Value) -> Void) {
        let (slot, found) = slot(of: key)
        if !found { entries[slot] = Entry(key: key, value: initial) }
        change(&entries[slot].value)
        if !found { added() }
    }

    private mutating func added() {
        count += 1
        if TableLoad.exceeded(count, slots: entries.count) { rehash(to: entries.count * 2) }
    }

    private mutating func rehash(to size: Int) {
        let old = entries
        entries = LargePages.array(repeating: Entry(key: Self.emptyKey, value: filler), count: size)
        mask = size - 1
        for e in old where e.key != Self.emptyKey {
            let (slot, _) = slot(of: e.key)
            entries[slot] = e
        }
    }

    /// Keeps only the entries `keep` accepts, in a table sized for them.
    mutating func filter(_ keep: (UInt64, Value) -> Bool) {
        var kept = HashTable64(filler: filler, capacity: count)
        forEach { k, v in if keep(k, v) { kept.set(k, v) } }
        self = kept
    }

    /// Every entry, in slot order (which is no meaningful order).
    func forEach(_ body: (UInt64, Value) -> Void) {
        for e in entries where e.key != Self.emptyKey { body(e.key, e.value) }
    }

    /// The entries as a dictionary (for tests and small tables).
    var dictionary: [UInt64: Value] {
        var out: [UInt64: Value] = [:]
        forEach { out[$0] = $1 }
        return out
    }
}

/// The ordinals 0, 1, 2, … of keys the caller keeps elsewhere (in an array indexed by
/// ordinal), found by the key's hash: 4 bytes a slot where a dictionary would hold the key
/// again. Open addressing with linear probing; the caller hashes (seeded, `ByteHash`) and
/// tells whether the key of an ordinal is the one it looks for. Ordinals are dense, so
/// growing re-places 0..<count from the keys and never holds the old slots beside the new.
struct OrdinalTable: Sendable {
    /// Each slot: an ordinal + 1 (0: empty).
    private var slots: [UInt32] = []
    private var mask = 0
    /// Ordinals stored: 0..<count.
    private(set) var count = 0

    /// - Parameter capacity: ordinals it holds before it first grows.
    init(capacity: Int = 0) {
        let size = Self.size(for: capacity)
        slots = LargePages.array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Slots for `count` ordinals within `TableLoad`.
    private static func size(for count: Int) -> Int { TableLoad.slots(for: count, from: 16) }

    /// The ordinal whose key has this hash and `matches`, if any.
    @inline(__always)
    func find(hash: UInt64, _ matches: (UInt32) -> Bool) -> UInt32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if matches(entry - 1) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Adds the next ordinal (`count`), for a key not in the table yet, and returns it.
    /// - Parameter hashOf: the hash of the key of any ordinal below `count`, to re-place them
    ///   when the table grows.
    @discardableResult
    mutating func append(hash: UInt64, hashOf: (UInt32) -> UInt64) -> UInt32 {
        precondition(count < Int(UInt32.max - 1), "OrdinalTable holds fewer than 2^32 - 1 ordinals")
        if TableLoad.exceeded(count + 1, slots: slots.count) { rehash(to: slots.count * 2, hashOf: hashOf) }
        let ordinal = UInt32(count)
        place(ordinal, hash: hash)
        count += 1
        return ordinal
    }

    /// Makes room for `capacity` ordinals in all, so that adding them rehashes nothing.
    mutating func reserve(_ capacity: Int, hashOf: (UInt32) -> UInt64) {
        let size = Self.size(for: capacity)
        if size > slots.count { rehash(to: size, hashOf: hashOf) }
    }

    @inline(__always)
    private mutating func place(_ ordinal: UInt32, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = ordinal + 1
    }

    private mutating func rehash(to size: Int, hashOf: (UInt32) -> UInt64) {
        slots = []  // freed before the bigger table is allocated
        slots = LargePages.array(repeating: 0, count: size)
        mask = size - 1
        for ordinal in 0..<UInt32(count) { place(ordinal, hash: hashOf(ordinal)) }
    }
}

/// Memory for the big hash tables, backed by 2 MB pages where the kernel has them
/// (transparent huge pages set to `madvise`, Debian's default, or `always`). A lookup in
/// a table of tens of MB (the pair tables hold up to a million entries each) lands on a
/// random 4 KB page whose address translation is rarely cached: with 2 MB pages, the
/// translations of a whole table fit in the processor's TLB and each lookup costs one miss,
/// not two. The advice only changes how memory is mapped, never what it holds.
enum LargePages {
    /// Arrays of at least this many bytes ask for large pages (one large page's worth of
    /// translation per 2 MB saves nothing on a small table, and may waste memory).
    static let minimumBytes = 4 << 20
    /// The size of a large page on x86-64 and arm64 Linux (bytes).
    static let pageBytes = 2 << 20
    /// `MADV_COLLAPSE` (Linux 6.1 and later; older kernels refuse it, which costs nothing).
    static let collapseAdvice: Int32 = 25

    /// `Array(repeating:count:)`, with the large-page advice given before any page is touched.
    static func array<T>(repeating value: T, count: Int) -> [T] {
        guard count * MemoryLayout<T>.stride >= minimumBytes else { return [T](repeating: value, count: count) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let memory = UnsafeMutableRawBufferPointer(buffer)
            advise(memory, MADV_HUGEPAGE)  // pages touched from here on come large
            buffer.initialize(repeating: value)
            initialized = count
            // Memory the allocator had used before was already in small pages: join them now
            // (a copy of the table, once per growth).
            advise(memory, collapseAdvice)
        }
    }

    /// Gives `advice` for the 2 MB-aligned part of `memory` (no error: it is advice).
    static func advise(_ memory: UnsafeMutableRawBufferPointer, _ advice: Int32) {
        guard let base = memory.baseAddress else { return }
        let start = (Int(bitPattern: base) + pageBytes - 1) & ~(pageBytes - 1)
        let end = (Int(bitPattern: base) + memory.count) & ~(pageBytes - 1)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, advice)
    }
}
