import Synchronization

/// Where each item of the container files scanned in this process lies, so the producer can
/// read an item again at dispatch without scanning the file anew.
///
/// An entry is used only while its file keeps the size and modification time it had when
/// scanned; otherwise `ArticleSource.read` scans again. Memory: about 100 bytes per item.
final class ContainerIndex: Sendable {
    static let shared = ContainerIndex()

    private struct FileEntry {
        var stamp: FileStamp
        var items: [ArticleAddress.Item: ContainerLocation] = [:]
    }

    private let files = Mutex<[String: FileEntry]>([:])

    func remember(_ address: ArticleAddress, at location: ContainerLocation, stamp: FileStamp) {
        guard let item = address.item else { return }
        files.withLock { files in
            if files[address.file]?.stamp != stamp { files[address.file] = FileEntry(stamp: stamp) }
            files[address.file]!.items[item] = location
        }
    }

    /// The remembered location of `address`, if its file has not changed since.
    func location(of address: ArticleAddress) -> ContainerLocation? {
        guard let item = address.item, let stamp = FileStamp(path: address.file) else { return nil }
        return files.withLock { files in
            guard let entry = files[address.file], entry.stamp == stamp else { return nil }
            return entry.items[item]
        }
    }
}
