import Foundation

/// TEMPORARY experiment switches (removed before merge).
enum Experiment {
    static let flags: Set<String> = Set((ProcessInfo.processInfo.environment["GLEANER_EXP"] ?? "")
        .split(separator: ",").map(String.init))
    static func on(_ f: String) -> Bool { flags.contains(f) }
    static func extra(_ v: String) -> String {
        guard let path = ProcessInfo.processInfo.environment[v],
              let t = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return "\n" + t
    }
}
