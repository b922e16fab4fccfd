/*
 * The worker side of simrt's batch protocol (docs/external-simulators.md), header-only C99, standard library only.
 *
 *     #include "simrt_worker.h"
 *
 *     // params: rows x cols doubles, row-major; out: rows x OUTPUT_LENGTH doubles, row-major, to fill.
 *     // Return 0, or non-zero to reject the request (say why on stderr): the worker then exits with status 3.
 *     static int simulate(const double *params, uint32_t rows, uint32_t cols, uint64_t seed, double *out) { ... }
 *
 *     int main(void) { return simrt_serve(OUTPUT_LENGTH, simulate); }
 *
 * simrt_serve() writes the ready frame, then answers requests until stdin ends: it returns 0 at a clean end of
 * stdin (between requests) and, after one line on stderr, non-zero on anything else:
 *   2  a bad frame: wrong magic or version, stdin ending inside a request, a request too large to hold;
 *   3  simulate() rejected the request;
 *   4  writing a reply failed (simrt has gone).
 * stdout carries only frames: print diagnostics to stderr.
 *
 * Byte order: every integer and double on the wire is little-endian. This file never copies wire bytes into a
 * number as they are; it assembles integers from bytes with shifts, whatever the host's order, and moves doubles
 * through the uint64_t of the same bits. That needs IEEE 754 doubles whose byte order is that of uint64_t, which
 * simrt_serve() checks once at start (and refuses to run without).
 *
 * POSIX: stdin and stdout are binary streams there. (On Windows they would need _setmode(..., _O_BINARY) first.)
 */
#ifndef SIMRT_WORKER_H
#define SIMRT_WORKER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIMRT_VERSION 1u
#define SIMRT_REQUEST_HEADER 36u
#define SIMRT_REPLY_HEADER 16u

/* A double is 8 bytes (a compile-time check: the array size is negative otherwise). */
typedef char simrt_double_is_8_bytes[sizeof(double) == 8 ? 1 : -1];

/* The simulator: fills out[0 .. rows * output_length) from params[0 .. rows * cols) and the batch's seed. */
typedef int (*simrt_simulate_fn)(const double *params, uint32_t rows, uint32_t cols, uint64_t seed, double *out);

