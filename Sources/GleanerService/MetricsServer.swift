import FlyingFox
import FlyingSocks
import Foundation
import GleanerCore
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// Where `--metrics` listens: `HOST:PORT`, checked like a bind endpoint (`Endpoint`).
///
/// HOST is an IPv4 address, a host name (resolved to its IPv4 address) or `*` for every
/// interface; PORT is 1–65535, or 0 for any free port (the readiness line names the one
/// taken).
public struct MetricsAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: UInt16

    /// Why an address was refused, as a sentence.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public init(_ text: String) throws(Problem) {
        let checked: Substring
        do {
            checked = try Endpoint("tcp://" + text, for: .bind).description.dropFirst("tcp://".count)
        } catch {
            throw Problem(description: error.description.replacingOccurrences(of: "tcp://", with: ""))
        }
        guard let colon = checked.lastIndex(of: ":") else {
            throw Problem(description: "\(text) needs a host and a port, e.g. 127.0.0.1:9464")
        }
        let host = String(checked[..<colon]), port = String(checked[checked.index(after: colon)...])
        guard !host.hasPrefix("[") else {
            throw Problem(description: "\(text): give the metrics address as an IPv4 address or a host name")
        }
        self.host = host == "*" ? "0.0.0.0" : host
        self.port = port == "*" ? 0 : UInt16(port) ?? 0
    }

    public var description: String { "\(host):\(port)" }
}

/// The Prometheus endpoint of one role: `GET /metrics` serves the registry in the text
/// exposition format (version 0.0.4); any other path answers 404.
///
/// A `Service`: it binds in `listen()` (called by `RoleProcess` before the role starts, so a
/// port in use fails at once), serves until graceful shutdown, then closes. The HTTP server
/// (FlyingFox) runs on Swift concurrency and waits for sockets on its own dispatch queue, so
/// it never blocks a role's thread or the cooperative pool. Scrapes read the metric objects,
/// which are thread-safe; the roles never wait for a scrape.
public final class MetricsServer: Service, CustomStringConvertible {
    public let address: MetricsAddress
    private let server: HTTPServer
    private let logger: Logger
    /// The task serving HTTP (once `listen()` started it) and why it ended, if it did.
    private let serving = Mutex<(task: Task<Void, Never>?, ended: String?)>((nil, nil))
    /// Set once a stop began: the cancellation FlyingFox then reports is expected.
    private let stopping: StopToken

    /// Longest a stopping server waits for open scrapes to finish (seconds); FlyingFox then
    /// cancels its accept loop.
    static let stopSeconds = 0.2
    /// Longest `listen()` waits for the socket to be bound.
    static let listenTimeout = Duration.seconds(10)

    public init(address: MetricsAddress, registry: PrometheusCollectorRegistry, logger: Logger) throws {
        self.address = address
        self.logger = logger
        let stopping = StopToken()
        self.stopping = stopping
        do {
            server = HTTPServer(
                address: try .inet(ip4: address.host, port: address.port), timeout: 15,
                logger: HTTPLogAdapter(logger: logger, stopping: stopping),
                handler: ExpositionHandler(registry: registry))
        } catch {
            throw ListenError(address: address, cause: "\(error)")
        }
    }

    public var description: String { "metrics" }

    /// Binds and starts serving. - Returns: the URL scrapers use (with the port actually
    /// bound). - Throws: `ListenError` when the address cannot be bound (in use, not this
    /// machine's).
    @discardableResult
    public func listen() async throws -> String {
        serving.withLock { state in
            guard state.task == nil else { return }
            state.task = Task { [server, self] in
                let ended: String
                do {
                    try await server.run()
                    ended = "the server stopped"
                } catch {
                    ended = Self.sentence(error)
                }
                self.serving.withLock { $0.ended = ended }
            }
        }
        let deadline = ContinuousClock.now + Self.listenTimeout
        while !(await server.isListening) {
            if let ended = serving.withLock({ $0.ended }) { throw ListenError(address: address, cause: ended) }
            guard ContinuousClock.now < deadline else {
                throw ListenError(address: address, cause: "it did not listen within \(Self.listenTimeout)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return url(await server.listeningAddress)
    }

    /// Serves until graceful shutdown (or cancellation), then closes the socket.
    public func run() async throws {
        try await listen()
        let task = serving.withLock { $0.task }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await task?.value
            } onGracefulShutdown: { [server, stopping] in
                stopping.request()
                Task { await server.stop(timeout: Self.stopSeconds) }
            }
        } onCancel: { [server, stopping] in
            stopping.request()
            Task { await server.stop(timeout: 0) }
        }
    }

    private func url(_ bound: Socket.Address?) -> String {
        if case .ip4(let host, let port)? = bound { return "http://\(host):\(port)/metrics" }
        return "http://\(address)/metrics"
    }

    /// Why the endpoint could not listen, as a sentence.
    public struct ListenError: Error, CustomStringConvertible {
        public let address: MetricsAddress
        public let cause: String
        public var description: String { "could not serve metrics on \(address): \(cause)" }
    }

    private static func sentence(_ error: any Error) -> String {
        if let socketError = error as? SocketError, case .failed(_, _, let message) = socketError { return message }
        return "\(error)"
    }
}

/// `GET /metrics` (and `HEAD`): the registry in Prometheus's text format; anything else 404.
private struct ExpositionHandler: HTTPHandler {
    let registry: PrometheusCollectorRegistry

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.path == "/metrics", request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .notFound, body: Data("Not found: try /metrics\n".utf8))
        }
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: Data(registry.emitToBuffer()))
    }
}

/// FlyingFox's log lines go to swift-log at debug level (one line per connection would
/// drown a role's log); errors at error level, except the cancellation a stop causes.
private struct HTTPLogAdapter: FlyingSocks.Logging {
    let logger: Logger
    let stopping: StopToken

    func logDebug(_ debug: @autoclosure () -> String) { logger.trace("\(debug())") }
    func logInfo(_ info: @autoclosure () -> String) { logger.debug("\(info())") }
    func logWarning(_ warning: @autoclosure () -> String) { logger.debug("\(warning())") }
    func logError(_ error: @autoclosure () -> String) { log(.warning, error()) }
    func logCritical(_ critical: @autoclosure () -> String) { log(.error, critical()) }

    private func log(_ level: Logger.Level, _ text: String) {
        logger.log(level: stopping.isRequested ? .debug : level, "Metrics endpoint: \(text)")
    }
}
