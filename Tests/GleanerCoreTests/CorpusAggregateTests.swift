import Foundation
import GleanerExtraction
import XCTest
@testable import GleanerCore

final class CorpusAggregateTests: XCTestCase {
    /// A record with entities given as (name, type, country, mention texts "text@sentence")
    /// and quotes as (speaker, text).
    static func record(
        _ id: String, entities: [(String, String, String?, [String])], quotes: [(String?, String)] = [],
        dates: [String] = []
    ) -> RecordSummary {
        let json = MergeOrderTests.json(
            id, entities.map { MergeOrderTests.E(name: $0.0, type: $0.1, country: $0.2, mentions: $0.3) },
            quotes: quotes, dates: dates)
        return RecordSummary.decode(json)!
    }

    private func view(_ aggregate: CorpusAggregate) -> MergedView { MergedView(aggregate) }

    func testMerge_sameNameInTwoArticles_isOneEntityWithBothArticles() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(
            article: Self.record("bb", entities: [("Imran Khan", "PERSON", nil, ["Imran Khan", "Khan"])]), ordinal: 0,
            now: 1)
        _ = aggregate.add(
            article: Self.record("aa", entities: [("Imran Khan", "PERSON", nil, ["Imran Khan"])]), ordinal: 1, now: 2)
        let entities = view(aggregate).entities
        XCTAssertEqual(entities.count, 1)
        let khan = entities[0]
        XCTAssertEqual(khan.articles, 2)
        XCTAssertEqual(khan.mentions, 3)
        XCTAssertEqual(khan.aliases, ["Khan"])
        XCTAssertEqual(khan.sample, [1, 0], "the sample is ordered by article id, not by arrival")
        XCTAssertEqual([khan.firstSeen, khan.lastSeen], ["1970-01-01T00:00:01Z", "1970-01-01T00:00:02Z"])
    }

    func testSample_ofAnEntityInMoreArticlesThanItKeeps_isTheSmallestIDs_inIDOrder_whateverTheArrival() {
        var generator = SplitMix64(seed: 5)
        let limit = CorpusAggregate.articleSampleLimit
        for _ in 0..<4 {
            var aggregate = CorpusAggregate()
            // Article n has id n in hex (its rank) and ordinal n: the sample's ordinals are its ranks.
            for n in (0..<(limit + 10)).shuffled(using: &generator) {
                let hex = String(n, radix: 16)
                _ = aggregate.add(
                    article: Self.record(
                        hex.count == 1 ? "0" + hex : hex, entities: [("Imran Khan", "PERSON", nil, ["Imran Khan"])]),
                    ordinal: UInt32(n), now: 1)
            }
            let khan = view(aggregate).entities[0]
            XCTAssertEqual(khan.articles, limit + 10)
            XCTAssertEqual(khan.sample.map { Int($0) }, Array(0..<limit))
        }
    }

    func testMerge_countryVariants_becomeOnePlace() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(
            article: Self.record("a", entities: [("United States", "LOC", "US", ["United States", "US"])]), ordinal: 0,
            now: 0)
        _ = aggregate.add(article: Self.record("b", entities: [("U.S.", "LOC", "US", ["U.S."])]), ordinal: 1, now: 0)
        _ = aggregate.add(article: Self.record("c", entities: [("US", "LOC", nil, ["US"])]), ordinal: 2, now: 0)
        let entities = view(aggregate).entities
        XCTAssertEqual(
            entities.map(\.name), ["U.S."], "one place; named by the spelling used most, then alphabetically")
        XCTAssertEqual(entities[0].articles, 3)
        XCTAssertEqual(entities[0].country, "US")
    }

    func testMerge_placesWithACountryCode_stayPlacesOfTheirOwn() {
        var aggregate = CorpusAggregate()
        let places: [(String, String)] = [
            ("United Kingdom", "GB"), ("UK", "GB"), ("Britain", "GB"), ("Great Britain", "GB"), ("U.K.", "GB"),
            ("Scotland", "GB"), ("Dundee", "GB"), ("Milton Keynes", "GB"), ("White House", "US"),
            ("United States", "US"), ("Paris", "FR"), ("France", "FR"),
        ]
        for (i, p) in places.enumerated() {
            _ = aggregate.add(
                article: Self.record("\(i)", entities: [(p.0, "LOC", p.1, [p.0])]), ordinal: UInt32(i), now: 0)
        }
        _ = aggregate.add(
            article: Self.record(
                "n1", entities: [("British", "NORP", "GB", ["British"]), ("Scottish", "NORP", "GB", ["Scottish"])]),
            ordinal: 20, now: 0)
        _ = aggregate.add(
            article: Self.record("n2", entities: [("Britons", "NORP", "GB", ["Britons"])]), ordinal: 21, now: 0)
        let entities = view(aggregate).entities
        let uk = entities.first { $0.country == "GB" && $0.articles == 5 }
        XCTAssertEqual(uk?.members, ["@GB"])
        let ukNames: Set<String> = ["UK", "Britain", "Great Britain", "U.K.", "United Kingdom"]
        XCTAssertEqual(Set(uk?.aliases ?? []).union([uk?.name ?? ""]), ukNames)
        for place in ["Scotland", "Dundee", "Milton Keynes", "White House", "Paris"] {
            let e = entities.first { $0.name == place }
            XCTAssertEqual(e?.articles, 1, "\(place) is its own entity")
            XCTAssertNotNil(e?.country, "\(place) keeps its country code as an attribute")
        }
        XCTAssertEqual(entities.first { $0.name == "White House" }?.country, "US")
        XCTAssertEqual(
            entities.filter { $0.type == "NORP" }.map(\.articles).sorted(), [1, 2],
            "British and Britons are one; Scottish is its own")
    }

    func testMerge_aShortFormJoinsItsOnlyFullName_inEitherOrder() {
        for order in [[0, 1, 2], [2, 1, 0]] {
            var aggregate = CorpusAggregate()
            let records = [
                Self.record("a", entities: [("Blair", "PERSON", nil, ["Blair"])]),
                Self.record("b", entities: [("Tony Blair", "PERSON", nil, ["Tony Blair", "Blair"])]),
                Self.record("c", entities: [("Tony Blair", "PERSON", nil, ["Tony Blair"])]),
            ]
            for (ordinal, i) in order.enumerated() {
                _ = aggregate.add(article: records[i], ordinal: UInt32(ordinal), now: 0)
            }
            let entities = view(aggregate).entities
            XCTAssertEqual(entities.map(\.name), ["Tony Blair"], "order \(order)")
            XCTAssertEqual(entities.first?.articles, 3)
            XCTAssertEqual(entities.first?.members, ["blair", "tony blair"])
        }
    }

    func testMerge_anArticleNamingTwoMembers_countsOnce() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(
            article: Self.record("a", entities: [("Tony Blair", "PERSON", nil, ["Tony Blair", "Blair"])]), ordinal: 0,
            now: 0)
        _ = aggregate.add(
            article: Self.record(
                "b", entities: [("Tony Blair", "PERSON", nil, ["Tony Blair"]), ("Blair", "PERSON", nil, ["Blair"])]),
            ordinal: 1, now: 0)
        XCTAssertEqual(view(aggregate).entities.map(\.articles), [2])
        XCTAssertEqual(view(aggregate).entities.map(\.mentions), [4])
    }

    func testMerge_ambiguousAlias_doesNotMergeDifferentPeople() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(
            article: Self.record("a", entities: [("Imran Khan", "PERSON", nil, ["Imran Khan", "Khan"])]), ordinal: 0,
            now: 0)
        _ = aggregate.add(
            article: Self.record("b", entities: [("Sadiq Khan", "PERSON", nil, ["Sadiq Khan", "Khan"])]), ordinal: 1,
            now: 0)
        _ = aggregate.add(article: Self.record("c", entities: [("Khan", "PERSON", nil, ["Khan"])]), ordinal: 2, now: 0)
        XCTAssertEqual(Set(view(aggregate).entities.map(\.name)), ["Imran Khan", "Sadiq Khan", "Khan"])
    }

    func testQuotes_areCreditedToTheCorpusEntity_andCooccurrenceCounted() {
        var aggregate = CorpusAggregate()
        let contribution = aggregate.add(
            article: Self.record(
                "a", entities: [("Qureshi", "PERSON", nil, ["Qureshi"]), ("Pakistan", "LOC", "PK", ["Pakistan"])],
                quotes: [("Qureshi", "We are neutral"), (nil, "scare")], dates: ["2022-03-06", "2022-03"]),
            ordinal: 0, now: 0)
        XCTAssertEqual(
            contribution.quotes.map { $0.entity != nil }, [true, false],
            "Qureshi is an entity of the article; the other quote has no speaker")
        let merged = view(aggregate)
        XCTAssertEqual(merged.entities.first { $0.name == "Qureshi" }?.quotes, 1)
        XCTAssertEqual(merged.speakers.map(\.name), [nil, "Qureshi"], "tied counts: by name, unattributed first")
        XCTAssertEqual(merged.speakers.map(\.quotes), [1, 1])
        XCTAssertEqual(Array(merged.pairs.dictionary.values), [1])
        XCTAssertEqual(aggregate.timeline["2022-03"], CorpusAggregate.Period(mentions: 2, articles: 1))
    }

    func testCooccurrence_inASentence_countsSentencesWhereBothAreNamed() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(
            article: Self.record(
                "a",
                entities: [
                    ("Lavrov", "PERSON", nil, ["Lavrov@0", "Lavrov@2"]),
                    ("Qureshi", "PERSON", nil, ["Qureshi@0", "Qureshi@2"]),
                    ("Kyiv", "LOC", "UA", ["Kyiv@1"]),
                ]), ordinal: 0, now: 0)
        let merged = view(aggregate)
        let lavrov = merged.entities.firstIndex { $0.name == "Lavrov" }!,
            qureshi = merged.entities.firstIndex { $0.name == "Qureshi" }!
        let kyiv = merged.entities.firstIndex { $0.name == "Kyiv" }!
        XCTAssertEqual(merged.sentencePairs[CorpusAggregate.pairKey(lavrov, qureshi)], 2)
        XCTAssertNil(merged.sentencePairs[CorpusAggregate.pairKey(lavrov, kyiv)], "never in one sentence")
        XCTAssertEqual(merged.pairs[CorpusAggregate.pairKey(lavrov, kyiv)], 1, "but in one article")
        let restored = SnapshotCodec.decode(SnapshotCodec.encode(aggregate))!
        XCTAssertEqual(restored.sentencePairs.dictionary, aggregate.sentencePairs.dictionary)
    }

    func testSnapshot_restoresAnEqualAggregate() {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(
            article: Self.record(
                "a", entities: [("Lavrov", "PERSON", nil, ["Lavrov"]), ("Russia", "LOC", "RU", ["Russia"])]),
            ordinal: 0, now: 0)
        let restored = SnapshotCodec.decode(SnapshotCodec.encode(aggregate))!
        XCTAssertEqual(restored.baseContents, aggregate.baseContents)
        XCTAssertEqual(restored.pairs.dictionary, aggregate.pairs.dictionary)
        var next = restored
        _ = next.add(article: Self.record("b", entities: [("Russia", "LOC", "RU", ["Russia"])]), ordinal: 1, now: 0)
        XCTAssertEqual(next.bases.count, 2, "keys survive the snapshot, so Russia merges")
    }

    func testMerge_afterALargerArticle_addsWhatAFreshMergeAdds() throws {
        // The merge's arrays and the contribution are reused across articles: nothing of a
        // larger article merged before may leak into the next one. The reference is the same
        // state restored from a snapshot, whose arrays are new.
        let records = MergeOrderTests.corpus().compactMap { RecordSummary.decode($0) }
        let largest = try XCTUnwrap(records.max { ($0.entityFields?.count ?? 0) < ($1.entityFields?.count ?? 0) })
        let small = Self.record(
            "ff", entities: [("Lavrov", "PERSON", nil, ["Lavrov@0"]), ("Kyiv", "LOC", nil, ["Kyiv@0"])],
            quotes: [("Lavrov", "No.")])
        XCTAssertGreaterThan(largest.entityFields?.count ?? 0, 2 * (small.entityFields?.count ?? 0))
        var reused = CorpusAggregate()
        var contribution = CorpusAggregate.Contribution()
        reused.add(article: largest, ordinal: 0, now: 1, into: &contribution)
        XCTAssertGreaterThan(contribution.postings.count, 2)
        var fresh = try XCTUnwrap(SnapshotCodec.decode(SnapshotCodec.encode(reused)))
        reused.add(article: small, ordinal: 1, now: 2, into: &contribution)
        let expected = fresh.add(article: small, ordinal: 1, now: 2)
        XCTAssertEqual(
            contribution.postings.map { "\($0.entity):\($0.mentions)" },
            expected.postings.map { "\($0.entity):\($0.mentions)" })
        XCTAssertEqual(contribution.quotes.map { "\($0.quote):\(String(describing: $0.entity))" },
            expected.quotes.map { "\($0.quote):\(String(describing: $0.entity))" })
        XCTAssertEqual(reused.baseContents, fresh.baseContents)
        XCTAssertEqual(reused.pairs.dictionary, fresh.pairs.dictionary)
        XCTAssertEqual(reused.sentencePairs.dictionary, fresh.sentencePairs.dictionary)
        XCTAssertEqual(reused.overlapPairs.dictionary, fresh.overlapPairs.dictionary)
        XCTAssertEqual(reused.timeline, fresh.timeline)
    }

    func testMergedView_sameRecordsInAnyOrder_rendersTheSameBytes() {
        let records = MergeOrderTests.corpus().compactMap { RecordSummary.decode($0) }
        func render(_ order: [RecordSummary]) -> [UInt8] {
            var aggregate = CorpusAggregate()
            var ids: [RecordKey] = []
            for (n, r) in order.enumerated() {
                _ = aggregate.add(article: r, ordinal: UInt32(n), now: 1_790_000_000)
                ids.append(RecordKey(r.id)!)
            }
            let view = MergedView(aggregate)
            return CorpusJSON.render(aggregate, view, ids: ids, generation: 1, written: "w") + EntityTable.render(view)
        }
        var generator = SplitMix64(seed: 11)
        let reference = render(records)
        XCTAssertEqual(render(records.reversed()), reference)
        for _ in 0..<3 { XCTAssertEqual(render(records.shuffled(using: &generator)), reference) }
    }
}

