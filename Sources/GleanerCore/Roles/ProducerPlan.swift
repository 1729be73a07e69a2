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
    var duplicates = 0

    init(files: [String], maxArticleBytes: Int) {
        var seen = Set<TaskID>()
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
            if seen.insert(task.id).inserted { tasks.append(task) } else { duplicates += 1 }
        }
    }
}
