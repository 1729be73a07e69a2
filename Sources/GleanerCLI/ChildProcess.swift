import Foundation
import GleanerCore

/// A role started as a child process by `gleaner run` or `gleaner chaos`, with its stdout
/// readable line by line and its stderr passed through or written to a log file.
///
/// The child gets `--parent-pid` (see `RunChildOptions`): it stops when this process is gone.
final class ChildProcess {
    let name: String
    private let process = Process()
    private let stdout = Pipe()
    private var buffer: [UInt8] = []
    private var ended = false

    /// Starts `executable` (a sibling of the running binary) with `arguments`.
    /// - Parameter log: a file for the child's stderr (nil: this process's stderr).
    init(
        _ executable: String, _ arguments: [String], captureOutput: Bool = true, log: String? = nil,
        environment: [String: String] = [:]
    ) throws {
        name = executable
        process.executableURL = Self.binaryDirectory.appendingPathComponent(executable)
        process.arguments = arguments + ["--parent-pid", String(getpid())]
        process.standardOutput = captureOutput ? stdout : FileHandle.nullDevice
        if let log {
            guard FileManager.default.createFile(atPath: log, contents: nil),
                let handle = FileHandle(forWritingAtPath: log)
            else { throw RuntimeError("could not create the log file \(log) for \(executable)") }
            process.standardError = handle
        } else {
            process.standardError = FileHandle.standardError
        }
        process.environment = EnvironmentArguments.childEnvironment(adding: environment)
        do { try process.run() } catch {
            throw RuntimeError(
                "could not start \(executable) from \(Self.binaryDirectory.path): \(PlainError.sentence(error))")
        }
    }

    /// Where the package's executables are: beside this one (GLEANER_BIN_DIR overrides).
    static var binaryDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["GLEANER_BIN_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    enum Output: Equatable {
        case line(String)
        /// Nothing new within the timeout.
        case quiet
        /// The child closed its stdout (it exited).
        case ended
    }

    /// The next stdout line, waiting at most `timeoutMilliseconds`.
    func readLine(timeoutMilliseconds: Int32) -> Output {
        let fd = stdout.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return .line(line)
            }
            if ended {
                guard !buffer.isEmpty else { return .ended }
                defer { buffer.removeAll() }
                return .line(String(decoding: buffer, as: UTF8.self))
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, timeoutMilliseconds)
            if ready < 0 && errno == EINTR { return .quiet }  // a signal: let the caller look at it
            guard ready > 0 else { return .quiet }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &chunk, chunk.count)
            if n > 0 { buffer.append(contentsOf: chunk[0..<n]) } else if n == 0 || errno != EINTR { ended = true }
        }
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func terminate() { signal(SIGTERM) }

    func signal(_ sig: Int32) { if process.isRunning { kill(process.processIdentifier, sig) } }

    /// Waits for exit and returns the exit status (128+signal when killed by a signal).
    /// After `timeoutSeconds`, the child is killed (SIGKILL).
    @discardableResult
    func wait(timeoutSeconds: Double = .infinity) -> Int32 {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return exitStatus
    }

    /// The exit status once it has exited (128+signal when killed by a signal).
    var exitStatus: Int32 {
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
