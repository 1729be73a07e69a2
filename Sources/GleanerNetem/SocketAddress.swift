import Glibc

/// An IPv4 address and TCP port, parsed from "HOST:PORT" (HOST a dotted quad, a name that
/// resolves to IPv4, or `*` for every local address).
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: UInt16
    /// The address in network byte order.
    let ipv4: in_addr_t

    public enum ParseError: Error, CustomStringConvertible, Equatable {
        case missingPort(String)
        case badPort(String)
        case unresolved(String)
        case notAForward(String)

        public var description: String {
            switch self {
            case .missingPort(let text): return "\"\(text)\" has no port: write HOST:PORT"
            case .badPort(let text): return "\"\(text)\" has no valid port (0–65535)"
            case .unresolved(let host): return "\"\(host)\" is not an IPv4 address or a name that resolves to one"
            case .notAForward(let text): return "\"\(text)\" is not a forward: write LISTEN_HOST:PORT=TARGET_HOST:PORT"
            }
        }
    }

    public init(_ text: String) throws {
        guard let colon = text.lastIndex(of: ":") else { throw ParseError.missingPort(text) }
        let host = String(text[..<colon])
        guard let port = UInt16(text[text.index(after: colon)...]) else { throw ParseError.badPort(text) }
        guard let address = Self.resolve(host) else { throw ParseError.unresolved(host) }
        self.host = host
        self.port = port
        self.ipv4 = address
    }

    /// The same address with another port (a listener bound to port 0 learns its real port).
    init(host: String, ipv4: in_addr_t, port: UInt16) {
        self.host = host
        self.ipv4 = ipv4
        self.port = port
    }

    public var description: String { "\(host):\(port)" }

    var sockaddr: sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = ipv4
        return address
    }

    private static func resolve(_ host: String) -> in_addr_t? {
        if host == "*" || host.isEmpty { return INADDR_ANY.bigEndian }
        var parsed = in_addr()
        if inet_pton(AF_INET, host, &parsed) == 1 { return parsed.s_addr }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &found) == 0, let first = found else { return nil }
        defer { freeaddrinfo(found) }
        return first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
    }
}

/// One forwarding rule: connections accepted on `listen` are relayed to `target`.
public struct Forward: Sendable, Equatable, CustomStringConvertible {
    public var listen: SocketAddress
    public var target: SocketAddress

    public init(listen: SocketAddress, target: SocketAddress) {
        self.listen = listen
        self.target = target
    }

    /// Parses "LISTEN_HOST:PORT=TARGET_HOST:PORT".
    public init(_ text: String) throws {
        let sides = text.split(separator: "=", omittingEmptySubsequences: false)
        guard sides.count == 2 else { throw SocketAddress.ParseError.notAForward(text) }
        self.init(listen: try SocketAddress(String(sides[0])), target: try SocketAddress(String(sides[1])))
    }

    public var description: String { "\(listen) → \(target)" }
}
