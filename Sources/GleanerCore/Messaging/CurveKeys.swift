internal import CZMQ
import Foundation

/// A CurveZMQ key pair as Z85 text (40 characters each), as `gleaner keygen` writes it.
///
/// Key files: `NAME.key` holds `public=…` and `secret=…` lines (mode 0600); `NAME.pub` holds
/// the public key alone, and is what peers put in their allow-list folder.
public struct CurveKeyPair: Sendable, Equatable {
    public let publicKey: String
    public let secretKey: String

    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A fresh key pair from libzmq (needs libzmq built with CURVE, as Debian's is).
    public static func generate() throws(MessagingError) -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41), secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else { throw ZMQContext.lastError("zmq_curve_keypair") }
        return CurveKeyPair(publicKey: Self.text(publicKey), secretKey: Self.text(secretKey))
    }

    private static func text(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Z85 of 32 raw key bytes (how ZAP presents a client's key).
    public static func z85(_ raw: [UInt8]) -> String? {
        guard raw.count == 32 else { return nil }
        var out = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&out, raw, 32) != nil else { return nil }
        return text(out)
    }

    /// True for 40 characters of the Z85 alphabet.
    public static func isValidKey(_ key: String) -> Bool {
        key.utf8.count == 40
            && key.utf8.allSatisfy {
                $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x27 && $0 != 0x2C && $0 != 0x3B && $0 != 0x5C
                    && $0 != 0x5F && $0 != 0x60 && $0 != 0x7C && $0 != 0x7E
            }
    }
}

/// Reading and writing key files.
public enum CurveKeyFile {
    public enum KeyFileError: Error, CustomStringConvertible {
        case unreadable(String)
        case malformed(String)
        /// A key file is already there and replacing it was not asked for.
        case exists(String)
        /// A file or folder could not be written.
        case cannotWrite(path: String, reason: String)
        /// The secret key file did not end up readable by its owner only.
        case insecure(path: String, mode: UInt32)

        public var description: String {
            switch self {
            case .unreadable(let path): return "cannot read key file \(path)"
            case .malformed(let path): return "\(path) is not a Gleaner key file (run `gleaner keygen`)"
            case .exists(let path):
                return
                    "\(path) already exists; give --force to replace the key pair (peers holding the old public key "
                        + "then need the new .pub)"
            case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
            case .insecure(let path, let mode):
                return
                    "\(path) was written with mode \(String(mode, radix: 8)), not 600, so others could read the secret "
                        + "key "
                    + "(a file system without Unix permissions?); it was removed"
            }
        }
    }

    /// Mode of the secret key file: read and write for its owner only.
    public static let secretMode: mode_t = 0o600

    /// Writes `base.key` (the pair, mode 0600) and `base.pub`, creating the folder (mode 0700)
    /// when missing. Refuses to replace existing files unless `replace`. Each file is written
    /// to a temporary name, synced and renamed, so a reader never sees half a key; the secret
    /// file's mode is checked on disk afterwards.
    public static func write(_ keys: CurveKeyPair, base: String, replace: Bool = false) throws(KeyFileError) {
        let secret = base + ".key", pub = base + ".pub"
        if !replace, let existing = [secret, pub].first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw .exists(existing)
        }
        let folder = (base as NSString).deletingLastPathComponent
        if !folder.isEmpty && access(folder, F_OK) != 0 {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotWrite(path: folder, reason: PlainError.sentence(error))
            }
        }
        try writeFile(
            secret, "# Gleaner CurveZMQ key pair: keep secret\npublic=\(keys.publicKey)\nsecret=\(keys.secretKey)\n",
            mode: secretMode)
        var info = stat()
        guard stat(secret, &info) == 0 else {
            throw .cannotWrite(path: secret, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & 0o777 == secretMode else {
            unlink(secret)
            throw .insecure(path: secret, mode: UInt32(info.st_mode & 0o777))
        }
        try writeFile(pub, keys.publicKey + "\n", mode: 0o644)
    }

    private static func writeFile(_ path: String, _ text: String, mode: mode_t) throws(KeyFileError) {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let ok = written == bytes.count && fchmod(fd, mode) == 0 && fsync(fd) == 0
        let code = errno
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(ok ? errno : code))
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    /// Reads a `.key` file.
    public static func readPair(_ path: String) throws(KeyFileError) -> CurveKeyPair {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path) }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]).trimmingCharacters(in: .whitespaces) }
        }
        guard let pub = fields["public"], let sec = fields["secret"], CurveKeyPair.isValidKey(pub),
            CurveKeyPair.isValidKey(sec)
        else {
            throw .malformed(path)
        }
        return CurveKeyPair(publicKey: pub, secretKey: sec)
    }

    /// Reads a `.pub` file (or the public line of a `.key` file).
    public static func readPublic(_ path: String) throws(KeyFileError) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path) }
        if let pair = try? readPair(path) { return pair.publicKey }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard CurveKeyPair.isValidKey(key) else { throw .malformed(path) }
        return key
    }

    /// Every `*.pub` key in a folder: the allow-list.
    public static func readAllowList(_ folder: String) throws(KeyFileError) -> Set<String> {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw .unreadable(folder)
        }
        var keys = Set<String>()
        for name in names.sorted() where name.hasSuffix(".pub") {
            keys.insert(try readPublic(folder + "/" + name))
        }
        return keys
    }
}
