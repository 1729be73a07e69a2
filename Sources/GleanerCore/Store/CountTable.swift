import CCacheHints

/// Counts per 64-bit key (never `UInt64.max`), for the aggregate's pair tables: up to a
/// million entries each, one random lookup per pair of every article.
///
/// Open addressing over buckets of one cache line: five keys, then their five 32-bit counts
/// (64 bytes, 12.8 a count where `HashTable64<UInt32>` takes 16). A key's bucket is found by
/// its hash; the bucket's keys fill from the first, so a lookup reads one line until it
/// finds the key or an empty key, and goes on to the next bucket only when that one is full.
/// Buckets start on a line boundary, so no entry straddles two lines (with 12-byte entries
/// in a flat array one in five would). Filled to at most 4 counts a bucket on average (0.8
/// of the slots): a million pairs take 2^18 buckets (16 MB) instead of 2^21 slots of 16
/// bytes (32 MB).
///
/// The words live in an array (copy on write, like the other tables); `origin` is the index
/// of the first bucket's first word, chosen so that it starts a cache line. A copy of the
/// array may sit elsewhere; it holds the same words at the same indexes, so it stays correct
/// (its lines are then merely unaligned).
struct CountTable: Sendable {
    static var emptyKey: UInt64 { .max }
    /// Keys (and counts) a bucket holds.
    static let lanes = 5
    /// 64-bit words a bucket takes: five keys, then the counts two to a word (the last half word unused).
    static let bucketWords = 8

    private(set) var words: [UInt64] = []
    private var origin = 0
    private var bucketMask = 0
    /// Entries stored.
    private(set) var count = 0

    init(capacity: Int = 16) {
        allocate(buckets: Self.buckets(for: capacity))
    }

    /// Buckets in the table (a power of two).
    var bucketCount: Int { bucketMask + 1 }

    /// Whether `count` entries are more than `buckets` buckets may hold (4 of 5 lanes on average).
    @inline(__always)
    static func exceeded(_ count: Int, buckets: Int) -> Bool { count > 4 * buckets }

    private static func buckets(for count: Int) -> Int {
        var buckets = 4
        while exceeded(count, buckets: buckets) { buckets *= 2 }
        return buckets
    }

    private mutating func allocate(buckets: Int) {
        // Seven spare words: the first line boundary is at most seven words in.
        words = LargePages.array(repeating: Self.emptyKey, count: buckets * Self.bucketWords + 7)
        // Count words start as all ones too: a count is written whenever its lane gets a key.
        origin = words.withUnsafeBufferPointer { ((64 - Int(bitPattern: $0.baseAddress!) & 63) & 63) / 8 }
        bucketMask = buckets - 1
    }

    /// Where `key` is, or the empty lane where it goes: a word index of its key, and its lane.
    @inline(__always)
    private static func locate(
        _ key: UInt64, in words: UnsafeBufferPointer<UInt64>, origin: Int, bucketMask: Int
    ) -> (keyWord: Int, lane: Int, found: Bool) {
        var bucket = Int(truncatingIfNeeded: ByteHash.hash(key)) & bucketMask
        while true {
            let start = origin + bucket * bucketWords
            for lane in 0..<lanes {
                let k = words[start + lane]
                if k == key { return (start + lane, lane, true) }
                if k == emptyKey { return (start + lane, lane, false) }
            }
            bucket = (bucket + 1) & bucketMask
        }
    }

    /// The word holding the count of the key at `keyWord` (lane `lane`), and its shift there.
    @inline(__always)
    private static func countPlace(keyWord: Int, lane: Int) -> (word: Int, shift: UInt64) {
        (keyWord - lane + lanes + lane / 2, UInt64(32 * (lane & 1)))
    }

    @inline(__always)
    private static func readCount(_ words: UnsafeBufferPointer<UInt64>, keyWord: Int, lane: Int) -> UInt32 {
        let (word, shift) = countPlace(keyWord: keyWord, lane: lane)
        return UInt32(truncatingIfNeeded: words[word] >> shift)
    }

    @inline(__always)
    private static func writeCount(
        _ value: UInt32, _ words: UnsafeMutableBufferPointer<UInt64>, keyWord: Int, lane: Int
    ) {
        let (word, shift) = countPlace(keyWord: keyWord, lane: lane)
        words[word] = words[word] & ~(0xFFFF_FFFF << shift) | UInt64(value) << shift
    }

