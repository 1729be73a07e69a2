import Logging

/// The producer's scan: every article read once, hashed, de-duplicated.
///
/// A file is one article, or many for JSON Lines and WARC files (`ArticleSource`: one task
/// per line or HTML response, addressed `feed.jsonl#line=12`). Articles whose content
/// repeats another's are skipped (identical articles are processed once). Articles that are
/// unreadable or over the size limit become failure records at once, without ever reaching
/// a worker. `TaskPlanner` does one file at a time (the producer runs it on a thread, see
/// `PlanStream`); `ProducerPlan` does a whole list at once.
struct TaskPlanner {
    struct PlannedTask {
        var id: TaskID
        var path: String
        /// Set when the task is a failure decided by the producer (unreadable, too large).
        var failure: FailureRecord?
        /// The article bytes, kept from the scan so the first dispatch needs no second read
        /// (nil once dispatched, or when the scan's memory budget was spent).
        var body: [UInt8]?
    }

    let maxArticleBytes: Int
    private var seen: [TaskID: String] = [:]
    /// Articles whose content repeats an earlier one's.
    private(set) var duplicates: [SkippedFile] = []
    /// WARC records that are not articles (requests, metadata, redirects, non-HTML).
    private(set) var skippedRecords = 0

    init(maxArticleBytes: Int) { self.maxArticleBytes = maxArticleBytes }

    /// Makes room for `count` distinct articles at once, so the duplicate check does not regrow
    /// (and rehash) its table again and again while a large folder is scanned.
    mutating func reserveCapacity(_ count: Int) { seen.reserveCapacity(count) }

    /// The new tasks of one file, in file order; `keepBodies` says whether to keep the bytes.
    mutating func plan(file path: String, keepBodies: Bool) -> [PlannedTask] {
        var tasks: [PlannedTask] = []
        let source = ArticleSource(path: path, maxArticleBytes: maxArticleBytes, remembersLocations: true)
        skippedRecords += source.forEach { item in
            let task: PlannedTask
            switch item {
            case .article(let address, let bytes):
                task = PlannedTask(
                    id: try! TaskID(bytes: ContentHash.digest(of: bytes)), path: address.description,
                    body: keepBodies ? bytes : nil)
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
        return tasks
    }

    /// Every input left out, counted by reason, and listed one by one in the debug log:
    /// the walk's skips, the duplicates, WARC records that are no article, and the tasks the
    /// store already holds.
    func skips(_ listing: FileWalker.Listing, stored: [TaskPlanner.PlannedTask], logger: Logger) -> SkipCounts {
        var counts = listing.skips
        counts.add(SkipCounts(duplicates.map(\.reason)))
        counts.add(.notArticleRecord, skippedRecords)
        counts.add(.stored, stored.count)
        guard logger.logLevel <= .debug else { return counts }
        for file in listing.skippedFiles + duplicates {
            var metadata: Logger.Metadata = ["path": "\(file.path)", "reason": "\(file.reason.label(1))"]
            if let first = file.duplicateOf { metadata["same_as"] = "\(first)" }
            logger.debug("Skipped.", metadata: metadata)
        }
        for task in stored { logger.debug("Skipped.", metadata: ["path": "\(task.path)", "reason": "already stored"]) }
        return counts
    }
}

/// A whole list of files planned at once (the store audit of drills and tests).
struct ProducerPlan {
    typealias PlannedTask = TaskPlanner.PlannedTask

    var tasks: [PlannedTask] = []
    private(set) var planner: TaskPlanner

    init(files: [String], maxArticleBytes: Int) {
        planner = TaskPlanner(maxArticleBytes: maxArticleBytes)
        for path in files { tasks += planner.plan(file: path, keepBodies: false) }
    }
}
