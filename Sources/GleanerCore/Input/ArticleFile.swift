import Foundation

/// Reads articles from disk with a size cap, so a huge file never fills memory.
public enum ArticleFile {
    /// Reads the article at `path`: a whole file, or an item of a container file addressed as
    /// `feed.jsonl#line=12` or `crawl.warc.gz#record=5` (`ArticleAddress`; a file that exists
    /// under the full path wins). An article over `maxBytes` yields a `too-large` failure whose
    /// id is the SHA-256 of its bytes, hashed in streaming fashion.
    public static func read(path: String, maxBytes: Int) -> Result<[UInt8], FailureRecord> {
        let address = ArticleAddress(parsing: path)
        if address.item != nil && !FileManager.default.fileExists(atPath: path) {
            return ArticleSource.read(address, maxBytes: maxBytes)
        }
        return readWhole(path: path, maxBytes: maxBytes)
    }

    /// Reads the whole file at `path` if it has at most `maxBytes` bytes.
    static func readWhole(path: String, maxBytes: Int) -> Result<[UInt8], FailureRecord> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(unreadable(path, "cannot open file"))
        }
        defer { try? handle.close() }
        do {
            let size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            if size > maxBytes {
                let id = try streamingHash(handle)
                return .failure(FailureRecord(
                    id: id, source: .init(path: path, bytes: size), reason: .tooLarge,
                    detail: "file has \(size) bytes, over the limit of \(maxBytes)"))
            }
            let data = try handle.readToEnd() ?? Data()
            return .success([UInt8](data))
        } catch {
            return .failure(unreadable(path, "read error: \(error)"))
        }
    }

    /// Reads one article from standard input (`gleaner extract -`), at most `maxBytes` of it;
    /// more becomes a `too-large` failure, hashed as it streams past.
    public static func readStandardInput(maxBytes: Int) -> Result<[UInt8], FailureRecord> {
        let input = FileHandle.standardInput
        var bytes: [UInt8] = []
        do {
            while bytes.count <= maxBytes, let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                bytes.append(contentsOf: chunk)
            }
            guard bytes.count > maxBytes else { return .success(bytes) }
            var hasher = ContentHash.Streaming()
            hasher.update(bytes)
            var size = bytes.count
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update([UInt8](chunk))
                size += chunk.count
            }
            return .failure(FailureRecord(id: hasher.finalizeHex(), source: .init(path: "-", bytes: size),
                                          reason: .tooLarge,
                                          detail: "standard input has \(size) bytes, over the limit of \(maxBytes)"))
        } catch {
            return .failure(unreadable("-", "read error on standard input: \(error)"))
        }
    }

    private static func streamingHash(_ handle: FileHandle) throws -> String {
        var hasher = ContentHash.Streaming()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update([UInt8](chunk))
        }
        return hasher.finalizeHex()
    }

    /// An unreadable file has no content hash; its id hashes the path instead, prefixed so it
    /// can never collide with a content id.
    static func unreadable(_ path: String, _ detail: String) -> FailureRecord {
        let id = "path-" + ContentHash.hex(of: Array(path.utf8))
        return FailureRecord(id: id, source: .init(path: path, bytes: 0), reason: .unreadable, detail: detail)
    }
}
