import Foundation

/// Paths read one per line (`gleaner-producer --stdin-list`), as `find` prints them.
///
/// Line ends are LF or CRLF; blank lines are skipped; nothing else is trimmed, so names
/// with spaces work. Bounds: a line over `maxLineBytes` is an error, not a truncated path.
public enum PathList {
    /// Longest path accepted, in bytes (Linux PATH_MAX).
    public static let maxLineBytes = 4096

    public static func read(_ handle: FileHandle) throws(InputError) -> [String] {
        var paths: [String] = []
        var line: [UInt8] = []
        func finish() throws(InputError) {
            if line.last == 0x0D { line.removeLast() }
            if !line.isEmpty { paths.append(String(decoding: line, as: UTF8.self)) }
            line.removeAll(keepingCapacity: true)
        }
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 64 << 10) } catch { throw .unreadable("read error: \(error)") }
            guard let chunk, !chunk.isEmpty else { break }
            for byte in chunk {
                if byte == 0x0A { try finish(); continue }
                line.append(byte)
                if line.count > maxLineBytes { throw .tooLarge("a line of more than \(maxLineBytes) bytes is no path") }
            }
        }
        try finish()
        return paths
    }
}
