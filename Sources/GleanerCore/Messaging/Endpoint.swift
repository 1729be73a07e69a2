import Glibc

/// A ZeroMQ endpoint as a user writes it, checked before libzmq sees it: libzmq silently
/// binds a random port for `tcp://*:99999` and binds `tcp://localhost:N` only if there is a
/// network interface named "localhost" ("No such device").
///
/// Accepted: `tcp://HOST:PORT` (HOST an IPv4 address, a host name, or `*` to bind every
/// interface; PORT 1–65535, or `*`/0 to bind any free port) and `ipc://PATH`. To bind, a
/// host name is resolved to its IPv4 address (an interface name such as `eth0` is kept); to
/// connect, it must resolve now and is handed to libzmq as written, which resolves it again
/// on every reconnect.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Use: Sendable { case bind, connect }

    /// Why an endpoint was refused, as a sentence.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Unix socket paths are limited by `sockaddr_un.sun_path` (108 bytes with the final NUL).
    static let ipcPathLimit = 107

    /// The endpoint to hand to libzmq.
    public let description: String

    public init(_ text: String, for use: Use) throws(Problem) {
        guard let schemeEnd = text.range(of: "://") else {
            throw Problem(description: "\"\(text)\" is not an endpoint; write tcp://HOST:PORT or ipc://PATH")
        }
        let scheme = text[..<schemeEnd.lowerBound], rest = String(text[schemeEnd.upperBound...])
        switch scheme {
        case "tcp": description = "tcp://" + (try Self.tcp(rest, for: use))
        case "ipc":
            guard !rest.isEmpty else {
                throw Problem(description: "\"\(text)\" names no socket file; write ipc://PATH")
            }
            guard rest.utf8.count <= Self.ipcPathLimit else {
                throw Problem(
                    description:
                        "the ipc path \(rest) is \(rest.utf8.count) bytes long; the limit is \(Self.ipcPathLimit)")
            }
            description = text
        default:
            throw Problem(description: "\"\(text)\" uses the transport \(scheme)://; Gleaner speaks tcp:// and ipc://")
        }
    }

    /// "HOST:PORT", checked (and for binding, the host resolved).
    private static func tcp(_ address: String, for use: Use) throws(Problem) -> String {
        guard let colon = address.lastIndex(of: ":"), colon != address.startIndex else {
            throw Problem(description: "tcp://\(address) needs a host and a port, e.g. tcp://127.0.0.1:5558")
        }
        let host = String(address[..<colon]), portText = String(address[address.index(after: colon)...])
        let anyPort = portText == "*" || portText == "0"
        if anyPort && use == .bind { return try bindHost(host) + ":" + portText }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            let hint = use == .bind ? " (or * to bind any free port)" : ""
            throw Problem(
                description: "the port \(portText) in tcp://\(address) is not a port number from 1 to 65535\(hint)")
        }
        if use == .bind { return try bindHost(host) + ":" + String(port) }
        if host == "*" { throw Problem(description: "tcp://\(address) names no host to connect to; * is for binding") }
        if !host.hasPrefix("[") && ipv4(host) == nil && resolveIPv4(host) == nil {
            throw Problem(description: "the host \(host) in tcp://\(address) cannot be resolved")
        }
        return host + ":" + String(port)
    }

    private static func bindHost(_ host: String) throws(Problem) -> String {
        if host == "*" || host.hasPrefix("[") || ipv4(host) != nil { return host }
        if let address = resolveIPv4(host) { return address }
        if if_nametoindex(host) != 0 { return host }  // a network interface, e.g. eth0
        throw Problem(description: "the host \(host) cannot be resolved to an address of this machine")
    }

    /// `host` if it is a dotted IPv4 address.
    private static func ipv4(_ host: String) -> String? {
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1 ? host : nil
    }

    /// The first IPv4 address `host` resolves to (getaddrinfo), as text.
    private static func resolveIPv4(_ host: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let raw = first.pointee.ai_addr else { return nil }
        var sin = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &sin.sin_addr, &text, socklen_t(text.count)) != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