final class SnapshotCodecTests: XCTestCase {
    func testSnapshotFile_roundTripsEveryField() throws {
        var aggregate = CorpusAggregate()
        _ = aggregate.add(
            article: CorpusAggregateTests.record(
                "a",
                entities: [
                    ("Qureshi", "PERSON", nil, ["Qureshi", "Shah \"Mehmood\""]),
                    ("Pakistan", "LOC", "PK", ["Pakistan"]),
                    ("Mehmood Qureshi", "PERSON", nil, ["Mehmood Qureshi"]),
                ],
                quotes: [("Qureshi", "We are neutral"), (nil, "x")], dates: ["2022-03-06"]),
            ordinal: 0, now: 1)
        aggregate.add(
            failure: RecordSummary.decode(
                FailureRecord(id: "b", source: .init(path: "p", bytes: 0), reason: .empty, detail: "").jsonBytes())!)
        let bytes = SnapshotCodec.encode(aggregate)
        let restored = try XCTUnwrap(SnapshotCodec.decode(bytes))
        XCTAssertEqual(restored.baseContents, aggregate.baseContents)
        XCTAssertEqual(restored.keyWords, aggregate.keyWords)
        XCTAssertEqual(restored.pairs.dictionary, aggregate.pairs.dictionary)
        XCTAssertEqual(restored.sentencePairs.dictionary, aggregate.sentencePairs.dictionary)
        XCTAssertEqual(restored.overlapPairs.dictionary, aggregate.overlapPairs.dictionary)
        XCTAssertEqual(restored.aliasOwners.dictionary, aggregate.aliasOwners.dictionary)
        XCTAssertEqual(restored.timeline, aggregate.timeline)
        XCTAssertEqual(restored.otherSpeakers, aggregate.otherSpeakers)
        XCTAssertEqual(restored.failureReasons, ["empty": 1])
        XCTAssertEqual([restored.articles, restored.failures, restored.quotes], [1, 1, 2])
        XCTAssertEqual(restored.topPhrases(10).map(\.text), aggregate.topPhrases(10).map(\.text))
        XCTAssertEqual(
            CorpusJSON.render(restored, MergedView(restored), ids: [], generation: 1, written: "w"),
            CorpusJSON.render(aggregate, MergedView(aggregate), ids: [], generation: 1, written: "w"))
        XCTAssertNil(SnapshotCodec.decode(Array(bytes.dropLast())), "a file cut short")
        var damaged = bytes
        damaged[bytes.count / 2] ^= 0x40
        XCTAssertNil(SnapshotCodec.decode(damaged), "a flipped bit")
    }
}

