#!/usr/bin/env python3
"""Prints the table of ShortestDecimal.swift (Sources/VitalityBuild): for k in -324...292,
g(k) = floor(10^-k * 2^(125 - floor(log2(10^-k)))) + 1, a 126-bit number, as the pair
(g >> 63, g mod 2^63). floor(log2(10^e)) is computed as the Swift code does, (e * 913124641741) >> 38.
Exact integer arithmetic; usage: scripts/shortest-decimal-table.py"""

def floor_log2_pow10(e):
    return (e * 913124641741) >> 38

def hex_literal(value):
    digits = f"{value:016X}"
    return "0x" + "_".join(digits[i:i + 4] for i in range(0, 16, 4))

for k in range(-324, 293):
    e = -k
    r = 125 - floor_log2_pow10(e)
    if e >= 0:
        g = (10**e << r) if r >= 0 else (10**e >> -r)
    else:
        g = (1 << r) // 10**(-e)
    g += 1
    assert 1 << 125 < g <= 1 << 126, k
    print(f"        {hex_literal(g >> 63)}, {hex_literal(g & ((1 << 63) - 1))},  // {k}")
