import VitalityScene

/// Typography and colours of report pages (charts bring their own theme).
struct ReportStyle {
    var ink = Color(hex: 0x1A1A1A)
    var muted = Color(hex: 0x595959)
    var accent = Color(hex: 0x0B4F8A)
    var rule = Color(hex: 0xBFBFBF)
    var zebra = Color(hex: 0xF2F4F7)
    var headerFill = Color(hex: 0xE1E8F0)
    var good = Color(hex: 0x1B7A3A)
    var bad = Color(hex: 0xB3261E)

    var body: TextStyle { TextStyle(font: Font(size: 10), color: ink) }
    var small: TextStyle { TextStyle(font: Font(size: 8), color: ink) }
    var smallBold: TextStyle { TextStyle(font: Font(size: 8, weight: .bold), color: ink) }
    var furniture: TextStyle { TextStyle(font: Font(size: 7.5), color: muted) }

    func heading(level: Int) -> TextStyle {
        switch level {
        case 1: return TextStyle(font: Font(size: 17, weight: .bold), color: accent)
        case 2: return TextStyle(font: Font(size: 13, weight: .bold), color: accent)
        default: return TextStyle(font: Font(size: 11, weight: .bold), color: ink)
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
