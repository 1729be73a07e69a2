import Logging

/// The producer's scan phase: every article read once, hashed, de-duplicated.
///
/// A file is one article, or many for JSON Lines and WARC files (`ArticleSource`: one task
/// per line or HTML response, addressed `feed.jsonl#line=12`). Articles whose content
/// repeats another's are skipped (identical articles are processed once). Articles that are
/// unreadable or over the size limit become failure records at once, without ever reaching
/// a worker.
struct ProducerPlan {
    struct PlannedTask {
        var id: TaskID
        var path: String
        /// Set when the task is a failure decided by the producer (unreadable, too large).
        var failure: FailureRecord?
    }

    var tasks: [PlannedTask] = []
    /// Articles whose content repeats an earlier one's.
    var duplicates: [SkippedFile] = []
    /// WARC records that are not articles (requests, metadata, redirects, non-HTML).
    var skippedRecords = 0

    init(files: [String], maxArticleBytes: Int) {
        var seen: [TaskID: String] = [:]
        tasks.reserveCapacity(files.count)
        for path in files {
            let source = ArticleSource(path: path, maxArticleBytes: maxArticleBytes, remembersLocations: true)
            skippedRecords += source.forEach { item in
                let task: PlannedTask
                switch item {
                case .article(let address, let bytes):
                    task = PlannedTask(id: try! TaskID(bytes: ContentHash.digest(of: bytes)), path: address.description)
                case .failure(let failure):
                    task = PlannedTask(id: TaskID(recordID: failure.id)!, path: failure.source.path, failure: failure)
                }
                if let first = seen[task.id] {
                    duplicates.append(SkippedFile(path: task.path, reason: .duplicate, duplicateOf: first))
                } else {
                    seen[task.id] = task.path
                    tasks.append(task)
                }
            }.skippedRecords
        }
    }

    /// Every input left out, counted by reason, and listed one by one in the debug log:
    /// the walk's skips, the duplicates, WARC records that are no article, and the tasks the
    /// store already holds.
    func skips(_ listing: FileWalker.Listing, stored: Set<TaskID>, logger: Logger) -> SkipCounts {
        var counts = listing.skips
        counts.add(SkipCounts(duplicates.map(\.reason)))
        counts.add(.notArticleRecord, skippedRecords)
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