final class LargePagesTests: XCTestCase {
    func testArray_belowAndAboveTheLargePageSize_holdsWhatArrayRepeatingHolds() {
        let small = LargePages.array(repeating: UInt32(7), count: 1_000)
        XCTAssertEqual(small, [UInt32](repeating: 7, count: 1_000))
        let count = LargePages.minimumBytes / 8 + 12_345  // above the threshold, not a multiple of 2 MB
        let large = LargePages.array(repeating: UInt64.max, count: count)
        XCTAssertEqual(large.count, count)
        XCTAssertTrue(large.allSatisfy { $0 == .max })
    }

    func testCountTable_grownPastTheLargePageSize_findsEveryKey() {
        var table = CountTable()
        let keys = (0..<400_000).map { UInt64($0) &* 0x9E37_79B9 }  // 2^17 buckets of 64 bytes: 8 MB
        for key in keys { table.add(key) }
        for key in keys.prefix(1_000) { table.add(key) }
        XCTAssertEqual(table.count, keys.count)
        XCTAssertGreaterThanOrEqual(table.words.count * 8, LargePages.minimumBytes)
        XCTAssertTrue(table.isLineAligned)
        XCTAssertEqual(table[keys[0]], 2)
        XCTAssertEqual(table[keys[399_999]], 1)
        XCTAssertNil(table[1])
    }
}

