import Foundation

/// Errors as sentences for people: "No such file or directory", never a Foundation dump such
/// as `Error Domain=NSCocoaErrorDomain Code=256 "(null)" UserInfo={…}`.
public enum PlainError {
    /// The error's own description for Gleaner's errors; for Foundation's, the operating
    /// system's message for the underlying POSIX error, else a short sentence.
    public static func sentence(_ error: Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        guard type(of: error) is NSError.Type || error is CocoaError else { return "\(error)" }
        var current: NSError? = error as NSError
        while let e = current {
            if e.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(e.code))) }
            current = e.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        let ns = error as NSError
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
        case .fileWriteOutOfSpace: return "No space left on device"
        case .fileWriteVolumeReadOnly: return "Read-only file system"
        case .fileWriteFileExists: return "File exists"
        default: return "input/output error (\(ns.domain) \(ns.code))"
        }
    }
}
