import CCacheHints

/// The words of every base entity's tallies and sample (`CorpusAggregate.Base`), in blocks
/// of one chunked store instead of one heap array per entity. The merge touches thousands
/// of scattered entities a second: here a block's place follows from the entity's row, so
/// the merge can start loading it early (`prefetch`), and reaching it costs no reference
/// counting, no uniqueness check and no allocation header per entity.
///
/// A block holds `8 << sizeClass` words (at least one 64-byte line). A block that outgrows
/// itself moves to one twice its size; freed blocks are kept by size class and reused.
/// Chunks have a fixed size, so growing the arena never copies it (no transient doubling
/// of its memory). A value type like the rest of the state: copies share chunks until
/// written (copy-on-write).
struct ItemArena: Sendable {
    /// Where a block is: its first word, and its size class.
    struct Block: Sendable, Equatable {
        var start: UInt32
        var sizeClass: UInt8
        var capacity: Int { 8 << Int(sizeClass) }
    }

    /// Words per chunk (2^17: 1 MiB), also the largest block: more than the most items a
    /// base holds (`UInt16.max` tallies and a full sample).
    static let chunkShift: UInt32 = 17
    static let chunkWords = 1 << Int(chunkShift)
    static let largestClass = UInt8(Int(chunkShift) - 3)

    private var chunks: [[UInt64]] = []
    /// Where the next new block goes (a word offset across chunks).
    private var end: UInt32 = 0
    /// Per size class, the first word + 1 of a free block of it (0: none); a free block's
    /// first word holds the next one's.
    private var free = [UInt32](repeating: 0, count: Int(largestClass) + 1)

    init() {}

    /// The size class whose blocks hold `words`.
    static func sizeClass(for words: Int) -> UInt8 {
        var c: UInt8 = 0
        while (8 << Int(c)) < words { c += 1 }
        precondition(c <= largestClass, "a base holds at most \(chunkWords) words")
        return c
    }

    /// A block of `sizeClass`, contents unspecified.
    mutating func allocate(_ sizeClass: UInt8) -> Block {
        let c = Int(sizeClass)
        if free[c] != 0 {
            let start = free[c] - 1
            free[c] = UInt32(truncatingIfNeeded: withWords(start) { $0[0] })
            return Block(start: start, sizeClass: sizeClass)
        }
        let words = UInt32(8 << c)
        let offset = end & UInt32(Self.chunkWords - 1)
        if end == UInt32(chunks.count) << Self.chunkShift || offset + words > UInt32(Self.chunkWords) {
                // The chunk is full (or there is none): the rest of it becomes free blocks.
            if end < UInt32(chunks.count) << Self.chunkShift { releaseTail() }
            chunks.append([UInt64](repeating: 0, count: Self.chunkWords))
            end = UInt32(chunks.count - 1) << Self.chunkShift
        }
        let block = Block(start: end, sizeClass: sizeClass)
        end += words
        return block
    }

    /// Gives the rest of the current chunk back as free blocks: at each offset (a multiple
    /// of 8 words) the largest block that fits and is aligned to its size.
    private mutating func releaseTail() {
        var offset = end & UInt32(Self.chunkWords - 1)
        while offset < UInt32(Self.chunkWords) {
            var c = Int(Self.largestClass)
            while (8 << c) > Int(UInt32(Self.chunkWords) - offset) || Int(offset) % (8 << c) != 0 { c -= 1 }
            release(Block(start: (end & ~UInt32(Self.chunkWords - 1)) | offset, sizeClass: UInt8(c)))
            offset += UInt32(8 << c)
        }
        end = UInt32(chunks.count) << Self.chunkShift
    }

    mutating func release(_ block: Block) {
        let c = Int(block.sizeClass)
        let next = free[c]
        withWords(block.start) { $0[0] = UInt64(next) }
        free[c] = block.start + 1
    }

    /// Moves the first `count` words of `block` into a block of `sizeClass`.
    mutating func move(_ block: Block, count: Int, to sizeClass: UInt8) -> Block {
        let moved = allocate(sizeClass)
        // Through a temporary buffer (on the stack when small): the two blocks may share a chunk.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { temporary in
            withWords(block.start) { source in for i in 0..<count { temporary[i] = source[i] } }
            withWords(moved.start) { target in for i in 0..<count { target[i] = temporary[i] } }
        }
        release(block)
        return moved
    }

    /// Runs `body` on the words from `start` to the end of its block.
    @inline(__always)
    mutating func withWords<R>(_ start: UInt32, _ body: (UnsafeMutablePointer<UInt64>) -> R) -> R {
        let offset = Int(start & UInt32(Self.chunkWords - 1))
        return chunks[Int(start >> Self.chunkShift)].withUnsafeMutableBufferPointer { body($0.baseAddress! + offset) }
    }

    /// The first `count` words of `block` (a slice of its chunk: drop it before changing the arena).
    func words(_ block: Block, count: Int) -> ArraySlice<UInt64> {
        let offset = Int(block.start & UInt32(Self.chunkWords - 1))
        return chunks[Int(block.start >> Self.chunkShift)][offset..<offset + count]
    }

    /// Starts loading the first two lines of `block`, and the line of word `also` of it
    /// (`gleaner_prefetch`).
    @inline(__always)
    func prefetch(_ block: Block, also: Int) {
        let first = hintAddress(block)
        gleaner_prefetch(first)
        gleaner_prefetch(first + 7 * 8)
        gleaner_prefetch(first + min(also, block.capacity - 1) * 8)
    }

    /// Bytes before a native array's first element: its storage object's header (object
    /// header, count, capacity). `testHintAddress_isTheAddressOfTheBlocksFirstWord` checks it.
    static let arrayHeaderBytes = 32

    /// The address of `block`'s first word, for prefetch hints only: computed from the bits of
    /// its chunk's array (one reference to the storage object, elements `arrayHeaderBytes`
    /// after its start), not through the array. Reaching the chunk as an array
    /// (`chunks[n].withUnsafeBufferPointer`, also through the list's buffer) copied it: a
    /// retain and a release for every entity of every article, 0.45 µs a record of the store
    /// writer's time. Never read or write through it (a hint may be wrong; a load must not).
    @inline(__always)
    func hintAddress(_ block: Block) -> UnsafeRawPointer {
        let offset = Int(block.start & UInt32(Self.chunkWords - 1))
        let storage = chunks.withUnsafeBytes { list in
            list.load(
                fromByteOffset: Int(block.start >> Self.chunkShift) * MemoryLayout<[UInt64]>.stride,
                as: UnsafeRawPointer.self)
        }
        return storage + Self.arrayHeaderBytes + offset * MemoryLayout<UInt64>.stride
    }
}
