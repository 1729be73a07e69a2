/// A day in the proleptic Gregorian calendar, without time zone.
public struct CalendarDate: Sendable, Equatable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    /// Parses `YYYY-MM-DD`; nil when malformed or out of range.
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
            let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        "\(CalendarArithmetic.pad(year, 4))-\(CalendarArithmetic.pad(month, 2))-\(CalendarArithmetic.pad(day, 2))"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Day arithmetic in the proleptic Gregorian calendar (days since 1970-01-01, after Howard
/// Hinnant's "chrono-Compatible Low-Level Date Algorithms") and ISO strings.
enum CalendarArithmetic {
    /// Days from 1970-01-01 to `d`.
    static func days(_ d: CalendarDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `z0` days after 1970-01-01.
    static func date(_ z0: Int) -> CalendarDate {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return CalendarDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// ISO weekday, Monday = 1.
    static func weekday(_ d: CalendarDate) -> Int { ((days(d) % 7) + 7 + 3) % 7 + 1 }

    /// The ISO week holding `d`: `YYYY-Www`.
    static func isoWeek(_ d: CalendarDate) -> String {
        let thursday = date(days(d) - weekday(d) + 4)
        let jan1 = CalendarDate(year: thursday.year, month: 1, day: 1)
        let week = (days(thursday) - days(jan1)) / 7 + 1
        return "\(pad(thursday.year, 4))-W\(pad(week, 2))"
    }

    static func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0,
        w - s.count)) + s }

    /// `YYYY-MM`.
    static func yearMonth(_ y: Int, _ m: Int) -> String { "\(pad(y, 4))-\(pad(m, 2))" }

    static func isValid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        guard (1...12).contains(m), d >= 1 else { return false }
        let lengths = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31]
        return d <= lengths[m - 1]
    }

    /// A valid `YYYY-MM-DD` token.
    static func parseISO(_ s: String) -> CalendarDate? {
        let p = s.split(separator: "-")
        guard p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), isValid(y, m,
            d) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }
}
