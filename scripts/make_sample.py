#!/usr/bin/env python3
"""Generate the shipped sample data in input/ (Orivesi KU562, Pirkanmaa MK06, 2015-2021).

Deterministic: standard library only, one fixed random seed, every file written as exact
bytes. Run from anywhere: `python3 scripts/make_sample.py`. Running it twice gives
byte-identical files.

Which values are REAL (Statistics Finland data via the files in /work/shared/samples):
  * population (Väkiluku, 31.12.):
      - all 23 Pirkanmaa municipalities: 2017, 2019, 2020, 2021
        (pirkanmaa_2021_municipalities_compiled.csv);
      - Kangasala KU211: every year 2015-2021 (Kangasalakehitys_KU211_142h_2014_2023_extract.csv, M411);
      - Orivesi KU562: 2018 = 9 221 (local newspaper citing Statistics Finland);
      - MK06 Pirkanmaa: 2017, 2019, 2020, 2021 as sums of the real municipal figures
        (the 2021 sum 527 478 equals Statistics Finland's Pirkanmaa total).
  * net_migration (Kuntien välinen nettomuutto): 2019 for all 23 municipalities (compiled
    file) and Kangasala 2015-2021 (M297); MK06 2019 as their sum.
  * employment_rate 2017 and dependency_ratio 2017 for all 23 municipalities (compiled file).
Everything else is ILLUSTRATIVE: population 2015, 2016 (back-extrapolated with the real
2017 change %) and 2018 (mean of 2017 and 2019) except Kangasala and Orivesi 2018; the
country (KOKO MAA) population (close to, but not checked against, the published totals);
all other indicators and years; all region and country aggregates that use them; and the
whole of measures.csv (a made-up tracking sheet, not Orivesi's real programme data).
"""

import csv
import io
import random
import statistics
from pathlib import Path

SEED = 562
YEARS = list(range(2015, 2022))
ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "input"
ORIVESI = "562"

# code, name, pop2017, pop change % 2017, employment rate 2017, dependency ratio 2017,
# pop2019, natural increase 2019, net internal migration 2019, pop2020, pop2021
# (verbatim from pirkanmaa_2021_municipalities_compiled.csv)
MUNICIPALITIES = [
    ("020", "Akaa", 16769, -0.9, 68.6, 154.2, 16475, -71, -58, 16391, 16467),
    ("108", "Hämeenkyrö", 10599, -0.8, 69.3, 153.6, 10404, -31, -70, 10344, 10337),
    ("143", "Ikaalinen", 7119, -0.1, 65.3, 181.6, 6942, -59, -9, 6866, 6877),
    ("177", "Juupajoki", 1904, -2.7, 67.8, 175.2, 1844, -17, -25, 1800, 1786),
    ("211", "Kangasala", 31437, 0.8, 73.3, 136.4, 31868, 48, 115, 32214, 32622),
    ("250", "Kihniö", 1967, -1.4, 65.5, 178.9, 1865, -20, -26, 1822, 1808),
    ("291", "Kuhmoinen", 2252, -1.5, 63.9, 230.8, 2206, -47, 14, 2161, 2158),
    ("418", "Lempäälä", 22829, 0.4, 73.9, 134.8, 23523, 75, 230, 23828, 24164),
    ("508", "Mänttä-Vilppula", 10256, -1.8, 64.8, 187.9, 9855, -115, -83, 9673, 9563),
    ("536", "Nokia", 33322, 0.3, 70.8, 143.8, 33929, 39, 355, 34476, 34884),
    ("562", "Orivesi", 9285, -0.3, 68.2, 170.4, 9158, -58, -3, 9008, 8978),
    ("581", "Parkano", 6562, -1.9, 65.1, 185.3, 6404, -70, 3, 6352, 6286),
    ("604", "Pirkkala", 19237, 0.4, 75.4, 125.9, 19623, 76, 157, 19803, 20206),
    ("619", "Punkalaidun", 2949, -1.8, 67.0, 183.6, 2828, -33, -116, 2785, 2721),
    ("635", "Pälkäne", 6567, -0.9, 70.7, 160.9, 6435, -68, 0, 6415, 6439),
    ("702", "Ruovesi", 4459, -2.3, 67.3, 190.6, 4283, -47, -55, 4215, 4155),
    ("790", "Sastamala", 24820, -1.0, 67.7, 168.4, 24277, -141, -264, 24052, 23998),
    ("837", "Tampere", 231853, 1.6, 63.9, 138.2, 238140, 172, 1917, 241009, 244223),
    ("887", "Urjala", 4829, -0.6, 64.5, 189.9, 4688, -58, -51, 4644, 4669),
    ("908", "Valkeakoski", 21136, -1.0, 66.2, 170.6, 20972, -100, -123, 20765, 20695),
    ("922", "Vesilahti", 4460, 0.0, 73.4, 141.5, 4355, -8, -27, 4367, 4444),
    ("936", "Virrat", 6844, -1.1, 65.1, 197.0, 6544, -88, -97, 6510, 6465),
    ("980", "Ylöjärvi", 32878, 0.2, 73.9, 134.6, 33254, 122, 102, 33352, 33533),
]

# Kangasala KU211 from table 142h: M411 population, M297 net internal migration (real).
KANGASALA_POPULATION = {2015: 30607, 2016: 31190, 2017: 31437, 2018: 31676, 2019: 31868, 2020: 32214, 2021: 32622}
KANGASALA_NET_MIGRATION = {2015: 74, 2016: 395, 2017: 213, 2018: 201, 2019: 115, 2020: 250, 2021: 378}
ORIVESI_POPULATION_2018 = 9221  # real