    /// Starts loading the bucket where `key` is found or goes (`gleaner_prefetch`).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        words.withUnsafeBufferPointer {
            let bucket = Int(truncatingIfNeeded: ByteHash.hash(key)) & bucketMask
            gleaner_prefetch($0.baseAddress! + origin + bucket * Self.bucketWords)
        }
    }

    subscript(key: UInt64) -> UInt32? {
        words.withUnsafeBufferPointer { w in
            let (keyWord, lane, found) = Self.locate(key, in: w, origin: origin, bucketMask: bucketMask)
            return found ? Self.readCount(w, keyWord: keyWord, lane: lane) : nil
        }
    }

    /// Sets the count of `key`.
    mutating func set(_ key: UInt64, _ value: UInt32) {
        precondition(key != Self.emptyKey, "CountTable keys are never UInt64.max")
        reserve(count + 1)
        let (origin, mask) = (origin, bucketMask)
        let new = words.withUnsafeMutableBufferPointer { w in
            let (keyWord, lane, found) = Self.locate(key, in: UnsafeBufferPointer(w), origin: origin, bucketMask: mask)
            w[keyWord] = key
            Self.writeCount(value, w, keyWord: keyWord, lane: lane)
            return !found
        }
        if new { count += 1 }
    }

    /// Adds `n` to the count of `key` (from 0 when absent).
    @inline(__always)
    mutating func add(_ key: UInt64, _ n: UInt32 = 1) { add(each: CollectionOfOne(key), n) }

    /// Adds one for each key (a key listed twice counts two), as `add(_:)` would one key at a
    /// time, with one uniqueness check of the table for all of them (an article's pairs: some
    /// 60 keys). Grows the table first when all the keys could be new, so that none of them moves it.
    mutating func add(each keys: [UInt64]) { add(each: keys, 1) }

    private mutating func add<Keys: Collection>(each keys: Keys, _ n: UInt32) where Keys.Element == UInt64 {
        reserve(count + keys.count)
        let (origin, mask) = (origin, bucketMask)
        var new = 0
        words.withUnsafeMutableBufferPointer { w in
            for key in keys {
                precondition(key != Self.emptyKey, "CountTable keys are never UInt64.max")
                let (keyWord, lane, found) = Self.locate(
                    key, in: UnsafeBufferPointer(w), origin: origin, bucketMask: mask)
                if found {
                    let old = Self.readCount(UnsafeBufferPointer(w), keyWord: keyWord, lane: lane)
                    Self.writeCount(old &+ n, w, keyWord: keyWord, lane: lane)
                } else {
                    w[keyWord] = key
                    Self.writeCount(n, w, keyWord: keyWord, lane: lane)
                    new += 1
                }
            }
        }
        count += new
    }

    /// Grows the table (doubling) until it may hold `total` entries.
    private mutating func reserve(_ total: Int) {
        guard Self.exceeded(total, buckets: bucketCount) else { return }
        var buckets = bucketCount * 2
        while Self.exceeded(total, buckets: buckets) { buckets *= 2 }
        var grown = CountTable(emptyWith: buckets)
        forEach { key, n in grown.place(key, n) }
        self = grown
    }

    /// A table of `buckets` buckets, for `reserve` and `filter` to fill with `place`.
    private init(emptyWith buckets: Int) { allocate(buckets: buckets) }

    /// Puts a key known to be absent, in a table known to have room.
    private mutating func place(_ key: UInt64, _ n: UInt32) {
        let (origin, mask) = (origin, bucketMask)
        words.withUnsafeMutableBufferPointer { w in
            let (keyWord, lane, _) = Self.locate(key, in: UnsafeBufferPointer(w), origin: origin, bucketMask: mask)
            w[keyWord] = key
            Self.writeCount(n, w, keyWord: keyWord, lane: lane)
        }
        count += 1
    }

    /// Keeps only the entries `keep` accepts, in a table sized for them.
    mutating func filter(_ keep: (UInt64, UInt32) -> Bool) {
        var kept = 0
        forEach { k, v in if keep(k, v) { kept += 1 } }
        var table = CountTable(emptyWith: Self.buckets(for: kept))
        forEach { k, v in if keep(k, v) { table.place(k, v) } }
        self = table
    }

    /// Every entry, in bucket order (which is no meaningful order).
    func forEach(_ body: (UInt64, UInt32) -> Void) {
        forEachThrowing(body)
    }

    func forEachThrowing<E: Error>(_ body: (UInt64, UInt32) throws(E) -> Void) throws(E) {
        try words.withUnsafeBufferPointer { (w) throws(E) in
            for bucket in 0...bucketMask {
                let start = origin + bucket * Self.bucketWords
                for lane in 0..<Self.lanes where w[start + lane] != Self.emptyKey {
                    try body(w[start + lane], Self.readCount(w, keyWord: start + lane, lane: lane))
                }
            }
        }
    }

    /// The entries as a dictionary (for tests and small tables).
    var dictionary: [UInt64: UInt32] {
        var out: [UInt64: UInt32] = [:]
        forEach { out[$0] = $1 }
        return out
    }

    /// Whether the first bucket starts a cache line in this copy of the words (for tests).
    var isLineAligned: Bool {
        words.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress! + origin) & 63 == 0 }
    }
}
