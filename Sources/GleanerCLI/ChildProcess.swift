import Foundation
import GleanerCore

/// A role started as a child process by `gleaner run` or `gleaner chaos`, with its stdout
/// readable line by line and its stderr passed through or written to a log file.
final class ChildProcess {
    let name: String
    private let process = Process()
    private let stdout = Pipe()
    private var buffer: [UInt8] = []

    /// Starts `executable` (a sibling of the running binary) with `arguments`.
    /// - Parameter log: a file for the child's stderr (nil: this process's stderr).
    init(_ executable: String, _ arguments: [String], captureOutput: Bool = true, log: String? = nil,
         environment: [String: String] = [:]) throws {
        name = executable
        process.executableURL = Self.binaryDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.standardOutput = captureOutput ? stdout : FileHandle.nullDevice
        if let log {
            FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: log)
        } else {
            process.standardError = FileHandle.standardError
        }
        process.environment = EnvironmentArguments.childEnvironment(adding: environment)
        try process.run()
    }

    /// Where the package's executables are: beside this one (GLEANER_BIN_DIR overrides).
    static var binaryDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["GLEANER_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// The next stdout line, or nil at end of output.
    func readLine() -> String? {
        let handle = stdout.fileHandleForReading
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(contentsOf: chunk)
        }
    }

    /// Reads lines until one starts with `prefix` (a readiness line); nil if output ends first.
    func awaitLine(startingWith prefix: String) -> String? {
        while let line = readLine() {
            if line.hasPrefix(prefix) { return line }
        }
        return nil
    }

    func terminate() { signal(SIGTERM) }

    func signal(_ sig: Int32) { if process.isRunning { kill(process.processIdentifier, sig) } }

    /// Waits for exit and returns the exit status (128+signal when killed by a signal).
    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        return exitStatus
    }

    /// The exit status once it has exited (128+signal when killed by a signal).
    var exitStatus: Int32 {
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
