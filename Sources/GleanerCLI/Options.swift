import ArgumentParser
import Foundation
import GleanerCore
import Logging

/// `--log-level` and `--log-format`, shared by every command that logs.
public struct LogOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Log level: trace, debug, info, notice, warning, error, critical (default: info; warning for `gleaner "
                + "run`).")
    )
    var logLevel: String?

    @Option(help: "Log format: text (one line for people) or json (one JSON object per line, for log collectors).")
    var logFormat: LogFormat = .text

    public init() {}

    public func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "Please give --log-level one of: trace, debug, info, notice, warning, error, critical.")
        }
    }

    /// Sends logs to stderr at the chosen level and format and returns a logger for `label`
    /// (`gleaner.ROLE`; the role goes into JSON lines, with `worker` for a worker's name).
    func makeLogger(_ label: String, worker: String? = nil) -> Logger {
        let level = logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
        let role = String(label.split(separator: ".").last ?? Substring(label))
        LoggingBootstrap.once(level: level, format: logFormat, identity: LogIdentity(role: role, worker: worker))
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// The flags that give a child role the same logging (`gleaner run`).
    func childArguments(defaultLevel: String) -> [String] {
        ["--log-level", logLevel ?? defaultLevel, "--log-format", logFormat.rawValue]
    }
}

/// How log lines look on stderr.
public enum LogFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// swift-log's stream format: `2026-11-25T14:13:30+0000 warning gleaner.producer: key=value [GleanerCore] Message`.
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json
}

enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once(level: Logger.Level, format: LogFormat, identity: LogIdentity) {
        done.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                switch format {
                case .text:
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                case .json:
                    return JSONLogHandler(label: label, identity: identity, level: level)
                }
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
        do { return try Endpoint(text, for: use).description } catch {
            throw ValidationError("Please check \(flag): \(error).")
        }
    }
}

/// Opens a store for reading; a folder that holds no store is a usage error (exit 64).
func openStoreForReading(_ path: String) throws -> StoreReader {
    do { return try StoreReader(root: path) } catch { throw ValidationError("\(error)") }
}

extension ParsableCommand {
    /// A Foundation error that reaches the top becomes a plain sentence ("Error: No such file
    /// or directory") with exit 1, never a Foundation dump; other errors pass unchanged.
    static func plain(_ error: Error) -> Error {
        let isFoundation = type(of: error) is NSError.Type || error is CocoaError || error is POSIXError
        return isFoundation ? RuntimeError(PlainError.sentence(error)) : error
    }
}
