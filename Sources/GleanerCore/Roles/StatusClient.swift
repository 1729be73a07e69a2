/// Asks a producer how its run is going (`status` → `report`), for `gleaner status`.
///
/// A DEALER of its own on the producer's worker endpoint; the producer answers and never
/// registers it as a worker. With CURVE the client needs a key the producer's allow-list
/// admits (a refused handshake never completes: the request just goes unanswered). Each
/// request carries a number, so a late answer to an earlier request is never taken for the
/// current one. Used from one thread.
public final class StatusClient {
    public enum StatusError: Error, CustomStringConvertible, Equatable {
        case noAnswer(endpoint: String, seconds: Double)
        case notAReport(schema: String)
        /// The caller's stop token was set while waiting.
        case stopped

        public var description: String {
            switch self {
            case .noAnswer(let endpoint, let seconds):
                return "the producer at \(endpoint) did not answer within \(Format.decimal(seconds, 1)) s; is it "
                    + "running (it answers only while it runs), and with CURVE, is this key in its --curve-allow?"
            case .notAReport(let schema):
                return "the producer's answer is not a status report (schema \(schema))"
            case .stopped:
                return "stopped while waiting for the producer"
            }
        }
    }

    public let endpoint: String
    private let context = ZMQContext()
    private let socket: ZMQSocket
    private var nextRequest: UInt32 = 1

    /// Connects (asynchronously: nothing fails here when the producer is not up yet).
    /// - Parameter security: CURVE client settings with the producer's public key; nil: plain.
    public init(endpoint: String, security: CurveSecurity?) throws {
        self.endpoint = endpoint
        socket = try ZMQSocket(context, .dealer)
        try socket.setMaxMessageSize(Int64(WireProtocol.maxReportBytes + WireProtocol.envelopeAllowance))
        try socket.setHighWaterMarks(send: 16, receive: 16)
        try socket.setReconnectInterval(initial: 100, maximum: 1_000)
        if let security { try security.connect(socket, to: security.producerKey, missing: .producerKey) }
        try socket.connect(endpoint)
    }

    deinit { socket.close(lingerMilliseconds: 0) }

    /// Sends one request and waits for its answer.
    /// - Returns: the decoded report and the JSON bytes the producer sent.
    /// - Throws: `StatusError.noAnswer` after `timeoutMilliseconds`; `.stopped` once `stop` is
    ///   requested; `notAReport` for JSON of another schema; a decoding error for JSON that
    ///   does not fit the schema.
    public func fetch(timeoutMilliseconds: Int, stop: StopToken? = nil) throws -> (report: StatusReport, json: [UInt8])
    {
        let request = nextRequest
        nextRequest &+= 1
        let started = MonotonicClock.milliseconds()
        _ = try socket.send(WireMessage.status(request: request).frames, dontWait: true)
        var poller = ZMQPoller([socket])
        while true {
            let left = timeoutMilliseconds - (MonotonicClock.milliseconds() - started)
            guard left > 0 else { break }
            if stop?.isRequested == true { throw StatusError.stopped }
            guard try poller.poll(timeoutMilliseconds: min(left, 100))[0] else { continue }
            while let frames = try socket.receive(dontWait: true) {
                guard case .report(let number, let json)? = try? WireMessage(frames: frames), number == request
                else { continue }  // a late answer to an earlier request, or noise
                return (try StatusReport.decode(json), json)
            }
        }
        throw StatusError.noAnswer(endpoint: endpoint, seconds: Double(timeoutMilliseconds) / 1000)
    }
}
