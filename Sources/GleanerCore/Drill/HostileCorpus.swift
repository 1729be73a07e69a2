import Foundation
import GleanerExtraction

/// Hostile files for fault drills and tests: everything a pile of "articles" from the wild
/// may hold besides articles. Written on the fly (nothing large is kept in the repository).
///
/// Usage:
/// ```
/// let files = try HostileCorpus.write(into: folder, bigFileBytes: 50 << 20)
/// ```
public enum HostileCorpus {
    /// One hostile file and what a run may make of it.
    public struct File: Sendable, Equatable {
        public var path: String
        /// May become a failure record (bad input); otherwise it must be stored as an article.
        public var mayFail: Bool
        /// Never listed by the walker (a symlink loop): neither article nor failure.
        public var skipped: Bool
    }

    /// Writes the hostile set into `folder` (created). `bigFileBytes` sizes the oversize file.
    @discardableResult
    public static func write(into folder: String, bigFileBytes: Int = 50 << 20, seed: UInt64 = 1) throws -> [File] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: seed)
        var files: [File] = []
        func put(_ name: String, _ bytes: [UInt8], mayFail: Bool) throws {
            let path = folder + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append(File(path: path, mayFail: mayFail, skipped: false))
        }
        let article = Array(
            "Storm closes ports in Lisbon\n\nThe port of Lisbon closed on Monday, officials said.\n".utf8)
        try put("empty.txt", [], mayFail: true)
        try put("whitespace.txt", Array(repeating: 0x20, count: 300) + [0x0A, 0x09, 0x0A], mayFail: true)
        try put("random.bin", (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) }, mayFail: true)
        try put(
            "image.png",
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array(repeating: 0, count: 400),
            mayFail: true)
        try put(
            "latin1.txt",
            Array("Caf".utf8) + [0xE9] + Array(" in S".utf8) + [0xE3] + Array("o Paulo. ".utf8)
                + (0..<600).map { UInt8(0xA0 + $0 % 0x5F) }, mayFail: true)
        try put(
            "utf16.txt",
            [0xFF, 0xFE]
                + "Storm closes ports in Lisbon\n\nThe port closed.\n".utf16.flatMap {
                    [UInt8($0 & 0xFF), UInt8($0 >> 8)]
                }, mayFail: true)
        try put(
            "crlf.txt",
            Array("Ministers meet in Oslo\r\n\r\nThe ministers met in Oslo on Friday, Anna Berg said.\r\n".utf8),
            mayFail: false)
        try put("one-line.txt", Array(repeating: UInt8(ascii: "a"), count: 1_000_000), mayFail: true)
        try put("name with spaces.txt", article + Array("(spaces)\n".utf8), mayFail: false)
        try put("nouvelles-été-東京.txt", article + Array("(non-ASCII name)\n".utf8), mayFail: false)
        try put("unreadable.txt", article + Array("(mode 000)\n".utf8), mayFail: true)
        chmod(folder + "/unreadable.txt", 0)
        let big = folder + "/huge.txt"
        _ = fm.createFile(atPath: big, contents: nil)  // opening it next reports any failure
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<max(1, bigFileBytes >> 20) { handle.write(chunk) }
        try handle.close()
        files.append(File(path: big, mayFail: true, skipped: false))
        let loop = folder + "/loop"
        try fm.createDirectory(atPath: loop, withIntermediateDirectories: true)
        symlink("../loop", loop + "/again")
        files.append(File(path: loop + "/again", mayFail: false, skipped: true))
        return files
    }
}