INDICATORS = [
    # id, fi, sv, en, unit, kind, direction, decimals, source, aliases
    ("population", "Väkiluku", "Folkmängd", "Population", "asukasta", "level", "up", 0,
     "Tilastokeskus; 2015, 2016 ja 2018 osin interpoloituja, osin havainnollistavia esimerkkiarvoja",
     "Väkiluku|M411"),
    ("net_migration", "Kuntien välinen nettomuutto", "Nettoflyttning mellan kommuner", "Net internal migration",
     "henkeä", "level", "up", 0,
     "Tilastokeskus; vain 2019 ja Kangasala todellisia, muut havainnollistavia esimerkkiarvoja",
     "Kuntien välinen nettomuutto|Kuntien välinen muuttovoitto|M297"),
    ("jobs", "Alueella olevien työpaikkojen lukumäärä", "Antal arbetsplatser i området", "Jobs in the area",
     "työpaikkaa", "level", "up", 0, "Tilastokeskus; havainnollistava esimerkkiaineisto",
     "Alueella olevien työpaikkojen lukumäärä|M315"),
    ("employment_rate", "Työllisyysaste, %", "Sysselsättningsgrad, %", "Employment rate, %", "%", "rate", "up", 1,
     "Tilastokeskus; vain kuntien 2017 todellinen, muut havainnollistavia esimerkkiarvoja",
     "Työllisyysaste, %|Työllisyysaste %|M180"),
    ("unemployment_rate", "Työttömien osuus työvoimasta, %", "Arbetslösa av arbetskraften, %", "Unemployment rate, %",
     "%", "rate", "down", 1, "Tilastokeskus; havainnollistava esimerkkiaineisto",
     "Työttömien osuus työvoimasta, %|M181"),
    ("enterprises", "Toimipaikat", "Arbetsställen", "Business establishments", "kpl", "level", "up", 0,
     "Tilastokeskus; havainnollistava esimerkkiaineisto", "Toimipaikat"),
    ("dwellings_completed", "Valmistuneet asunnot", "Färdigställda bostäder", "Completed dwellings", "kpl", "level",
     "up", 0, "Tilastokeskus; havainnollistava esimerkkiaineisto", "Valmistuneet asunnot"),
    ("dependency_ratio", "Taloudellinen huoltosuhde", "Ekonomisk försörjningskvot", "Economic dependency ratio",
     "ei-työllistä / 100 työllistä", "level", "down", 1,
     "Tilastokeskus; vain kuntien 2017 todellinen, muut havainnollistavia esimerkkiarvoja",
     "Taloudellinen huoltosuhde|M137"),
    ("tax_revenue_per_capita", "Verotulot asukasta kohden", "Skatteinkomster per invånare", "Tax revenue per capita",
     "€/asukas", "level", "up", 0, "Tilastokeskus; havainnollistava esimerkkiaineisto",
     "Verotulot asukasta kohden"),
    ("tertiary_education", "Korkea-asteen tutkinnon suorittaneet, %", "Högskoleutbildade, %", "Tertiary education, %",
     "%", "rate", "up", 1, "Tilastokeskus; havainnollistava esimerkkiaineisto",
     "Korkea-asteen tutkinnon suorittaneet, %"),
]
LABEL_FI = {row[0]: row[1] for row in INDICATORS}

# Swedish and English units and source notes: unit_sv, unit_en, source_sv, source_en.
# Statistics Finland is Statistikcentralen in Swedish; every illustrative marking is kept.
UNITS = {
    "asukasta": ("invånare", "inhabitants"),
    "henkeä": ("personer", "persons"),
    "työpaikkaa": ("arbetsplatser", "jobs"),
    "%": ("%", "%"),
    "ei-työllistä / 100 työllistä": ("icke-sysselsatta / 100 sysselsatta", "non-employed per 100 employed"),
    "€/asukas": ("€/invånare", "€ per inhabitant"),
}
UNITS_BY_ID = {  # `kpl` (pieces) said with what is counted
    "enterprises": ("arbetsställen", "establishments"),
    "dwellings_completed": ("bostäder", "dwellings"),
}
SOURCES = {
    "Tilastokeskus; 2015, 2016 ja 2018 osin interpoloituja, osin havainnollistavia esimerkkiarvoja": (
        "Statistikcentralen; 2015, 2016 och 2018 delvis interpolerade, delvis illustrativa exempelvärden",
        "Statistics Finland; 2015, 2016 and 2018 partly interpolated, partly illustrative example values"),
    "Tilastokeskus; vain 2019 ja Kangasala todellisia, muut havainnollistavia esimerkkiarvoja": (
        "Statistikcentralen; endast 2019 och Kangasala verkliga, övriga illustrativa exempelvärden",
        "Statistics Finland; only 2019 and Kangasala real, the rest illustrative example values"),
    "Tilastokeskus; havainnollistava esimerkkiaineisto": (
        "Statistikcentralen; illustrativa exempelvärden",
        "Statistics Finland; illustrative example values"),
    "Tilastokeskus; vain kuntien 2017 todellinen, muut havainnollistavia esimerkkiarvoja": (
        "Statistikcentralen; endast kommunernas värden 2017 verkliga, övriga illustrativa exempelvärden",
        "Statistics Finland; only the municipalities' 2017 values real, the rest illustrative example values"),
}
DECIMALS = {row[0]: row[7] for row in INDICATORS}

# Illustrative municipal profiles (2017 levels): jobs per inhabitant, tax revenue €/capita,
# tertiary-educated share %.
JOBS_PER_INHABITANT = {
    "020": 0.32, "108": 0.30, "143": 0.38, "177": 0.30, "211": 0.30, "250": 0.36, "291": 0.30, "418": 0.36,
    "508": 0.41, "536": 0.33, "562": 0.335, "581": 0.41, "604": 0.37, "619": 0.36, "635": 0.30, "702": 0.32,
    "790": 0.39, "837": 0.54, "887": 0.33, "908": 0.41, "922": 0.25, "936": 0.39, "980": 0.33,
}
TAX_2017 = {
    "020": 3750, "108": 3650, "143": 3700, "177": 3600, "211": 3950, "250": 3450, "291": 4050, "418": 4000,
    "508": 3750, "536": 3800, "562": 3850, "581": 3600, "604": 4050, "619": 3450, "635": 3800, "702": 3750,
    "790": 3650, "837": 4350, "887": 3550, "908": 4100, "922": 3700, "936": 3600, "980": 3950,
}
TERTIARY_2017 = {
    "020": 26.5, "108": 26.0, "143": 24.0, "177": 22.5, "211": 34.0, "250": 18.5, "291": 22.0, "418": 33.0,
    "508": 23.0, "536": 29.5, "562": 26.3, "581": 22.0, "604": 36.0, "619": 19.5, "635": 27.0, "702": 22.0,
    "790": 23.5, "837": 37.5, "887": 21.0, "908": 28.5, "922": 30.0, "936": 21.5, "980": 33.5,
}

