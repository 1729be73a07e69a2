import Foundation
import XCTest

/// Paths under the system's temporary directory for tests that write files: each one unique, so
/// tests running at the same time (or a run left over from a crash) never share a folder.
public enum TemporaryFolder {
    /// `<prefix>-<UUID>` under the temporary directory; nothing is created there.
    public static func uniqueURL(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }
}

extension XCTestCase {
    /// A unique path (`TemporaryFolder.uniqueURL`) that the running test owns. It is not created
    /// (a store creates its own root), and whatever is there is removed when the test ends, whether
    /// it passed, failed or threw. Call it from the test or from `setUp`, never from `tearDown`.
    public func temporaryURL(_ prefix: String) -> URL {
        let url = TemporaryFolder.uniqueURL(prefix)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// `temporaryURL(prefix)`, created as an empty folder.
    public func makeTemporaryFolder(_ prefix: String) throws -> URL {
        let url = temporaryURL(prefix)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
