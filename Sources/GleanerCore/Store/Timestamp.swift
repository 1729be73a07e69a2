import Glibc

/// Commit times: seconds since 1970, rendered as ISO 8601 in UTC ("2026-11-25T14:41:34Z").
public enum Timestamp {
    public static func now() -> UInt32 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt32(clamping: spec.tv_sec)
    }

    /// Civil date from days since 1970 (H. Hinnant's algorithm), then the time of day.
    public static func iso8601(_ seconds: UInt32) -> String {
        let days = Int(seconds / 86_400), rest = Int(seconds % 86_400)
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3_600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
