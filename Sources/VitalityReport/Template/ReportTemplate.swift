import VitalityModel
import VitalityScene

/// A report template as read from `templates/<id>.yaml`: settings and an ordered list of
/// blocks. Plain values; binding to figures happens in `ReportComposer`.
package struct ReportTemplate: Sendable {
    /// Output name: `output/<id>.pdf`. The template's file name without extension.
    package var id: String
    package var file: String
    package var settings: ReportSettings
    var blocks: [TemplateBlock]
    /// Shared sections this template includes (paths), for the manifest.
    package var includes: [String] = []
    /// Where the `report:` key stands: blamed for the first locale's output name.
    var reportLocation: SourceLocation?
    /// Where `locales:` (or `locale:`) stands: blamed for the other locales' output names.
    var localesLocation: SourceLocation?

    init(id: String, file: String, settings: ReportSettings, blocks: [TemplateBlock]) {
        self.id = id
        self.file = file
        self.settings = settings
        self.blocks = blocks
    }

    /// The output file name without `.pdf`: `council-report` in the template's first locale,
    /// `council-report.sv` in the others.
    var outputName: String {
        settings.locale == settings.locales.first ? id : "\(id).\(settings.locale.rawValue)"
    }

    /// The line that makes `outputName`: `report:` for the first locale, `locales:` for the
    /// others (their names carry the locale).
    var outputNameLocation: SourceLocation {
        let blamed = outputName == id ? reportLocation : (localesLocation ?? reportLocation)
        return blamed ?? SourceLocation(file: file)
    }
}

/// Colours and font of report pages (`theme:`); charts keep the chart module's theme.
struct ReportTheme: Sendable, Hashable {
    var accent: Color
    var ink: Color
    var muted: Color
    var rule: Color
    var headerFill: Color
    var zebra: Color
    var fontFamily: String
    /// A PNG logo drawn on the cover (`logo: images/logo.png` inside the templates folder).
    var logo: ReportLogo?

    init(
        accent: Color = Color(hex: 0x0B4F8A), ink: Color = Color(hex: 0x1A1A1A), muted: Color = Color(hex: 0x595959),
        rule: Color = Color(hex: 0xBFBFBF), headerFill: Color = Color(hex: 0xE1E8F0), zebra: Color = Color(hex: 0xF2F4F7),
        fontFamily: String = "DejaVu Sans"
    ) {
        self.accent = accent
        self.ink = ink
        self.muted = muted
        self.rule = rule
        self.headerFill = headerFill
        self.zebra = zebra
        self.fontFamily = fontFamily
    }

    /// The default blue theme.
    static let standard = ReportTheme()
    /// Black and grey, for printing on a monochrome printer.
    static let grayscale = ReportTheme(
        accent: Color(hex: 0x262626), rule: Color(hex: 0xA6A6A6), headerFill: Color(hex: 0xE6E6E6), zebra: Color(hex: 0xF5F5F5))
}

