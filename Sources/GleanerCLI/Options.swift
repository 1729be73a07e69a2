import ArgumentParser
import Foundation
import GleanerCore
import Logging

/// `--log-level`, shared by every command that logs.
public struct LogOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: info; warning for `gleaner run`).")
    var logLevel: String?

    public init() {}

    public func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("Please give --log-level one of: trace, debug, info, notice, warning, error, critical.")
        }
    }

    /// Sends logs to stderr at the chosen level and returns a logger for `label`.
    func makeLogger(_ label: String) -> Logger {
        let level = logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingBootstrap.once(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once(level: Logger.Level) {
        done.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// `--max-article-bytes`, shared by the roles that read or receive articles.
public struct ArticleLimitOptions: ParsableArguments {
    @Option(help: "Article size limit in bytes; larger files become 'too-large' failure records.")
    var maxArticleBytes: Int = ArticleInput.defaultMaxBytes

    public init() {}

    public func validate() throws {
        guard maxArticleBytes > 0 else { throw ValidationError("Please give --max-article-bytes a positive number.") }
    }
}

/// Exit codes shared by all executables (docs/operations.md).
enum ExitCodes {
    /// The collector could not be reached in time.
    static let collectorUnreachable = ExitCode(2)
    /// Stopped by a signal before every task was committed.
    static let interrupted = ExitCode(3)
}

import Synchronization

/// A failure while doing the work, as opposed to a usage mistake: printed as
/// `Error: <sentence>` without the usage banner, exit 1 (docs/operations.md).
struct RuntimeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Endpoint flags (`--bind`, `--collector`, `--producer`), checked by `Endpoint`: a bad one
/// is a usage error naming the flag; a good one comes back as libzmq should get it.
enum EndpointFlag {
    static func check(_ text: String, flag: String, _ use: Endpoint.Use) throws -> String {
        do { return try Endpoint(text, for: use).description } catch { throw ValidationError("Please check \(flag): \(error).") }
    }
}

/// Opens a store for reading; a folder that holds no store is a usage error (exit 64).
func openStoreForReading(_ path: String) throws -> StoreReader {
    do { return try StoreReader(root: path) } catch { throw ValidationError("\(error)") }
}

extension ParsableCommand {
    /// `main()`, except that a Foundation error that reaches the top is printed as a plain
    /// sentence ("Error: No such file or directory") with exit 1, never as a Foundation dump.
    public static func mainWithPlainErrors() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let isFoundation = type(of: error) is NSError.Type || error is CocoaError || error is POSIXError
            exit(withError: isFoundation ? RuntimeError(PlainError.sentence(error)) : error)
        }
    }
}
