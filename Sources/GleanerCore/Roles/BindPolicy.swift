/// Who may reach a role's bound socket, decided before it binds.
///
/// Plaintext TCP is bound only to loopback unless the operator turns on CurveZMQ or says
/// `--insecure`: without CURVE anyone who reaches the port can hand the producer fake
/// workers or the collector fake records. `ipc://` and `inproc://` are local by nature.
public enum BindPolicy {
    /// How a bound endpoint is exposed, for the start-up log line.
    public enum Exposure: Equatable, Sendable, CustomStringConvertible {
        /// ipc://, inproc:// or loopback TCP: only this host can connect.
        case local
        /// TCP beyond loopback with CurveZMQ and an allow-list.
        case curve
        /// TCP beyond loopback in plaintext, because the operator said `--insecure`.
        case insecure

        public var description: String {
            switch self {
            case .local: return "local only (loopback or ipc)"
            case .curve: return "network, CurveZMQ with an allow-list"
            case .insecure: return "network, PLAINTEXT (--insecure): anyone who reaches this port is trusted"
            }
        }
    }

    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public let endpoint: String
        public var description: String {
            "refusing to bind plaintext TCP beyond loopback (\(endpoint)): turn on CurveZMQ (--curve-key, "
                + "see docs/operations.md) or pass --insecure on a trusted network; "
                + "tcp://127.0.0.1:PORT binds to this host only"
        }
    }

    /// Decides whether `endpoint` may be bound. - Throws: `Refusal` for plaintext TCP beyond
    /// loopback without `insecure`.
    public static func check(_ endpoint: String, curve: Bool, insecure: Bool) throws(Refusal) -> Exposure {
        guard !isLocal(endpoint) else { return .local }
        if curve { return .curve }
        guard insecure else { throw Refusal(endpoint: endpoint) }
        return .insecure
    }

    /// True for ipc://, inproc:// and TCP on a loopback address (127.0.0.0/8, ::1, localhost).
    public static func isLocal(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = String(endpoint.dropFirst("tcp://".count))
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        if let semicolon = host.firstIndex(of: ";") { host = String(host[..<semicolon]) }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
