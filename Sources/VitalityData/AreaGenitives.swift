extension AreaCatalog {
    /// Finnish genitives of area names, for sentences such as "Oriveden väkiluku" or
    /// "Pirkanmaan 23 kunnan joukossa": every region, the country, and the municipalities of
    /// Pirkanmaa. Finnish genitives are irregular (Virrat → Virtojen, Punkalaidun →
    /// Punkalaitumen), so they are listed, never derived; an area without one has `genitiveFI`
    /// empty and a template that needs it is refused with a diagnostic.
    static let genitivesFI: [String: String] = [
        "SSS": "koko maan",
        "MK01": "Uudenmaan", "MK02": "Varsinais-Suomen", "MK04": "Satakunnan", "MK05": "Kanta-Hämeen",
        "MK06": "Pirkanmaan", "MK07": "Päijät-Hämeen", "MK08": "Kymenlaakson", "MK09": "Etelä-Karjalan",
        "MK10": "Etelä-Savon", "MK11": "Pohjois-Savon", "MK12": "Pohjois-Karjalan", "MK13": "Keski-Suomen",
        "MK14": "Etelä-Pohjanmaan", "MK15": "Pohjanmaan", "MK16": "Keski-Pohjanmaan",
        "MK17": "Pohjois-Pohjanmaan", "MK18": "Kainuun", "MK19": "Lapin", "MK21": "Ahvenanmaan",
        "020": "Akaan", "108": "Hämeenkyrön", "143": "Ikaalisten", "177": "Juupajoen", "211": "Kangasalan",
        "250": "Kihniön", "291": "Kuhmoisten", "418": "Lempäälän", "508": "Mänttä-Vilppulan", "536": "Nokian",
        "562": "Oriveden", "581": "Parkanon", "604": "Pirkkalan", "619": "Punkalaitumen", "635": "Pälkäneen",
        "702": "Ruoveden", "790": "Sastamalan", "837": "Tampereen", "887": "Urjalan", "908": "Valkeakosken",
        "922": "Vesilahden", "936": "Virtojen", "980": "Ylöjärven",
    ]
}
