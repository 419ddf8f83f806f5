import VitalityScene

/// Typography and colours of report pages, from the template's theme (charts bring their own).
struct ReportStyle {
    var ink = Color(hex: 0x1A1A1A)
    var muted = Color(hex: 0x595959)
    var accent = Color(hex: 0x0B4F8A)
    var rule = Color(hex: 0xBFBFBF)
    var zebra = Color(hex: 0xF2F4F7)
    var headerFill = Color(hex: 0xE1E8F0)
    var good = Color(hex: 0x1B7A3A)
    var bad = Color(hex: 0xB3261E)
    var family = "DejaVu Sans"

    init(theme: ReportTheme = .standard) {
        ink = theme.ink
        muted = theme.muted
        accent = theme.accent
        rule = theme.rule
        zebra = theme.zebra
        headerFill = theme.headerFill
        family = theme.fontFamily
    }

    func font(_ size: Double, weight: FontWeight = .regular, italic: Bool = false) -> Font {
        Font(family: family, size: size, weight: weight, italic: italic)
    }

    var body: TextStyle { TextStyle(font: font(10), color: ink) }
    var small: TextStyle { TextStyle(font: font(8), color: ink) }
    var smallBold: TextStyle { TextStyle(font: font(8, weight: .bold), color: ink) }
    var furniture: TextStyle { TextStyle(font: font(7.5), color: muted) }

    func heading(level: Int) -> TextStyle {
        switch level {
        case 1: return TextStyle(font: font(17, weight: .bold), color: accent)
        case 2: return TextStyle(font: font(13, weight: .bold), color: accent)
        default: return TextStyle(font: font(11, weight: .bold), color: ink)
        }
    }

    func headingSpace(level: Int) -> Double {
        switch level {
        case 1: return 22
        case 2: return 16
        default: return 12
        }
    }
}
