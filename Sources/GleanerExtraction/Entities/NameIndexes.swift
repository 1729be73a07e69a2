/// Names sorted by their UTF-8 bytes, or by their bytes read backwards, so that all names
/// beginning (or ending) with a given string form one contiguous run, found by binary search.
/// Building costs one sort; a lookup costs O(log n) comparisons, most of them decided by the
/// first eight bytes, kept in an array of their own for locality.
struct SortedAffixes {
    /// Every name's bytes (reversed in suffix mode), in sorted order, one after another.
    private let bytes: [UInt8]
    /// Where the name at each sorted position starts in `bytes`; the next entry is its end.
    private let starts: [Int]
    /// The first eight bytes of the name at each sorted position, big-endian, zero-padded
    /// (names hold no NUL byte, so padding sorts like the end of a name).
    private let heads: [UInt64]
    /// The name index at each sorted position.
    private let order: [Int]
    private let backwards: Bool

    init(_ names: [String], backwards: Bool) {
        self.backwards = backwards
        let keys = names.map { backwards ? Array($0.utf8.reversed()) : Array($0.utf8) }
        let order = names.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        var bytes: [UInt8] = [], starts = [0]
        bytes.reserveCapacity(keys.reduce(0) { $0 + $1.count })
        for i in order { bytes.append(contentsOf: keys[i]); starts.append(bytes.count) }
        self.order = order; self.bytes = bytes; self.starts = starts
        heads = order.map { Self.head(keys[$0][...]) }
    }

    private static func head(_ key: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0
        for (k, byte) in key.prefix(8).enumerated() { h |= UInt64(byte) << (56 - 8 * UInt64(k)) }
        return h
    }

    /// Indices of the names that begin with `affix` (in suffix mode: end with it), in byte order.
    func names(withAffix affix: String) -> ArraySlice<Int> {
        let key = backwards ? Array(affix.utf8.reversed()) : Array(affix.utf8)
        let keyHead = Self.head(key[...])
        return bytes.withUnsafeBufferPointer { buffer in
            // names below the key come first, then those that start with it, then the rest
            func below(_ pos: Int) -> Bool {
                if heads[pos] != keyHead { return heads[pos] < keyHead }
                let name = buffer[starts[pos]..<starts[pos + 1]]
                return name.lexicographicallyPrecedes(key)
            }
            func startsWithKey(_ pos: Int) -> Bool {
                starts[pos + 1] - starts[pos] >= key.count
                    && buffer[starts[pos]..<(starts[pos] + key.count)].elementsEqual(key)
            }
            var low = 0, high = order.count
            while low < high {
                let mid = (low + high) / 2
                if below(mid) { low = mid + 1 } else { high = mid }
            }
            guard low < order.count, startsWithKey(low) else { return order[low..<low] }
            var end = low + 1
            high = order.count
            while end < high {
                let mid = (end + high) / 2
                if startsWithKey(mid) { end = mid + 1 } else { high = mid }
            }
            return order[low..<end]
        }
    }
}

/// A list of multi-word names searched by whole-word prefix and suffix: "Imran Khan" is found
/// by "Khan" (a suffix) and by "Imran" (a prefix). Answers are exactly what a pass over the
/// names in list order would give, at a binary search per distinct key, so linking every
/// mention of a document to its full name stays near linear in the document's length.
final class WordAffixIndex {
    let names: [String]
    /// The most words in a name: a key of as many words is no name's proper prefix or suffix.
    private let maxWords: Int
    private lazy var byPrefix = SortedAffixes(names, backwards: false)
    private lazy var bySuffix = SortedAffixes(names, backwards: true)
    private var firstMemo: [String: Int?] = [:]
    private var firstSuffixMemo: [String: Int?] = [:]

    /// `names` must be distinct.
    init(_ names: [String]) {
        self.names = names
        maxWords = names.map(Self.wordCount).max() ?? 0
    }

    static func wordCount(_ s: String) -> Int { s.utf8.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 } }

    /// The first name (in list order) that ends with " " + `key` or, unless `suffixOnly`,
    /// begins with `key` + " ".
    func firstName(endingOrBeginningWith key: String, suffixOnly: Bool) -> String? {
        guard Self.wordCount(key) < maxWords else { return nil }
        if let memo = suffixOnly ? firstSuffixMemo[key] : firstMemo[key] { return memo.map { names[$0] } }
        var first = bySuffix.names(withAffix: " " + key).min()
        if !suffixOnly, let p = byPrefix.names(withAffix: key + " ").min() { first = min(first ?? p, p) }
        if suffixOnly { firstSuffixMemo[key] = .some(first) } else { firstMemo[key] = .some(first) }
        return first.map { names[$0] }
    }

    /// Whether some name other than `other` ends with " " + `key`.
    func hasName(endingWith key: String, otherThan other: String) -> Bool {
        guard Self.wordCount(key) < maxWords else { return false }
        let found = bySuffix.names(withAffix: " " + key)
        return found.count > 1 || found.first.map { names[$0] != other } ?? false
    }
}