static uint32_t simrt_get_u32(const unsigned char *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t simrt_get_u64(const unsigned char *b) {
    return (uint64_t)simrt_get_u32(b) | (uint64_t)simrt_get_u32(b + 4) << 32;
}

static void simrt_put_u32(unsigned char *b, uint32_t v) {
    b[0] = (unsigned char)v;
    b[1] = (unsigned char)(v >> 8);
    b[2] = (unsigned char)(v >> 16);
    b[3] = (unsigned char)(v >> 24);
}

static void simrt_put_u64(unsigned char *b, uint64_t v) {
    simrt_put_u32(b, (uint32_t)v);
    simrt_put_u32(b + 4, (uint32_t)(v >> 32));
}

static double simrt_get_f64(const unsigned char *b) {
    uint64_t bits = simrt_get_u64(b);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static void simrt_put_f64(unsigned char *b, double d) {
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    simrt_put_u64(b, bits);
}

/* Reads up to n bytes, looping over short reads; returns how many it got (fewer than n only at EOF or an error). */
static size_t simrt_read_fully(FILE *in, unsigned char *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        size_t k = fread(buf + got, 1, n - got, in);
        if (k == 0) {
            break;
        }
        got += k;
    }
    return got;
}

static int simrt_write_fully(FILE *out, const unsigned char *buf, size_t n) {
    size_t done = 0;
    while (done < n) {
        size_t k = fwrite(buf + done, 1, n - done, out);
        if (k == 0) {
            return -1;
        }
        done += k;
    }
    return 0;
}

/* The host's doubles are IEEE 754 binary64 in uint64_t's byte order: 1.0 has the bits 0x3FF0000000000000. */
static int simrt_doubles_ok(void) {
    double one = 1.0;
    uint64_t bits;
    memcpy(&bits, &one, sizeof bits);
    return bits == UINT64_C(0x3FF0000000000000);
}

/* rows x cols doubles as a byte count, or 0 when that does not fit in size_t (with room for a header). */
static size_t simrt_bytes(uint32_t rows, uint32_t cols) {
    uint64_t n = (uint64_t)rows * cols;
    if (n > (SIZE_MAX - 64) / 8) {
        return 0;
    }
    return (size_t)(n * 8);
}

/* Answers simrt's requests with simulate() until stdin ends; see the top of this file for the return values. */
static int simrt_serve(uint32_t output_length, simrt_simulate_fn simulate) {
    unsigned char header[SIMRT_REQUEST_HEADER];
    unsigned char ready[12];
    int status = 0;
    if (!simrt_doubles_ok()) {
        fprintf(stderr, "simrt_worker: this host's doubles are not IEEE 754 in the byte order of uint64_t\n");
        return 2;
    }
    memcpy(ready, "SIMRTRDY", 8);
    simrt_put_u32(ready + 8, SIMRT_VERSION);
    if (simrt_write_fully(stdout, ready, sizeof ready) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "simrt_worker: could not write the ready frame\n");
        return 4;
    }
    for (;;) {
        size_t got = simrt_read_fully(stdin, header, sizeof header);
        uint64_t sequence, seed;
        uint32_t version, rows, cols, i;
        size_t in_bytes, out_bytes, n_in, n_out;
        unsigned char *in_buf, *reply;
        double *params, *out;
        if (got == 0 && feof(stdin)) {
            return 0; /* a clean end: simrt closed our stdin between requests */
        }
        if (ferror(stdin)) {
            fprintf(stderr, "simrt_worker: error reading stdin\n");
            return 2;
        }
        if (got < sizeof header) {
            fprintf(stderr, "simrt_worker: stdin ended inside a request header (%lu of %u bytes)\n",
                    (unsigned long)got, SIMRT_REQUEST_HEADER);
            return 2;
        }
        version = simrt_get_u32(header + 8);
        if (memcmp(header, "SIMRTREQ", 8) != 0 || version != SIMRT_VERSION) {
            fprintf(stderr, "simrt_worker: not a version %u request; its first 12 bytes:", SIMRT_VERSION);
            for (i = 0; i < 12; i++) {
                fprintf(stderr, " %02x", header[i]);
            }
            fprintf(stderr, "\n");
            return 2;
        }
        sequence = simrt_get_u64(header + 12);
        seed = simrt_get_u64(header + 20);
        rows = simrt_get_u32(header + 28);
        cols = simrt_get_u32(header + 32);
        in_bytes = simrt_bytes(rows, cols);
        out_bytes = simrt_bytes(rows, output_length);
        if ((in_bytes == 0 && rows != 0 && cols != 0) || (out_bytes == 0 && rows != 0 && output_length != 0)) {
            fprintf(stderr, "simrt_worker: request %llu of %lu x %lu values is too large\n",
                    (unsigned long long)sequence, (unsigned long)rows, (unsigned long)cols);
            return 2;
        }
        n_in = in_bytes / 8;
        n_out = out_bytes / 8;
        /* +1: malloc(0) may return NULL */
        in_buf = malloc(in_bytes + 1);
        params = malloc(in_bytes + 1);
        out = malloc(out_bytes + 1);
        reply = malloc(SIMRT_REPLY_HEADER + out_bytes);
        if (in_buf == NULL || params == NULL || out == NULL || reply == NULL) {
            fprintf(stderr, "simrt_worker: out of memory for request %llu (%lu x %lu)\n",
                    (unsigned long long)sequence, (unsigned long)rows, (unsigned long)cols);
            status = 2;
        } else if (simrt_read_fully(stdin, in_buf, in_bytes) < in_bytes) {
            fprintf(stderr, "simrt_worker: stdin ended inside request %llu's %lu x %lu parameters\n",
                    (unsigned long long)sequence, (unsigned long)rows, (unsigned long)cols);
            status = 2;
        } else {
            size_t k;
            for (k = 0; k < n_in; k++) {
                params[k] = simrt_get_f64(in_buf + 8 * k);
            }
            memset(out, 0, out_bytes);
            if (simulate(params, rows, cols, seed, out) != 0) {
                fprintf(stderr, "simrt_worker: simulate rejected request %llu (%lu rows of %lu parameters)\n",
                        (unsigned long long)sequence, (unsigned long)rows, (unsigned long)cols);
                status = 3;
            } else {
                memcpy(reply, "SIMRTREP", 8);
                simrt_put_u32(reply + 8, rows);
                simrt_put_u32(reply + 12, output_length);
                for (k = 0; k < n_out; k++) {
                    simrt_put_f64(reply + SIMRT_REPLY_HEADER + 8 * k, out[k]);
                }
                if (simrt_write_fully(stdout, reply, SIMRT_REPLY_HEADER + out_bytes) != 0 || fflush(stdout) != 0) {
                    fprintf(stderr, "simrt_worker: could not write the reply to request %llu\n",
                            (unsigned long long)sequence);
                    status = 4;
                }
            }
        }
        free(in_buf);
        free(params);
        free(out);
        free(reply);
        if (status != 0) {
            return status;
        }
    }
}

#endif /* SIMRT_WORKER_H */
