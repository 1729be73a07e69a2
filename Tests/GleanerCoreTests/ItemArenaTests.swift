import XCTest
@testable import GleanerCore

final class ItemArenaTests: XCTestCase {
    private func fill(_ arena: inout ItemArena, _ block: ItemArena.Block, from value: UInt64) {
        arena.withWords(block.start) { w in for i in 0..<block.capacity { w[i] = value + UInt64(i) } }
    }

    /// The prefetch address is read from the chunk array's bits: it must be where the block's first word is, in
    /// every chunk (a wrong header size or chunk index would prefetch lines nothing reads).
    func testHintAddress_isTheAddressOfTheBlocksFirstWord() {
        var arena = ItemArena()
        var blocks: [ItemArena.Block] = []
        for n in 0..<3_000 { blocks.append(arena.allocate(UInt8(n % 7 == 0 ? 9 : n % 4))) }
        XCTAssertGreaterThan(blocks.map { $0.start >> ItemArena.chunkShift }.max() ?? 0, 1, "three chunks or more")
        for block in blocks {
            let actual = arena.withWords(block.start) { UnsafeRawPointer($0) }
            XCTAssertEqual(arena.hintAddress(block), actual, "block at \(block.start)")
        }
    }

    func testMove_keepsTheWords_andTheOldBlockIsReusedBySize() {
        var arena = ItemArena()
        let small = arena.allocate(0)
        fill(&arena, small, from: 100)
        let other = arena.allocate(0)
        fill(&arena, other, from: 900)
        let grown = arena.move(small, count: 8, to: 1)
        XCTAssertEqual(grown.capacity, 16)
        XCTAssertEqual(Array(arena.words(grown, count: 8)), (100..<108).map { UInt64($0) })
        XCTAssertEqual(arena.allocate(0), small, "the freed block of that size comes back")
        XCTAssertEqual(Array(arena.words(other, count: 8)), (900..<908).map { UInt64($0) }, "neighbours untouched")
    }

    func testBlocksAcrossChunks_neverOverlap_andTheTailOfAFullChunkIsReused() {
        var arena = ItemArena()
        // Fill most of a chunk with 8-word blocks, then ask for the largest block: it starts a
        // new chunk, and the tail of the first becomes free blocks that later requests reuse.
        var blocks: [ItemArena.Block] = []
        for n in 0..<(ItemArena.chunkWords / 8 - 3) {
            let b = arena.allocate(0)
            fill(&arena, b, from: UInt64(n) << 20)
            blocks.append(b)
        }
        let largest = arena.allocate(ItemArena.largestClass)
        XCTAssertEqual(largest.capacity, ItemArena.chunkWords)
        XCTAssertEqual(Int(largest.start) % ItemArena.chunkWords, 0, "a whole chunk of its own")
        fill(&arena, largest, from: 1 << 50)
        // The 24 words left: an 8-word block, then a 16-word one (aligned to its size).
        let reused = [arena.allocate(0), arena.allocate(1)]
        XCTAssertEqual(reused.map { Int($0.start) }, [ItemArena.chunkWords - 24, ItemArena.chunkWords - 16])
        for r in reused { fill(&arena, r, from: 7) }
        for (n, b) in blocks.enumerated() {
            XCTAssertEqual(arena.words(b, count: 8).first, UInt64(n) << 20)
        }
        XCTAssertEqual(
            arena.words(largest, count: ItemArena.chunkWords).last, (1 << 50) + UInt64(ItemArena.chunkWords - 1))
    }

    func testSizeClass_isTheSmallestThatHoldsTheWords() {
        XCTAssertEqual(ItemArena.sizeClass(for: 1), 0)
        XCTAssertEqual(ItemArena.sizeClass(for: 8), 0)
        XCTAssertEqual(ItemArena.sizeClass(for: 9), 1)
        XCTAssertEqual(
            ItemArena.sizeClass(for: Int(UInt16.max) + 2 * CorpusAggregate.articleSampleLimit), ItemArena.largestClass)
    }
}
