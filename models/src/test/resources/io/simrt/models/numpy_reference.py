"""Generates numpy-reference.txt, the numpy legacy RandomState values the Java tests compare against.

Run from the repository root with Debian's numpy (apt-get install -y python3-numpy; numpy 1.24.2 was used):

    /usr/bin/python3 models/src/test/resources/io/simrt/models/numpy_reference.py \
        > models/src/test/resources/io/simrt/models/numpy-reference.txt

ELFI itself is not installed; get_sub_seed and the MA2 example below are copied from elfi-dev/elfi @ 0d741ae
(elfi/utils.py, elfi/examples/ma2.py), with scipy.stats.uniform.rvs(loc, scale) written out as
loc + scale * random_state.uniform(0, 1, size), which is what scipy does.
Output format: one "key: values..." line per entry, values separated by spaces, floats as repr().
"""
import numpy as np


def get_sub_seed(seed, sub_seed_index, high=2**31, cache=None):
    if sub_seed_index >= high:
        raise ValueError("Sub seed index {} is out of range".format(sub_seed_index))
    if cache and len(cache['seen']) < sub_seed_index + 1:
        random_state = cache['random_state']
        seen = cache['seen']
    else:
        random_state = np.random.RandomState(seed)
        seen = set()
    sub_seeds = None
    n_unique_required = sub_seed_index + 1
    n_unique = len(seen)
    while n_unique != n_unique_required:
        n_draws = n_unique_required - n_unique
        sub_seeds = random_state.randint(high, size=n_draws, dtype='uint32')
        seen.update(sub_seeds)
        n_unique = len(seen)
    if cache is not None:
        cache['random_state'] = random_state
        cache['seen'] = seen
    return sub_seeds[-1]


def ma2(t1, t2, n_obs, batch_size, random_state):
    t1 = np.asanyarray(t1).reshape((-1, 1))
    t2 = np.asanyarray(t2).reshape((-1, 1))
    w = random_state.randn(batch_size, n_obs + 2)
    return w[:, 2:] + t1 * w[:, 1:-1] + t2 * w[:, :-2]


def autocov(x, lag=1):
    x = np.atleast_2d(x)
    return np.mean(x[:, lag:] * x[:, :-lag], axis=1)


def prior1_rvs(b, size, random_state):
    u = 0.0 + 1.0 * random_state.uniform(0.0, 1.0, size)
    return np.where(u < 0.5, np.sqrt(2. * u) * b - b, -np.sqrt(2. * (1. - u)) * b + b)


def prior2_rvs(t1, a, size, random_state):
    locs = np.maximum(-a - t1, t1 - a)
    scales = a - locs
    return random_state.uniform(0.0, 1.0, size) * scales + locs


def emit(key, values):
    print(key + ": " + " ".join(repr(float(v)) if isinstance(v, (float, np.floating)) else str(int(v))
                                for v in np.ravel(values)))


print("# numpy " + np.__version__ + " legacy RandomState reference values, generated from the repository root by")
print("#   /usr/bin/python3 models/src/test/resources/io/simrt/models/numpy_reference.py"
      " > models/src/test/resources/io/simrt/models/numpy-reference.txt")

# Raw MT19937 words: randint(0, 2**32, dtype=uint32) takes numpy's full-range shortcut, one raw word per value.
for seed in (0, 1, 4, 5489, 20170530, 2**32 - 1):
    raw = np.random.RandomState(seed).randint(0, 2**32, size=1300, dtype=np.uint32)
    emit("mt.%d.first" % seed, raw[:10])
    emit("mt.%d.at620" % seed, raw[620:630])   # across the first re-twist at 624
    emit("mt.%d.at1290" % seed, raw[1290:1300])  # across the second re-twist at 1248

for seed in (0, 4, 20170530, 2**32 - 1):
    emit("random_sample.%d" % seed, np.random.RandomState(seed).random_sample(10))
    emit("randn.%d" % seed, np.random.RandomState(seed).randn(11))
    rs = np.random.RandomState(seed)
    rs.randn(999)
    emit("randn.%d.at999" % seed, rs.randn(5))
    # mixed: uniform, two normals (one cached), uniform, normal: the cached value survives a uniform draw
    rs = np.random.RandomState(seed)
    emit("mixed.%d" % seed, [rs.random_sample(), rs.randn(), rs.random_sample(), rs.randn(), rs.randn()])
    emit("randint31.%d" % seed, np.random.RandomState(seed).randint(2**31, size=10, dtype='uint32'))

for seed in (20170530, 0, 1):
    cache = {}
    emit("subseed.%d.0to9" % seed, [get_sub_seed(seed, i, cache=cache) for i in range(10)])
    emit("subseed.%d.at" % seed, [1000, 50000, 100000])
    emit("subseed.%d.values" % seed, [get_sub_seed(seed, i) for i in (1000, 50000, 100000)])

# A seed whose randint(2**31) sequence repeats a value early: find the first repeat for seed 0 and 1.
for seed in (0, 1):
    raw = np.random.RandomState(seed).randint(2**31, size=200000, dtype='uint32')
    seen = {}
    first_dup = None
    for k, v in enumerate(raw):
        if int(v) in seen:
            first_dup = k
            break
        seen[int(v)] = k
    emit("dup.%d.position.firstindex.value" % seed, [first_dup, seen[int(raw[first_dup])], raw[first_dup]])
    # sub-seed indices around the duplicate: index first_dup - 1 is raw[first_dup - 1], index first_dup is
    # raw[first_dup + 1] (the duplicate is skipped)
    idx = [first_dup - 1, first_dup, first_dup + 1]
    emit("dup.%d.subseed.index" % seed, idx)
    emit("dup.%d.subseed.value" % seed, [get_sub_seed(seed, i) for i in idx])

# MA2: observed data, seed_obs = 4, (0.6, 0.2), n_obs = 100
y = ma2(0.6, 0.2, 100, 1, np.random.RandomState(4))
emit("ma2.obs4.y", y[0])
s1o, s2o = autocov(y, 1)[0], autocov(y, 2)[0]
emit("ma2.obs4.s", [s1o, s2o])

# ELFI batches of seed 20170530: t1 uniforms, t2 uniforms, MA2 normals, all from RandomState(sub_seed)
for batch_index, batch_size in ((0, 2), (3, 50)):
    rs = np.random.RandomState(get_sub_seed(20170530, batch_index))
    t1 = prior1_rvs(2, batch_size, rs)
    t2 = prior2_rvs(t1, 1, batch_size, rs)
    x = ma2(t1, t2, 100, batch_size, rs)
    s1, s2 = autocov(x, 1), autocov(x, 2)
    d = np.sqrt((s1 - s1o) ** 2 + (s2 - s2o) ** 2)
    key = "ma2.batch.%d.%d" % (batch_index, batch_size)
    emit(key + ".t1", t1)
    emit(key + ".t2", t2)
    emit(key + ".s1", s1)
    emit(key + ".s2", s2)
    emit(key + ".d", d)
