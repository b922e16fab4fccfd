/*
 * ELFI's MA2 example as an external simulator in C, the twin of ../python/ma2_worker.py: for each row (t1, t2), an
 * MA(2) series of length N_OBS = 100,
 *
 *     w ~ N(0, 1), length N_OBS + 2;   x[t] = w[t + 2] + t1 * w[t + 1] + t2 * w[t],   t = 0 .. N_OBS - 1,
 *
 * reduced to the autocovariances as ELFI's autocov computes them (the mean of x[t] * x[t - lag], no centring):
 *
 *     S1 = mean over t = 1 .. N_OBS - 1 of x[t] * x[t - 1],   S2 = mean over t = 2 .. N_OBS - 1 of x[t] * x[t - 2].
 *
 * Replies two values per row. Each batch draws from its own generator seeded by the batch's seed: splitmix64
 * expands the seed into the 256-bit state of xoshiro256**, whose 53 high bits make a uniform double in [0, 1);
 * normals come from Marsaglia's polar method (pairs, the second kept for the next draw). The
 * numbers are not numpy's, but they are a function of (seed, params) only: the same batch gives the same bits on
 * any worker and any engine.
 *
 *     make -C examples/external/c        # builds ./ma2_worker
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "simrt_worker.h"

#define N_OBS 100
#define OUTPUT_LENGTH 2

/* xoshiro256** with a cached second normal from the polar method. */
typedef struct {
    uint64_t s[4];
    int has_spare;
    double spare;
} rng_t;

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

static void rng_seed(rng_t *r, uint64_t seed) {
    uint64_t x = seed;
    int i;
    for (i = 0; i < 4; i++) {
        r->s[i] = splitmix64(&x); /* never all zero: splitmix64 is a bijection of distinct counters */
    }
    r->has_spare = 0;
    r->spare = 0.0;
}

static uint64_t xoshiro256ss(rng_t *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform on [0, 1): the top 53 bits times 2^-53. */
static double uniform01(rng_t *r) {
    return (double)(xoshiro256ss(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Standard normal by Marsaglia's polar method: two per accepted pair, the second kept for the next call. */
static double normal(rng_t *r) {
    double u, v, s, f;
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    do {
        u = 2.0 * uniform01(r) - 1.0;
        v = 2.0 * uniform01(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    f = sqrt(-2.0 * log(s) / s);
    r->spare = v * f;
    r->has_spare = 1;
    return u * f;
}

static int simulate(const double *params, uint32_t rows, uint32_t cols, uint64_t seed, double *out) {
    double w[N_OBS + 2], x[N_OBS];
    rng_t rng;
    uint32_t i;
    int t;
    if (cols != 2) {
        fprintf(stderr, "ma2_worker: needs 2 parameters per row (t1, t2), got %lu\n", (unsigned long)cols);
        return 1;
    }
    rng_seed(&rng, seed);
    for (i = 0; i < rows; i++) {
        double t1 = params[2 * i], t2 = params[2 * i + 1], s1 = 0.0, s2 = 0.0;
        for (t = 0; t < N_OBS + 2; t++) {
            w[t] = normal(&rng);
        }
        for (t = 0; t < N_OBS; t++) {
            x[t] = w[t + 2] + t1 * w[t + 1] + t2 * w[t];
        }
        for (t = 1; t < N_OBS; t++) {
            s1 += x[t] * x[t - 1];
        }
        for (t = 2; t < N_OBS; t++) {
            s2 += x[t] * x[t - 2];
        }
        out[2 * i] = s1 / (N_OBS - 1);
        out[2 * i + 1] = s2 / (N_OBS - 2);
    }
    return 0;
}

int main(void) {
    return simrt_serve(OUTPUT_LENGTH, simulate);
}
