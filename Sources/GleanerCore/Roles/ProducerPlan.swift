import Logging

/// The producer's scan phase: every file read once, hashed, de-duplicated.
///
/// Files whose content repeats another file's are skipped (identical articles are processed
/// once). Files that are unreadable or over the size limit become failure records at once,
/// without ever reaching a worker.
struct ProducerPlan {
    struct PlannedTask {
        var id: TaskID
        var path: String
        /// Set when the task is a failure decided by the producer (unreadable, too large).
        var failure: FailureRecord?
    }

    var tasks: [PlannedTask] = []
    /// Files whose content repeats an earlier file's.
    var duplicates: [SkippedFile] = []

    init(files: [String], maxArticleBytes: Int) {
        var seen: [TaskID: String] = [:]
        tasks.reserveCapacity(files.count)
        for path in files {
            let task: PlannedTask
            switch ArticleFile.read(path: path, maxBytes: maxArticleBytes) {
            case .success(let bytes):
                task = PlannedTask(id: try! TaskID(bytes: ContentHash.digest(of: bytes)), path: path)
            case .failure(let failure):
                let hex = failure.id.hasPrefix("path-") ? String(failure.id.dropFirst(5)) : failure.id
                task = PlannedTask(id: TaskID(hex: hex)!, path: path, failure: failure)
            }
            if let first = seen[task.id] {
                duplicates.append(SkippedFile(path: path, reason: .duplicate, duplicateOf: first))
            } else {
                seen[task.id] = path
                tasks.append(task)
            }
        }
    }

    /// Every input left out, counted by reason, and listed one by one in the debug log:
    /// the walk's skips, the duplicates, and the tasks the store already holds.
    func skips(_ listing: FileWalker.Listing, stored: Set<TaskID>, logger: Logger) -> SkipCounts {
        var counts = listing.skips
        counts.add(SkipCounts(duplicates.map(\.reason)))
        counts.add(.stored, tasks.filter { stored.contains($0.id) }.count)
        guard logger.logLevel <= .debug else { return counts }
        for file in listing.skippedFiles + duplicates {
            var metadata: Logger.Metadata = ["path": "\(file.path)", "reason": "\(file.reason.label(1))"]
            if let first = file.duplicateOf { metadata["same_as"] = "\(first)" }
            logger.debug("Skipped.", metadata: metadata)
        }
        for task in tasks where stored.contains(task.id) {
            logger.debug("Skipped.", metadata: ["path": "\(task.path)", "reason": "already stored"])
        }
        return counts
    }
}