# Common yearly movements (change into the given year): percent for levels, points for rates.
JOBS_TREND = {2016: 0.5, 2017: 1.2, 2018: 1.8, 2019: 1.0, 2020: -1.5, 2021: 1.6}
EMPLOYMENT_TREND = {2016: 0.8, 2017: 1.0, 2018: 1.6, 2019: 0.9, 2020: -1.2, 2021: 1.0}
UNEMPLOYMENT_TREND = {2016: -0.6, 2017: -1.4, 2018: -1.8, 2019: -0.7, 2020: 2.8, 2021: -1.2}
DEPENDENCY_TREND = {2016: -0.8, 2017: -1.5, 2018: -2.0, 2019: -1.0, 2020: 2.5, 2021: -1.2}
TAX_TREND = {2016: 1.5, 2017: 1.2, 2018: 1.8, 2019: 1.5, 2020: 6.5, 2021: 3.0}
TERTIARY_TREND = 0.5
ENTERPRISE_TREND = {2016: 0.4, 2017: 0.9, 2018: 1.1, 2019: 1.0, 2020: -0.6, 2021: 1.3}
DWELLING_CYCLE = {2015: 0.8, 2016: 0.85, 2017: 1.0, 2018: 1.15, 2019: 1.15, 2020: 1.05, 2021: 1.1}

# Orivesi's illustrative story: a weak 2018, then the region's most improved vitality
# position in 2019 (jobs, tax revenue, dependency ratio and education all turn).
ORIVESI_SERIES = {
    "jobs": [3073, 3085, 3110, 3085, 3190, 3140, 3176],
    "employment_rate": [66.4, 67.1, 68.2, 68.4, 69.8, 68.9, 69.6],
    "unemployment_rate": [13.6, 13.3, 12.4, 11.8, 10.3, 12.6, 11.2],
    "dependency_ratio": [175.1, 173.6, 170.4, 171.6, 165.2, 169.0, 166.4],
    "tax_revenue_per_capita": [3747, 3804, 3850, 3862, 4068, 4250, 4296],
    "tertiary_education": [25.4, 25.9, 26.3, 26.4, 27.3, 27.8, 28.3],
    "enterprises": [731, 728, 736, 741, 758, 752, 767],
    "dwellings_completed": [28, 21, 33, 26, 47, 38, 41],
    "net_migration": [-38, -22, -41, -29, -3, -84, 12],
}

# Illustrative country (KOKO MAA) series.
COUNTRY = {
    "population": [5487308, 5503297, 5513130, 5517919, 5525292, 5533793, 5548241],
    "employment_rate": [67.8, 68.5, 69.6, 71.3, 72.2, 71.0, 72.1],
    "unemployment_rate": [14.6, 14.0, 12.7, 10.9, 10.2, 13.0, 11.8],
    "dependency_ratio": [143.9, 142.5, 139.6, 135.8, 134.1, 138.3, 135.2],
    "dwellings_completed": [27140, 29690, 35480, 40310, 41820, 38650, 40930],
    "tertiary_education": [30.4, 30.9, 31.4, 31.9, 32.4, 32.9, 33.4],
}
COUNTRY_JOBS_2017 = 2318600
COUNTRY_ENTERPRISES_2017 = 371400
COUNTRY_TAX_2017 = 4000

# `..` cells of the PX file (municipality code, indicator, year); none of them feeds a
# 2018 or 2019 vitality-index change, none is Orivesi's.
PX_MISSING = {("250", "jobs", 2015), ("291", "unemployment_rate", 2016),
              ("177", "employment_rate", 2015), ("619", "dependency_ratio", 2015)}

VITALITY_COMPONENTS = [  # indicator, change kind, sign
    ("population", "pct", 1), ("jobs", "pct", 1), ("tax_revenue_per_capita", "pct", 1),
    ("dependency_ratio", "pct", -1), ("tertiary_education", "pp", 1),
]


def q(value, decimals):
    """Round to the decimals the value is written with."""
    return round(value, decimals) if decimals else int(round(value))


def series_from_2017(base, trend, noise, rng, extra=0.0):
    """Yearly series from a 2017 level and percent changes into each year (trend + drift + noise)."""
    changes = {y: trend[y] + extra + rng.gauss(0, noise) for y in YEARS[1:]}
    values = {2017: base}
    for y in (2016, 2015):
        values[y] = values[y + 1] / (1 + changes[y + 1] / 100)
    for y in range(2018, 2022):
        values[y] = values[y - 1] * (1 + changes[y] / 100)
    return values


