import Foundation
import VitalityModel

/// Shows numbers the way DATA.md §6 asks: locale separators, U+2212 minus, a no-break space
/// before `%` in Finnish and Swedish, and rounding half away from zero only at display.
package struct NumberFormat: Sendable, Hashable {
    package var locale: ReportLocale
    var decimals: Int
    /// Shown for a missing or non-finite value.
    var missingSymbol: String

    package init(locale: ReportLocale, decimals: Int = 0, missingSymbol: String = "–") {
        self.locale = locale
        self.decimals = decimals
        self.missingSymbol = missingSymbol
    }

    static let minus = "\u{2212}"
    static let noBreakSpace = "\u{00A0}"

    /// `9 243`, `0,7`, `−3` (fi); `9,243`, `0.7` (en).
    package func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missingSymbol }
        let (digits, isZero) = roundedDigits(abs(value))
        return (value < 0 && !isZero ? Self.minus : "") + digits
    }

    /// A change with its sign: `+63`, `−0,7`, `0`.
    package func signed(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missingSymbol }
        let (digits, isZero) = roundedDigits(abs(value))
        if isZero { return digits }
        return (value < 0 ? Self.minus : "+") + digits
    }

    /// A share: `12,3 %` (fi, sv), `12.3%` (en).
    package func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missingSymbol }
        return number(value) + percentSuffix
    }

    /// A percent change: `+1,2 %`, `−0,7 %` (fi, sv), `−0.7%` (en).
    package func signedPercent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missingSymbol }
        return signed(value) + percentSuffix
    }

    /// A change in percentage points: `+1,2 %-yks.`, `+1,2 procentenheter`, `+1.2 pp`.
    package func percentagePoints(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missingSymbol }
        return signed(value) + Self.noBreakSpace + percentagePointUnit
    }

    var percentSuffix: String { locale == .en ? "%" : Self.noBreakSpace + "%" }

    var percentagePointUnit: String {
        switch locale {
        case .fi: "%-yks."
        case .sv: "procentenheter"
        case .en: "pp"
        }
    }

    var decimalSeparator: String { locale == .en ? "." : "," }
    var groupingSeparator: String { locale == .en ? "," : Self.noBreakSpace }

    /// The magnitude rounded half away from zero, grouped; and whether it rounded to zero.
    private func roundedDigits(_ magnitude: Double) -> (String, Bool) {
        let places = max(0, min(decimals, 12))
        // The shortest decimal text of the double is what a reader would call its value, so
        // 1.005 rounds to 1.01 rather than to the binary 1.00499….
        var exact = Decimal(string: "\(magnitude)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(magnitude)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, places, .plain)
        var scaled = rounded
        for _ in 0..<places { scaled *= 10 }
        var digits = "\(scaled)".filter(\.isNumber)
        if digits.isEmpty { digits = "0" }
        while digits.count < places + 1 { digits = "0" + digits }
        let isZero = digits.allSatisfy { $0 == "0" }
        let integerPart = String(digits.dropLast(places))
        let fractionPart = String(digits.suffix(places))
        var grouped = ""
        for (index, character) in integerPart.enumerated() {
            if index > 0 && (integerPart.count - index) % 3 == 0 { grouped += groupingSeparator }
            grouped.append(character)
        }
        return (places > 0 ? grouped + decimalSeparator + fractionPart : grouped, isZero)
    }
}

/// How the values of a chart are shown: decimals, unit and kind.
package struct ValueFormat: Sendable, Hashable {
    /// What kind of number a value is, which decides its suffix and sign.
    package enum Kind: Sendable, Hashable {
        /// A count or amount: `9 243`.
        case level
        /// A share in percent: `12,3 %`.
        case rate
        /// A percent change: `+1,2 %`.
        case percentChange
        /// A change in percentage points: `+1,2 %-yks.`.
        case percentagePoints
        /// An absolute change: `+63`.
        case absoluteChange
    }

    var decimals: Int
    /// Unit words for the alt text and axis caption (e.g. "asukasta"); not repeated in labels.
    package var unit: String?
    package var kind: Kind

    package init(decimals: Int = 0, unit: String? = nil, kind: Kind = .level) {
        self.decimals = decimals
        self.unit = unit
        self.kind = kind
    }

    /// A level (`isRate == false`) or a share in percent (`isRate == true`).
    package init(decimals: Int, unit: String? = nil, isRate: Bool) {
        self.init(decimals: decimals, unit: unit, kind: isRate ? .rate : .level)
    }

    var isRate: Bool { kind == .rate || kind == .percentagePoints }

    /// A value as a label, with `decimals` overriding the format's own (for axis ticks).
    package func string(_ value: Double?, locale: ReportLocale, decimals: Int? = nil) -> String {
        let format = NumberFormat(locale: locale, decimals: decimals ?? self.decimals)
        switch kind {
        case .level: return format.number(value)
        case .rate: return format.percent(value)
        case .percentChange: return format.signedPercent(value)
        case .percentagePoints: return format.percentagePoints(value)
        case .absoluteChange: return format.signed(value)
        }
    }

    /// A label for an axis tick: percent kinds keep `%`, percentage points show a bare sign.
    func tick(_ value: Double, locale: ReportLocale, decimals: Int) -> String {
        let format = NumberFormat(locale: locale, decimals: decimals)
        switch kind {
        case .level: return format.number(value)
        case .rate: return format.percent(value)
        case .percentChange: return format.signedPercent(value)
        case .percentagePoints, .absoluteChange: return format.signed(value)
        }
    }
}
