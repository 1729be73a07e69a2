/// CurveZMQ settings of one role process: its own key pair, the client keys its server
/// sockets admit, and the public keys of the servers it connects to.
///
/// Servers (the collector; the producer towards workers) always run a ZAP handler with the
/// allow-list: CURVE without one would encrypt but admit anybody.
public struct CurveSecurity: Sendable {
    public var keys: CurveKeyPair
    /// Client public keys admitted by this process's server sockets.
    public var allowed: Set<String>
    /// The producer's public key (workers connect to it).
    public var producerKey: String?
    /// The collector's public key (workers and the producer connect to it).
    public var collectorKey: String?

    public init(keys: CurveKeyPair, allowed: Set<String> = [], producerKey: String? = nil, collectorKey: String? = nil)
    {
        self.keys = keys; self.allowed = allowed; self.producerKey = producerKey; self.collectorKey = collectorKey
    }

    public enum MissingKey: Error, CustomStringConvertible {
        case allowList, producerKey, collectorKey
        public var description: String {
            switch self {
            case .allowList:
                return "CURVE is on but no client key is allowed: give --curve-allow a folder of .pub files"
            case .producerKey: return "CURVE is on but the producer's public key is missing: give --producer-key"
            case .collectorKey: return "CURVE is on but the collector's public key is missing: give --collector-key"
            }
        }
    }

    /// Starts the ZAP handler and makes `socket` a CURVE server. Call before `bind`.
    func serve(_ socket: ZMQSocket, context: ZMQContext) throws -> ZAPHandler {
        guard !allowed.isEmpty else { throw MissingKey.allowList }
        let zap = try ZAPHandler(context: context, allowed: allowed)
        try socket.makeCurveServer(keys)
        return zap
    }

    /// Makes `socket` a CURVE client of `serverKey`. Call before `connect`.
    func connect(_ socket: ZMQSocket, to serverKey: String?, missing: MissingKey) throws {
        guard let serverKey else { throw missing }
        try socket.makeCurveClient(keys, serverKey: serverKey)
    }
}