/// Short forms of organisation names ("Reserve Bank", "Bank", "RBA") mapped to the full name
/// in the article ("Reserve Bank of Australia"). `expansion(of:)` gives exactly what a pass
/// over the names in order gives: the longest name beginning with the short form (the first
/// among equals), unless a name containing a head word given alone ("Bank") or whose initials
/// spell an acronym comes before every such name and is no shorter; a name of either kind when
/// no name begins with the short form. Each distinct short form is looked up once.
final class OrgExpansionIndex {
    struct Name {
        let name: String
        let utf8Count: Int
        let characterCount: Int
        init(_ name: String) {
            self.name = name
            utf8Count = name.utf8.count
            characterCount = name.utf8.allSatisfy { $0 < 0x80 } ? utf8Count : name.count
        }
        /// The name's words.
        var parts: [Substring] { name.utf8.split(separator: 0x20).map { Substring($0) } }
        /// First letters of the words other than "of", "for", "and", "the", "&", "on".
        var initials: String {
            let letters = parts.filter { !Lexicon.initialsSkipWords.contains(ScalarText.lowercased(String($0))) }
                .compactMap { $0.unicodeScalars.first }
            return String(String.UnicodeScalarView(letters))
        }
    }

    let orgs: [Name]
    private lazy var byPrefix = SortedAffixes(orgs.map(\.name), backwards: false)
    /// Names sharing a key, in order, with the running maximum of their UTF-8 lengths, so the
    /// first one longer than a given length is found by binary search.
    struct Postings {
        private(set) var indices: [Int] = []
        private var longestSoFar: [Int] = []
        mutating func append(_ index: Int, utf8Count: Int) {
            indices.append(index)
            longestSoFar.append(max(longestSoFar.last ?? 0, utf8Count))
        }
        /// The first index whose name has more than `length` UTF-8 bytes.
        func first(longerThan length: Int) -> Int? {
            var low = 0, high = longestSoFar.count
            while low < high {
                let mid = (low + high) / 2
                if longestSoFar[mid] > length { high = mid } else { low = mid + 1 }
            }
            return low < indices.count ? indices[low] : nil
        }
    }

    /// Each word of a name → the names containing it (built on first use).
    private lazy var byPart: [Substring: Postings] = {
        var index: [Substring: Postings] = [:]
        for (i, o) in orgs.enumerated() {
            let parts = o.parts
            for (k, part) in parts.enumerated() where !parts[..<k].contains(part) {
                index[part, default: Postings()].append(i, utf8Count: o.utf8Count)
            }
        }
        return index
    }()
    /// Initials ("RBA") → the names with those initials (built on first use).
    private lazy var byInitials: [String: Postings] = {
        var index: [String: Postings] = [:]
        for (i, o) in orgs.enumerated() { index[o.initials, default: Postings()].append(i, utf8Count: o.utf8Count) }
        return index
    }()
    private var memo: [String: String?] = [:]

    var isEmpty: Bool { orgs.isEmpty }

    init(_ names: [String]) { orgs = names.map(Name.init) }

    /// The full name `short` stands for, or nil.
    func expansion(of short: String) -> String? {
        if let known = memo[short] { return known }
        let found = lookUp(short)
        memo[short] = .some(found)
        return found
    }

    private func lookUp(_ short: String) -> String? {
        // the one word of a one-word short form (most are: no space, no split)
        let word: Substring?
        if short.utf8.contains(32) {
            word = short.firstSpaceSeparatedWord().flatMap { $0.isOnly ? $0.word : nil }
        } else {
            word = short.isEmpty ? nil : short[...]
        }
        let shortLen = short.utf8.count
        let isAcronym = word != nil && shortLen >= 2
            && short.unicodeScalars.allSatisfy({ CharacterClass.isUpper($0) || $0 == "." || $0 == "&" })
        let isHead = word != nil && Lexicon.orgHeads.contains(short.lowercased())
        // a name qualifies only when longer than the short form (so it is not the short form)
        func firstQualifying(_ candidates: Postings?) -> Int? { candidates?.first(longerThan: shortLen) }
        var other: Int? = nil  // the first name found by head word or initials
        if isHead, let word, let h = firstQualifying(byPart[word]) { other = h }
        if isAcronym {
            let bare = String(String.UnicodeScalarView(short.unicodeScalars.filter { $0 != "." && $0 != "&" }))
            if let a = firstQualifying(byInitials[bare]) { other = other.map { min($0, a) } ?? a }
        }
        let prefixAllowed = !(word != nil && Lexicon.countries[short] != nil)
        let prefixed = prefixAllowed ? byPrefix.names(withAffix: short + " ") : []
        guard let firstPrefixed = prefixed.min() else { return other.map { orgs[$0].name } }
        // the longest, the first in order among equals
        let longest = prefixed.min { a, b in
            (orgs[a].characterCount, -a) > (orgs[b].characterCount, -b)
        }!
        // a pass in order keeps the first name found, then takes each longer prefixed name
        if let o = other, o < firstPrefixed, orgs[o].characterCount >= orgs[longest].characterCount {
            return orgs[o].name
        }
        return orgs[longest].name
    }
}
