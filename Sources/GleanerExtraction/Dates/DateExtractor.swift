/// Finds time expressions and resolves them against an anchor date (the dateline's, else
/// `ExtractionOptions.anchorDate`) to ISO values: a day `2023-03-02`, a month `2022-08`, a year
/// `2022`, a week `2023-W09`. Without an anchor, relative expressions get no value. Weekdays and
/// bare months resolve to the most recent past occurrence (news reports the past).
struct DateExtractor {
    let tokens: [Token]
    let scalars: [Unicode.Scalar]
    let anchor: CalendarDate?

    /// A time expression over tokens `a...b`, its value and the rule that found it.
    struct Match {
        var a: Int
        var b: Int
        var value: String?
        var rule: RuleID
    }

    /// Date mentions in text order, with the rule behind each.
    func extract() -> (dates: [DateMention], rules: [RuleID]) {
        var out: [DateMention] = [], rules: [RuleID] = []
        var k = 0
        while k < tokens.count {
            let t = tokens[k]
            // fast path: most tokens cannot start a time expression (a word must be a date word or
            // come two before "ago")
            if t.kind == .punct || (t.kind == .word && !t.has(.dateWords)
                && !(k + 2 < tokens.count && tokens[k + 2].lower == "ago")) { k += 1; continue }
            guard let m = match(at: k) else { k += 1; continue }
            let start = tokens[m.a].start, end = tokens[m.b].end
            out.append(DateMention(text: ScalarText.string(scalars, start, end), start: start, end: end,
                value: m.value))
            rules.append(m.rule)
            k = m.b + 1
        }
        return (out, rules)
    }

    /// The first pattern that matches at token k.
    func match(at k: Int) -> Match? {
        let t = tokens[k]
        if t.kind == .number, let d = CalendarArithmetic.parseISO(t.text) { return Match(a: k, b: k, value: d.iso,
            rule: .dateISO) }
        if let m = monthExpression(at: k) { return m }
        if t.isCap, let w = Lexicon.weekdays[t.lower] { return weekdayExpression(at: k, weekday: w) }
        if t.kind == .word, let offset = Lexicon.relativeDays[t.lower] {
            return Match(a: k, b: k,
                value: anchor.map { CalendarArithmetic.date(CalendarArithmetic.days($0) + offset).iso },
                    rule: .dateRelativeDay)
        }
        if let m = relativePeriod(at: k) { return m }
        if let m = ago(at: k) { return m }
        // "in 2004", "since 1999" (not "2004 per cent")
        if let y = DateWords.year(t), let p = lowerBefore(k), Lexicon.yearPrepositions.contains(p),
           !(k + 1 < tokens.count && (tokens[k + 1].lower == "%" || tokens[k + 1].lower == "percent")) {
            return Match(a: k, b: k, value: CalendarArithmetic.pad(y, 4), rule: .dateYear)
        }
        return nil
    }

    /// The lowercase word before token j in its sentence.
    private func lowerBefore(_ j: Int) -> String? { j > 0
        && tokens[j - 1].sentence == tokens[j].sentence ? tokens[j - 1].lower : nil }

    /// "March 2004", "July 21, 2017", "21 July 2017", "Friday, July 21", "last August", "in May"
    /// ("May" and "March" only with a day, a year or a word such as "in", "last", "since" before).
    func monthExpression(at k: Int) -> Match? {
        let t = tokens[k]
        guard let m = DateWords.month(t) else { return nil }
        if t.lower == "may" || t.lower == "march" {
            let followedByDate = k + 1 < tokens.count && (DateWords.dayNumber(tokens[k + 1]) != nil
                || DateWords.year(tokens[k + 1]) != nil)
            guard followedByDate || Lexicon.monthPrepositions.contains(lowerBefore(k) ?? "") else { return nil }
        }
        let parts = monthParts(at: k)
        var a = parts.a
        let relation = lowerBefore(a)
        if relation == "last" || relation == "next" || relation == "this" { a -= 1 }
        var value: String? = nil
        if let y = parts.year {
            if let d = parts.day { value = CalendarArithmetic.isValid(y, m, d) ? CalendarDate(year: y, month: m,
                day: d).iso : nil } else { value = CalendarArithmetic.yearMonth(y, m) }
        } else if let anchor {
            let y = Self.yearOf(month: m, day: parts.day, relation: relation, anchor: anchor)
            if let d = parts.day { value = CalendarArithmetic.isValid(y, m, d) ? CalendarDate(year: y, month: m,
                day: d).iso : nil } else { value = CalendarArithmetic.yearMonth(y, m) }
        }
        return Match(a: a, b: parts.b, value: value, rule: .dateMonth)
    }

