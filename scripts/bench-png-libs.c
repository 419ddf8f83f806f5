/*
 * Which library and settings should encode Vitality's PNGs? Times cairo's own writer, libpng
 * (as cairo and the C floor call it) at zlib levels 1/3/6 with the filters none/up/paeth/all,
 * and Vitality's libdeflate writer (Sources/CPNGEncode/png_encode.c, compiled in) at levels
 * 1/2/4/6 with none/up, on the same RGB24 surfaces: the PNG files given (the gallery charts,
 * written by `png-bench --write`). The encoders run interleaved, run by run; times are the
 * thread's CPU time, medians. Run by scripts/bench-png.sh.
 *
 *   cc -O2 -o bench-png-libs bench-png-libs.c ../Sources/CPNGEncode/png_encode.c \
 *      -I../Sources/CPNGEncode/include $(pkg-config --cflags --libs cairo libpng libdeflate)
 *   ./bench-png-libs [-n RUNS] chart.png ...
 */
#include <cairo.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "png_encode.h"

typedef struct { unsigned char *bytes; size_t count, capacity; } sink;

static void append(sink *s, const void *data, size_t length) {
    if (s->count + length > s->capacity) {
        s->capacity = 2 * (s->count + length);
        s->bytes = realloc(s->bytes, s->capacity);
        if (s->bytes == NULL) abort();
    }
    memcpy(s->bytes + s->count, data, length);
    s->count += length;
}