final class CountTableTests: XCTestCase {
    func testAddEach_countsWhatAddingOneAtATimeCounts_repeatsAndGrowthIncluded() {
        var generator = SystemRandomNumberGenerator()
        var one = CountTable(), each = CountTable()
        // Batches of up to 70 keys from a range that makes repeats within and across batches,
        // enough of them that both tables grow several times (from 16 slots).
        for _ in 0..<600 {
            let keys = (0..<Int.random(in: 0...70, using: &generator)).map { _ in
                UInt64.random(in: 0..<20_000, using: &generator) &* 0x9E37_79B9
            }
            for key in keys { one.add(key) }
            each.add(each: keys)
            XCTAssertEqual(each.count, one.count)
        }
        XCTAssertGreaterThan(one.count, 5_000)
        XCTAssertEqual(each.dictionary, one.dictionary)
        XCTAssertLessThanOrEqual(each.count, 4 * each.bucketCount, "the load bound holds")
        XCTAssertTrue(each.isLineAligned)
    }

    func testAdd_manyKeysInFewBuckets_overflowIntoTheNextBucketsAndKeepEveryCount() {
        // 4 buckets of 5 lanes hold 16 keys before growing: most buckets fill and overflow.
        var table = CountTable(capacity: 16)
        XCTAssertEqual(table.bucketCount, 4)
        var expected: [UInt64: UInt32] = [:]
        for (i, key) in (0..<16).map({ UInt64($0) &* 0x1234_5678_9ABC }).enumerated() {
            table.add(key, UInt32(i + 1))  // a different count in each lane, so a count written in
            expected[key] = UInt32(i + 1)  // the wrong lane or half of a word shows
        }
        XCTAssertEqual(table.bucketCount, 4, "16 keys fit without growing")
        XCTAssertEqual(table.dictionary, expected)
        for (key, n) in expected { XCTAssertEqual(table[key], n) }
        XCTAssertNil(table[7])
        table.add(UInt64(99), 0xFFFF_FFFF)  // the 17th grows the table; a full count in its half word
        table.add(UInt64(99))  // wraps, as UInt32 addition with &+ does, without touching its neighbour
        expected[99] = 0
        XCTAssertEqual(table.bucketCount, 8)
        XCTAssertEqual(table.dictionary, expected)
    }

