import Glibc

/// The POSIX socket calls the proxy makes, each turning errno into a typed result. Every
/// socket is non-blocking, close-on-exec and has Nagle off (the proxy must not add delay of
/// its own: the applications it carries set TCP_NODELAY for the same reason).
enum TCPSocket {
    /// What a read got.
    enum ReadResult {
        case bytes([UInt8])
        /// The peer shut its sending side (read returned 0).
        case end
        /// Nothing to read now.
        case wouldBlock
        case failed(Int32)
    }

    /// Largest read, bytes: big enough to move 100 MB/s in a few thousand reads a second.
    static let readSize = 65_536

    /// A listening socket bound to `address`, and the address it really got (port 0 picks one).
    static func listen(_ address: SocketAddress) throws(ProxyError) -> (Int32, SocketAddress) {
        let fd = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .listenFailed(address, errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = address.sockaddr
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw .listenFailed(address, code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (
            fd, SocketAddress(host: address.host, ipv4: address.ipv4, port: UInt16(bigEndian: socketAddress.sin_port))
        )
    }

    /// The next pending connection on a listener, or nil when none is waiting.
    static func accept(_ listener: Int32) -> Int32? {
        let fd = Glibc.accept(listener, nil, nil)  // accept4 is a GNU extension Swift's Glibc does not show
        guard fd >= 0 else { return nil }
        makeNonBlocking(fd)
        noDelay(fd)
        return fd
    }

    /// O_NONBLOCK and FD_CLOEXEC on a descriptor.
    static func makeNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// Starts connecting to `address`: the socket, or the errno if the attempt failed at once.
    /// Completion shows as writability; `pendingError` then says whether it succeeded.
    static func connect(_ address: SocketAddress) -> Result<Int32, ProxyError> {
        let fd = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.connectFailed(address, errno)) }
        noDelay(fd)
        var socketAddress = address.sockaddr
        let started = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard started == 0 || errno == EINPROGRESS else {
            let code = errno
            close(fd)
            return .failure(.connectFailed(address, code))
        }
        return .success(fd)
    }

    /// The socket's pending error (SO_ERROR): 0 once a connect has succeeded.
    static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// Reads what is waiting, up to `buffer.count` bytes; the bytes come back in a new array of
    /// exactly their size, so many small reads queued for a delay do not each hold a full buffer.
    static func read(_ fd: Int32, using buffer: inout [UInt8]) -> ReadResult {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { return .bytes(Array(buffer[0..<n])) }
        if n == 0 { return .end }
        let code = errno
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .wouldBlock : .failed(code)
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> TimedByteQueue.WriteResult {
        let n = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if n > 0 { return .wrote(n) }
        if n == 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock }
        return .failed(errno)
    }

    /// Shuts the write side: the peer reads the end of the stream once it has read the rest.
    static func shutdownWrite(_ fd: Int32) { shutdown(fd, Int32(SHUT_WR)) }

    /// Closes with a reset (SO_LINGER 0) instead of an orderly close: the peer sees the
    /// connection break, as it would if the link or a middlebox failed.
    static func reset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
    }

    private static func noDelay(_ fd: Int32) {
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }
}

/// Why the proxy could not start or could not reach a target.
public enum ProxyError: Error, CustomStringConvertible, Equatable {
    case listenFailed(SocketAddress, Int32)
    case connectFailed(SocketAddress, Int32)
    case stopPipeFailed(Int32)

    public var description: String {
        switch self {
        case .listenFailed(let address, let code):
            return "cannot listen on \(address): \(String(cString: strerror(code)))"
        case .connectFailed(let address, let code):
            return "cannot connect to \(address): \(String(cString: strerror(code)))"
        case .stopPipeFailed(let code): return "cannot create the stop pipe: \(String(cString: strerror(code)))"
        }
    }
}
