/// A message that does not follow the protocol. Logged with a bounded snippet and dropped.
public struct WireError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Error, Sendable, Equatable {
        /// A message with no frames.
        case emptyMessage
        /// The first frame is not `WireProtocol.signature`: another protocol or version.
        case badSignature
        /// No one-byte command frame after the signature.
        case missingCommand
        /// A command byte this version does not know.
        case unknownCommand
        /// The command's arguments have the wrong number of frames.
        case wrongFrameCount(Command)
        /// A task id frame that is not a multiple of 32 bytes.
        case badTaskID(length: Int)
        /// An integer frame of the wrong width.
        case badInteger(length: Int)
        /// A text frame that is not valid UTF-8.
        case badText
        /// A commit's kind frame does not hold one `a` or `f` byte per task id.
        case badKinds
        /// A one-byte state frame (health, store state) with a value this version does not know.
        case badEnum
        /// A text or id-list frame over its bound (`WireProtocol.maxTextBytes`, `maxIDsPerMessage`).
        case tooLong(bytes: Int)
        /// An integer over its bound (a lookup's extractor version above `ExtractorVersion.maximum`).
        case outOfRange(UInt64)
    }

    /// Bytes of each frame shown in logs: enough to recognise, never a whole article.
    public static let snippetLength = 32

    public let reason: Reason
    /// Frame count and a hex snippet of the first frames, for the log line.
    public let snippet: String
    /// The first frame, when it names another version of this protocol (`GLEANER2`).
    public let otherVersion: String?

    public init(_ reason: Reason, frames: [[UInt8]]) {
        self.reason = reason
        self.snippet = Self.snippet(frames)
        let first = frames.first ?? []
        let named = reason == .badSignature && first.count <= 16 && first.starts(with: "GLEANER".utf8)
        otherVersion = named ? String(validating: first, as: UTF8.self) : nil
    }

    /// Frame count and the first bytes of the first frames in hex: what a log line shows of
    /// a message it drops.
    public static func snippet(_ frames: [[UInt8]]) -> String {
        let shown = frames.prefix(3).map { frame in
            ContentHash.hexString(Array(frame.prefix(snippetLength)))
                + (frame.count > snippetLength ? "…(\(frame.count) B)" : "")
        }
        return "\(frames.count) frame(s): [" + shown.joined(separator: ", ") + "]"
    }

    public var description: String {
        if let otherVersion {
            let ours = String(decoding: WireProtocol.signature, as: UTF8.self)
            return "the peer speaks protocol \(otherVersion), this build \(ours): run one Gleaner version on every role"
        }
        return "malformed message (\(reason)): \(snippet)"
    }
}
