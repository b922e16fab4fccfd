"""ELFI's MA2 example as an external simulator: MA(2) series of length 100 from (t1, t2), reduced in numpy to
the autocovariances S1 = autocov(lag 1) and S2 = autocov(lag 2) (ELFI's autocov: mean of x[t] * x[t - lag]).
Replies two values per row. Each batch draws from np.random.RandomState seeded by the batch's seed."""
import numpy as np

from simrt_worker import serve

N_OBS = 100


def simulate(params, seed):
    rng = np.random.RandomState([seed & 0xFFFFFFFF, seed >> 32])
    t1 = params[:, 0:1]
    t2 = params[:, 1:2]
    w = rng.standard_normal(size=(params.shape[0], N_OBS + 2))
    x = w[:, 2:] + t1 * w[:, 1:-1] + t2 * w[:, :-2]
    s1 = np.mean(x[:, 1:] * x[:, :-1], axis=1)
    s2 = np.mean(x[:, 2:] * x[:, :-2], axis=1)
    return np.column_stack((s1, s2))


if __name__ == "__main__":
    serve(simulate)
