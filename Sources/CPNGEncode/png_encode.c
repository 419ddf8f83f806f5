// A small PNG writer for cairo's RGB24 image surfaces: the rows are filtered into one buffer,
// compressed in one call by libdeflate and framed as PNG chunks. libdeflate reports errors by
// return value (no callbacks, no longjmp), so nothing here can unwind across Swift frames.
#include "png_encode.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

/// PNG limits a chunk's length to 2^31 − 1; IDAT data is split into chunks of at most this.
#define MAX_CHUNK_DATA 0x40000000u

static void put32(unsigned char *at, uint32_t value) {
    at[0] = (unsigned char)(value >> 24);
    at[1] = (unsigned char)(value >> 16);
    at[2] = (unsigned char)(value >> 8);
    at[3] = (unsigned char)value;
}

/// Writes one chunk (length, type, data, CRC of type and data) at `at`; returns the byte after it.
/// `data` may overlap the chunk (it is moved, not copied).
static unsigned char *put_chunk(unsigned char *at, const char type[4], const unsigned char *data, size_t length) {
    // Data first: when it is being moved along (a later IDAT), the header lands on old data.
    if (length > 0 && data != at + 8) memmove(at + 8, data, length);
    put32(at, (uint32_t)length);
    memcpy(at + 4, type, 4);
    put32(at + 8 + length, libdeflate_crc32(0, at + 4, length + 4));
    return at + 12 + length;
}

int vpng_encode_rgb24(const unsigned char *pixels, uint32_t width, uint32_t height, size_t stride,
                      uint32_t pixels_per_metre, int level, int filter, vpng_bytes *out) {
    if (out == NULL) return VPNG_INVALID_ARGUMENT;
    out->bytes = NULL;
    out->count = 0;
    if (pixels == NULL || width == 0 || height == 0 || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu
        || stride < (size_t)width * 4 || pixels_per_metre > 0x7FFFFFFFu
        || (filter != VPNG_FILTER_NONE && filter != VPNG_FILTER_UP)) {
        return VPNG_INVALID_ARGUMENT;
    }
    const size_t row_bytes = (size_t)width * 3;
    const size_t raw_size = (row_bytes + 1) * height;
    if (raw_size / height != row_bytes + 1) return VPNG_INVALID_ARGUMENT;

    // Filtered rows: a filter-type byte, then R G B per pixel (for "up", minus the row above).
    unsigned char *raw = malloc(raw_size);
    if (raw == NULL) return VPNG_OUT_OF_MEMORY;
    for (uint32_t y = 0; y < height; y++) {
        const uint32_t *source = (const uint32_t *)(const void *)(pixels + (size_t)y * stride);
        unsigned char *row = raw + (size_t)y * (row_bytes + 1);
        row[0] = (unsigned char)filter;
        unsigned char *rgb = row + 1;
        for (uint32_t x = 0; x < width; x++) {
            const uint32_t value = source[x];
            rgb[3 * x] = (unsigned char)(value >> 16);
            rgb[3 * x + 1] = (unsigned char)(value >> 8);
            rgb[3 * x + 2] = (unsigned char)value;
        }
    }
    if (filter == VPNG_FILTER_UP) {
        // From the bottom up, so each row still sees the unfiltered row above it.
        for (uint32_t y = height - 1; y > 0; y--) {
            unsigned char *row = raw + (size_t)y * (row_bytes + 1) + 1;
            const unsigned char *above = row - (row_bytes + 1);
            for (size_t k = 0; k < row_bytes; k++) row[k] = (unsigned char)(row[k] - above[k]);
        }
    }

    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    if (compressor == NULL) {
        free(raw);
        return level < 1 || level > 12 ? VPNG_INVALID_ARGUMENT : VPNG_OUT_OF_MEMORY;
    }
    const size_t bound = libdeflate_zlib_compress_bound(compressor, raw_size);
    const size_t idat_chunks = bound / MAX_CHUNK_DATA + 1;
    // Signature 8, IHDR 25, pHYs 21, IDAT 12 per chunk + data, IEND 12.
    const size_t capacity = 8 + 25 + 21 + 12 * idat_chunks + bound + 12;
    unsigned char *file = malloc(capacity);
    if (file == NULL) {
        libdeflate_free_compressor(compressor);
        free(raw);
        return VPNG_OUT_OF_MEMORY;
    }
    // Compress straight into the file after the headers and the first IDAT's length and type;
    // later IDAT chunks (only for data over 1 GiB) are made by moving the tail along.
    const size_t data_at = 8 + 25 + 21 + 8;
    const size_t compressed = libdeflate_zlib_compress(compressor, raw, raw_size, file + data_at, bound);
    libdeflate_free_compressor(compressor);
    free(raw);
    if (compressed == 0) {
        free(file);
        return VPNG_COMPRESSION_FAILED;
    }

    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    memcpy(file, signature, 8);
    unsigned char header[13];
    put32(header, width);
    put32(header + 4, height);
    header[8] = 8;   // bit depth
    header[9] = 2;   // colour type: RGB
    header[10] = 0;  // compression: deflate
    header[11] = 0;  // filter method: adaptive (per-row filter bytes)
    header[12] = 0;  // no interlace
    unsigned char *at = put_chunk(file + 8, "IHDR", header, sizeof header);
    unsigned char physical[9];
    put32(physical, pixels_per_metre);
    put32(physical + 4, pixels_per_metre);
    physical[8] = 1;  // unit: metre
    at = put_chunk(at, "pHYs", physical, sizeof physical);

    // IDAT chunks, back to front when there are several, so moving data never overwrites
    // data not yet framed.
    const size_t chunks = (compressed + MAX_CHUNK_DATA - 1) / MAX_CHUNK_DATA;
    for (size_t index = chunks; index-- > 0;) {
        const size_t offset = index * MAX_CHUNK_DATA;
        const size_t length = compressed - offset < MAX_CHUNK_DATA ? compressed - offset : MAX_CHUNK_DATA;
        put_chunk(at + offset + 12 * index, "IDAT", file + data_at + offset, length);
    }
    at += compressed + 12 * chunks;
    at = put_chunk(at, "IEND", NULL, 0);

    out->bytes = file;
    out->count = (size_t)(at - file);
    return VPNG_OK;
}

void vpng_free(vpng_bytes *out) {
    if (out == NULL) return;
    free(out->bytes);
    out->bytes = NULL;
    out->count = 0;
}

const char *vpng_deflate_version(void) {
    return LIBDEFLATE_VERSION_STRING;
}
