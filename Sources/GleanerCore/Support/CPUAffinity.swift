import CScheduling
import Glibc

/// Which CPUs a thread may run on (Linux `sched_getaffinity` / `sched_setaffinity`).
///
/// A worker can give its extraction lanes CPUs of their own (`Worker.Configuration.laneCPUs`):
/// on a host shared with a producer and a collector, the scheduler otherwise puts their
/// threads and the worker's socket threads on the lane's CPU, and the lane spends up to a
/// quarter of its time runnable but waiting (docs/performance.md, "Efficiency").
public enum CPUAffinity {
    /// Why a CPU list cannot be applied.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The CPU does not exist or this process may not run on it (cpuset, `taskset`).
        case notAllowed(cpu: Int, allowed: [Int])
        /// The kernel refused the mask (errno).
        case refused(errno: Int32)

        public var description: String {
            switch self {
            case .notAllowed(let cpu, let allowed):
                return "CPU \(cpu) is not one this process may run on (allowed: \(CPUAffinity.listText(allowed)))"
            case .refused(let code): return "sched_setaffinity failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// CPUs the calling thread may run on, ascending (all online CPUs when the kernel will not say).
    public static func allowed() -> [Int] {
        var set = cpu_set_t()
        guard gleaner_sched_getaffinity(0, UInt(MemoryLayout<cpu_set_t>.size), &set) == 0 else {
            return Array(0..<max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        }
        return withUnsafeBytes(of: &set) { bytes in
            (0..<bytes.count * 8).filter { bytes[$0 / 8] & (1 << ($0 % 8)) != 0 }
        }
    }

    /// Checks that this process may run on every CPU of `cpus` (call it before restricting
    /// any thread: a restricted thread's own mask no longer shows the others).
    public static func check(_ cpus: [Int]) throws(Failure) {
        let allowedNow = allowed()
        for cpu in cpus where !allowedNow.contains(cpu) { throw .notAllowed(cpu: cpu, allowed: allowedNow) }
    }

    /// Restricts the calling thread to `cpus` (checked with `check` first); threads it starts
    /// afterwards inherit the mask. A thread may widen its mask again within the process's cpuset.
    public static func restrictCurrentThread(to cpus: [Int]) throws(Failure) {
        var set = cpu_set_t()
        let bits = MemoryLayout<cpu_set_t>.size * 8
        for cpu in cpus where cpu >= 0 && cpu < bits {
            withUnsafeMutableBytes(of: &set) { $0[cpu / 8] |= UInt8(1 << (cpu % 8)) }
        }
        guard gleaner_sched_setaffinity(0, UInt(MemoryLayout<cpu_set_t>.size), &set) == 0 else {
            throw .refused(errno: errno)
        }
    }

    /// Parses a CPU list as `taskset -c` writes one: "0", "0,2", "0-3,6".
    /// - Returns: the CPUs in the order given, or nil for anything else (an empty list included).
    public static func parseList(_ text: String) -> [Int]? {
        var cpus: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(ends.count), let low = Int(ends[0]), let high = Int(ends[ends.count - 1]),
                  low >= 0, low <= high, high < 4_096 else { return nil }
            cpus.append(contentsOf: low...high)
        }
        return cpus.isEmpty ? nil : cpus
    }

    /// "0-3,6" for [0, 1, 2, 3, 6].
    public static func listText(_ cpus: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = cpus.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