/// A logo read from the templates folder: the PNG's bytes and its pixel size.
package struct ReportLogo: Sendable, Hashable {
    package var png: [UInt8]
    package var pixelWidth: Int
    package var pixelHeight: Int
    /// The path as written in the template, for diagnostics and the manifest.
    package var path: String

    /// Reads width and height from a PNG's IHDR chunk; nil when the bytes are not a PNG, or
    /// when a chunk claims more bytes than the file holds or the file ends before `IEND`:
    /// libpng allocates a chunk's claimed length before reading it, so an 82-byte file saying
    /// 1.7 GB made every render of the cover allocate 1.7 GB.
    package init?(png: [UInt8], path: String) {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard png.count >= 24, Array(png[0..<8]) == signature, Array(png[12..<16]) == Array("IHDR".utf8) else { return nil }
        func bigEndian(_ offset: Int) -> Int { png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = bigEndian(16)
        let height = bigEndian(20)
        guard width > 0, height > 0, width <= 10_000, height <= 10_000 else { return nil }
        // Length, type, data, CRC: every chunk up to IEND must lie inside the file.
        var offset = 8
        var sawEnd = false
        while offset + 12 <= png.count {
            let length = bigEndian(offset)
            guard length <= png.count - offset - 12 else { return nil }
            if Array(png[(offset + 4)..<(offset + 8)]) == Array("IEND".utf8) {
                sawEnd = true
                break
            }
            offset += 12 + length
        }
        guard sawEnd else { return nil }
        self.png = png
        self.pixelWidth = width
        self.pixelHeight = height
        self.path = path
    }
}

/// Page margins in points.
struct Margins: Sendable, Hashable {
    var top: Double
    var right: Double
    var bottom: Double
    var left: Double

    static let standard = Margins(top: 64, right: 56, bottom: 60, left: 56)
}

/// Report-wide settings of a template (the `report:` mapping).
package struct ReportSettings: Sendable {
    package var title: String
    var subtitle: String
    /// PDF author; defaults to the home municipality's name.
    var author: String?
    var subject: String
    var keywords: String
    /// Home municipality, by code or name; `--home` overrides.
    package var home: String
    /// The municipality whose programme the template reports on (`owner:`); nil = `home`.
    var owner: String?
    /// Region code for ranks and medians; default: the home municipality's region.
    package var region: String?
    package var locale: ReportLocale
    var programmeStart: Int
    var programmeEnd: Int
    /// Base year of the index; default the programme's first year.
    var indexBaseYear: Int?
    var pageSize: Size
    var pageSizeName: String
    /// Report year pinned by `year:`; nil = `--year`, else the latest complete year.
    package var year: Int?
    /// Line of the `year:` key (0 when absent), for diagnostics about the report year.
    var yearLine: Int = 0
    /// Locales the template is written in; the first is the default (`<id>.pdf`).
    package var locales: [ReportLocale] = [.fi]
    var theme: ReportTheme = .standard
    var margins: Margins = .standard
    /// The municipalities the template is built for, one report each (`for_each:`); nil = one
    /// report, for `home`.
    package var forEach: MunicipalitySet?

    init(
        title: String, subtitle: String = "", author: String? = nil, subject: String = "",
        keywords: String = "", home: String, region: String? = nil, locale: ReportLocale = .fi,
        programmeStart: Int = 2018, programmeEnd: Int = 2021, indexBaseYear: Int? = nil,
        pageSize: Size = .a4, pageSizeName: String = "A4"
    ) {
        self.title = title
        self.subtitle = subtitle
        self.author = author
        self.subject = subject
        self.keywords = keywords
        self.home = home
        self.region = region
        self.locale = locale
        self.programmeStart = programmeStart
        self.programmeEnd = programmeEnd
        self.indexBaseYear = indexBaseYear
        self.pageSize = pageSize
        self.pageSizeName = pageSizeName
    }
}

/// The municipalities a template is built for (`for_each:`), one report each, written as
/// `output/<template>/<code>-<name>.pdf`.
package enum MunicipalitySet: Sendable, Hashable {
    /// Every municipality of the template's region (`region:`, else the home's).
    case region
    /// Every municipality in the data, each compared within its own region.
    case country
    /// The listed municipalities, by code or name as `home:` (`[562, Tampere]`).
    case list([Entry])

    /// One municipality of a `for_each:` list as written, with where it stands.
    package struct Entry: Sendable, Hashable {
        package var query: String
        package var location: SourceLocation
    }
}

/// Which chart a chart block draws.
enum ChartType: String, Sendable, CaseIterable {
    /// The home municipality's series with the region median and a dashed target line.
    case line
    /// The region's municipalities ranked by yearly change, home highlighted.
    case ranking
    /// Yearly change of several indicators over several years.
    case groupedBars = "grouped_bars"
    /// Programme measures per goal area by status.
    case status
    /// Target attainment of each measure of a goal area (`theme`), in percent.
    case attainment
    /// Every municipality of the region in two years (`from` → `year`), home highlighted.
    case slope
    /// One indicator of the home municipality as columns over the latest `years` years.
    case bars
    /// One indicator for the home municipality, its region and the country, a bar per year.
    case horizontalBars = "horizontal_bars"
    /// Several indicators in one unit stacked per year for the home municipality.
    case stackedBars = "stacked_bars"
    /// Several indicators in one unit as shares of their yearly total (100 % bars).
    case percentBars = "percent_bars"
    /// The region's spread of each indicator's yearly percent change, the home municipality marked.
    case dotRange = "dot_range"
    /// A small line chart per indicator: the home municipality and the region median.
    case smallMultiples = "small_multiples"

    /// Types that add their indicators up and so need at least two.
    var stacks: Bool { self == .stackedBars || self == .percentBars }

    /// Types that show a chosen year (`year:`) instead of the report year.
    var takesYear: Bool { ![.groupedBars, .status, .attainment].contains(self) }
}

/// What a ranking chart ranks: the yearly change (default) or the value itself.
enum RankingMeasure: String, Sendable {
    case change
    case value
}

/// A chart block: `chart: {type: line, indicator: population}`.
package struct ChartBlock: Sendable {
    /// File name of the chart in `output/charts/`; default built from type and indicator.
    package var name: String?
    /// Where `name:` stands, when given.
    var nameLocation: SourceLocation?
    var type: ChartType
    package var indicators: [String]
    package var title: String?
    var subtitle: String?
    /// Number of years shown by grouped bars and the bar types (the latest ones).
    package var years: Int
    var rankingMeasure: RankingMeasure
    /// Height on the page in points; width is the text width.
    package var height: Double?
    /// Goal area whose measures an attainment chart shows; nil for all measures.
    var theme: String?
    /// Year a chart shows, or its last year (`year: 2018`); nil = the report year.
    package var year: Int?
    /// First year of a slope chart (`from: 2018`); nil = the year before `year`.
    var fromYear: Int?
    package var location: SourceLocation

    init(
        name: String? = nil, type: ChartType, indicators: [String] = [], title: String? = nil,
        subtitle: String? = nil, years: Int = 3, rankingMeasure: RankingMeasure = .change,
        height: Double? = nil, location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.indicators = indicators
        self.title = title
        self.subtitle = subtitle
        self.years = years
        self.rankingMeasure = rankingMeasure
        self.height = height
        self.location = location
    }
}

/// Columns a figures table can show for the home municipality.
package enum FigureColumn: String, Sendable, CaseIterable {
    case value
    case change
    case regionMedian = "region_median"
    case rank
    case rankChange = "rank_change"
    case changeRank = "change_rank"
    case periodChange = "period_change"
}

/// One block of a template, with where it stands in the file.
package enum TemplateBlock: Sendable {
    case cover(location: SourceLocation)
    case heading(text: String, level: Int, location: SourceLocation)
    /// Text with `{{indicator.field}}` placeholders.
    case paragraph(text: String, location: SourceLocation)
    case kpis(indicators: [String], location: SourceLocation)
    case chart(ChartBlock)
    /// Measures table, optionally filtered to one goal area (theme) or status.
    case measures(theme: String?, status: MeasureStatus?, location: SourceLocation)
    /// A table of the home municipality's figures, one row per indicator.
    case figures(indicators: [String], columns: [FigureColumn], location: SourceLocation)
    /// A sentence naming the region's most improved municipality by vitality position.
    case mostImproved(location: SourceLocation)
    case pageBreak(location: SourceLocation)
    /// Table of contents: headings up to `levels` with page numbers and links.
    case contents(title: String, levels: Int, location: SourceLocation)
    /// Blocks about the programme (`programme:`), left out when the report's home is not the
    /// programme's owner or the report year is before the programme's first year.
    case programme(blocks: [TemplateBlock], location: SourceLocation)
}
