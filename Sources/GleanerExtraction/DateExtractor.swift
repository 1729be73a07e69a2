/// Finds time expressions ("on Thursday", "last August", "a year ago", "February 2022",
/// "July 21, 2017") and resolves them against an anchor date to ISO values
/// (`2023-03-02`, `2022-08`, `2022`, `2023-W09`). Without an anchor, relative expressions get nil.
enum DateExtractor {
    // MARK: calendar arithmetic (proleptic Gregorian)
    static func days(_ d: CalendarDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
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
    static func isoWeek(_ d: CalendarDate) -> String {
        let wd = weekday(d)
        let thursday = date(days(d) - wd + 4)
        let jan1 = CalendarDate(year: thursday.year, month: 1, day: 1)
        let week = (days(thursday) - days(jan1)) / 7 + 1
        return "\(pad(thursday.year, 4))-W\(pad(week, 2))"
    }
    static func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
    static func ym(_ y: Int, _ m: Int) -> String { "\(pad(y, 4))-\(pad(m, 2))" }
    static func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        guard (1...12).contains(m), d >= 1 else { return false }
        let dim = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= dim[m - 1]
    }

    static func parseISO(_ s: String) -> CalendarDate? {
        let p = s.split(separator: "-")
        guard p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), valid(y, m, d) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }


    static func dayNumber(_ t: Token) -> Int? {
        var s = t.lower
        for suf in Lexicon.ordinalSuffixes where s.hasSuffix(suf) { s.removeLast(2); break }
        guard let v = Int(s), (1...31).contains(v) else { return nil }
        return v
    }
    static func year(_ t: Token) -> Int? {
        guard t.kind == .number, t.text.utf8.count == 4, let v = Int(t.text), (1800...2199).contains(v) else { return nil }
        return v
    }
    static func month(_ t: Token) -> Int? {
        guard t.kind == .word, t.isCap, !(t.isAllCaps && t.end - t.start > 3 - (t.text.hasSuffix(".") ? 0 : 1)) else { return nil }
        var l = t.lower
        if l.hasSuffix(".") { l.removeLast() }
        return Lexicon.months[l]
    }

    /// The first full calendar date in a short dateline-like line, if the line is mostly a date.
    static func parseDatelineDate(_ line: String) -> CalendarDate? {
        let toks = Tokenizer.tokenize(Array(line.unicodeScalars))
        var found: CalendarDate? = nil
        var other = 0
        var k = 0
        while k < toks.count {
            let t = toks[k]
            if found == nil, let d = parseISO(t.text) { found = d; k += 1; continue }
            if found == nil, let m = month(t) {
                // Month D, YYYY
                if k + 1 < toks.count, let d = dayNumber(toks[k + 1]) {
                    var j = k + 2
                    if j < toks.count && toks[j].text == "," { j += 1 }
                    if j < toks.count, let y = year(toks[j]), valid(y, m, d) { found = CalendarDate(year: y, month: m, day: d); k = j + 1; continue }
                }
            }
            if found == nil, let d = dayNumber(t), k + 2 < toks.count, let m = month(toks[k + 1]), let y = year(toks[k + 2]), valid(y, m, d) {
                found = CalendarDate(year: y, month: m, day: d); k += 3; continue
            }
            if t.kind == .word && Lexicon.weekdays[t.lower] == nil && !Lexicon.datelineWords.contains(t.lower) && !t.isAllCaps {
                other += 1
            }
            k += 1
        }
        return other <= 2 ? found : nil
    }

    /// Date mentions in text order.
    static func extract(_ tokens: [Token], scalars: [Unicode.Scalar]? = nil, anchor: CalendarDate?, skip: (Int) -> Bool = { _ in false }) -> [DateMention] {
        var out: [DateMention] = []
        var k = 0
        let n = tokens.count
        func mention(_ a: Int, _ b: Int, _ v: String?) {
            if let sc = scalars {
                out.append(DateMention(text: ScalarText.string(sc, tokens[a].start, tokens[b].end), start: tokens[a].start, end: tokens[b].end, value: v))
                return
            }
            var text = ""
            for j in a...b {
                if j > a && tokens[j].start > tokens[j - 1].end { text += " " }
                text += tokens[j].text
            }
            out.append(DateMention(text: text, start: tokens[a].start, end: tokens[b].end, value: v))
        }
        func prevLower(_ j: Int) -> String? { j > 0 && tokens[j - 1].sentence == tokens[j].sentence ? tokens[j - 1].lower : nil }
        while k < n {
            let t = tokens[k]
            if skip(k) { k += 1; continue }
            // fast path: most tokens cannot start a time expression
            if t.kind == .punct || (t.kind == .word && !t.isCap && !Lexicon.dateTriggers.contains(t.lower) && !(k + 2 < n && tokens[k + 2].lower == "ago")) { k += 1; continue }
            // ISO date token
            if t.kind == .number, let d = parseISO(t.text) { mention(k, k, d.iso); k += 1; continue }
            if let m = month(t), !(t.lower == "may" && !(k + 1 < n && (dayNumber(tokens[k + 1]) != nil || year(tokens[k + 1]) != nil)) && !Lexicon.monthPrepositions.contains(prevLower(k) ?? "")),
               !(t.lower == "march" && !(k + 1 < n && (dayNumber(tokens[k + 1]) != nil || year(tokens[k + 1]) != nil)) && !Lexicon.monthPrepositions.contains(prevLower(k) ?? "")) {
                var a = k, b = k
                if k > 0, let w = Lexicon.weekdays[tokens[k - 1].lower], w > 0, tokens[k - 1].isCap { a = k - 1 }
                else if k > 1, tokens[k - 1].text == ",", Lexicon.weekdays[tokens[k - 2].lower] != nil { a = k - 2 }
                var day: Int? = nil, yr: Int? = nil
                if k + 1 < n, let d = dayNumber(tokens[k + 1]), tokens[k + 1].sentence == t.sentence {
                    day = d; b = k + 1
                    var j = k + 2
                    if j < n && tokens[j].text == "," { j += 1 }
                    if j < n, let y = year(tokens[j]), tokens[j].sentence == t.sentence { yr = y; b = j }
                } else if k + 1 < n, let y = year(tokens[k + 1]), tokens[k + 1].sentence == t.sentence {
                    yr = y; b = k + 1
                } else if k > 0, let d = dayNumber(tokens[k - 1]), tokens[k - 1].kind == .number || tokens[k - 1].kind == .word, tokens[k - 1].sentence == t.sentence {
                    day = d; a = k - 1
                    if k + 1 < n, let y = year(tokens[k + 1]), tokens[k + 1].sentence == t.sentence { yr = y; b = k + 1 }
                }
                let rel = prevLower(a)
                if rel == "last" || rel == "next" || rel == "this" { a -= 1 }
                var value: String? = nil
                if let y = yr {
                    if let d = day { value = valid(y, m, d) ? CalendarDate(year: y, month: m, day: d).iso : nil } else { value = ym(y, m) }
                } else if let an = anchor {
                    var y = an.year
                    if rel == "last" { if m >= an.month { y -= 1 } }
                    else if rel == "next" { if m <= an.month { y += 1 } }
                    else if rel == "this" { }
                    else if let d = day {
                        if valid(y, m, d), days(CalendarDate(year: y, month: m, day: d)) - days(an) > 60 { y -= 1 }
                    } else if m > an.month + 1 { y -= 1 }
                    if let d = day { value = valid(y, m, d) ? CalendarDate(year: y, month: m, day: d).iso : nil } else { value = ym(y, m) }
                }
                mention(a, b, value)
                k = b + 1; continue
            }
            if t.isCap, let w = Lexicon.weekdays[t.lower] {
                var a = k
                let rel = prevLower(k)
                if rel == "last" || rel == "next" || rel == "this" { a = k - 1 }
                var value: String? = nil
                if let an = anchor {
                    let wd = weekday(an)
                    var delta: Int
                    if rel == "next" { delta = (w - wd + 7) % 7; if delta == 0 { delta = 7 } }
                    else if rel == "this" { delta = w - wd }
                    else { delta = -((wd - w + 7) % 7); if rel == "last" && delta == 0 { delta = -7 } }
                    value = date(days(an) + delta).iso
                }
                var b = k
                if k + 2 < n, tokens[k + 1].kind == .word, Lexicon.dayParts.contains(tokens[k + 1].lower) { b = k + 1 }
                mention(a, b, value)
                k = b + 1; continue
            }
            if t.kind == .word, let offset = Lexicon.relativeDays[t.lower] {
                var value: String? = nil
                if let an = anchor { value = date(days(an) + offset).iso }
                mention(k, k, value); k += 1; continue
            }
            if t.kind == .word, let sign = Lexicon.relativeModifiers[t.lower], k + 1 < n,
               let unit = Lexicon.relativePeriods[tokens[k + 1].lower], !(k + 2 < n && tokens[k + 2].lower == "'s") {
                var value: String? = nil
                if let an = anchor {
                    switch unit {
                    case "week": value = isoWeek(date(days(an) + 7 * sign))
                    case "month":
                        var y = an.year, m = an.month + sign
                        if m < 1 { m += 12; y -= 1 } else if m > 12 { m -= 12; y += 1 }
                        value = ym(y, m)
                    default: value = pad(an.year + sign, 4)
                    }
                }
                mention(k, k + 1, value); k += 2; continue
            }
            // "a year ago", "three weeks ago"
            if k + 2 < n, tokens[k + 2].lower == "ago", let cnt = Lexicon.numberWords[t.lower] ?? Int(t.text), cnt > 0,
               let unit = Lexicon.agoUnits[tokens[k + 1].lower] {
                var value: String? = nil
                if let an = anchor {
                    switch unit {
                    case "day": value = date(days(an) - cnt).iso
                    case "week": value = date(days(an) - 7 * cnt).iso
                    case "month":
                        var y = an.year, m = an.month - cnt
                        while m < 1 { m += 12; y -= 1 }
                        value = ym(y, m)
                    default: value = ym(an.year - cnt, an.month)
                    }
                }
                mention(k, k + 2, value); k += 3; continue
            }
            // "in 2004", "since 1999"
            if let y = year(t), let p = prevLower(k), Lexicon.yearPrepositions.contains(p),
               !(k + 1 < n && (tokens[k + 1].lower == "%" || tokens[k + 1].lower == "percent")) {
                mention(k, k, pad(y, 4)); k += 1; continue
            }
            k += 1
        }
        return out
    }
}
