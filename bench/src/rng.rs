//! A port of CPython's `random.Random`: MT19937 with CPython's string seeding and its integer helpers.
//!
//! The generator is modelled on the reference `gen_corpus.py`; using the same random stream makes a corpus
//! for a given seed byte-identical to the Python one, so figures can be compared on exactly the same text.
//! Only the calls the generator needs are ported: `random`, `randrange`, `randint`, `choice` and `sample`.

use sha2::{Digest, Sha512};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// CPython's Mersenne Twister state.
pub(crate) struct PyRandom {
    state: [u32; N],
    index: usize,
}

impl PyRandom {
    /// Seeds like `random.Random(seed)` for a `str` seed (version 2: the text followed by its SHA-512).
    pub(crate) fn from_text(seed: &str) -> PyRandom {
        let mut big_endian = seed.as_bytes().to_vec();
        big_endian.extend_from_slice(&Sha512::digest(seed.as_bytes()));
        PyRandom::from_key(&key_words(&big_endian))
    }

    fn from_key(key: &[u32]) -> PyRandom {
        let mut rng = PyRandom { state: [0; N], index: N };
        rng.init_genrand(19_650_218);
        let mt = &mut rng.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] =
                (mt[i] ^ prev.wrapping_mul(1_664_525)).wrapping_add(key[j]).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        rng
    }

    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] =
                1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn twist(&mut self) {
        let mt = &mut self.state;
        for kk in 0..N {
            let y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
            let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
            mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: a float in [0, 1) with 53 random bits.
    pub(crate) fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random._randbelow(n)` for `0 < n < 2^32`: rejection sampling on `n.bit_length()` bits.
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0 && n <= u32::MAX as usize);
        let bits = usize::BITS - n.leading_zeros();
        loop {
            let candidate = (self.next_u32() >> (32 - bits)) as usize;
            if candidate < n {
                return candidate;
            }
        }
    }

    /// `random.randrange(n)`: an integer in [0, n).
    pub(crate) fn randrange(&mut self, n: usize) -> usize {
        self.below(n)
    }

    /// `random.randint(lo, hi)`: an integer in [lo, hi].
    pub(crate) fn randint(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// `random.choice(items)`; like Python it draws even when there is a single item.
    pub(crate) fn choice<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `random.sample(items, k)` for small populations (CPython's pool method).
    pub(crate) fn sample<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let n = items.len();
        let mut pool = items.to_vec();
        let mut res = Vec::with_capacity(k);
        for i in 0..k {
            let j = self.below(n - i);
            res.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
        res
    }
}

/// The 32-bit words of a big-endian unsigned integer, least significant first, as CPython's `seed` takes them.
fn key_words(big_endian: &[u8]) -> Vec<u32> {
    let mut little_endian: Vec<u8> = big_endian.iter().rev().copied().collect();
    while !little_endian.len().is_multiple_of(4) {
        little_endian.push(0);
    }
    let mut words: Vec<u32> = little_endian
        .chunks_exact(4)
        .map(|it| u32::from_le_bytes([it[0], it[1], it[2], it[3]]))
        .collect();
    while words.len() > 1 && words.last() == Some(&0) {
        words.pop();
    }
    words
}

#[cfg(test)]
mod tests {
    use super::PyRandom;

    /// Expected values from CPython 3.11:
    /// `r = random.Random("42:meta:0"); r.random(), r.randrange(7), r.randint(300, 1380),
    /// r.sample(["a", "b", "c", "d", "e"], 3), r.choice(["x"]), r.random()`.
    #[test]
    fn matches_cpython() {
        let mut rng = PyRandom::from_text("42:meta:0");
        assert_eq!(rng.random(), 0.46012863579312435);
        assert_eq!(rng.randrange(7), 4);
        assert_eq!(rng.randint(300, 1380), 1170);
        assert_eq!(rng.sample(&["a", "b", "c", "d", "e"], 3), ["e", "c", "d"]);
        assert_eq!(rng.choice(&["x"]), "x");
        assert_eq!(rng.random(), 0.7478549241772758);
    }
}