def build():
    """All values as written: data[indicator][area_code][year] -> number (None = missing)."""
    rng = random.Random(SEED)
    data = {ind[0]: {} for ind in INDICATORS}
    for (code, name, p17, chg17, emp17, dep17, p19, _nat19, mig19, p20, p21) in MUNICIPALITIES:
        pop = {2017: p17, 2019: p19, 2020: p20, 2021: p21}
        pop[2018] = round((p17 + p19) / 2)
        pop[2016] = round(p17 / (1 + chg17 / 100))
        pop[2015] = round(pop[2016] / (1 + chg17 / 100))
        if code == "211":
            pop = dict(KANGASALA_POPULATION)
        if code == ORIVESI:
            pop[2018] = ORIVESI_POPULATION_2018
        data["population"][code] = {y: pop[y] for y in YEARS}

        if code == "211":
            mig = dict(KANGASALA_NET_MIGRATION)
        else:
            spread = max(6.0, 0.004 * p17)
            mig = {y: mig19 + rng.gauss(0, spread) for y in YEARS}
            mig[2019] = mig19
        data["net_migration"][code] = {y: q(mig[y], 0) for y in YEARS}

        drift = 0.6 * chg17
        jobs = series_from_2017(p17 * JOBS_PER_INHABITANT[code], JOBS_TREND, 1.0, rng, drift)
        data["jobs"][code] = {y: q(jobs[y], 0) for y in YEARS}

        emp_noise = {y: rng.gauss(0, 0.4) for y in YEARS[1:]}
        emp = {2017: emp17}
        for y in (2016, 2015):
            emp[y] = emp[y + 1] - EMPLOYMENT_TREND[y + 1] - emp_noise[y + 1]
        for y in range(2018, 2022):
            emp[y] = emp[y - 1] + EMPLOYMENT_TREND[y] + emp_noise[y]
        data["employment_rate"][code] = {y: q(emp[y], 1) for y in YEARS}

        unemp = {2017: (15.5 if code == "837" else 11.5 + (70.0 - emp17) * 0.6) + rng.gauss(0, 0.6)}
        unemp_changes = {y: UNEMPLOYMENT_TREND[y] - 0.5 * emp_noise[y] + rng.gauss(0, 0.3) for y in YEARS[1:]}
        for y in (2016, 2015):
            unemp[y] = unemp[y + 1] - unemp_changes[y + 1]
        for y in range(2018, 2022):
            unemp[y] = unemp[y - 1] + unemp_changes[y]
        data["unemployment_rate"][code] = {y: q(unemp[y], 1) for y in YEARS}

        dep_trend = {y: DEPENDENCY_TREND[y] - 1.2 * emp_noise[y] for y in YEARS[1:]}
        dep = series_from_2017(dep17, dep_trend, 0.8, rng)
        dep[2017] = dep17
        data["dependency_ratio"][code] = {y: q(dep[y], 1) for y in YEARS}

        tax = series_from_2017(TAX_2017[code], TAX_TREND, 1.2, rng)
        data["tax_revenue_per_capita"][code] = {y: q(tax[y], 0) for y in YEARS}

        ter_changes = {y: TERTIARY_TREND + rng.gauss(0, 0.2) for y in YEARS[1:]}
        ter = {2017: TERTIARY_2017[code]}
        for y in (2016, 2015):
            ter[y] = ter[y + 1] - ter_changes[y + 1]
        for y in range(2018, 2022):
            ter[y] = ter[y - 1] + ter_changes[y]
        data["tertiary_education"][code] = {y: q(ter[y], 1) for y in YEARS}

        ent = series_from_2017(p17 * rng.uniform(0.07, 0.09), ENTERPRISE_TREND, 1.0, rng, 0.3 * chg17)
        data["enterprises"][code] = {y: q(ent[y], 0) for y in YEARS}

        per_thousand = max(1.5, 2.0 + 4.0 * (chg17 + 1.0))
        expected = {y: pop[y] / 1000 * per_thousand * DWELLING_CYCLE[y] for y in YEARS}
        data["dwellings_completed"][code] = {
            y: q(expected[y] * rng.lognormvariate(0, min(0.4, max(0.08, expected[y] ** -0.5))), 0) for y in YEARS}

    for indicator, values in ORIVESI_SERIES.items():
        data[indicator][ORIVESI] = dict(zip(YEARS, values))
    data["net_migration"][ORIVESI][2019] = -3  # real

    add_aggregates(data)
    for (code, indicator, year) in PX_MISSING:
        data[indicator][code][year] = None
    return data


def add_aggregates(data):
    """MK06 Pirkanmaa as sums and population-weighted means; KOKO MAA from the country series."""
    codes = [m[0] for m in MUNICIPALITIES]
    pop = data["population"]
    for indicator in data:
        if indicator in ("population", "net_migration", "jobs", "enterprises", "dwellings_completed"):
            data[indicator]["MK06"] = {y: sum(data[indicator][c][y] for c in codes) for y in YEARS}
        else:
            data[indicator]["MK06"] = {
                y: q(sum(data[indicator][c][y] * pop[c][y] for c in codes) / sum(pop[c][y] for c in codes),
                     DECIMALS[indicator])
                for y in YEARS}
    for indicator, values in COUNTRY.items():
        data[indicator]["SSS"] = dict(zip(YEARS, values))
    for indicator, base in (("jobs", COUNTRY_JOBS_2017), ("enterprises", COUNTRY_ENTERPRISES_2017),
                            ("tax_revenue_per_capita", COUNTRY_TAX_2017)):
        trend = {"jobs": JOBS_TREND, "enterprises": ENTERPRISE_TREND, "tax_revenue_per_capita": TAX_TREND}[indicator]
        values = series_from_2017(base, trend, 0.0, random.Random(0))
        data[indicator]["SSS"] = {y: q(values[y], 0) for y in YEARS}
    # Net internal migration of the whole country is zero by definition: no KOKO MAA row.


# ---------------------------------------------------------------- vitality check

def change(kind, before, after):
    if before is None or after is None:
        return None
    if kind == "pp":
        return after - before
    return None if before == 0 else (after - before) / abs(before) * 100


def vitality_index(data, year):
    """Mean z-score (population SD over the 23 municipalities) of the yearly changes."""
    codes = [m[0] for m in MUNICIPALITIES]
    sums = {c: [] for c in codes}
    for indicator, kind, sign in VITALITY_COMPONENTS:
        changes = {c: change(kind, data[indicator][c][year - 1], data[indicator][c][year]) for c in codes}
        present = [v for v in changes.values() if v is not None]
        mean, sd = statistics.fmean(present), statistics.pstdev(present)
        for c, v in changes.items():
            if v is not None and sd > 0:
                sums[c].append(sign * (v - mean) / sd)
    return {c: statistics.fmean(z) for c, z in sums.items() if z}


