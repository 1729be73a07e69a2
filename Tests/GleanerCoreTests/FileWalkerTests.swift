import Foundation
import GleanerTestSupport
import XCTest
@testable import GleanerCore

final class FileWalkerTests: XCTestCase {
    func testList_walksFoldersRecursivelyInSortedOrder_skippingHiddenFiles() throws {
        let root = temporaryURL("walk")
        try writeFiles(["b/2.txt", "a/1.txt", "a/deep/3.txt", ".git/x", "a/.hidden"], under: root)
        let listing = try FileWalker().list([root.path])
        XCTAssertEqual(
            listing.files.map { String($0.dropFirst(root.path.count)) }, ["/a/1.txt", "/a/deep/3.txt", "/b/2.txt"])
        XCTAssertEqual(listing.skipped, 2)
    }

    func testList_withExtensions_takesOnlyThoseFromFolders_butAlwaysNamedFiles() throws {
        let root = temporaryURL("walk-ext")
        try writeFiles(["a/1.txt", "a/2.TXT", "a/README", "a/notes.md", "b/3.txt"], under: root)
        let listing = try FileWalker(extensions: [".txt"]).list([
            root.appendingPathComponent("a").path, root.appendingPathComponent("a/notes.md").path,
        ])
        XCTAssertEqual(
            listing.files.map { URL(fileURLWithPath: $0).lastPathComponent }, ["1.txt", "2.TXT", "notes.md"])
        XCTAssertEqual(listing.skipped, 2)
    }

    func testList_countsEachKindOfSkip_andNeverEntersAStore() throws {
        let root = temporaryURL("walk-kinds")
        try writeFiles(["a.txt", "notes.md", ".hidden.txt", "sub/.git/config"], under: root)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("link.txt").path, withDestinationPath: "a.txt")
        let store = try ArticleStore(root: root.appendingPathComponent("gleaner-store").path)
        try store.checkpoint()
        let listing = try FileWalker(extensions: ["txt"]).list([root.path])
        XCTAssertEqual(listing.files.map { URL(fileURLWithPath: $0).lastPathComponent }, ["a.txt"])
        XCTAssertEqual(listing.skips.counts, [.hidden: 2, .special: 1, .otherExtension: 1, .store: 1])
        XCTAssertEqual(
            listing.skips.description, "2 hidden, 1 symlink or special file, 1 not matching --ext, 1 store folder")
        XCTAssertEqual(
            listing.skippedFiles.first { $0.reason == .store }?.path, root.appendingPathComponent("gleaner-store").path)
        XCTAssertEqual(
            try FileWalker().list([root.appendingPathComponent("gleaner-store").path]).files, [],
            "a store named as a PATH")
    }

    func testList_missingPath_isAnError() {
        XCTAssertThrowsError(try FileWalker().list(["/definitely/not/here"]))
    }

    /// Writes a one-byte file at each relative path under `root`, making folders as needed.
    private func writeFiles(_ paths: [String], under root: URL) throws {
        for path in paths {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
    }
}