    /// The tokens of a month expression around the month name at k: a weekday before it, a day
    /// and a year after it (or a day before it), within the sentence.
    private func monthParts(at k: Int) -> (a: Int, b: Int, day: Int?, year: Int?) {
        let n = tokens.count, t = tokens[k]
        var a = k, b = k
        if k > 0, let w = Lexicon.weekdays[tokens[k - 1].lower], w > 0, tokens[k - 1].isCap { a = k - 1 }
        else if k > 1, tokens[k - 1].text == ",", Lexicon.weekdays[tokens[k - 2].lower] != nil { a = k - 2 }
        var day: Int? = nil, year: Int? = nil
        if k + 1 < n, let d = DateWords.dayNumber(tokens[k + 1]), tokens[k + 1].sentence == t.sentence {
            day = d; b = k + 1
            var j = k + 2
            if j < n && tokens[j].text == "," { j += 1 }
            if j < n, let y = DateWords.year(tokens[j]), tokens[j].sentence == t.sentence { year = y; b = j }
        } else if k + 1 < n, let y = DateWords.year(tokens[k + 1]), tokens[k + 1].sentence == t.sentence {
            year = y; b = k + 1
        } else if k > 0, let d = DateWords.dayNumber(tokens[k - 1]), tokens[k - 1].kind == .number
            || tokens[k - 1].kind == .word,
                  tokens[k - 1].sentence == t.sentence {
            day = d; a = k - 1
            if k + 1 < n, let y = DateWords.year(tokens[k + 1]),
                tokens[k + 1].sentence == t.sentence { year = y; b = k + 1 }
        }
        return (a, b, day, year)
    }

    /// The year a month without one falls in: "last August" before the anchor's month, "next"
    /// after it, "this" in it; otherwise the most recent past (a day more than 60 days ahead of
    /// the anchor, or a month more than one ahead, is last year's).
    static func yearOf(month m: Int, day: Int?, relation: String?, anchor: CalendarDate) -> Int {
        var y = anchor.year
        if relation == "last" { if m >= anchor.month { y -= 1 } }
        else if relation == "next" { if m <= anchor.month { y += 1 } }
        else if relation == "this" { }
        else if let d = day {
            if CalendarArithmetic.isValid(y, m, d), CalendarArithmetic.days(CalendarDate(year: y, month: m,
                day: d)) - CalendarArithmetic.days(anchor) > 60 { y -= 1 }
        } else if m > anchor.month + 1 { y -= 1 }
        return y
    }

    /// "Thursday", "last Thursday", "next Monday morning": the day before or on the anchor's
    /// (with "next": after it; "this": in its week; "last" on the same weekday: a week before).
    func weekdayExpression(at k: Int, weekday w: Int) -> Match {
        var a = k
        let relation = lowerBefore(k)
        if relation == "last" || relation == "next" || relation == "this" { a = k - 1 }
        var value: String? = nil
        if let anchor {
            let wd = CalendarArithmetic.weekday(anchor)
            var delta: Int
            if relation == "next" { delta = (w - wd + 7) % 7; if delta == 0 { delta = 7 } }
            else if relation == "this" { delta = w - wd }
            else { delta = -((wd - w + 7) % 7); if relation == "last" && delta == 0 { delta = -7 } }
            value = CalendarArithmetic.date(CalendarArithmetic.days(anchor) + delta).iso
        }
        var b = k
        if k + 2 < tokens.count, tokens[k + 1].kind == .word,
            Lexicon.dayParts.contains(tokens[k + 1].lower) { b = k + 1 }
        return Match(a: a, b: b, value: value, rule: .dateWeekday)
    }

    /// "last week", "next month", "this year", "past weekend" (not "last year's").
    func relativePeriod(at k: Int) -> Match? {
        let t = tokens[k]
        guard t.kind == .word, let sign = Lexicon.relativeModifiers[t.lower], k + 1 < tokens.count,
              let unit = Lexicon.relativePeriods[tokens[k + 1].lower], !(k + 2 < tokens.count
                  && tokens[k + 2].lower == "'s") else { return nil }
        var value: String? = nil
        if let anchor {
            switch unit {
            case "week":
                value = CalendarArithmetic.isoWeek(CalendarArithmetic.date(CalendarArithmetic.days(anchor) + 7 * sign))
            case "month":
                var y = anchor.year, m = anchor.month + sign
                if m < 1 { m += 12; y -= 1 } else if m > 12 { m -= 12; y += 1 }
                value = CalendarArithmetic.yearMonth(y, m)
            default: value = CalendarArithmetic.pad(anchor.year + sign, 4)
            }
        }
        return Match(a: k, b: k + 1, value: value, rule: .dateRelativePeriod)
    }

    /// "a year ago" (a month), "three weeks ago", "two days ago".
    func ago(at k: Int) -> Match? {
        let t = tokens[k]
        guard k + 2 < tokens.count, tokens[k + 2].lower == "ago", let count = Lexicon.numberWords[t.lower]
            ?? Int(t.text), count > 0,
              let unit = Lexicon.agoUnits[tokens[k + 1].lower] else { return nil }
        var value: String? = nil
        if let anchor {
            switch unit {
            case "day": value = CalendarArithmetic.date(CalendarArithmetic.days(anchor) - count).iso
            case "week": value = CalendarArithmetic.date(CalendarArithmetic.days(anchor) - 7 * count).iso
            case "month":
                var y = anchor.year, m = anchor.month - count
                while m < 1 { m += 12; y -= 1 }
                value = CalendarArithmetic.yearMonth(y, m)
            default: value = CalendarArithmetic.yearMonth(anchor.year - count, anchor.month)
            }
        }
        return Match(a: k, b: k + 2, value: value, rule: .dateAgo)
    }
}