def ranks(values):
    """Rank 1 = largest; ties (relative 1e-9) share the best rank."""
    out = {}
    for c, v in values.items():
        better = sum(1 for w in values.values() if w > v and abs(w - v) > 1e-9 * max(abs(w), abs(v)))
        out[c] = better + 1
    return out


def check_orivesi_story(data):
    index = {y: vitality_index(data, y) for y in (2018, 2019)}
    rank = {y: ranks(index[y]) for y in (2018, 2019)}
    rank_change = {c: rank[2018][c] - rank[2019][c] for c in rank[2019]}
    best = max(rank_change, key=lambda c: (rank_change[c], index[2019][c] - index[2018][c]))
    names = {m[0]: m[1] for m in MUNICIPALITIES}
    runner_up = sorted(rank_change.values(), reverse=True)[1]
    print(f"vitality index Orivesi: 2018 {index[2018][ORIVESI]:+.3f} (rank {rank[2018][ORIVESI]}), "
          f"2019 {index[2019][ORIVESI]:+.3f} (rank {rank[2019][ORIVESI]}), rank change "
          f"{rank_change[ORIVESI]:+d}; next largest rank change {runner_up:+d}")
    assert best == ORIVESI, f"most improved 2019 is {names[best]}, not Orivesi"
    assert rank_change[ORIVESI] > runner_up, "Orivesi's rank change is not strictly the largest"


# ---------------------------------------------------------------- writers

AREA_ORDER = ["SSS", "MK06"] + [m[0] for m in MUNICIPALITIES]
AREA_NAME = {"SSS": "KOKO MAA", "MK06": "Pirkanmaa", **{m[0]: m[1] for m in MUNICIPALITIES}}


def area_code(code):
    return code if code in ("SSS", "MK06") else "KU" + code


def px_label(code):
    return "KOKO MAA" if code == "SSS" else f"{area_code(code)} {AREA_NAME[code]}"


def fmt(value, decimals, decimal_mark="."):
    if value is None:
        return ""
    text = f"{value:.{decimals}f}" if decimals else str(int(value))
    return text.replace(".", decimal_mark)


def csv_text(rows, delimiter, line_end):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


def write(path, data_bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data_bytes)
    print(f"wrote {path.relative_to(ROOT)} ({len(data_bytes)} bytes)")


def write_indicators():
    rows = [["id", "label_fi", "label_sv", "label_en", "unit", "kind", "direction", "decimals", "source", "aliases",
             "unit_sv", "unit_en", "source_sv", "source_en"]]
    for row in INDICATORS:
        unit_sv, unit_en = UNITS_BY_ID.get(row[0]) or UNITS[row[4]]
        source_sv, source_en = SOURCES[row[8]]
        assert ("havainnollist" in row[8]) == ("illustrativ" in source_sv) == ("illustrative" in source_en)
        rows.append([str(cell) for cell in row] + [unit_sv, unit_en, source_sv, source_en])
    write(INPUT / "indicators.csv", csv_text(rows, ",", "\r\n").encode("utf-8"))


def write_population_long(data):
    rows = [["area_code", "area", "indicator", "year", "value"]]
    for code in AREA_ORDER:
        for indicator in ("population", "net_migration"):
            if code not in data[indicator]:
                continue
            for y in YEARS:
                rows.append([area_code(code), AREA_NAME[code], LABEL_FI[indicator], str(y),
                             fmt(data[indicator][code][y], 0)])
    write(INPUT / "statistics" / "vaesto_ja_muutto.csv", csv_text(rows, ",", "\n").encode("utf-8"))