    func testCopy_mutatedAfterwards_leavesTheOtherUnchangedAndStillFindsEveryKey() {
        var original = CountTable()
        for key in 0..<1_000 as Range<UInt64> { original.add(key, UInt32(key)) }
        let copy = original
        original.add(5, 10)
        original.add(5_000)
        XCTAssertEqual(copy[5], 5)
        XCTAssertNil(copy[5_000])
        XCTAssertEqual(original[5], 15)
        XCTAssertEqual(original[5_000], 1)
        XCTAssertEqual(copy.count, 1_000)
        XCTAssertEqual(original.count, 1_001)
        XCTAssertEqual(copy.dictionary.count, 1_000)
    }

    func testFilter_keepsTheAcceptedEntriesWithTheirCountsInASmallerTable() {
        var table = CountTable()
        for key in 0..<10_000 as Range<UInt64> { table.add(key, key % 3 == 0 ? 2 : 1) }
        let before = table.bucketCount
        table.filter { $1 > 1 }
        XCTAssertEqual(table.count, 3_334)
        XCTAssertLessThan(table.bucketCount, before)
        XCTAssertEqual(table.dictionary, Dictionary(uniqueKeysWithValues: stride(from: 0, to: 10_000, by: 3).map {
            (UInt64($0), UInt32(2))
        }))
    }