static cairo_status_t cairo_write(void *closure, const unsigned char *data, unsigned length) {
    append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static void libpng_write(png_structp png, png_bytep data, size_t length) { append(png_get_io_ptr(png), data, length); }
static void libpng_flush(png_structp png) { (void)png; }

/* RGB24 surface -> RGB PNG with pHYs through libpng at zlib `level` with `filters`. */
static void encode_libpng(cairo_surface_t *surface, int level, int filters, sink *out) {
    int width = cairo_image_surface_get_width(surface), height = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *data = cairo_image_surface_get_data(surface);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    unsigned char *row = malloc(3 * (size_t)width);
    if (setjmp(png_jmpbuf(png))) abort();
    png_set_write_fn(png, out, libpng_write, libpng_flush);
    png_set_compression_level(png, level);
    png_set_filter(png, 0, filters);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, 5906, 5906, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const uint32_t *source = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        for (int x = 0; x < width; x++) {
            row[3 * x] = source[x] >> 16;
            row[3 * x + 1] = source[x] >> 8;
            row[3 * x + 2] = source[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
}

static double cpu_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

enum { CAIRO, LIBPNG, LIBDEFLATE };
typedef struct { const char *name; int library, level, filter; } setting;

int main(int argc, char **argv) {
    int runs = 15, first = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) { runs = atoi(argv[2]); first = 3; }
    if (runs < 1 || runs > 99 || first >= argc) {
        fprintf(stderr, "usage: %s [-n RUNS] chart.png ...\n", argv[0]);
        return 2;
    }
    static const setting settings[] = {
        {"cairo", CAIRO, 6, 0},
        {"libpng-1-none", LIBPNG, 1, PNG_FILTER_NONE}, {"libpng-1-up", LIBPNG, 1, PNG_FILTER_UP},
        {"libpng-1-paeth", LIBPNG, 1, PNG_FILTER_PAETH}, {"libpng-1-all", LIBPNG, 1, PNG_ALL_FILTERS},
        {"libpng-3-none", LIBPNG, 3, PNG_FILTER_NONE}, {"libpng-3-up", LIBPNG, 3, PNG_FILTER_UP},
        {"libpng-3-paeth", LIBPNG, 3, PNG_FILTER_PAETH}, {"libpng-3-all", LIBPNG, 3, PNG_ALL_FILTERS},
        {"libpng-6-none", LIBPNG, 6, PNG_FILTER_NONE}, {"libpng-6-up", LIBPNG, 6, PNG_FILTER_UP},
        {"libpng-6-paeth", LIBPNG, 6, PNG_FILTER_PAETH},
        {"libdeflate-1-none", LIBDEFLATE, 1, VPNG_FILTER_NONE}, {"libdeflate-1-up", LIBDEFLATE, 1, VPNG_FILTER_UP},
        {"libdeflate-2-none", LIBDEFLATE, 2, VPNG_FILTER_NONE}, {"libdeflate-2-up", LIBDEFLATE, 2, VPNG_FILTER_UP},
        {"libdeflate-4-none", LIBDEFLATE, 4, VPNG_FILTER_NONE}, {"libdeflate-4-up", LIBDEFLATE, 4, VPNG_FILTER_UP},
        {"libdeflate-6-none", LIBDEFLATE, 6, VPNG_FILTER_NONE}, {"libdeflate-6-up", LIBDEFLATE, 6, VPNG_FILTER_UP},
    };
    enum { COUNT = sizeof settings / sizeof settings[0] };
    static double times[COUNT][100], speedups[COUNT][64], ratios[COUNT][64];
    size_t sizes[COUNT];
    int charts = 0;
    printf("chart,setting,median_ms,speedup,bytes,size_ratio\n");
    for (int a = first; a < argc && charts < 64; a++, charts++) {
        cairo_surface_t *file = cairo_image_surface_create_from_png(argv[a]);
        if (cairo_surface_status(file) != CAIRO_STATUS_SUCCESS) { fprintf(stderr, "cannot read %s\n", argv[a]); return 1; }
        int width = cairo_image_surface_get_width(file), height = cairo_image_surface_get_height(file);
        cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
        cairo_t *cr = cairo_create(surface);
        cairo_set_source_surface(cr, file, 0, 0);
        cairo_paint(cr);
        cairo_destroy(cr);
        cairo_surface_flush(surface);
        cairo_surface_destroy(file);
        sink out = {0};
        for (int run = 0; run < runs; run++) {
            for (int k = 0; k < COUNT; k++) {
                out.count = 0;
                double start = cpu_ms();
                if (settings[k].library == CAIRO) {
                    cairo_surface_write_to_png_stream(surface, cairo_write, &out);
                } else if (settings[k].library == LIBPNG) {
                    encode_libpng(surface, settings[k].level, settings[k].filter, &out);
                } else {
                    vpng_bytes png;
                    if (vpng_encode_rgb24(cairo_image_surface_get_data(surface), width, height,
                                          cairo_image_surface_get_stride(surface), 5906, settings[k].level,
                                          settings[k].filter, &png) != VPNG_OK) abort();
                    out.count = png.count;
                    vpng_free(&png);
                }
                times[k][run] = cpu_ms() - start;
                sizes[k] = out.count;
            }
        }
        const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
        for (int k = 0; k < COUNT; k++) qsort(times[k], runs, sizeof(double), compare);
        for (int k = 0; k < COUNT; k++) {
            double median = times[k][runs / 2];
            speedups[k][charts] = times[0][runs / 2] / median;
            ratios[k][charts] = (double)sizes[k] / sizes[0];
            printf("%s,%s,%.2f,%.2f,%zu,%.3f\n", name, settings[k].name, median, speedups[k][charts], sizes[k], ratios[k][charts]);
        }
        free(out.bytes);
        cairo_surface_destroy(surface);
    }
    printf("\nsetting,min_speedup,median_speedup,max_size_ratio,median_size_ratio\n");
    for (int k = 0; k < COUNT; k++) {
        double low = 1e9, high = 0;
        for (int c = 0; c < charts; c++) {
            if (speedups[k][c] < low) low = speedups[k][c];
            if (ratios[k][c] > high) high = ratios[k][c];
        }
        qsort(speedups[k], charts, sizeof(double), compare);
        qsort(ratios[k], charts, sizeof(double), compare);
        printf("%s,%.2f,%.2f,%.3f,%.3f\n", settings[k].name, low, speedups[k][charts / 2], high, ratios[k][charts / 2]);
    }
    return 0;
}