def write_px(data):
    def quoted(text):
        return '"' + text + '"'
    lines = [quoted("Kuntien avainluvut 2015-2021 muuttujina Alue, Tiedot ja Vuosi"), ""]
    lines.append(";".join(quoted(h) for h in ["Alue", "Tiedot"] + [str(y) for y in YEARS]))
    for code in AREA_ORDER:
        for indicator in ("jobs", "employment_rate", "unemployment_rate", "dependency_ratio"):
            cells = [quoted(px_label(code)), quoted(LABEL_FI[indicator])]
            for y in YEARS:
                value = data[indicator][code][y]
                cells.append(".." if value is None else fmt(value, DECIMALS[indicator]))
            lines.append(";".join(cells))
    write(INPUT / "statistics" / "tyollisyys_px.csv", ("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_economy_long(data):
    rows = [["koodi", "alue", "tiedot", "vuosi", "arvo"]]
    for code in AREA_ORDER:
        for indicator in ("enterprises", "dwellings_completed", "tax_revenue_per_capita", "tertiary_education"):
            for y in YEARS:
                rows.append([area_code(code), AREA_NAME[code], LABEL_FI[indicator], str(y),
                             fmt(data[indicator][code][y], DECIMALS[indicator], ",")])
    write(INPUT / "statistics" / "talous_ja_koulutus.csv", b"\xef\xbb\xbf" + csv_text(rows, ";", "\r\n").encode("utf-8"))


MEASURE_HEADER = ["tunnus", "teema", "toimenpide", "vastuuyksikkö", "vastuuhenkilö", "tila", "alkaa", "päättyy",
                  "mittari", "yksikkö", "lähtövuosi", "lähtötaso", "tavoitevuosi", "tavoite",
                  "2018", "2019", "2020", "2021", "kommentti",
                  "teema_sv", "teema_en", "toimenpide_sv", "toimenpide_en", "vastuuyksikkö_sv", "vastuuyksikkö_en",
                  "yksikkö_sv", "yksikkö_en"]
COMMENT = MEASURE_HEADER.index("kommentti")

# Swedish and English texts of the sheet: goal areas, teams, and each measure's title by id.
THEMES = {
    "Asuminen": ("Boende", "Housing"),
    "Elinkeinoelämä": ("Näringsliv", "Business"),
    "Maankäyttö": ("Markanvändning", "Land use"),
    "Vuorovaikutus ja osallisuus": ("Växelverkan och delaktighet", "Engagement and participation"),
}
TEAMS = {
    "Maankäyttö ja kaavoitus": ("Markanvändning och planläggning", "Land use and planning"),
    "Yrityspalvelut": ("Företagstjänster", "Business services"),
    "Työllisyyspalvelut": ("Sysselsättningstjänster", "Employment services"),
    "Asumispalvelut": ("Boendetjänster", "Housing services"),
    "Joukkoliikenne": ("Kollektivtrafik", "Public transport"),
    "Viestintä ja markkinointi": ("Kommunikation och marknadsföring", "Communications and marketing"),
}
TITLES = {
    "AS-01": ("Effektivare försäljning av egnahemstomter: tomtkampanj och ny prissättning",
              "Boosting sales of detached-house plots: plot campaign and new pricing"),
    "AS-02": ("Högre beläggningsgrad i stadens hyresbostäder", "Raising the occupancy rate of the town's rental flats"),
    "AS-03": ("Färre tomma hyresbostäder genom renoveringar och rivningar", "Fewer empty rental flats through renovation and demolition"),
    "AS-04": ("Inflyttarmarknadsföring och mottagande av nya invånare", "Marketing to movers and welcoming new residents"),
    "AS-05": ("Planering av ett kvarter för seniorboende i centrum", "Planning a senior housing block in the town centre"),
    "AS-06": ("Elektronisk ansökan om bygglov och snabbare handläggning", "Online building permits and faster processing"),
    "EL-01": ("Mer resurser för företagsrådgivning och företagsbesök", "More resources for business advice and company visits"),
    "EL-02": ("Startpaket för nya företagare", "Start-up package for new entrepreneurs"),
    "EL-03": ("Stöd för företagsetableringar och tillväxt", "Supporting business location and growth"),
    "EL-04": ("Sysselsättning av långtidsarbetslösa med lönesubvention", "Employing the long-term unemployed with pay subsidy"),
    "EL-05": ("Minskad arbetslöshet genom effektivare sysselsättningstjänster",
              "Reducing unemployment through more effective employment services"),
    "EL-06": ("Bättre sysselsättning efter arbetsverksamhet i rehabiliteringssyfte",
              "Better employment after rehabilitative work activity"),
    "EL-07": ("Gemensam turismmarknadsföring och evenemangskalender", "Joint tourism marketing and events calendar"),
    "EL-08": ("Sommarjobbssedlar för unga att använda i företag", "Summer job vouchers for young people to use at businesses"),
    "MA-01": ("Delgeneralplan för centrum", "Partial master plan for the town centre"),
    "MA-02": ("Detaljplanering av företagsområdet längs riksväg 9", "Local detailed plan for the business area along highway 9"),
    "MA-03": ("Större reserv av säljklara egnahemstomter", "A larger stock of detached-house plots ready for sale"),
    "MA-04": ("Kortare detaljplaneprocess", "A shorter local detailed planning process"),
    "MA-05": ("Fler bussturer på vardagar mot Tammerfors", "More weekday bus services towards Tampere"),
    "MA-06": ("Utbyggd infartsparkering vid järnvägsstationen", "Expanding park-and-ride at the railway station"),
    "MA-07": ("Försök med anropsstyrd trafik i glesbygden", "Trial of demand-responsive transport in rural areas"),
    "VO-01": ("Invånarmöten i byarna och i centrum", "Residents' meetings in the villages and the town centre"),
    "VO-02": ("Utveckling av stadens kanaler i sociala medier", "Developing the town's social media channels"),
    "VO-03": ("Medborgarbudgetering", "Participatory budgeting"),
    "VO-04": ("Förnyat responssystem och kortare svarstid", "A new feedback system and a shorter response time"),
    "VO-05": ("Invånarenkät vartannat år", "Residents' survey every other year"),
}


def measures(data):
    """The illustrative programme tracking sheet; statistics-linked rows take their values from `data`."""
    def stat(indicator, years):
        return [data[indicator][ORIVESI][y] for y in years]

    def decimal(values, decimals=1):
        return ["" if v is None or v == "" else fmt(v, decimals, ",") for v in values]

    pop = stat("population", [2017, 2018, 2019, 2020, 2021])
    jobs = stat("jobs", [2017, 2018, 2019, 2020, 2021])
    unemp = stat("unemployment_rate", [2017, 2018, 2019, 2020, 2021])
    dwell = stat("dwellings_completed", [2017, 2018, 2019, 2020, 2021])

    TEAM_LAND, TEAM_BIZ, TEAM_WORK = "Maankäyttö ja kaavoitus", "Yrityspalvelut", "Työllisyyspalvelut"
    TEAM_HOUSING, TEAM_TRANSIT, TEAM_COMMS = "Asumispalvelut", "Joukkoliikenne", "Viestintä ja markkinointi"
    rows = [
        ["AS-01", "Asuminen", "Omakotitonttien myynnin tehostaminen: tonttikampanja ja hinnoittelun uudistus",
         TEAM_LAND, "maankäyttöpäällikkö", "Käynnissä", "1.1.2018", "31.12.2021", "Myydyt omakotitontit", "kpl/v",
         "2017", "6", "2021", "15", "7", "11", "14", "12", "Tonttikampanja keväisin, hyvä kysyntä 2020"],
        ["AS-02", "Asuminen", "Kaupungin vuokra-asuntojen käyttöasteen nostaminen", TEAM_HOUSING,
         "asuntotoimen päällikkö", "Käynnissä", "1.1.2018", "31.12.2021", "Vuokra-asuntojen käyttöaste", "%",
         "2017", "91,5", "2021", "97", *decimal([92.8, 94.1, 95.0, 95.6]), ""],
        ["AS-03", "Asuminen", "Tyhjien vuokra-asuntojen vähentäminen peruskorjauksin ja purkamalla", TEAM_HOUSING,
         "isännöitsijä", "Käynnissä", "1.1.2018", "31.12.2021", "Tyhjät vuokra-asunnot", "kpl", "2017", "48",
         "2021", "15", "41", "33", "27", "22", "Kaksi huonokuntoista rivitaloa purettu 2019"],
        ["AS-04", "Asuminen", "Muuttajamarkkinointi ja uusien asukkaiden vastaanotto", TEAM_COMMS,
         "markkinointipäällikkö", "Viivästynyt", "1.3.2018", "31.12.2021", "population", "asukasta",
         "2017", str(pop[0]), "2021", "9400", *[str(v) for v in pop[1:]], "Väkiluku laskee edelleen, lasku hidastui 2021"],
        ["AS-05", "Asuminen", "Senioriasumisen korttelin suunnittelu keskustaan", TEAM_HOUSING,
         "asumispalvelupäällikkö", "Suunniteltu", "2021", "2023", "Valmistuneet senioriasunnot", "kpl",
         "2018", "0", "2021", "24", "", "", "", "", "Hankesuunnitelma valtuuston käsittelyyn"],
        ["AS-06", "Asuminen", "Rakennuslupien sähköinen asiointi ja käsittelyn nopeuttaminen", TEAM_LAND,
         "rakennustarkastaja", "Valmis", "1.6.2018", "31.12.2020", "dwellings_completed", "kpl",
         "2017", str(dwell[0]), "2021", "45", *[str(v) for v in dwell[1:]], "Lupapiste käytössä 2019 alkaen"],
        ["EL-01", "Elinkeinoelämä", "Yritysneuvonnan resurssin lisääminen ja yrityskäynnit", TEAM_BIZ,
         "elinkeinoasiamies", "Käynnissä", "1.1.2018", "31.12.2021", "Yritysneuvonnat", "kpl/v",
         "2017", "85", "2021", "130", "96", "118", "141", "127", "Vuonna 2020 paljon koronatukineuvontaa"],
        ["EL-02", "Elinkeinoelämä", "Aloittavien yrittäjien starttipaketti", TEAM_BIZ, "yrityskoordinaattori",
         "Käynnissä", "1.1.2018", "31.12.2021", "Uudet yritykset", "kpl/v", "2017", "31", "2021", "45",
         "34", "41", "29", "38", ""],
        ["EL-03", "Elinkeinoelämä", "Yritysten sijoittumisen ja kasvun tukeminen", TEAM_BIZ, "elinkeinojohtaja",
         "Käynnissä", "1.1.2018", "31.12.2021", "jobs", "työpaikkaa", "2017", str(jobs[0]), "2021", "3250",
         *[str(v) for v in jobs[1:]], "Kaksi uutta tuotantolaitosta 2019"],
        ["EL-04", "Elinkeinoelämä", "Pitkäaikaistyöttömien työllistäminen palkkatuella", TEAM_WORK,
         "työllisyyskoordinaattori", "Käynnissä", "1.1.2018", "31.12.2021", "Pitkäaikaistyöttömät", "henkeä",
         "2017", "210", "2021", "150", "188", "164", "201", "176", ""],
        ["EL-05", "Elinkeinoelämä", "Työttömyyden vähentäminen työllisyyspalveluja tehostamalla", TEAM_WORK,
         "työllisyyspalvelupäällikkö", "Viivästynyt", "1.1.2018", "31.12.2021", "unemployment_rate", "%",
         "2017", fmt(unemp[0], 1, ","), "2021", "9,5", *decimal(unemp[1:]), "Korona nosti työttömyyttä 2020"],
        ["EL-06", "Elinkeinoelämä", "Kuntouttavan työtoiminnan jälkeisen työllistymisen parantaminen", TEAM_WORK,
         "työvalmentaja", "Käynnissä", "1.1.2018", "31.12.2021", "Työllistymisaste palvelun jälkeen", "%",
         "2018", "18", "2021", "30", *decimal([18.0, 22.5, 19.8, 26.4]), ""],
        ["EL-07", "Elinkeinoelämä", "Matkailun yhteismarkkinointi ja tapahtumakalenteri", TEAM_COMMS,
         "matkailukoordinaattori", "Keskeytetty", "1.1.2018", "31.12.2021", "Matkailusivuston kävijät", "kävijää/v",
         "2018", "12000", "2021", "25000", "12000", "16800", "", "", "Keskeytetty koronapandemian vuoksi 3/2020"],
        ["EL-08", "Elinkeinoelämä", "Nuorten kesätyösetelit yrityksille", TEAM_WORK, "nuorisotyön ohjaaja", "Valmis",
         "2018", "2021", "Käytetyt kesätyösetelit", "kpl", "2017", "40", "2021", "80", "52", "64", "47", "81", ""],
        ["MA-01", "Maankäyttö", "Keskustan osayleiskaavan laatiminen", TEAM_LAND, "kaavoituspäällikkö",
         "Viivästynyt", "1.3.2018", "31.12.2021", "Kaavatyön valmiusaste", "%", "2018", "0", "2021", "100",
         "15", "40", "55", "70",
         "Luonnosvaihe viivästyi lisäselvitysten vuoksi; ehdotus nähtäville 2022.\n"
         "Lautakunta käsittelee ehdotuksen keväällä 2022."],
        ["MA-02", "Maankäyttö", "Valtatie 9:n varren yritysalueen asemakaavoitus", TEAM_LAND, "kaavoitusarkkitehti",
         "Valmis", "1.1.2018", "30.6.2020", "Asemakaavoitettu yritysmaa", "ha", "2017", "0", "2021", "25",
         *decimal([0, 0, 12.5, 25]), "Kaava lainvoimainen 6/2020"],
        ["MA-03", "Maankäyttö", "Myyntivalmiin omakotitonttivarannon kasvattaminen", TEAM_LAND,
         "maankäyttöinsinööri", "Käynnissä", "1.1.2018", "31.12.2021", "Myyntivalmiit omakotitontit", "kpl",
         "2017", "22", "2021", "60", "22", "38", "51", "58", ""],
        ["MA-04", "Maankäyttö", "Asemakaavaprosessin keston lyhentäminen", TEAM_LAND, "kaavoitusarkkitehti",
         "Käynnissä", "2018", "2021", "Asemakaavan keskimääräinen käsittelyaika", "kk", "2017", "18", "2021",
         "12", "17", "15", "14", "13", ""],
        ["MA-05", "Maankäyttö", "Arkipäivän bussivuorojen lisääminen Tampereen suuntaan", TEAM_TRANSIT,
         "joukkoliikennesuunnittelija", "Valmis", "1.8.2018", "31.12.2021", "Arkivuorot Orivesi–Tampere",
         "vuoroa/arkipäivä", "2017", "14", "2021", "20", "16", "18", "17", "20", ""],
        ["MA-06", "Maankäyttö", "Liityntäpysäköinnin laajentaminen rautatieasemalla", TEAM_TRANSIT,
         "liikenneinsinööri", "Valmis", "1.1.2019", "31.10.2020", "Liityntäpysäköintipaikat", "kpl", "2017", "40",
         "2021", "90", "40", "40", "90", "90", "Valmistui syksyllä 2020"],
        ["MA-07", "Maankäyttö", "Kutsuliikenteen kokeilu haja-asutusalueille", TEAM_TRANSIT,
         "joukkoliikennesuunnittelija", "Keskeytetty", "1.1.2019", "31.12.2021", "Kutsuliikenteen matkat", "matkaa/v",
         "2018", "0", "2021", "3000", "0", "1450", "", "", "Kokeilu keskeytetty, matkustajamäärät jäivät pieniksi"],
        ["VO-01", "Vuorovaikutus ja osallisuus", "Asukastilaisuudet kylissä ja keskustassa", TEAM_COMMS,
         "viestintäpäällikkö", "Käynnissä", "1.1.2018", "31.12.2021", "Asukastilaisuudet", "kpl/v", "2017", "6",
         "2021", "12", "8", "11", "4", "9", "Vuonna 2020 osa tilaisuuksista verkossa"],
        ["VO-02", "Vuorovaikutus ja osallisuus", "Kaupungin sosiaalisen median kanavien kehittäminen", TEAM_COMMS,
         "viestintäsuunnittelija", "Käynnissä", "1.1.2018", "31.12.2021", "Somen seuraajat", "seuraajaa",
         "2018", "3200", "2021", "6000", "3200", "4150", "5320", "6480", "Facebook ja Instagram yhteensä"],
        ["VO-03", "Vuorovaikutus ja osallisuus", "Osallistuva budjetointi", TEAM_COMMS, "hallintojohtaja",
         "Suunniteltu", "2021", "2022", "Äänestäneet asukkaat", "henkeä", "2018", "0", "2021", "800",
         "", "", "", "", ""],
        ["VO-04", "Vuorovaikutus ja osallisuus", "Palautejärjestelmän uudistus ja vastausajan lyhentäminen",
         TEAM_COMMS, "viestintäpäällikkö", "Valmis", "1.1.2018", "31.12.2020", "Palautteen keskimääräinen vastausaika",
         "vrk", "2018", "9,5", "2021", "3", *decimal([9.5, 6.2, 4.8, 3.4]), ""],
        ["VO-05", "Vuorovaikutus ja osallisuus", "Asukaskysely joka toinen vuosi", TEAM_COMMS,
         "kehittämispäällikkö", "Käynnissä", "2019", "2021", "Asukastyytyväisyys", "arvosana 4–10", "2017", "7,6",
         "2021", "8,2", "", "7,8", "", "8,1", "Kysely tehdään parittomina vuosina"],
    ]
    assert set(TITLES) == {row[0] for row in rows}
    return [row + [*THEMES[row[1]], *TITLES[row[0]], *TEAMS[row[3]], *MEASURE_UNITS[row[9]]] for row in rows]


# Swedish and English units of the measures sheet's `yksikkö` column.
MEASURE_UNITS = {
    "%": ("%", "%"),
    "arvosana 4–10": ("vitsord 4–10", "grade 4–10"),
    "asukasta": ("invånare", "inhabitants"),
    "ha": ("ha", "ha"),
    "henkeä": ("personer", "persons"),
    "kk": ("mån.", "months"),
    "kpl": ("st.", "pcs"),
    "kpl/v": ("st./år", "per year"),
    "kävijää/v": ("besökare/år", "visitors a year"),
    "matkaa/v": ("resor/år", "trips a year"),
    "seuraajaa": ("följare", "followers"),
    "työpaikkaa": ("arbetsplatser", "jobs"),
    "vrk": ("dygn", "days"),
    "vuoroa/arkipäivä": ("turer/vardag", "departures a weekday"),
}


def write_measures(data):
    rows = [MEASURE_HEADER] + measures(data)
    assert all(len(r) == len(MEASURE_HEADER) for r in rows)
    multi = [r for r in rows if "\n" in r[COMMENT]]
    assert len(multi) == 1 and ";" in multi[0][COMMENT]
    assert sum(1 for r in rows for cell in r if ";" in cell or "\n" in cell) == 1
    statuses = {r[5] for r in rows[1:]}
    assert statuses == {"Suunniteltu", "Käynnissä", "Valmis", "Viivästynyt", "Keskeytetty"}, statuses
    assert 22 <= len(rows) - 1 <= 26
    write(INPUT / "measures.csv", b"\xef\xbb\xbf" + csv_text(rows, ";", "\r\n").encode("utf-8"))


def main():
    data = build()
    check_orivesi_story(data)
    write_indicators()
    write_population_long(data)
    write_px(data)
    write_economy_long(data)
    write_measures(data)
    print("Orivesi population: " + ", ".join(f"{y} {data['population'][ORIVESI][y]}" for y in YEARS))


if __name__ == "__main__":
    main()
