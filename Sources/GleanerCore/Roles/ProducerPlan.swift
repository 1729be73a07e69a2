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
    var duplicates = 0
    /// WARC records that are not articles (requests, metadata, redirects, non-HTML).
    var skippedRecords = 0

    init(files: [String], maxArticleBytes: Int) {
        var seen = Set<TaskID>()
        tasks.reserveCapacity(files.count)
        for path in files {
            let source = ArticleSource(path: path, maxArticleBytes: maxArticleBytes, remembersLocations: true)
            skippedRecords += source.forEach { item in
                let task: PlannedTask
                switch item {
                case .article(let address, let bytes):
                    task = PlannedTask(id: try! TaskID(bytes: ContentHash.digest(of: bytes)), path: address.description)
                case .failure(let failure):
                    let hex = failure.id.hasPrefix("path-") ? String(failure.id.dropFirst(5)) : failure.id
                    task = PlannedTask(id: TaskID(hex: hex)!, path: failure.source.path, failure: failure)
                }
                if seen.insert(task.id).inserted { tasks.append(task) } else { duplicates += 1 }
            }.skippedRecords
        }
    }
}
