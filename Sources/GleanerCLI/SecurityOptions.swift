import ArgumentParser
import GleanerCore

/// CurveZMQ flags, shared by the three roles. CURVE is on when `--curve-key` is given.
struct SecurityOptions: ParsableArguments {
    @Option(help: "This process's key file (from `gleaner keygen`): turns CurveZMQ on.")
    var curveKey: String?

    @Option(help: "Folder of .pub files: the client keys this process's server socket admits (collector, producer).")
    var curveAllow: String?

    @Option(help: "The producer's public key file (.pub), for workers.")
    var producerKey: String?

    @Option(help: "The collector's public key file (.pub), for workers and the producer.")
    var collectorKey: String?

    /// The settings for a role, or nil when CURVE is off. Throws a sentence naming the flag
    /// that is missing or unreadable.
    func security(needsAllowList: Bool, needsProducerKey: Bool, needsCollectorKey: Bool) throws -> CurveSecurity? {
        guard let curveKey else {
            guard curveAllow == nil, producerKey == nil, collectorKey == nil else {
                throw ValidationError(
                    "Please give --curve-key too: the other CURVE flags need this process's key pair.")
            }
            return nil
        }
        do {
            var security = CurveSecurity(keys: try CurveKeyFile.readPair(curveKey))
            if needsAllowList {
                guard let curveAllow else {
                    throw ValidationError("Please give --curve-allow: a folder of the client .pub keys to admit.")
                }
                security.allowed = try CurveKeyFile.readAllowList(curveAllow)
                guard !security.allowed.isEmpty else {
                    throw ValidationError("Please put at least one client .pub key in \(curveAllow).")
                }
            }
            if needsProducerKey {
                guard let producerKey else {
                    throw ValidationError("Please give --producer-key: the producer's .pub key.")
                }
                security.producerKey = try CurveKeyFile.readPublic(producerKey)
            }
            if needsCollectorKey {
                guard let collectorKey else {
                    throw ValidationError("Please give --collector-key: the collector's .pub key.")
                }
                security.collectorKey = try CurveKeyFile.readPublic(collectorKey)
            }
            return security
        } catch let error as CurveKeyFile.KeyFileError {
            throw ValidationError("Please check the key files: \(error).")
        }
    }
}

extension Gleaner {
    /// `gleaner keygen NAME`: a CurveZMQ key pair for one process.
    public struct Keygen: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract:
                "Create a CurveZMQ key pair: NAME.key (secret, mode 0600) and NAME.pub; never replaces one without "
                    + "--force.",
            discussion: """
                Give each process its own pair. Servers admit only the .pub keys in their \
                --curve-allow folder (the collector admits the producer and the workers; the \
                producer admits the workers); clients name the server's .pub with --producer-key \
                and --collector-key. See docs/operations.md.

                Example:
                  gleaner keygen keys/collector && gleaner keygen keys/producer && gleaner keygen keys/worker1
                """
        )

        @Argument(help: "Path and base name of the key files (missing folders are created).")
        var name: String

        @Flag(help: "Replace an existing key pair of that name.")
        var force = false

        public init() {}

        public func run() throws {
            let keys = try CurveKeyPair.generate()
            do { try CurveKeyFile.write(keys, base: name, replace: force) } catch { throw RuntimeError("\(error)") }
            StandardStreams.writeLine("wrote \(name).key (secret, mode 600) and \(name).pub: \(keys.publicKey)")
        }
    }
}
