import Foundation
import VitalityModel

/// The Finnish municipalities of 2024 with their regions (`MKnn`) and the country (`SSS`), and
/// matching of Statistics Finland area labels to them: by code first, then by name in Finnish
/// or Swedish.
package struct AreaCatalog: Sendable {
    package private(set) var areas: [Area]
    private var byCode: [String: Int] = [:]
    private var byName: [String: Int] = [:]

    /// The shipped catalog: 308 municipalities and 19 regions of 2024, and the country.
    package static let standard = AreaCatalog()

    package init() {
        var areas = [Area(code: "SSS", nameFI: "Koko maa", nameSV: "Hela landet", kind: .country)]
        for region in Self.regionTable2024 {
            areas.append(Area(code: region.code, nameFI: region.fi, nameSV: region.sv, kind: .region))
        }
        for index in areas.indices { areas[index].nameEN = Self.englishNames[areas[index].code] ?? "" }
        for municipality in Self.municipalityTable2024 {
            areas.append(Area(code: municipality.code, nameFI: municipality.fi, nameSV: municipality.sv,
                              kind: .municipality, regionCode: municipality.region))
        }
        self.init(areas: areas)
    }

    package init(areas: [Area]) {
        self.areas = areas.map { area in
            var area = area
            if area.genitiveFI.isEmpty, let genitive = Self.genitivesFI[area.code] { area.genitiveFI = genitive }
            return area
        }
        for (index, area) in self.areas.enumerated() {
            if byCode[area.code] == nil { byCode[area.code] = index }
            // Municipalities come after regions, so a region keeps a name it shares with none.
            // Bilingual names (`Maarianhamina - Mariehamn`) also match by each part.
            let parts = [area.nameFI, area.nameSV, area.nameEN].flatMap { name in
                [name] + name.components(separatedBy: " - ").filter { $0 != name }
            }
            for name in parts where !name.isEmpty {
                let key = name.lowercased()
                if byName[key] == nil { byName[key] = index }
            }
        }
        for name in ["koko maa", "whole country", "hela landet"] { byName[name] = byCode["SSS"] }
    }

    package func area(code: String) -> Area? { byCode[code].map { areas[$0] } }

    /// English names of the country and of the regions whose English name is not the Finnish
    /// one, as in Statistics Finland's classification of regions 2024 (English); a report in
    /// English names the other regions and the municipalities in Finnish.
    static let englishNames = [
        "SSS": "Whole country", "MK02": "Southwest Finland", "MK09": "South Karelia", "MK10": "South Savo",
        "MK11": "North Savo", "MK12": "North Karelia", "MK13": "Central Finland", "MK14": "South Ostrobothnia",
        "MK15": "Ostrobothnia", "MK16": "Central Ostrobothnia", "MK17": "North Ostrobothnia", "MK19": "Lapland",
        "MK21": "Åland",
    ]

    /// The catalogue with municipalities it lacked (from `areas.csv` or a statistics file's
    /// `region` column) added after its own areas, so their codes and names match labels too;
    /// a name the catalogue already has keeps meaning its own area.
    func adding(_ extra: [Area]) -> AreaCatalog {
        extra.isEmpty ? self : AreaCatalog(areas: areas + extra.filter { byCode[$0.code] == nil })
    }

    /// The region a cell names: `MK06`, `MK06 Pirkanmaa`, or a region's Finnish, Swedish or
    /// English name (`Pirkanmaa`, `Birkaland`, `Southwest Finland`), case-insensitively; nil for
    /// anything else.
    package func region(_ text: String) -> Area? {
        let trimmed = text.trimmedCSV
        guard !trimmed.isEmpty else { return nil }
        let (code, name) = Self.splitCode(trimmed)
        if let code {
            guard let found = area(code: code), found.kind == .region else { return nil }
            // `MK06 Pirkanmaa`: a name after the code must be the region's.
            guard name.isEmpty || [found.nameFI, found.nameSV, found.nameEN].contains(where: { !$0.isEmpty && $0.lowercased() == name.lowercased() }) else {
                return nil
            }
            return found
        }
        guard let index = byName[trimmed.lowercased()], areas[index].kind == .region else { return nil }
        return areas[index]
    }

    /// A three-digit municipality code (`001`, also written `KU001`), normalised; nil otherwise.
    static func municipalityCode(_ text: String) -> String? {
        let trimmed = text.trimmedCSV
        guard !trimmed.contains(" "), let code = splitCode(trimmed).code, code.count == 3, code.allSatisfy(\.isASCIIDigit) else { return nil }
        return code
    }

    /// Municipalities of a region in code order.
    package func municipalities(region: String) -> [Area] {
        areas.filter { $0.kind == .municipality && $0.regionCode == region }
    }

    /// The result of matching an area label.
    package enum Match: Sendable, Hashable {
        /// A known area (with `abolishedYear` set when the label carried a `-21` suffix).
        case known(Area)
        /// A coded municipality the catalog lacks (abolished or merged): region unknown.
        case created(Area)
        case unknown
    }

    /// Matches labels such as `Orivesi`, `562 Orivesi`, `KU562 Orivesi`, `KU562`, `562`,
    /// `099 Honkajoki -21`, `KOKO MAA`, `SSS`, `MK06 Pirkanmaa`, `MK06`, `Pirkanmaa`.
    package func match(_ label: String) -> Match {
        var text = label.trimmedCSV
        var abolishedYear: Int?
        if let (rest, year) = Self.splitAbolishedSuffix(text) {
            text = rest
            abolishedYear = year
        }
        let (code, name) = Self.splitCode(text)
        if let code {
            if var area = area(code: code) {
                if let abolishedYear { area.abolishedYear = abolishedYear }
                return .known(area)
            }
            let kind: AreaKind = code.hasPrefix("MK") ? .region : .municipality
            guard kind == .municipality, !name.isEmpty || abolishedYear != nil else { return .unknown }
            return .created(Area(code: code, nameFI: name.isEmpty ? code : name, kind: kind,
                                 regionCode: nil, abolishedYear: abolishedYear))
        }
        if let index = byName[name.lowercased()] {
            var area = areas[index]
            if let abolishedYear { area.abolishedYear = abolishedYear }
            return .known(area)
        }
        return .unknown
    }

    /// `099 Honkajoki -21` → (`099 Honkajoki`, 2021).
    static func splitAbolishedSuffix(_ text: String) -> (String, Int)? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, let last = parts.last, last.count == 3, last.first == "-",
              let twoDigits = Int(last.dropFirst()) else { return nil }
        let year = twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits
        return (parts.dropLast().joined(separator: " "), year)
    }

    /// Separates a leading code (`562`, `KU562`, `MK06`, `SSS`) from the name; the code is
    /// normalised to the catalog's form (`562`, `MK06`, `SSS`).
    static func splitCode(_ text: String) -> (code: String?, name: String) {
        let firstSpace = text.firstIndex(of: " ")
        let head = String(text[..<(firstSpace ?? text.endIndex)])
        let rest = firstSpace.map { String(text[text.index(after: $0)...]).trimmedCSV } ?? ""
        let upper = head.uppercased()
        if upper == "SSS" { return ("SSS", rest) }
        if upper.hasPrefix("KU"), upper.count == 5, upper.dropFirst(2).allSatisfy(\.isASCIIDigit) {
            return (String(upper.dropFirst(2)), rest)
        }
        if upper.hasPrefix("MK"), upper.count == 4, upper.dropFirst(2).allSatisfy(\.isASCIIDigit) {
            return (upper, rest)
        }
        if upper.count == 3, upper.allSatisfy(\.isASCIIDigit) { return (upper, rest) }
        return (nil, text)
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
