//! The worker pool's size: `RAYON_NUM_THREADS` read here rather than by rayon, so that a
//! huge value is capped (rayon would try to start them all, then panic if it could not) and
//! garbage or 0 falls back to one thread per core, with a warning instead of silence.

/// At most this many threads per available core.
const MAX_PER_CORE: usize = 4;

/// Builds rayon's global pool; returns a warning about `RAYON_NUM_THREADS` when it was not
/// used as given.
pub fn init() -> Option<String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores * MAX_PER_CORE;
    let (wanted, warning) = match std::env::var_os("RAYON_NUM_THREADS") {
        None => (cores, None),
        Some(raw) => {
            let text = raw.to_string_lossy();
            let value = text.trim();
            let too_many =
                format!("RAYON_NUM_THREADS={value} is more than {MAX_PER_CORE} per core; using {cap} threads");
            match value.parse::<usize>() {
                Ok(n) if n > cap => (cap, Some(too_many)),
                Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => (cap, Some(too_many)),
                Ok(0) => (cores, None), // rayon's own meaning of 0: one per core
                Ok(n) => (n, None),
                // Escaped with the rest of the message when printed.
                Err(_) => (cores, Some(format!("RAYON_NUM_THREADS=\"{text}\" is not a number; using {cores} threads"))),
            }
        }
    };
    // A pool that cannot start (threads refused by the system) is retried smaller.
    for n in [wanted, cores.min(wanted), 1] {
        if rayon::ThreadPoolBuilder::new().num_threads(n).build_global().is_ok() {
            let fewer = (n < wanted).then(|| format!("only {n} threads could be started"));
            return match (warning, fewer) {
                (Some(w), Some(f)) => Some(format!("{w}; {f}")),
                (w, f) => w.or(f),
            };
        }
    }
    Some("no worker threads could be started; running on the main thread".into())
}
