#ifndef VITALITY_PNG_ENCODE_H
#define VITALITY_PNG_ENCODE_H

#include <stddef.h>
#include <stdint.h>

/// A PNG file in memory, allocated by `vpng_encode_rgb24`; release it with `vpng_free`.
typedef struct {
    unsigned char *bytes;
    size_t count;
} vpng_bytes;

/// Row filters the encoder offers (PNG filter type numbers): the same filter on every row.
enum { VPNG_FILTER_NONE = 0, VPNG_FILTER_UP = 2 };

/// Status codes of `vpng_encode_rgb24`.
enum { VPNG_OK = 0, VPNG_INVALID_ARGUMENT = 1, VPNG_OUT_OF_MEMORY = 2, VPNG_COMPRESSION_FAILED = 3 };

/// Encodes the pixels of a cairo CAIRO_FORMAT_RGB24 image (one native-endian 32-bit word
/// 0x??RRGGBB per pixel, `stride` bytes per row) as an 8-bit RGB PNG: IHDR, pHYs
/// (`pixels_per_metre` on both axes), one or more IDAT chunks compressed by libdeflate at
/// `level` (1–12) after the row filter `filter`, IEND. Nothing else: no time, text or gamma
/// chunks, so the same pixels and settings give the same bytes. On success `out` holds the
/// file (free it with `vpng_free`); on failure `out` is empty and the status says why.
int vpng_encode_rgb24(const unsigned char *pixels, uint32_t width, uint32_t height, size_t stride,
                      uint32_t pixels_per_metre, int level, int filter, vpng_bytes *out);

/// Releases what `vpng_encode_rgb24` allocated; `out` becomes empty.
void vpng_free(vpng_bytes *out);

/// The libdeflate version the encoder was built with, e.g. "1.14".
const char *vpng_deflate_version(void);

#endif
