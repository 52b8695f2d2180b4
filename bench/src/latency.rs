//! Search latency: the same queries against ours and the floor, in this process, after a warm-up pass.
//!
//! Passes alternate between the two sides (ours, floor, ours, floor, ...) so that a busy neighbour on a shared
//! machine slows both alike. Each execution is timed from user text to result rows in hand.

use std::time::Instant;

use companion::ContentDb;
use companion::search::Filters;

use crate::BoxResult;
use crate::floor::FloorDb;

/// Hits per page, as the app asks for.
const PAGE: usize = 20;

/// Latency of one side over every timed execution.
#[derive(Debug, Clone, Default)]
pub(crate) struct Latency {
    /// Wall time of every execution, in milliseconds.
    pub(crate) wall_ms: Vec<f64>,
    /// Thread CPU time of every execution, in milliseconds.
    pub(crate) cpu_ms: Vec<f64>,
    /// Queries that returned no hit (in the warm-up pass).
    pub(crate) zero_hit_queries: usize,
}

/// Something that answers a query with a number of hits.
trait Searcher {
    fn hits(&mut self, query: &str) -> BoxResult<usize>;
}

struct Ours<'a>(&'a ContentDb);

impl Searcher for Ours<'_> {
    fn hits(&mut self, query: &str) -> BoxResult<usize> {
        let results = self.0.search(query, &Filters::default(), PAGE, 0)?;
        Ok(std::hint::black_box(results).hits.len())
    }
}

struct Floor<'a>(&'a FloorDb);

impl Searcher for Floor<'_> {
    fn hits(&mut self, query: &str) -> BoxResult<usize> {
        self.0.search(query)
    }
}

/// Measures both sides: one warm-up pass each, then `reps` timed passes each, alternating.
pub(crate) fn measure(
    ours: &ContentDb,
    floor: &FloorDb,
    queries: &[&str],
    reps: usize,
) -> BoxResult<(Latency, Latency)> {
    let mut sides: [(&mut dyn Searcher, Latency); 2] =
        [(&mut Ours(ours), Latency::default()), (&mut Floor(floor), Latency::default())];
    for (searcher, latency) in &mut sides {
        for query in queries {
            if searcher.hits(query)? == 0 {
                latency.zero_hit_queries += 1;
            }
        }
    }
    for _ in 0..reps {
        for (searcher, latency) in &mut sides {
            timed_pass(&mut **searcher, queries, latency)?;
        }
    }
    let [(_, ours), (_, floor)] = sides;
    Ok((ours, floor))
}

fn timed_pass(
    searcher: &mut dyn Searcher,
    queries: &[&str],
    latency: &mut Latency,
) -> BoxResult<()> {
    for query in queries {
        let cpu = thread_cpu_ms();
        let start = Instant::now();
        searcher.hits(query)?;
        latency.wall_ms.push(start.elapsed().as_secs_f64() * 1e3);
        latency.cpu_ms.push(thread_cpu_ms() - cpu);
    }
    Ok(())
}

/// CPU time of the calling thread, in milliseconds.
fn thread_cpu_ms() -> f64 {
    // SAFETY: `clock_gettime` only writes into the zeroed struct we pass, which lives for the whole call.
    let time = unsafe {
        let mut time: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time);
        time
    };
    time.tv_sec as f64 * 1e3 + time.tv_nsec as f64 / 1e6
}

/// The median (the mean of the two middle values for an even count); 0 when empty.
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The `p`th percentile with linear interpolation between closest ranks; 0 when empty.
pub(crate) fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (sorted.len() - 1) as f64 * p / 100.0;
    let lo = rank.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::{median, percentile};

    #[test]
    fn statistics_match_the_reference_definitions() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        let values: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert!((percentile(&[0.0, 10.0], 99.0) - 9.9).abs() < 1e-9);
    }
}