    func testSet_overwritesACountAndAddsAnAbsentKey() {
        var table = CountTable()
        table.set(42, 7)
        table.set(42, 9)
        table.set(43, 1)
        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(table[42], 9)
        XCTAssertEqual(table[43], 1)
    }

    func testAddEach_aBatchLargerThanTheTable_growsItBeforeAdding() {
        var table = CountTable()
        let keys = (0..<1_000).map { UInt64($0) } + [5, 5, 999]
        table.add(each: keys)
        XCTAssertEqual(table.count, 1_000)
        XCTAssertEqual(table[5], 3)
        XCTAssertEqual(table[999], 2)
        XCTAssertEqual(table[0], 1)
        XCTAssertNil(table[1_000])
    }
}

final class ByteHashTests: XCTestCase {
    /// The hash as it was written first: the bytes past the last whole word gathered one at a time.
    private func byteByByteHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = ByteHash.seed ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = ByteHash.mix(h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count { tail |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
        return ByteHash.mix(h ^ tail ^ 0xA5)
    }

    func testHash_ofEveryLengthAtEveryOffset_isTheByteByByteHash() {
        var generator = SystemRandomNumberGenerator()
        let buffer = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
        buffer.withUnsafeBytes { all in
            for offset in 0..<8 {
                for length in 0...40 {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[offset..<offset + length])
                    XCTAssertEqual(ByteHash.hash(bytes), byteByByteHash(bytes), "length \(length), offset \(offset)")
                }
            }
        }
    }

    func testTail_readsOnlyItsBytes_theRestOfTheWordIsZero() {
        let bytes: [UInt8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77]
        bytes.withUnsafeBytes { all in
            XCTAssertEqual(ByteHash.tail(UnsafeRawBufferPointer(rebasing: all[0..<0]), from: 0), 0)
            XCTAssertEqual(ByteHash.tail(UnsafeRawBufferPointer(rebasing: all[0..<1]), from: 0), 0x11)
            XCTAssertEqual(ByteHash.tail(UnsafeRawBufferPointer(rebasing: all[0..<3]), from: 0), 0x33_2211)
            XCTAssertEqual(ByteHash.tail(UnsafeRawBufferPointer(rebasing: all[0..<5]), from: 0), 0x55_4433_2211)
            XCTAssertEqual(ByteHash.tail(all, from: 0), 0x77_6655_4433_2211)
        }
    }
}

final class ScratchListTests: XCTestCase {
    func testDistinct_keepsEachIDOnce_andAResetListStartsEmpty() {
        var list = ScratchList()
        for id: UInt32 in [7, 3, 7, 9, 3, 3, 1] { list.append(id) }
        let n = list.distinct()
        XCTAssertEqual(n, 4)
        XCTAssertEqual(Set((0..<n).map { list[$0] }), [1, 3, 7, 9])
        list.reset()
        XCTAssertEqual(list.distinct(), 0)
        list.append(5)
        XCTAssertEqual(list.distinct(), 1)
        XCTAssertEqual(list[0], 5)
    }
}
