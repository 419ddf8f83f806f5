#ifndef NUMBER_PEERS_H
#define NUMBER_PEERS_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
/// libdouble-conversion's shortest digits of `value` (no text around them): the digits into
/// `digits`, their count into `length`, the decimal point's position into `point`.
void peers_double_conversion_shortest(double value, char *digits, int size, int *length, int *point);
/// fmt's "{}" of `value` (Dragonbox shortest digits, with an exponent when fmt chooses one);
/// returns the length written into `out`.
int peers_fmt_shortest(double value, char *out, int size);
#ifdef __cplusplus
}
#endif
#endif
